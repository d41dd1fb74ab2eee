"""Outcome classes: how an activation of a treaty ended, derived from what happened in a run."""

from __future__ import annotations

from typing import Literal

# Most to least consequential; a run's outcome is the highest class its events established.
OUTCOME_CLASSES = (
    "deployed",  # forces reached the requesting state
    "measures",  # collective measures (posture, air policing, plans) without forces sent to the requester
    "declined",  # troops refused (a council blocked or the requester declined); aid may follow
    "aid",  # material or programme help, no troops
    "mission_only",  # a fact-finding or monitoring mission, no assistance decision
    "consultations_only",  # consultations held, no decision on measures
    "no_action",  # the organisation was seized or engaged but took no collective action
    "no_request",  # no request reached the organisation
)
OutcomeClass = Literal[OUTCOME_CLASSES]
