"""Load and check scenario files against their treaty."""

from __future__ import annotations

import difflib
from pathlib import Path

from simulator.base.errors import Problem, UserError
from simulator.checks.reachability import outcomes_of, possible_outcomes, reachable_steps
from simulator.checks.sources import check_case_sources
from simulator.checks.treaty import load_sources, load_treaty
from simulator.engine.kinds import kind_named
from simulator.files.library import case_path
from simulator.files.validation import Checker, validate_model
from simulator.files.yamlio import LoadedYaml, load_yaml
from simulator.model.scenario import MAX_SORTIES, RecordEntry, Scenario, record_window
from simulator.model.treaty import Treaty
from simulator.network.transitions import descendants

__all__ = ["Scenario", "RecordEntry", "load_scenario", "check_scenario", "record_window"]

MAX_RECORD = 1_000  # record entries; their dates are checked in pairs


def load_scenario(path: str | Path, warnings: list[Problem] | None = None) -> Scenario:
    """Read, validate and cross-check a scenario file (or a shipped case by name); raise UserError listing every problem.

    ``warnings``, when given, receives what is allowed but likely a mistake (see check_scenario).
    """
    path = case_path(path)
    loaded = load_yaml(path)
    scenario = validate_model(Scenario, loaded)
    treaty_ref = named = scenario.treaty
    if treaty_ref.endswith((".yaml", ".yml")) and not Path(treaty_ref).is_absolute():
        # A treaty file is found beside the scenario, wherever the command runs from.
        treaty_ref = str(Path(path).parent / treaty_ref)
        scenario = scenario.model_copy(update={"treaty": treaty_ref})
    try:
        treaty = load_treaty(treaty_ref)
        sources = load_sources(treaty_ref)
    except UserError as exc:
        line = loaded.line_of(("treaty",))
        if len(exc.problems) == 1 and exc.problems[0].file is None:
            problem = exc.problems[0]
            raise UserError.single(problem.message, loaded.file, problem.hint, line=line, path="treaty") from None
        # Problems in the treaty's own files: say first which line of the scenario led there.
        here = Problem(f"the treaty {named!r} named here cannot be used (see below)", loaded.file, line,
                       "treaty", "fix the treaty file, or name another treaty")
        raise UserError([here] + exc.problems) from None
    found = check_scenario(scenario, treaty, sources, loaded)
    if warnings is not None:
        warnings.extend(found)
    return scenario


def check_scenario(scenario: Scenario, treaty: Treaty, sources: dict, loaded: LoadedYaml) -> list[Problem]:
    """Cross-checks that need the treaty: names, steps, sources and the order of dates.

    Raises UserError for what is wrong; returns warnings: record entries on steps that runs of
    this scenario never reach (a date that no run can be compared with).
    """
    check = Checker(loaded)
    sources_of = check_case_sources(scenario, sources, check, treaty.treaty)

    steps = {s.id: s for s in treaty.procedure.steps}
    members = [m.name for m in treaty.active_members(scenario.local_date)]
    moves = [s for s in steps if steps[s].kind == "move"]
    _check_names(scenario, treaty, check, sources_of, steps, members, moves)
    _check_contingents(scenario, check, sources_of, steps, members, moves)
    if check.problems:  # reachability needs valid names
        check.raise_if_any()
    reachable = {s.id: s for s in reachable_steps(treaty, scenario)}
    _check_bodies_existed(scenario, treaty, reachable, check)
    _check_coverage(scenario, reachable, check)
    _check_record(scenario, treaty, check, steps, sources_of)
    check.raise_if_any()
    return _unreachable_record(scenario, treaty, reachable, loaded)


def _unreachable_record(scenario, treaty, reachable, loaded) -> list[Problem]:
    """A warning for each record entry on a step this scenario's request and choices never reach."""
    warn = Checker(loaded)
    if all(entry.step in reachable for entry in scenario.record):
        return []
    start = treaty.procedure.start
    branch = "/".join(possible_outcomes(treaty, scenario, reachable[start]))
    taken = f"the request ({scenario.request.describe()}) takes the branch {branch!r}"
    # Where the scenario narrows a step's outcomes (a choice, a blocking answer), the way on is narrowed too.
    narrowed = [f"{step.id!r} ends only {'/'.join(only)}" for step in reachable.values() if step.id != start
                and (only := possible_outcomes(treaty, scenario, step)) != outcomes_of(treaty, step)]
    taken += f"; {', '.join(narrowed)}" if narrowed else ""
    for i, entry in enumerate(scenario.record):
        if entry.step not in reachable:
            warn.error(("record", i, "step"), f"record entry {entry.id!r} dates step {entry.step!r}, which runs of "
                       f"this scenario never reach: {taken}",
                       "date a step on that branch, change the request or choices, or remove the entry")
    return warn.problems


def _check_bodies_existed(scenario, treaty, reachable, check) -> None:
    """A step its runs can reach must not fall to a body that did not exist on the case's date."""
    day = scenario.local_date
    for step in reachable.values():
        for who in (step.actor, step.convened_by):
            body = treaty.body(who) if who else None
            if body is not None and not body.exists_on(day):
                span = f"from {body.from_}" if body.from_ and day < body.from_ else f"until {body.until}"
                check.error(("origin",), f"step {step.id!r} falls to the {body.name}, which did not exist on {day} "
                            f"(it existed {span})", "date the case when the body existed, or choose a branch without it")


def _check_names(scenario, treaty, check, sources_of, steps, members, moves) -> None:
    day = scenario.local_date
    request = scenario.request
    if not members:
        first = min((m.joined for m in treaty.members if m.joined is not None), default=None)
        since = f"; its first members joined on {first}" if first is not None and day < first else ""
        check.error(("origin",), f"the {treaty.name} had no members on {day}{since}, so it could not have handled "
                    "this case", "date the case when the treaty was in force, or use the treaty that applied then")
        return
    member = treaty.member(request.by)
    if member is not None and request.by not in members:
        spans = ", ".join(f"{k} {v}" for k, v in (("joined", member.joined), ("suspended", member.suspended),
                                                    ("left", member.left)) if v is not None)
        check.error(("request", "by"), f"{request.by} was not a member of the {treaty.name} on {day} ({spans}), "
                    "so the organisation could not have handled its request", "date the case when it was a member")
    elif request.by not in members and not difflib.get_close_matches(request.by, members, n=1, cutoff=0.75):
        check.error(("request", "by"), f"{request.by!r} is not a member of the {treaty.name}, so the organisation "
                    "could not have handled its request", f"name one of its members on {day}: {', '.join(members)}")
    else:
        check.known(("request", "by"), request.by, members, f"member (active on {day})")
    sources_of(("request", "source"), request.source)
    for i, name in enumerate(request.joined_by):
        check.known(("request", "joined_by", i), name, members, f"member (active on {day})")
    if request.to not in ("organisation", "none", "informal"):
        check.known(("request", "to"), request.to, ["organisation", "none", "informal"] + members, "addressee")
    if request.article is not None and check.known(("request", "article"), request.article,
                                                   [a.id for a in treaty.articles], "article"):
        routed = any(s.kind == "request" for s in steps.values())
        if routed and treaty.article(request.article).route is None:
            invocable = ", ".join(a.id for a in treaty.articles if a.route)
            check.error(("request", "article"), f"article {request.article!r} opens no branch of the procedure",
                        f"invoke one of: {invocable}")
    if scenario.crisis is not None:
        sources_of(("crisis", "source"), scenario.crisis.source)
    for name, offer in scenario.assistance.items():
        if check.known(("assistance", name), name, members, f"member (active on {day})"):
            sources_of(("assistance", name, "source"), offer.source)
    for body_id, behaviour in scenario.bodies.items():
        body = treaty.body(body_id)
        if body is not None and behaviour.silence_h is not None and not body.silence_procedure:
            check.error(("bodies", body_id, "silence_h"), f"the {body.name} has no silence procedure in the treaty",
                        "remove silence_h")
    deciding_steps = [s for s in steps if steps[s].kind == "decide"]
    for step_id, behaviour in scenario.decisions.items():
        if not check.known(("decisions", step_id), step_id, deciding_steps, "'decide' step"):
            continue
        body = treaty.body(steps[step_id].actor)
        if behaviour.silence_h is not None and not body.silence_procedure:
            check.error(("decisions", step_id, "silence_h"), f"the {body.name} has no silence procedure in the treaty",
                        "remove silence_h")
        for field in ("answers", "answer_h_by_member"):
            for member in getattr(behaviour, field):
                check.known(("decisions", step_id, field, member), member, members, "member")
    for step_id, value in scenario.choices.items():
        if not check.known(("choices", step_id), step_id, [s for s in steps if steps[s].kind == "choose"], "'choose' step"):
            continue
        options = list(steps[step_id].options)
        for option in ([value] if isinstance(value, str) else list(value)):
            check.known(("choices", step_id), option, options, f"option of {step_id!r}")
    deciding = [b.id for b in treaty.bodies if b.rule != "none"]
    for body_id, behaviour in scenario.bodies.items():
        check.known(("bodies", body_id), body_id, deciding, "deciding body")
        for field in ("answers", "answer_h_by_member"):
            for member in getattr(behaviour, field):
                check.known(("bodies", body_id, field, member), member, members, "member")
    for step_id in scenario.durations:
        check.known(("durations", step_id), step_id, steps, "step")
    for step_id, pool in scenario.air.items():
        check.known(("air", step_id), step_id, moves, "move step")
        sources_of(("air", step_id, "source"), pool.source)
    if scenario.recorded is not None:
        sources_of(("recorded", "source"), scenario.recorded.source)
    if scenario.strength is not None:
        for field in ("personnel", "equipment"):
            sources_of(("strength", field, "source"), getattr(scenario.strength, field).source)


def _check_contingents(scenario, check, sources_of, steps, members, moves) -> None:
    day = scenario.local_date
    for name, contingent in scenario.contingents.items():
        loc = ("contingents", name)
        if not check.known(loc, name, members, f"member (active on {day})"):
            continue
        if name == scenario.request.by:
            check.error(loc, "the requesting state cannot send a contingent to itself", "remove this contingent")
        sources_of(loc + ("source",), contingent.source)
        for field in ("personnel", "equipment"):
            sources_of(loc + (field, "source"), getattr(contingent, field).source)
        for step_id in contingent.durations:
            if not check.known(loc + ("durations", step_id), step_id, steps, "step"):
                continue
            if not steps[step_id].per_contingent or not kind_named(steps[step_id].kind).contingent_durations:
                check.error(loc + ("durations", step_id), f"step {step_id!r} has no per-contingent duration",
                            "move it to the top-level durations, or remove it")
        for step_id, leg in contingent.moves.items():
            sources_of(loc + ("moves", step_id, "source"), leg.source)
            if check.known(loc + ("moves", step_id), step_id, moves, "move step"):
                if leg.mode == "air" and step_id not in scenario.air:
                    check.error(loc + ("moves", step_id), f"an air move needs an aircraft pool air.{step_id}",
                                f"add air: {{{step_id}: {{aircraft: ..., personnel_per_sortie: ..., turnaround_h: ...}}}}")
                elif leg.mode == "air" and leg.sorties is None:
                    needed = -(-contingent.personnel.modelled // scenario.air[step_id].personnel_per_sortie)
                    if needed > MAX_SORTIES:
                        check.error(loc + ("moves", step_id), f"would need {needed:,} sorties, more than {MAX_SORTIES:,}",
                                    f"raise air.{step_id}.personnel_per_sortie or give sorties")


def _check_coverage(scenario, reachable, check) -> None:
    """Every step this scenario's runs can reach has what its kind needs to run."""
    for step in reachable.values():
        kind_named(step.kind).check_scenario(step, scenario, check)


def _check_record(scenario, treaty, check, steps, sources_of) -> None:
    if len(scenario.record) > MAX_RECORD:
        check.error(("record",), f"{len(scenario.record):,} record entries, more than {MAX_RECORD:,}",
                    "keep the dated facts that matter; split a long case into several scenarios")
        return
    ids = set()
    timed: list[tuple[RecordEntry, object]] = []
    for i, entry in enumerate(scenario.record):
        loc = ("record", i)
        if entry.id in ids:
            check.error(loc + ("id",), f"duplicate record id {entry.id!r}", "give each record entry its own id")
        ids.add(entry.id)
        sources_of(loc + ("source",), entry.source)
        for j, conflict in enumerate(entry.conflicts):
            sources_of(loc + ("conflicts", j, "source"), conflict.source)
        if not check.known(loc + ("step",), entry.step, steps, "step"):
            continue
        step = steps[entry.step]
        kind = kind_named(step.kind)
        if entry.outcome is not None:
            allowed = kind.record_outcomes(step, treaty, entry.event)
            check.known(loc + ("outcome",), entry.outcome, allowed, f"outcome of {step.id!r}")
        kind.check_record(step, entry, scenario, check, loc)
        if entry.event is not None and entry.event not in kind.record_events:
            allowed = ", ".join(kind.record_events) or "none (omit event)"
            check.error(loc + ("event",), f"event {entry.event!r} does not occur in a {step.kind!r} step",
                        f"use one of: {allowed}")
        try:
            start, end, assumed, _ = record_window(entry, scenario.timezone)
        except (ValueError, OverflowError) as exc:
            check.error(loc + ("at",), str(exc),
                        "write a real date or instant, e.g. {date: 2022-01-06, assume: '14:00', why: ...}")
            continue
        if not start <= assumed <= end:
            check.error(loc + ("at", "assume"), "the assumed instant lies outside the window", "move it inside the window")
        if assumed < scenario.origin:
            check.error(loc + ("at",), "dated before the scenario's origin", "move origin earlier")
        if entry.event is None:
            timed.append((entry, assumed))
    later = {step: descendants(treaty, step) for step in {entry.step for entry, _ in timed}}
    for a, at_a in timed:
        for b, at_b in timed:
            same_line = a.member is None or b.member is None or a.member == b.member
            if same_line and at_a > at_b and b.step in later[a.step] and a.step != b.step:
                index = scenario.record.index(a)
                check.error(
                    ("record", index, "at"),
                    f"dates out of order: {a.id!r} ({at_a:%Y-%m-%d %H:%M} UTC) comes after {b.id!r} "
                    f"({at_b:%Y-%m-%d %H:%M} UTC), but step {a.step!r} must come before {b.step!r}",
                    "correct one of the two dates",
                )
