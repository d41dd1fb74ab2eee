"""Treaties as data: load a treaty file and its source-key registry."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ..errors import UserError
from ..validation import Checker, validate_model
from ..yamlio import load_yaml
from .model import Treaty

__all__ = ["Treaty", "load_treaty", "load_sources", "treaty_names", "TREATY_DIR"]

TREATY_DIR = Path(__file__).parent
ACTOR_ROLES = ("requester", "chair", "contingent", "force")
BASIS_PLACEHOLDERS = ("request_article",)
OUTCOMES = {
    "act": ("done",),
    "operate": ("done",),
    "join": ("done",),
    "move": ("done",),
    "decide": ("adopted", "blocked"),
    "approve": ("approved", "refused"),
}


def treaty_names() -> list[str]:
    """Names of the treaties shipped with the package."""
    return sorted(p.stem for p in TREATY_DIR.glob("*.yaml") if not p.name.endswith(".sources.yaml"))


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
    if not isinstance(loaded.data, dict) or not all(isinstance(v, dict) for v in loaded.data.values()):
        raise UserError.single("a source registry maps each source key to its title and urls", sources_path,
                               "write it as `S1: {title: ..., urls: [...]}`, one key a line")
    return loaded.data


@lru_cache(maxsize=16)
def load_treaty(name_or_path: str | Path) -> Treaty:
    """Load and check a treaty file by name ('csto') or path."""
    path = _treaty_path(name_or_path)
    loaded = load_yaml(path)
    treaty = validate_model(Treaty, loaded)
    _check(treaty, loaded, load_sources(name_or_path))
    return treaty


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
    for i, name in enumerate(treaty.chair_rotation.order):
        check.known(("chair_rotation", "order", i), name, members, "member")
    sources_of(("chair_rotation",), treaty.chair_rotation.source)
    for i, body in enumerate(treaty.bodies):
        sources_of(("bodies", i), body.source)
    for i, article in enumerate(treaty.articles):
        for j, wording in enumerate(article.wordings):
            sources_of(("articles", i, "wordings", j), wording.source)
    for i, force in enumerate(treaty.forces):
        sources_of(("forces", i), force.source)
    if len(set(steps)) != len(steps):
        check.error(("procedure", "steps"), "step ids must be unique")
    check.known(("procedure", "start"), treaty.procedure.start, steps, "step")
    for i, step in enumerate(treaty.procedure.steps):
        loc = ("procedure", "steps", i)
        sources_of(loc, step.source)
        check.known(loc + ("actor",), step.actor, ACTOR_ROLES + tuple(bodies), "actor")
        for j, basis in enumerate(step.basis):
            check.known(loc + ("basis", j), basis, BASIS_PLACEHOLDERS + tuple(articles), "legal basis")
        for outcome, targets in step.next.items():
            check.known(loc + ("next", outcome), outcome, OUTCOMES[step.kind], f"outcome of a {step.kind!r} step")
            for j, target in enumerate(targets):
                check.known(loc + ("next", outcome, j), target, steps, "step")
        if step.kind == "decide":
            body = treaty.body(step.actor)
            if body is None or body.rule == "none":
                check.error(loc + ("actor",), "a 'decide' step needs a body with a decision rule")
        if step.kind in ("approve", "move") and not step.per_contingent:
            check.error(loc + ("per_contingent",), f"a {step.kind!r} step runs per contingent", "set per_contingent: true")
    check.raise_if_any()
