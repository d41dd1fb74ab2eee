"""The treaty file format: members, bodies, articles, forces and the procedure as data."""

from __future__ import annotations

from datetime import date
from functools import cached_property
from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..models import Date, SourceKeys, Strict, ZoneName

StepKind = Literal["act", "decide", "approve", "move", "join", "operate"]
Phase = Literal["request", "decision", "approval", "deployment", "operation", "withdrawal", "reporting"]


class Member(Strict):
    name: str
    timezone: ZoneName
    joined: Date | None = Field(None, description="None when the record does not give it")
    suspended: Date | None = None
    source: SourceKeys
    note: str = ""

    def active_on(self, day: date) -> bool:
        return (self.joined is None or self.joined <= day) and (self.suspended is None or day < self.suspended)


class ChairRotation(Strict):
    """Yearly rotation in a fixed order, anchored on one known year."""

    title: str = Field("chair", description="how the chair is named in the event log, e.g. 'CSC chair'")
    order: list[str] = Field(min_length=1)
    anchor_year: int
    anchor_member: str
    source: SourceKeys
    note: str = ""

    @model_validator(mode="after")
    def _anchor_in_order(self):
        if self.anchor_member not in self.order:
            raise ValueError(f"anchor_member {self.anchor_member!r} is not in order")
        return self

    def chair(self, year: int) -> str:
        start = self.order.index(self.anchor_member)
        return self.order[(start + year - self.anchor_year) % len(self.order)]


class Body(Strict):
    id: str
    name: str
    composition: str
    rule: Literal["consensus", "none"]
    chaired_by: Literal["chair", "none"] = "none"
    timezone: ZoneName | Literal["chair"]
    source: SourceKeys
    note: str = ""


class Wording(Strict):
    version: str
    since: Date | None = None
    summary: str
    source: SourceKeys


class Article(Strict):
    id: str
    instrument: str
    title: str
    wordings: list[Wording] = Field(min_length=1)


class Force(Strict):
    id: str
    name: str
    strength: int = Field(gt=0)
    note: str = ""
    source: SourceKeys


class Step(Strict):
    """One procedure step: who acts, how (kind), under which legal basis, and what follows."""

    id: str
    label: str
    kind: StepKind
    phase: Phase
    actor: str = Field(description="requester, chair, contingent, or a body id")
    action: str = Field(description="what the actor does, in words, e.g. 'appeals for assistance'")
    per_contingent: bool = False
    basis: list[str] = Field(min_length=1, description="article ids, or 'request_article'")
    source: SourceKeys
    next: dict[str, list[str]] = Field(default_factory=dict, description="outcome -> next step ids")

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


class Procedure(Strict):
    start: str
    steps: list[Step] = Field(min_length=1)


class Treaty(Strict):
    treaty: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="id; names output files such as <id>-network.png")
    name: str
    members: list[Member] = Field(min_length=1)
    chair_rotation: ChairRotation
    bodies: list[Body] = Field(min_length=1)
    articles: list[Article] = Field(min_length=1)
    forces: list[Force] = Field(default_factory=list)
    force_title: str = Field("Collective forces", description="how the deployed force is named in the event log")
    procedure: Procedure

    def member(self, name: str) -> Member | None:
        return next((m for m in self.members if m.name == name), None)

    def body(self, body_id: str) -> Body | None:
        return next((b for b in self.bodies if b.id == body_id), None)

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.procedure.steps if s.id == step_id), None)

    def active_members(self, day: date) -> list[Member]:
        return [m for m in self.members if m.active_on(day)]
