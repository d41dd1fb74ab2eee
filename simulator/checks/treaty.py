"""Treaties as data: load a treaty file and its source-key registry."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from simulator.base.errors import UserError
from simulator.engine.kinds import StepKind, kind_named, kind_names, registered
from simulator.files.library import TREATY_DIR, treaty_names
from simulator.files.validation import Checker, validate_model
from simulator.files.yamlio import load_yaml
from simulator.model.fields import MAX_TEXT
from simulator.model.history import History, with_history
from simulator.model.treaty import REQUEST_KINDS, Step, Treaty

__all__ = ["Treaty", "load_treaty", "load_sources", "treaty_names", "durations_path", "TREATY_DIR"]

ACTOR_ROLES = ("requester", "chair", "contingent", "force")
BASIS_PLACEHOLDERS = ("request_article",)


def _treaty_path(name_or_path: str | Path) -> Path:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml"):
        return path
    if str(name_or_path) in treaty_names():
        return TREATY_DIR / f"{name_or_path}.yaml"
    raise UserError.single(
        f"unknown treaty {str(name_or_path)!r}",
        hint=f"use one of: {', '.join(treaty_names())}, or a path to a treaty .yaml file",
    )


@lru_cache(maxsize=16)
def load_sources(name_or_path: str | Path) -> dict[str, dict]:
    """Source keys of a treaty: key -> {title, urls}."""
    path = _treaty_path(name_or_path)
    sources_path = path.with_name(path.stem + ".sources.yaml")
    if not sources_path.exists():
        raise UserError.single("treaty has no source registry", sources_path, "add <treaty>.sources.yaml beside it")
    loaded = load_yaml(sources_path)
    if not isinstance(loaded.data, dict):
        raise UserError.single("a source registry maps each source key to its title and urls", sources_path,
                               "write it as `S1: {title: ..., urls: [...]}`, one key a line")
    _check_registry(loaded)
    return loaded.data


REGISTRY_HINT = ("write each entry as `S1: {title: some words, urls: [https://…]}`, with `case: <case>` "
                 "if it is evidence of one case and `found: <where>` for where it was found")


def _check_registry(loaded) -> None:
    """Every entry of a source registry is {title: text, urls: [text, …], case: text (the case it is evidence
    of; none for legal and institutional sources), found: text (where it was found, as a case's own
    sources say)}: what reports, exports and the sourcing rules rely on."""
    check = Checker(loaded)
    for key, entry in loaded.data.items():
        loc = (key,)
        if not isinstance(key, str):
            check.error(loc, f"a source key is text such as S1, not {key!r}", REGISTRY_HINT)
        if not isinstance(entry, dict):
            check.error(loc, "an entry maps title and urls", REGISTRY_HINT)
            continue
        for field in sorted(set(entry) - {"title", "urls", "case", "found"}, key=str):
            check.error(loc + (field,), f"unknown field {field!r} of a source", REGISTRY_HINT)
        for field, what in (("case", "the case"), ("found", "where it was found")):
            text = entry.get(field)
            if text is not None and (not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT):
                check.error(loc + (field,), f"{what} must be text of 1 to {MAX_TEXT:,} characters", REGISTRY_HINT)
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip() or len(title) > MAX_TEXT:
            check.error(loc + ("title",), f"the title must be text of 1 to {MAX_TEXT:,} characters", REGISTRY_HINT)
        urls = entry.get("urls", [])
        if not isinstance(urls, list) or not all(isinstance(u, str) and 0 < len(u) <= MAX_TEXT for u in urls):
            check.error(loc + ("urls",), "urls must be a list of addresses (text)", REGISTRY_HINT)
    check.raise_if_any()


@lru_cache(maxsize=16)
def load_treaty(name_or_path: str | Path) -> Treaty:
    """Load and check a treaty file by name ('csto') or path."""
    path = _treaty_path(name_or_path)
    loaded = load_yaml(path)
    treaty = validate_model(Treaty, loaded, "start from a shipped treaty: `treaty-sim treaties` lists them")
    _check(treaty, loaded, load_sources(name_or_path))
    history_path = durations_path(path)
    if history_path.exists():
        treaty = with_history(treaty, _load_history(treaty, history_path))
    return treaty


def durations_path(treaty_path: str | Path) -> Path:
    """Where a treaty's learned durations live: <treaty>.durations.yaml beside its file."""
    path = _treaty_path(treaty_path)
    return path.with_name(path.stem + ".durations.yaml")


def _load_history(treaty: Treaty, path: Path) -> History:
    loaded = load_yaml(path)
    history = validate_model(History, loaded, f"run `treaty-sim calibrate {treaty.treaty} --force` to write it again")
    check = Checker(loaded)
    again = f"run `treaty-sim calibrate {treaty.treaty}` again"
    if history.treaty != treaty.treaty:
        check.error(("treaty",), f"durations of treaty {history.treaty!r}, beside treaty {treaty.treaty!r}", again)
    for step_id in history.steps:
        step = treaty.step(step_id)
        if step is None:
            check.error(("steps", step_id), f"step {step_id!r} is not in the treaty's procedure", again)
        elif step.per_contingent or not kind_named(step.kind).timed_by_history:
            check.error(("steps", step_id), f"a {step.kind!r} step takes no learned duration", again)
    check.raise_if_any()
    return history


def _check(treaty: Treaty, loaded, sources: dict) -> None:
    check = Checker(loaded)
    members = [m.name for m in treaty.members]
    bodies = [b.id for b in treaty.bodies]
    articles = [a.id for a in treaty.articles]
    steps = [s.id for s in treaty.procedure.steps]

    def sources_of(loc, keys):
        for i, key in enumerate(keys):
            check.known(loc + ("source", i), key, sources, "source key")

    for i, member in enumerate(treaty.members):
        sources_of(("members", i), member.source)
    if treaty.chair_rotation is not None:
        for i, name in enumerate(treaty.chair_rotation.order):
            check.known(("chair_rotation", "order", i), name, members, "member")
        sources_of(("chair_rotation",), treaty.chair_rotation.source)
        for i, term in enumerate(treaty.chair_rotation.history):
            check.known(("chair_rotation", "history", i, "member"), term.member, members, "member")
            sources_of(("chair_rotation", "history", i), term.source)
    chairless = treaty.chair_rotation is None
    for i, body in enumerate(treaty.bodies):
        sources_of(("bodies", i), body.source)
        for j, name in enumerate(body.seated()):
            check.known(("bodies", i, "members", j), name, members, "member")
        if chairless and (body.timezone == "chair" or body.chaired_by == "chair"):
            check.error(("bodies", i), "the treaty has no chair_rotation, so no body can follow the chair",
                        "give the body a timezone and chaired_by: none, or add chair_rotation")
    for i, article in enumerate(treaty.articles):
        for j, wording in enumerate(article.wordings):
            sources_of(("articles", i, "wordings", j), wording.source)
    for i, force in enumerate(treaty.forces):
        sources_of(("forces", i), force.source)
    if treaty.scope is not None:
        sources_of(("scope",), treaty.scope.source)
    if treaty.history_pace:
        check.error(("history_pace",), "history_pace is learned, not written in the treaty file",
                    f"remove it; `treaty-sim calibrate {treaty.treaty}` writes {treaty.treaty}.durations.yaml")
    _unique(check, ("members",), members, "member name")
    _unique(check, ("bodies",), bodies, "body id")
    _unique(check, ("articles",), articles, "article id")
    _unique(check, ("forces",), [f.id for f in treaty.forces], "force id")
    _unique(check, ("procedure", "steps"), steps, "step id")
    if check.known(("procedure", "start"), treaty.procedure.start, steps, "step"):
        first = treaty.step(treaty.procedure.start)
        if first.per_contingent:  # the engine starts it once, for no contingent: contingents come with a decision
            check.error(("procedure", "start"), f"the procedure cannot start at {first.id!r}, a step run per "
                        f"contingent ({first.kind}): no contingent exists before a decision names them",
                        "start at the request (a 'request' step), or another step not run per contingent")
    for i, step in enumerate(treaty.procedure.steps):
        loc = ("procedure", "steps", i)
        sources_of(loc, step.source)
        for j, key in enumerate(step.practice):
            check.known(loc + ("practice", j), key, sources, "source key")
        if step.history_h is not None:
            check.error(loc + ("history_h",), "history_h is learned, not written in the treaty file",
                        f"remove it; `treaty-sim calibrate {treaty.treaty}` writes {treaty.treaty}.durations.yaml")
        roles = tuple(r for r in ACTOR_ROLES if not (chairless and r == "chair"))
        check.known(loc + ("actor",), step.actor, roles + tuple(bodies), "actor")
        for j, basis in enumerate(step.basis):
            check.known(loc + ("basis", j), basis, BASIS_PLACEHOLDERS + tuple(articles), "legal basis")
        kind = _kind(check, loc, step.kind)
        outcomes = kind.outcomes_of(step, treaty) if kind is not None else ()
        for outcome, targets in step.next.items():
            if kind is not None:
                check.known(loc + ("next", outcome), outcome, outcomes, f"outcome of a {step.kind!r} step")
            for j, target in enumerate(targets):
                check.known(loc + ("next", outcome, j), target, steps, "step")
        for field in ("establishes", "responses"):
            for outcome in getattr(step, field) if kind is not None else ():
                check.known(loc + (field, outcome), outcome, outcomes, f"outcome of a {step.kind!r} step")
        if step.convened_by is not None:
            check.known(loc + ("convened_by",), step.convened_by, ("chair",) * (not chairless) + tuple(bodies), "convener")
        if kind is not None:
            _kind_fields(check, loc, step, kind)
            kind.check_step(step, treaty, check, loc)
    for part in ("not_allowed", "unknown"):
        for i, cell in enumerate(getattr(treaty.coverage, part)):
            loc = ("coverage", part, i)
            sources_of(loc, cell.source)
            for j, kind in enumerate(cell.requests):
                check.known(loc + ("requests", j), kind, REQUEST_KINDS + tuple(articles), "kind of request or article")
    for i, rule in enumerate(treaty.procedure.forbidden):
        loc = ("procedure", "forbidden", i)
        sources_of(loc, rule.source)
        for part in ("reaching", "requires"):
            selector = getattr(rule, part)
            for field, known, what in (("step", steps, "step"), ("actor", ACTOR_ROLES + tuple(bodies), "actor"),
                                       ("kind", kind_names(), "step kind")):
                values = selector.values(field)
                for j, value in enumerate(values):
                    where = (part, field) if isinstance(getattr(selector, field), str) else (part, field, j)
                    check.known(loc + where, value, known, what)
    check.raise_if_any()


def _unique(check: Checker, loc: tuple, names: list[str], what: str) -> None:
    """Report each name given twice (the second time), at its place in the list."""
    seen = set()
    for index, name in enumerate(names):
        if name in seen:
            check.error(loc + (index,), f"{what} {name!r} is given twice", f"give each {what} once")
        seen.add(name)


def _kind(check: Checker, loc: tuple, name: str) -> StepKind | None:
    """The registered kind of a step, or None (reported) when no kind has that name."""
    if check.known(loc + ("kind",), name, kind_names(), "step kind"):
        return kind_named(name)
    return None


def _kind_fields(check: Checker, loc: tuple, step: Step, kind: StepKind) -> None:
    """A step sets no field that belongs to another kind (e.g. only 'choose' steps have options)."""
    for other in registered():
        if other is kind or not other.fields:
            continue
        stray = [f for f in other.fields if f not in kind.fields and getattr(step, f) != _unset(f)]
        if stray:
            check.error(loc + (other.fields[0],), f"only {other.name!r} steps have {other.fields[0]}")


def _unset(field: str):
    """The value a step's field has when the treaty file leaves it out."""
    return Step.model_fields[field].get_default(call_default_factory=True)
