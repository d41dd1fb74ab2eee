"""A classroom session as its teacher saved it (session.json), read back by `treaty-sim classroom --resume`.

Only what resuming needs is read: the case, its mode and seed, and each decision with the class's
answers; the rest of the file (names, outcomes, the debrief) is written for people and ignored here.
"""

from __future__ import annotations

from typing import Literal

from pydantic import ConfigDict, Field

from simulator.model.fields import Strict

Seconds = float  # from the saved session's start


class SavedBallot(Strict):
    name: str
    role: str
    answer: str
    after_s: Seconds = Field(ge=0)


class SavedDecision(Strict):
    point: str = Field(description="the decision point's id")
    role: str = ""
    opened_s: Seconds = Field(ge=0)
    closed_s: Seconds | None = Field(None, ge=0, description="null: the vote was still open when saved")
    reopened_s: list[Seconds] = Field(default_factory=list, max_length=100)
    ballots: list[SavedBallot] = Field(default_factory=list, max_length=10_000)
    class_answers: dict[str, str] = Field(default_factory=dict, description="seat's point id -> the class's answer")


class SavedSession(Strict):
    """The part of a saved session that resuming it reads."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    scenario: str
    mode: Literal["replay", "predictive"]
    seed: int | None = None
    injects: str | None = Field(None, description="the name of the inject file the class played with")
    decisions: list[SavedDecision] = Field(default_factory=list, max_length=100)
    position: int | None = Field(None, ge=0, description="events of the class's path shown; null: its last decision")
