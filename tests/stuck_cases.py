"""Changes to the shipped Kazakhstan scenario that leave its procedure stuck before the horizon, shared by the
engine's tests of stalls (tests/engine/test_stalls.py) and the command's (tests/robustness/test_robust_stuck.py).
Each takes the scenario's data and changes it in place, as conftest's ``variant`` fixture expects."""

from __future__ import annotations

HORIZON_H = 40 * 24  # the Kazakhstan scenario's horizon_days


def slow_answer(data):
    """Belarus answers the Collective Security Council after 8,000 hours: the consensus never comes."""
    data["bodies"]["csc"]["answer_h_by_member"] = {"Belarus": 8000}


def parliament_without_quorum(data):
    """The Kyrgyz parliament never has its quorum, and keeps trying every 100 hours."""
    stage = data["contingents"]["Kyrgyzstan"]["approval"][0]
    stage.update(attendance={"triangular": [0.1, 0.2, 0.3]}, max_sessions=50, retry_h=100)
    stage.pop("attendance_by_session", None)
    data["record"] = [r for r in data["record"] if r.get("member") != "Kyrgyzstan"]


def ministers_never_meet(data):
    """The Council of Defence Ministers answers after 8,000 hours, in a 30-day horizon."""
    data["bodies"]["cmd"]["answer_h"] = 8000
    data["horizon_days"] = 30
