"""`treaty-sim new`: the scaffold of a new case, already valid, with comments saying what to fill in.

The request's branch decides what the scaffold needs: each step its runs reach says, through its
kind (StepKind.scaffold_fields), e.g. a choice (the first option, to be corrected from the record)
or the behaviour of a deciding body. It
gives no durations, so predictive runs take every step's time from the treaty's history.
"""

from __future__ import annotations

import difflib
import json
import re
from datetime import date, datetime, time
from pathlib import Path

from simulator.base.errors import UserError
from simulator.base.timeutil import zone
from simulator.checks.reachability import reachable_steps
from simulator.checks.scenario import check_scenario
from simulator.checks.treaty import load_sources, load_treaty
from simulator.engine.kinds import kind_named
from simulator.files.library import schema_line
from simulator.files.validation import validate_model
from simulator.files.yamlio import parse_yaml
from simulator.model.scenario import Scenario

CASE_ID = r"^[a-z0-9][a-z0-9_-]{0,63}$"  # the scenario format's id




def _unknown(what: str, value: str, known: list[str], fix_more: str = "") -> UserError:
    close = difflib.get_close_matches(value, known, n=1)
    hint = (f"did you mean {close[0]!r}? " if close else "") + f"known: {', '.join(known)}" + fix_more
    return UserError.single(f"unknown {what} {value!r}", hint=hint)


def _q(text: str) -> str:
    """A YAML scalar, quoted (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def scaffold(case: str, treaty_ref: str, by: str, article: str, on: date, folder: Path | None = None) -> str:
    """The text of a new scenario file for ``case``: ``by`` invokes ``article`` of ``treaty_ref`` on ``on``.

    With ``folder`` (where the file will be written), its first line points editors at the scenario schema.
    """
    if not re.match(CASE_ID, case):
        raise UserError.single(f"{case!r} cannot name a case", hint="use lower-case letters, digits, '-' and '_', "
                               "starting with a letter or digit, e.g. armenia-2023-05")
    treaty = load_treaty(treaty_ref)
    members = {m.name: m for m in treaty.active_members(on)}
    if by not in members:
        member = treaty.member(by)
        if member is not None:  # a member at other times: say when, not a look-alike name
            span = f"joined {member.joined or 'on a date the record does not give'}"
            span += "".join(f", {word} {day}" for word, day in (("suspended", member.suspended), ("left", member.left))
                            if day is not None)
            raise UserError.single(f"{by} is not a member of the {treaty.name} on {on} ({span})",
                                   hint="give a date when it was a member (--on), or another member (--by)")
        raise _unknown(f"member (active on {on})", by, list(members))
    articles = [a.id for a in treaty.articles]
    if article not in articles:
        raise _unknown("article", article, articles)
    if treaty.article(article).route is None:
        invocable = ", ".join(a.id for a in treaty.articles if a.route)
        raise UserError.single(f"article {article!r} opens no branch of the procedure", hint=f"invoke one of: {invocable}")
    registry = load_sources(treaty_ref)
    key = next(k for k in (f"own{i}" for i in range(1, 1000)) if k not in registry)
    tz = members[by].timezone
    origin = datetime.combine(on, time(0, 0), zone(tz)).isoformat(timespec="minutes")
    needs = _needs(treaty, case, treaty_ref, by, article, origin, tz)
    text = _text(case, treaty, treaty_ref, by, article, on, origin, tz, key, needs)
    _check(text, treaty, registry, case)
    return text if folder is None else schema_line("scenario", folder) + "\n" + text


def _needs(treaty, case, treaty_ref, by, article, origin, tz) -> dict[str, dict]:
    """Scenario field -> entries that the steps the request's runs reach need (each kind says which).

    A choice narrows the steps reached, so the fields are gathered again until they settle.
    """
    fields: dict[str, dict] = {}
    for _ in range(len(treaty.procedure.steps) + 1):
        scenario = Scenario(scenario=case, treaty=treaty_ref, title="x", origin=origin, timezone=tz,
                            request={"by": by, "article": article}, **fields)
        needed: dict[str, dict] = {}
        for step in reachable_steps(treaty, scenario):
            for field, entries in kind_named(step.kind).scaffold_fields(step, treaty).items():
                for key, value in entries.items():
                    needed.setdefault(field, {})[key] = fields.get(field, {}).get(key, value)
        if needed == fields:
            return fields
        fields = needed
    return fields


def _text(case, treaty, treaty_ref, by, article, on, origin, tz, key, needs) -> str:
    choices, bodies = needs.get("choices"), needs.get("bodies")
    lines = [
        f"# {case}: a new case of the {treaty.name}, scaffolded by `treaty-sim new`.",
        "# It validates as it is. Replace every TODO from your sourced timeline, cite a source key for",
        "# each fact (your own in sources:, or the treaty's registry), then:",
        f"#   treaty-sim validate {case}.yaml && treaty-sim run {case}.yaml",
        f"scenario: {case}",
        f"treaty: {treaty_ref}",
        f"title: {_q('TODO: ' + by + ' invokes ' + article + ', ' + on.isoformat())}",
        f"description: {_q('TODO: what happened, in a few sentences, each fact with its source key')}",
        f"origin: {origin}   # TODO: when the crisis began (simulated time starts here), with its UTC offset",
        f"timezone: {tz}   # the zone of dates in charts and tables",
        "seed: 1",
        "horizon_days: 60   # how long a run may last",
        "",
        "# TODO: what happened, as the affected state frames it (kind: aggression, armed_attack, incursion,",
        "# border_clash, internal_unrest or threat), then uncomment:",
        "# crisis: {kind: incursion, where: " + by + ", against: ..., source: [" + key + "]}",
        "",
        "request:",
        f"  by: {by}",
        f"  article: {_q(article)}",
        f"  source: [{key}]   # TODO: the source of the request",
        "",
        "# This case's own sources: key -> title, url and where you found it. Keys must differ from the",
        "# treaty's registry (simulator/treaties/" + treaty.treaty + ".sources.yaml), whose keys you may cite too.",
        "sources:",
        f"  {key}:",
        f"    title: {_q('TODO: author, title, publisher, date')}",
        "    url: https://example.org/TODO",
        f"    found: {_q('TODO: where you found it (archive copy, page, search)')}",
    ]
    if choices:
        lines += ["", "# What each choice of the procedure was in this case (TODO: the record's; the first option",
                  "# is filled in). {option: probability, ...} makes predictive runs draw it.", "choices:"]
        for step_id, option in choices.items():
            lines.append(f"  {step_id}: {option}   # one of: {', '.join(treaty.step(step_id).options)}")
    if bodies:
        lines += ["", "# How each deciding body behaved: answer_h, each member's time to answer (hours); optional",
                  "# answers (member -> consent, object, abstain, absent; an objection blocks). No convene_h:",
                  "# the body meets when the treaty's history says (treaty-sim calibrate). TODO: the record's.",
                  "bodies:"]
        for body, behaviour in bodies.items():
            lines.append(f"  {body}:")
            lines += [f"    {name}: {json.dumps(value)}   # TODO" for name, value in behaviour.items()]
    lines += [
        "",
        "# No durations: every step's predictive time comes from the treaty's history",
        f"# (simulator/treaties/{treaty.treaty}.durations.yaml). Give step id -> hours to set your own.",
        "",
        "# The record: one entry a dated fact (step, date or window, source). Replay pins these dates.",
        "record:",
        "  - id: request",
        f"    label: {_q(by + ' invokes ' + article)}",
        f"    step: {treaty.procedure.start}",
        f"    at: {{date: {on.isoformat()}, assume: '12:00', why: {_q('TODO: hour unknown, or give the instant')}}}",
        f"    source: [{key}]",
        "",
        "# TODO: the record's outcome class (deployed, measures, declined, aid, mission_only,",
        "# consultations_only, no_action, no_request), then uncomment:",
        "# recorded: {outcome: consultations_only, source: [" + key + "]}",
        "",
        "assumptions:",
        "  - " + _q("TODO: what this case assumes where the record is silent"),
    ]
    return "\n".join(lines) + "\n"


def _check(text: str, treaty, registry, case: str) -> None:
    """The scaffold validates like any scenario file; a failure here is a bug of the scaffold."""
    loaded = parse_yaml(text, f"{case}.yaml")
    try:
        check_scenario(validate_model(Scenario, loaded), treaty, registry, loaded)
    except UserError as exc:
        raise RuntimeError(f"the scaffold of {case!r} does not validate: {exc}") from exc
