"""Classroom lessons: decision points the class takes, what-ifs from their answers, and a debrief."""

from simulator.lesson.classroom import Lesson
from simulator.lesson.files import load_answers, load_lesson
from simulator.lesson.points import DecisionPoint, derive_points
from simulator.lesson.whatif import Debrief, debrief, play

__all__ = ["Debrief", "DecisionPoint", "Lesson", "debrief", "derive_points", "load_answers", "load_lesson", "play"]
