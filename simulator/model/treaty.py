"""The treaty file format: members, bodies, articles, forces and the procedure as data."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Annotated, Literal

from pydantic import Field, WithJsonSchema, field_validator, model_validator

from simulator.base.distributions import Duration
from simulator.model.fields import Date, Name, SourceKeys, Strict, ZoneName
from simulator.model.outcomes import OutcomeClass

# What the requesting state says happened; an article's wording covers some kinds (its scope).
CrisisKind = Literal["aggression", "armed_attack", "incursion", "border_clash", "internal_unrest", "threat"]
# The responses the record knows anywhere (the columns of `treaty-sim check TREATY --coverage`).
RESPONSES = ("no_action", "statement", "consultations", "mission", "aid", "measures", "forces", "declined", "other_forum")
Response = Literal[RESPONSES]
Phase = Literal["request", "decision", "approval", "deployment", "operation", "withdrawal", "reporting"]
_IDS = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
# What a file may write for a step's `next` (Step._normalise_next reads each form into outcome -> ids).
NextSteps = Annotated[dict[str, list[str]], WithJsonSchema({
    "description": "next step ids: one id, a list (after 'done'), or outcome -> an id or a list",
    "anyOf": [{"type": "null"}, *_IDS["anyOf"], {"type": "object", "additionalProperties": _IDS}],
})]


class Member(Strict):
    name: Name
    timezone: ZoneName
    joined: Date | None = Field(None, description="None when the record does not give it")
    suspended: Date | None = None
    left: Date | None = None
    source: SourceKeys
    note: str = ""

    def active_on(self, day: date) -> bool:
        ended = [d for d in (self.suspended, self.left) if d is not None]
        return (self.joined is None or self.joined <= day) and all(day < d for d in ended)


class ChairTerm(Strict):
    """One chair on record: who held it, from when until when (the day it passed on), and the source."""

    member: str
    from_: Date = Field(alias="from")
    until: Date = Field(description="the first day of the next chair")
    source: SourceKeys
    note: str = ""

    @model_validator(mode="after")
    def _ordered(self):
        if self.until <= self.from_:
            raise ValueError(f"until {self.until} is not after from {self.from_}")
        return self


class ChairRotation(Strict):
    """The chairs on record (``history``); a yearly rotation formula fills only the days the record leaves."""

    title: Name = Field("chair", description="how the chair is named in the event log, e.g. 'CSC chair'")
    order: list[str] = Field(min_length=1)
    anchor_year: int = Field(strict=True)
    anchor_member: str
    history: list[ChairTerm] = Field(default_factory=list, description="dated chairs with sources; they win over the formula")
    source: SourceKeys
    note: str = ""

    @model_validator(mode="after")
    def _anchor_in_order(self):
        if self.anchor_member not in self.order:
            raise ValueError(f"anchor_member {self.anchor_member!r} is not in order")
        terms = sorted(self.history, key=lambda t: t.from_)
        for before, after in zip(terms, terms[1:], strict=False):
            if after.from_ < before.until:
                raise ValueError(f"chair terms overlap: {before.member} until {before.until}, {after.member} from {after.from_}")
        return self

    def term_on(self, day: date) -> ChairTerm | None:
        """The chair on record on ``day``, or None where the record is silent."""
        return next((t for t in self.history if t.from_ <= day < t.until), None)

    def chair(self, year: int) -> str:
        """The rotation formula's chair for ``year`` (only for days the history does not cover)."""
        start = self.order.index(self.anchor_member)
        return self.order[(start + year - self.anchor_year) % len(self.order)]


class Seat(Strict):
    """A member's seat in a forum that not every member sits in, with its dates."""

    name: str
    from_: Date | None = Field(None, alias="from", description="seated from this day (None: from the forum's start)")
    until: Date | None = Field(None, description="no longer seated from this day (None: still seated)")
    note: str = ""

    def on(self, day: date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (self.until is None or day < self.until)


class Body(Strict):
    """A treaty body. Under consensus an objection blocks; abstention and non-participation
    (a member that does not take part or does not sign) block or not as the treaty says."""

    id: str
    name: Name
    composition: str
    rule: Literal["consensus", "none"]
    abstention: Literal["allowed", "blocks"] = "allowed"
    non_participation: Literal["allowed", "blocks"] = "blocks"
    silence_procedure: bool = Field(False, description="may decide by a silence procedure: one objection breaks silence")
    members: list[str | Seat] | None = Field(
        None, description="the forum's members when not all the treaty's members: names, or {name, from, until} seats")
    chaired_by: Literal["chair", "none"] = "none"
    timezone: ZoneName | Literal["chair"]
    from_: Date | None = Field(None, alias="from", description="the body exists from this day (None: from the start)")
    until: Date | None = Field(None, description="the body no longer exists from this day (None: still exists)")
    source: SourceKeys
    note: str = ""

    def seated(self) -> list[str]:
        """Every member that ever sat in the forum (all of the treaty's when ``members`` is None)."""
        return [m if isinstance(m, str) else m.name for m in self.members or ()]

    def members_on(self, day: date) -> list[str] | None:
        """The forum's members on ``day``; None when every member of the treaty sits in it."""
        if self.members is None:
            return None
        return [m if isinstance(m, str) else m.name for m in self.members if isinstance(m, str) or m.on(day)]

    def exists_on(self, day: date) -> bool:
        """Whether the body existed on ``day``."""
        return (self.from_ is None or self.from_ <= day) and (self.until is None or day < self.until)

    def blocked_by(self, answer: str) -> bool:
        """Whether a member's answer (consent, object, abstain, absent) stops a decision here."""
        return answer == "object" or (answer == "abstain" and self.abstention == "blocks") or (
            answer == "absent" and self.non_participation == "blocks"
        )


class Wording(Strict):
    """One dated wording of an article and the crises it covers (its scope)."""

    version: str
    since: Date | None = Field(None, description="in force from; None = from the start")
    summary: str
    covers: list[CrisisKind] | Literal["any"] = Field("any", description="crisis kinds the wording covers")
    territory: Literal["own", "any"] = Field("any", description="own: only an attack on the member's own territory")
    source: SourceKeys
    note: str = ""

    def scope_gap(self, kind: str | None, on_own_territory: bool) -> str:
        """Why this wording does not cover a crisis, or '' when it does."""
        if self.covers != "any" and kind not in self.covers:
            return f"the {self.version} wording covers {', '.join(self.covers)}, not {kind or 'an unstated crisis'}"
        if self.territory == "own" and not on_own_territory:
            return f"the {self.version} wording covers only the member's own territory"
        return ""


class Article(Strict):
    """A legal basis a request can invoke; ``route`` names the procedure branch it opens."""

    id: str
    instrument: str
    title: Name
    route: str | None = Field(None, description="outcome of a 'request' step that invokes this article")
    wordings: list[Wording] = Field(min_length=1)

    def wording_on(self, day: date) -> Wording:
        """The wording in force on ``day`` (the latest one whose ``since`` has passed)."""
        current = self.wordings[0]
        for wording in self.wordings:
            if wording.since is None or wording.since <= day:
                current = wording
        return current


class Scope(Strict):
    """Cases the treaty excludes from collective action whatever the article."""

    between_members: Literal["no_collective_action", "allowed"] = "allowed"
    source: SourceKeys
    note: str = ""


class Force(Strict):
    id: str
    name: Name
    strength: int = Field(strict=True, gt=0)
    note: str = ""
    source: SourceKeys


class Step(Strict):
    """One procedure step: who acts, how (kind), under which legal basis, and what follows."""

    id: str
    label: Name
    kind: str = Field(description="a registered step kind (see simulator.engine.kinds); checked when the treaty loads")
    phase: Phase
    actor: str = Field(description="requester, chair, contingent, or a body id")
    action: str = Field(description="what the actor does, in words, e.g. 'appeals for assistance'")
    per_contingent: bool = False
    basis: list[str] = Field(min_length=1, description="article ids, or 'request_article'")
    source: SourceKeys = Field(description="legal and institutional sources only; case evidence goes in practice")
    practice: list[str] = Field(default_factory=list, description="source keys of recorded cases that show the step in use")
    next: NextSteps = Field(default_factory=dict, description="outcome -> next step ids")
    options: dict[str, str] = Field(default_factory=dict, description="'choose' steps: option -> what it means, in words")
    default: str | None = Field(None, description="'choose' steps: the option taken when the scenario names none")
    establishes: dict[str, OutcomeClass] = Field(
        default_factory=dict, description="outcome of this step -> the outcome class it establishes for the run"
    )
    responses: dict[str, Response] = Field(
        default_factory=dict,
        description="outcome of this step -> the response it is, where its outcome class does not say "
        "(a statement, another forum)",
    )
    convened_by: str | None = Field(None, description="who convenes the session: chair or a body id")
    duration_h: Duration | None = Field(None, description="hours the step takes when a scenario gives none (say why in note)")
    history_h: Duration | None = Field(None, description="not written here: learned from the record by `treaty-sim "
                                       "calibrate` into <treaty>.durations.yaml, for cases with no durations of their own")
    note: str = ""

    @cached_property
    def sources(self) -> tuple[str, ...]:
        return tuple(self.source)

    @field_validator("next", mode="before")
    @classmethod
    def _normalise_next(cls, value):
        if value is None:
            return {}
        if isinstance(value, str):
            return {"done": [value]}
        if isinstance(value, list):
            return {"done": value}
        if isinstance(value, dict):
            return {k: ([v] if isinstance(v, str) else v) for k, v in value.items()}
        return value


class StepSelector(Strict):
    """Picks steps by id, kind, phase or actor, optionally only when they end with ``outcome``.

    Each field takes one value or a list of them, any of which will do: ``actor: [nac, dpc]``
    says "the Council or the forum that stood in for it".
    """

    step: str | list[str] | None = None
    kind: str | list[str] | None = Field(None, description="registered step kinds; checked when the treaty loads")
    phase: Phase | list[Phase] | None = None
    actor: str | list[str] | None = None
    outcome: str | list[str] | None = None

    @staticmethod
    def _any(value) -> tuple[str, ...]:
        return () if value is None else (value,) if isinstance(value, str) else tuple(value)

    def values(self, field: str) -> tuple[str, ...]:
        """The values ``field`` accepts (empty: any)."""
        return self._any(getattr(self, field))

    def matches(self, step: Step) -> bool:
        return all(
            not self.values(field) or have in self.values(field)
            for field, have in (("step", step.id), ("kind", step.kind), ("phase", step.phase), ("actor", step.actor))
        )

    def ends_with(self, outcome: str) -> bool:
        """Whether a matching step that ended with ``outcome`` counts."""
        return not self.values("outcome") or outcome in self.values("outcome")

    def describe(self) -> str:
        parts = [f"{k} {' or '.join(self.values(k))}" for k in ("step", "kind", "phase", "actor") if self.values(k)]
        outcome = self.values("outcome")
        return " and ".join(parts) + (f" ending {' or '.join(outcome)}" if outcome else "")


class PathRule(Strict):
    """A path the treaty forbids: reaching ``reaching`` in a run where ``requires`` did not happen (first)."""

    name: Name
    reaching: StepSelector
    requires: StepSelector
    before: bool = Field(True, description="the required step must come before, not only in the same run")
    source: SourceKeys


# The kinds of request (the rows of `treaty-sim check TREATY --coverage`); "formal" rows come one per
# article and wording, and a coverage rule may name an article id instead.
REQUEST_KINDS = ("formal", "informal", "bilateral", "joint", "none")


class CoverageCell(Strict):
    """Cells of the coverage table the treaty data speaks for: which requests and responses, and why."""

    requests: list[str] = Field(
        min_length=1, description="request kinds (formal, informal, bilateral, joint, none) or article ids")
    responses: list[Response] = Field(min_length=1)
    why: str = Field(min_length=1)
    source: list[str] = Field(default_factory=list, description="for not_allowed: the sources saying so")


class Coverage(Strict):
    """What the treaty rules out (with sources) and what the record leaves open (with why)."""

    not_allowed: list[CoverageCell] = Field(default_factory=list)
    unknown: list[CoverageCell] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sourced(self):
        for cell in self.not_allowed:
            if not cell.source:
                raise ValueError(f"a not_allowed cell needs the source that says so ({cell.why!r})")
        return self


class Procedure(Strict):
    start: str
    steps: list[Step] = Field(min_length=1)
    forbidden: list[PathRule] = Field(default_factory=list, description="paths the treaty forbids, checked by `treaty-sim check`")


class Treaty(Strict):
    """A treaty file: members, chair rotation, bodies, articles, forces and the activation procedure as data."""

    treaty: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="id; names output files such as <id>-network.png")
    name: Name
    members: list[Member] = Field(min_length=1)
    chair_rotation: ChairRotation | None = None
    bodies: list[Body] = Field(min_length=1)
    articles: list[Article] = Field(min_length=1)
    forces: list[Force] = Field(default_factory=list)
    scope: Scope | None = None
    force_title: str = Field("Collective forces", description="how the deployed force is named in the event log")
    coverage: Coverage = Field(default_factory=Coverage, description="cells of `check --coverage` the routes cannot show")
    procedure: Procedure
    history_pace: float = Field(0.0, ge=0, le=3, description="not written here: the spread of a whole case's pace, "
                                "learned by `treaty-sim calibrate` into <treaty>.durations.yaml")

    def member(self, name: str) -> Member | None:
        """The member named ``name``, or None."""
        return next((m for m in self.members if m.name == name), None)

    def body(self, body_id: str) -> Body | None:
        """The body with id ``body_id``, or None."""
        return next((b for b in self.bodies if b.id == body_id), None)

    def article(self, article_id: str) -> Article | None:
        """The article with id ``article_id``, or None."""
        return next((a for a in self.articles if a.id == article_id), None)

    def step(self, step_id: str) -> Step | None:
        """The procedure step with id ``step_id``, or None."""
        return next((s for s in self.procedure.steps if s.id == step_id), None)

    def chair_on(self, day: date) -> str | None:
        """The member holding the chair on ``day`` (the record's, else the rotation formula's); None without a chair."""
        if self.chair_rotation is None:
            return None
        term = self.chair_rotation.term_on(day)
        return term.member if term is not None else self.chair_rotation.chair(day.year)

    def chair_on_record(self, day: date) -> bool:
        """Whether the record (not the rotation formula) names the chair on ``day``."""
        return self.chair_rotation is not None and self.chair_rotation.term_on(day) is not None

    def chair_title(self, day: date) -> str | None:
        """How the chair on ``day`` is named in the event log, e.g. 'CSC chair (Armenia)'; None without a chair.

        A chair the record does not give says it comes from the rotation formula.
        """
        chair = self.chair_on(day)
        if chair is None:
            return None
        formula = "" if self.chair_on_record(day) else ", by the rotation formula"
        return f"{self.chair_rotation.title} ({chair}{formula})"

    def active_members(self, day: date) -> list[Member]:
        """Members on ``day`` (joined, not suspended, not left), in treaty order."""
        return [m for m in self.members if m.active_on(day)]
