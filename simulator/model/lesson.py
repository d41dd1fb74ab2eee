"""The lesson file format (which decisions the class takes) and the answers file format (the class's
answers, prepared); checked against a case in lesson/files."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, RootModel, StrictFloat, StrictInt, StrictStr

from simulator.base.distributions import Duration
from simulator.model.fields import Strict
from simulator.model.scenario import BodyBehaviour


class Assumptions(Strict):
    """Data the what-ifs of a decision need and the scenario lacks (a branch history never took)."""

    why: str = Field(description="say where the values come from; shown to the class")
    durations: dict[str, Duration] = Field(default_factory=dict)
    bodies: dict[str, BodyBehaviour] = Field(default_factory=dict)
    horizon_days: float | None = Field(None, gt=0, le=3650, description="a longer run, for a slower branch")


class LessonPoint(Strict):
    id: str | None = Field(None, pattern=r"^[a-z0-9][a-z0-9_-]*$", description="what the answers file calls it")
    kind: Literal["council", "parliament", "choice"]
    body: str | None = Field(None, description="council: the deciding body")
    member: str | None = Field(None, description="council: the class's member state; parliament: whose parliament")
    step: str | None = Field(None, description="choice: the 'choose' step")
    intro: str = Field("", description="shown before the question")
    assume: Assumptions | None = None


class Lesson(Strict):
    """A lesson file: the decision points the class takes, in order."""

    title: str = ""
    points: list[LessonPoint] = Field(min_length=1, max_length=20)


# Strict: true/false is no answer (YAML reads `yes` as true), as load_answers says.
Answer = Annotated[StrictStr | StrictInt | StrictFloat, Field(description="one word: an option of the decision point")]


class Answers(RootModel[dict[str, Answer]]):
    """An answers file: decision point id -> the class's answer (load_answers checks each against its point)."""
