"""Classroom lessons: decision points the class takes, what-ifs from their answers, and a debrief."""

from .classroom import Lesson
from .files import load_answers, load_lesson
from .points import DecisionPoint, derive_points
from .whatif import Debrief, debrief, play

__all__ = ["Debrief", "DecisionPoint", "Lesson", "debrief", "derive_points", "load_answers", "load_lesson", "play"]
