"""The scenario file format (pydantic models). `treaty-sim schema` prints it as JSON Schema."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, PlainSerializer, WithJsonSchema, model_validator

from simulator.base.distributions import Duration
from simulator.base.timeutil import UTC, parse_instant, zone
from simulator.model.fields import INSTANT_PATTERN, Date, Name, SourceKeys, Strict, ZoneName
from simulator.model.outcomes import OutcomeClass
from simulator.model.treaty import CrisisKind

Instant = Annotated[
    datetime,
    BeforeValidator(lambda v: v if isinstance(v, datetime) else parse_instant(v)),
    PlainSerializer(lambda d: d.isoformat()),
    # Not `format: date-time`: RFC 3339 wants seconds, and scenarios write minutes.
    WithJsonSchema({"type": "string", "pattern": INSTANT_PATTERN,
                    "description": "ISO 8601 instant with UTC offset, seconds optional, e.g. 2022-01-06T03:30+06:00"}),
]
Share = Annotated[Duration, Field(description="a share between 0 and 1, written like a duration")]

EVENT_KEYS = ("session", "decision", "vote", "decree", "first_departure", "first_arrival", "offer")
MAX_COUNT = 1_000_000
MAX_SORTIES = 10_000


class Quantity(Strict):
    """A count from the record (official or estimate, with sources), or unknown.

    An unknown count that the simulation needs is given a ``modelled_as`` value and a note
    saying how that value was chosen.
    """

    value: int | None = Field(None, strict=True, ge=0, le=MAX_COUNT)
    status: Literal["official", "estimate", "unknown"] = "official"
    modelled_as: int | None = Field(None, strict=True, ge=0, le=MAX_COUNT,
                                    description="value used by the model when the record has none")
    source: list[str] = Field(default_factory=list)
    note: str = ""

    @model_validator(mode="after")
    def _consistent(self):
        if self.status in ("official", "estimate"):
            if not self.source:
                raise ValueError(f"a {self.status} figure needs source keys")
            if self.value is None:
                raise ValueError(f"a {self.status} figure needs a value")
            if self.modelled_as is not None:
                raise ValueError("modelled_as is only for unknown figures")
        else:
            if self.value is not None:
                raise ValueError("an unknown figure has no value; put the model's value in modelled_as")
            if self.modelled_as is not None and not self.note:
                raise ValueError("say in a note how modelled_as was chosen")
        return self

    @property
    def modelled(self) -> int | None:
        """The value the simulation uses: the record's, else the modelled one."""
        return self.value if self.value is not None else self.modelled_as


class Strength(Strict):
    """The official totals of a deployment, against which the contingents are checked."""

    personnel: Quantity
    equipment: Quantity = Quantity(status="unknown")


class GovernmentStage(Strict):
    stage: Literal["government"]
    by: str = Field("government", description="who decides, e.g. 'cabinet'")
    delay_h: Duration
    decision: Literal["approve", "refuse"] = "approve"


class VoteStage(Strict):
    """A vote whose result the record gives (no quorum model), e.g. a parliament's mandate."""

    stage: Literal["vote"]
    by: str = Field(description="the voting body, e.g. 'Bundestag'")
    result: str = Field("", description="the recorded result, e.g. '461-86-8'")
    delay_h: Duration
    decision: Literal["approve", "refuse"] = "approve"


class DecreeStage(Strict):
    stage: Literal["decree"]
    by: str = "president"
    delay_h: Duration
    decision: Literal["approve", "refuse"] = "approve"


class ParliamentStage(Strict):
    """A parliament vote needing a quorum of all seats; a failed quorum is retried."""

    stage: Literal["parliament"]
    name: Name = "parliament"
    chambers: int = Field(1, strict=True, ge=1, le=2)
    seats: int = Field(strict=True, gt=0, le=5000)
    quorum: Literal["two_thirds_of_all", "majority_of_all"]
    attendance: Share = Field(description="share of seats registered at a session (predictive mode)")
    attendance_by_session: list[Share] = Field(
        default_factory=list, max_length=50,
        description="attendance of the first sessions in turn; later sessions use attendance",
    )
    first_session_h: Duration
    retry_h: Duration
    max_sessions: int = Field(3, strict=True, ge=1, le=50)
    majority: Literal["of_present", "of_all", "two_thirds_of_present", "two_thirds_of_all"] = Field(
        "of_present", description="votes needed to pass, once the quorum is met"
    )
    support: Share = Field(Duration("fixed", (1.0,)), description="share of those present voting for (predictive mode)")
    decision: Literal["approve", "refuse"] = "approve"

    @model_validator(mode="after")
    def _share(self):
        shares = [("attendance", self.attendance), ("support", self.support)]
        shares += [(f"attendance_by_session[{i}]", share) for i, share in enumerate(self.attendance_by_session)]
        for name, share in shares:
            if share.kind == "lognormal" or max(share.params) > 1:
                raise ValueError(f"{name} is a share between 0 and 1 (not lognormal)")
        return self

    def attendance_at(self, session: int) -> Duration:
        """The attendance distribution of session number ``session`` (from 1)."""
        by_session = self.attendance_by_session
        return by_session[session - 1] if session <= len(by_session) else self.attendance

    def votes_needed(self, present: int) -> int:
        """Votes for that pass the motion with ``present`` members registered."""
        base = self.seats if self.majority.endswith("of_all") else present
        if self.majority.startswith("two_thirds"):
            return -(-base * 2 // 3)
        return base // 2 + 1

    def needed(self) -> int:
        fraction = (2, 3) if self.quorum == "two_thirds_of_all" else (1, 2)
        if fraction == (1, 2):
            return self.seats // 2 + 1
        return -(-self.seats * fraction[0] // fraction[1])


ApprovalStage = Annotated[
    GovernmentStage | VoteStage | DecreeStage | ParliamentStage, Field(discriminator="stage")
]


class MoveLeg(Strict):
    """How one contingent makes one move (deployment or withdrawal)."""

    mode: Literal["air", "road", "sea"]
    slots: int = Field(1, strict=True, ge=1, le=100, description="airfields loading this contingent's aircraft at once")
    loading_h: Duration | None = None
    flight_h: Duration | None = None
    road_h: Duration | None = None
    sea_h: Duration | None = None
    handover_h: Duration = Duration("fixed", (0.0,))
    sorties: int | None = Field(None, strict=True, ge=1, le=10_000,
                                description="sorties for this leg; default from the pool's personnel_per_sortie")
    source: list[str] = Field(default_factory=list)
    note: str = ""

    @model_validator(mode="after")
    def _mode_fields(self):
        if self.mode == "air" and (self.loading_h is None or self.flight_h is None):
            raise ValueError("an air move needs loading_h and flight_h")
        if self.mode == "road" and self.road_h is None:
            raise ValueError("a road move needs road_h")
        if self.mode == "sea" and self.sea_h is None:
            raise ValueError("a sea move needs sea_h")
        return self


class Contingent(Strict):
    personnel: Quantity
    equipment: Quantity = Quantity(status="unknown")
    units: list[str] = Field(default_factory=list)
    sites: list[str] = Field(default_factory=list)
    source: SourceKeys
    approval: list[ApprovalStage] = Field(min_length=1)
    durations: dict[str, Duration] = Field(default_factory=dict, description="per-step overrides, hours")
    moves: dict[str, MoveLeg] = Field(default_factory=dict, description="move step id -> how")
    note: str = ""

    @model_validator(mode="after")
    def _modelled_strength(self):
        if self.personnel.modelled is None:
            raise ValueError("personnel needs a value, or modelled_as with a note when the record has none")
        return self


class Offer(Strict):
    """What one member offers on its own account (an individual obligation), and when."""

    offer: str | None = Field(description="the assistance in words; null when the member offers nothing")
    reason: str = Field("", description="why nothing is offered, e.g. neutrality")
    delay_h: Duration = Field(description="hours from the step's start to the offer (predictive; replay uses the record)")
    source: SourceKeys
    note: str = ""


class BodyBehaviour(Strict):
    convene_h: Duration | None = Field(None, description="time until the body meets, from the step's start (hours)")
    silence_h: Duration | None = Field(
        None, description="decide by silence procedure: hours until the deadline; an objection before it breaks silence"
    )
    answer_h: Duration = Field(description="each member's delay to answer, hours")
    drafting_h: Duration = Field(Duration("fixed", (0.0,)), description="time from the last answer to the adopted text")
    answers: dict[str, Literal["consent", "object", "abstain", "absent"]] = Field(
        default_factory=dict, description="member -> consent (default), object, abstain, or absent (does not take part or sign)"
    )
    answer_h_by_member: dict[str, Duration] = Field(default_factory=dict)


class AirPool(Strict):
    aircraft: int = Field(strict=True, gt=0, le=10_000)
    personnel_per_sortie: int = Field(strict=True, gt=0, le=1_000)
    turnaround_h: Duration
    source: list[str] = Field(default_factory=list)
    note: str = ""


class Crisis(Strict):
    """What happened, as the affected state frames it; articles' scopes are checked against it."""

    kind: CrisisKind
    where: str = Field(description="the member state whose territory it is on, or a place outside members' territory")
    against: str = Field("", description="the other side: a member state, another state, or words such as 'armed groups'")
    source: SourceKeys
    note: str = ""


class Request(Strict):
    """Whether and how the affected state asks for help: to the organisation, one member, or no one."""

    by: str
    joined_by: list[str] = Field(default_factory=list, description="other members invoking the article together with by")
    to: str = Field(
        "organisation",
        description="organisation; informal (a contact such as a call to the Secretary General, no formal request); "
        "none; or a member state (a bilateral appeal)",
    )
    article: str | None = Field(None, description="the legal basis invoked; needed for a request to the organisation")
    source: list[str] = Field(default_factory=list)
    note: str = ""

    @model_validator(mode="after")
    def _article(self):
        if self.to == "organisation" and not self.article:
            raise ValueError("a request to the organisation names the article it invokes (article: ...)")
        return self

    def describe(self) -> str:
        """The request in a sentence, e.g. 'Kazakhstan under CST Art. 4'."""
        if self.to == "organisation":
            return f"{self.by} under {self.article}"
        if self.to == "none":
            return f"none: {self.by} made no request to the organisation"
        if self.to == "informal":
            return f"none formal: {self.by} contacted the organisation informally"
        return f"{self.by} appealed to {self.to} bilaterally"

    def basis(self) -> str:
        """What the request rests on, in a word or two: the article, or why there is none."""
        if self.to == "organisation":
            return self.article
        return {"none": "no request", "informal": "informal contact"}.get(self.to, f"bilateral: {self.to}")


Probabilities = dict[str, float]


def _option_probabilities(value):
    if isinstance(value, dict):
        if not value or any(not isinstance(p, (int, float)) or isinstance(p, bool) or p < 0 for p in value.values()):
            raise ValueError("give each option a probability (a number ≥ 0)")
        if abs(sum(value.values()) - 1) > 1e-6:
            raise ValueError(f"option probabilities add up to {sum(value.values()):g}, not 1")
    return value


Choice = Annotated[
    str | Probabilities,
    BeforeValidator(_option_probabilities),
    Field(description="an option of a 'choose' step, or {option: probability} for predictive runs"),
]


class Conflict(Strict):
    reading: str
    source: SourceKeys


class RecordTime(Strict):
    """When something happened: a date (hour unknown) or a window, with the value replay uses."""

    date: Date | None = None
    window: tuple[Instant, Instant] | None = None
    assume: str | None = Field(None, description="replay instant: 'HH:MM' on the date, or an ISO instant")
    why: str = ""

    @model_validator(mode="after")
    def _one_form(self):
        if (self.date is None) == (self.window is None):
            raise ValueError("give exactly one of date or window")
        if self.window and self.window[0] > self.window[1]:
            raise ValueError("window starts after it ends; dates out of order")
        if self.assume is not None and not self.why:
            raise ValueError("say why this instant is assumed (why: ...)")
        return self


class RecordEntry(Strict):
    """A dated fact from the record: a milestone, and in replay mode a pinned time."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    label: Name
    step: str
    member: str | None = None
    event: Literal[EVENT_KEYS] | None = Field(None, description="a sub-event; default: the step's completion")
    attempt: int | None = Field(None, strict=True, ge=1)
    at: Instant | RecordTime
    tz: ZoneName | None = Field(None, description="zone of the date; default: the scenario's timezone")
    source: SourceKeys
    outcome: str | None = Field(None, description="the outcome the record shows (a session's, or a step's)")
    registered: int | None = Field(None, strict=True, ge=0)
    note: str = ""
    conflicts: list[Conflict] = Field(default_factory=list)

    @cached_property
    def sources(self) -> tuple[str, ...]:
        return tuple(self.source)

    @model_validator(mode="after")
    def _session_fields(self):
        if self.event == "session" and (self.attempt is None or self.outcome is None):
            raise ValueError("a parliament session needs attempt and outcome")
        return self


class RecordedOutcome(Strict):
    """How the case ended according to the record: checked against runs, never fed to the engine."""

    outcome: OutcomeClass
    source: SourceKeys
    note: str = ""


SOURCE_KEY = r"^[A-Za-z][A-Za-z0-9._-]{0,63}$"


class CaseSource(Strict):
    """A source of this case's own, cited by its key like the treaty registry's keys."""

    title: str = Field(min_length=1, max_length=500, description="author, title, publisher and date")
    url: str = Field(pattern=r"^https?://\S+$", max_length=2000, description="where it can be read")
    found: str = Field("", max_length=500, description="where it was found: an archive copy, a page, a search")

    def registry_entry(self) -> dict:
        """The shape of a treaty registry's entry (title, urls), with where it was found."""
        return {"title": self.title, "urls": [self.url], "found": self.found}


class Scenario(Strict):
    """A scenario file: the case, the request, how the actors behave and how long steps take, and the dated record."""

    scenario: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="id, used as the output folder name")
    treaty: str
    title: Name
    description: str = ""
    origin: Instant
    timezone: ZoneName = Field(description="zone used for dates on charts and in tables")
    seed: int = Field(1, strict=True, ge=0, lt=2**63)
    horizon_days: float = Field(60, strict=True, gt=0, le=3650)
    crisis: Crisis | None = None
    request: Request
    choices: dict[str, Choice] = Field(default_factory=dict, description="'choose' step id -> option taken")
    assistance: dict[str, Offer] = Field(default_factory=dict, description="member -> what it offers in 'assist' steps")
    contingents: dict[str, Contingent] = Field(default_factory=dict)
    bodies: dict[str, BodyBehaviour] = Field(default_factory=dict)
    decisions: dict[str, BodyBehaviour] = Field(
        default_factory=dict,
        description="'decide' step id -> the body's behaviour in that one decision (answers, silence procedure, "
        "timing), in place of bodies.<body> for it",
    )
    durations: dict[str, Duration] = Field(
        default_factory=dict, description="step id -> hours (predictive); leave out to use the treaty's history")
    air: dict[str, AirPool] = Field(default_factory=dict, description="move step id -> shared aircraft pool")
    strength: Strength | None = Field(None, description="official totals of the deployed force")
    sources: dict[Annotated[str, Field(pattern=SOURCE_KEY)], CaseSource] = Field(
        default_factory=dict, description="source key -> this case's own source; merged with the treaty's registry",
    )
    record: list[RecordEntry] = Field(default_factory=list)
    recorded: RecordedOutcome | None = Field(None, description="the record's outcome class, for fidelity checks")
    assumptions: list[str] = Field(default_factory=list)

    def behaviour(self, step) -> BodyBehaviour | None:
        """How the deciding body behaves in ``step``: the decision's own entry, else the body's."""
        return self.decisions.get(step.id) or self.bodies.get(step.actor)

    @property
    def local_date(self):
        """The origin's calendar date in the scenario's zone (decides membership and chair)."""
        return self.origin.astimezone(zone(self.timezone)).date()

    def duration_of(self, step, member: str | None = None) -> Duration | None:
        """How long ``step`` takes: a contingent's own duration, else the scenario's, else the treaty's default.

        A case with no ``durations:`` at all takes the treaty's history (`treaty-sim calibrate`) first.
        """
        if not self.durations and step.history_h is not None:
            dist = step.history_h
        else:
            dist = self.durations.get(step.id, step.duration_h)
        if member is not None and member in self.contingents:
            dist = self.contingents[member].durations.get(step.id, dist)
        return dist

    def source_registry(self, treaty_sources: dict[str, dict]) -> dict[str, dict]:
        """The keys this case may cite: its treaty's registry and its own ``sources:``."""
        return {**treaty_sources, **{key: source.registry_entry() for key, source in self.sources.items()}}

    @property
    def horizon_h(self) -> float:
        """How long a run may last, in hours."""
        return self.horizon_days * 24


def record_window(entry: RecordEntry, default_tz: str) -> tuple[datetime, datetime, datetime, bool]:
    """(start, end, assumed instant, exact?) of a record entry, all in UTC."""
    tz = zone(entry.tz or default_tz)
    at = entry.at
    if isinstance(at, datetime):
        return at, at, at, True
    if at.date is not None:
        start = datetime.combine(at.date, datetime.min.time(), tz)
        end = start + timedelta(days=1) - timedelta(minutes=1)
        start, end = start.astimezone(UTC), end.astimezone(UTC)
    else:
        start, end = at.window
    if at.assume is None:
        assumed = start + (end - start) / 2
    elif ":" in at.assume and len(at.assume) <= 5:
        hour, minute = (int(x) for x in at.assume.split(":"))
        base = at.date if at.date is not None else start.astimezone(tz).date()
        assumed = datetime(base.year, base.month, base.day, hour, minute, tzinfo=tz).astimezone(UTC)
    else:
        assumed = parse_instant(at.assume)
    return start, end, assumed, False
