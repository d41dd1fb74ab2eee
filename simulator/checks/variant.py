"""Variant files: a base scenario with some fields changed, validated like any scenario.

    variant: kz-half-aircraft
    base: ../kazakhstan-2022.yaml          # relative to the variant file
    title: Kazakhstan 2022 with half the aircraft
    fork_at: 2022-01-06T04:00+06:00        # optional: the record up to here, the model after
    set:                                   # dotted paths
      air.airlift.aircraft: 37
    override:                              # nested YAML merged into the base
      bodies: {csc: {answers: {Belarus: object}}}

``override`` is merged first (mappings key by key, lists and values replaced whole), then
each ``set`` path. A problem in the result points at the variant's line that put the value
there. With ``fork_at``, runs pin the record entries dated up to that instant (their assumed
instant, as replay uses) and model everything after: replay with medians, predictive with draws.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import Field

from simulator.base.errors import Problem, UserError
from simulator.base.timeutil import hours_between
from simulator.checks.scenario import check_scenario, load_scenario
from simulator.checks.treaty import load_sources, load_treaty
from simulator.files.drafts import Draft, origins_under, relative_to
from simulator.files.library import case_path
from simulator.files.validation import validate_model
from simulator.files.yamlio import LoadedYaml, load_yaml
from simulator.model.scenario import Instant, Scenario, record_window
from simulator.model.variant import VariantFile


class VariantScenario(Scenario):
    """A scenario made from a variant file: the merged scenario plus where it came from."""

    variant_file: str
    base_file: str
    base_scenario: str
    fork_at: Instant | None = None
    changes: list[str] = Field(default_factory=list)

    @property
    def fork_h(self) -> float | None:
        """Hours after the origin up to which the record is pinned (None: no fork)."""
        return None if self.fork_at is None else hours_between(self.origin, self.fork_at)

    def kept_entries(self) -> list[str]:
        """Ids of the record entries a fork keeps (dated, by their assumed instant, up to ``fork_at``)."""
        if self.fork_at is None:
            return [e.id for e in self.record]
        return [e.id for e in self.record if record_window(e, self.timezone)[2] <= self.fork_at]


def is_variant(loaded: LoadedYaml) -> bool:
    """Whether a file read as YAML is a variant (it has a ``variant`` field)."""
    return isinstance(loaded.data, dict) and "variant" in loaded.data


def load_case(path: str | Path, warnings: list[Problem] | None = None) -> Scenario:
    """Load a scenario file or a variant file (a VariantScenario), or a shipped case by name; raise UserError on problems.

    ``warnings``, when given, receives what is allowed but likely a mistake.
    """
    path = case_path(path)
    loaded = load_yaml(path)
    if is_variant(loaded):
        return load_variant(loaded, warnings)
    return load_scenario(path, warnings)


def load_draft(path: str | Path) -> tuple[Draft, dict]:
    """The data of a scenario or variant file (or shipped case) before validation, and the variant's extra fields."""
    loaded = load_yaml(case_path(path))
    if not is_variant(loaded):
        return Draft.from_loaded(loaded), {}
    return _variant_draft(loaded)


def load_variant(loaded: LoadedYaml, warnings: list[Problem] | None = None) -> VariantScenario:
    """Merge a variant into its base scenario and validate the result."""
    draft, extra = _variant_draft(loaded)
    return build(draft, extra, warnings)


def _variant_draft(loaded: LoadedYaml) -> tuple[Draft, dict]:
    spec = validate_model(VariantFile, loaded)
    line = loaded.line_of
    base_path = relative_to(loaded.file, spec.base)
    if not Path(base_path).is_file():
        raise UserError([Problem(f"base scenario {base_path} not found", loaded.file, line(("base",)), "base",
                                 "give the scenario's path relative to this variant file")])
    base = load_yaml(base_path)
    if is_variant(base):
        raise UserError([Problem("the base is itself a variant", loaded.file, line(("base",)), "base",
                                 "name a scenario file, or copy the other variant's changes into this one")])
    if not isinstance(base.data, dict):
        load_scenario(base_path)  # reports what is wrong with the base
    draft = Draft.from_loaded(base)
    base_title, base_id = base.data.get("title", ""), base.data.get("scenario", "")
    draft.file = loaded.file
    draft.merge(spec.override, origins_under(loaded, ("override",)))
    for dotted, value in spec.set_.items():
        draft.set(dotted, value, (loaded.file, line(("set", dotted))), origins_under(loaded, ("set", dotted)))
    draft.data["scenario"] = spec.variant
    draft.origins[("scenario",)] = (loaded.file, line(("variant",)))
    draft.data["title"] = spec.title or f"{base_title} (variant {spec.variant})"
    draft.origins[("title",)] = (loaded.file, line(("title",)) or line(("variant",)))
    if spec.description:
        draft.data["description"] = spec.description
    extra = {
        "variant_file": loaded.file, "base_file": base_path, "base_scenario": str(base_id),
        "fork_at": spec.fork_at, "fork_line": line(("fork_at",)),
    }
    return draft, extra


def build(draft: Draft, extra: dict | None = None, warnings: list[Problem] | None = None) -> Scenario:
    """Validate a draft like a scenario file: a Scenario, or a VariantScenario given ``extra``.

    Every problem points at the file and line its value came from.
    """
    lines = {loc: line for loc, (_, line) in draft.origins.items()}
    loaded = LoadedYaml(draft.data, lines, draft.file)
    try:
        scenario = validate_model(Scenario, loaded)
        treaty_ref = scenario.treaty
        if treaty_ref.endswith((".yaml", ".yml")) and not Path(treaty_ref).is_absolute():
            # As for scenario files: a treaty file is found beside the file that names it.
            treaty_ref = relative_to(draft.origin_of(("treaty",))[0], treaty_ref)
            scenario = scenario.model_copy(update={"treaty": treaty_ref})
        try:
            treaty, sources = load_treaty(treaty_ref), load_sources(treaty_ref)
        except UserError as exc:
            if len(exc.problems) == 1 and exc.problems[0].file is None:
                problem = exc.problems[0]
                raise UserError([Problem(problem.message, draft.file, None, "treaty", problem.hint)]) from None
            raise
        found = check_scenario(scenario, treaty, sources, loaded)
    except UserError as exc:
        raise draft.relocate(exc) from None
    if warnings is not None and found and extra is None:  # a variant keeps its base's record to compare with
        warnings.extend(draft.relocate(UserError(found)).problems)
    if extra is None:
        return scenario
    extra = dict(extra)
    fork_line = extra.pop("fork_line", None)
    fork_at: datetime | None = extra["fork_at"]
    if fork_at is not None and fork_at < scenario.origin:
        raise UserError([Problem("fork_at is before the scenario's origin: nothing of the record would be kept",
                                 extra["variant_file"], fork_line, "fork_at",
                                 f"fork at or after {scenario.origin.isoformat()}, or remove fork_at")])
    fields = {name: getattr(scenario, name) for name in Scenario.model_fields}
    return VariantScenario(**fields, **extra, changes=list(draft.changes))
