"""The live classroom: a case served to the projector and to students' phones (`treaty-sim classroom`).

``session`` is the state and the rules (plain Python, no server); ``server`` the Starlette app over it.
"""

from simulator.classroom.session import ClassroomSession, Refused
from simulator.classroom.start import create_session

__all__ = ["ClassroomSession", "Refused", "create_session"]
