"""The Tiny Defence Pact: a small invented treaty and one case of it, shared by the tests that need a
treaty that is not one of the shipped ones (tests/engine/test_generic_treaty.py runs it; the robustness
suites loop it, break it and fill it with hostile text).

Write it next to a copy of a shipped sources file (the keys are S1...), e.g.::

    (folder / "tiny.yaml").write_text(yaml.safe_dump(TREATY, sort_keys=False))
    shutil.copy(TREATY_DIR / "csto.sources.yaml", folder / "tiny.sources.yaml")
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import yaml

from simulator.checks.treaty import TREATY_DIR

TREATY = {
    "treaty": "tiny",
    "name": "Tiny Defence Pact",
    "members": [
        {"name": "Avalon", "timezone": "Europe/London", "joined": "2000-01-01", "source": ["S1"]},
        {"name": "Borduria", "timezone": "Europe/Berlin", "joined": "2000-01-01", "source": ["S1"]},
        {"name": "Carpania", "timezone": "Europe/Athens", "joined": "2000-01-01", "source": ["S1"]},
    ],
    "chair_rotation": {"title": "Pact chair", "order": ["Avalon", "Borduria", "Carpania"],
                       "anchor_year": 2020, "anchor_member": "Avalon", "source": ["S1"]},
    "bodies": [
        {"id": "council", "name": "Pact Council", "composition": "ministers", "rule": "consensus",
         "chaired_by": "chair", "timezone": "chair", "source": ["S1"]},
    ],
    "articles": [{"id": "Pact Art. 1", "instrument": "Pact", "title": "Assistance",
                  "wordings": [{"version": "2000", "summary": "Members assist.", "source": ["S1"]}]}],
    "force_title": "Pact force",
    "procedure": {
        "start": "ask",
        "steps": [
            {"id": "ask", "label": "Request", "kind": "act", "phase": "request", "actor": "requester",
             "action": "asks for help", "basis": ["request_article"], "source": ["S1"], "next": "vote"},
            {"id": "vote", "label": "Council vote", "kind": "decide", "phase": "decision", "actor": "council",
             "action": "agrees to help", "basis": ["Pact Art. 1"], "source": ["S1"], "next": {"adopted": "yes"}},
            {"id": "yes", "label": "National consent", "kind": "approve", "phase": "approval", "actor": "contingent",
             "per_contingent": True, "action": "consents", "basis": ["Pact Art. 1"], "source": ["S1"],
             "next": {"approved": "go"}},
            {"id": "go", "label": "Drive there", "kind": "move", "phase": "deployment", "actor": "contingent",
             "per_contingent": True, "action": "drives", "basis": ["Pact Art. 1"], "source": ["S1"], "next": "there"},
            {"id": "there", "label": "All there", "kind": "join", "phase": "deployment", "actor": "force",
             "action": "all in place", "basis": ["Pact Art. 1"], "source": ["S1"]},
        ],
    },
}

SCENARIO = {
    "scenario": "tiny-case",
    "treaty": "tiny.yaml",
    "title": "Avalon asks the pact for help",
    "origin": "2021-03-01T00:00+00:00",
    "timezone": "Europe/London",
    "request": {"by": "Avalon", "article": "Pact Art. 1"},
    "durations": {"ask": 5},
    "bodies": {"council": {"answer_h": [1, 3], "drafting_h": 1}},
    "contingents": {
        name: {"personnel": {"value": 50, "source": ["S1"]}, "source": ["S1"],
               "approval": [{"stage": "government", "delay_h": [2, 6]}],
               "moves": {"go": {"mode": "road", "road_h": [10, 20]}}}
        for name in ("Borduria", "Carpania")
    },
    "record": [{"id": "asked", "label": "Avalon asks", "step": "ask",
                "at": "2021-03-01T06:00+00:00", "source": ["S1"]}],
}


def looping_pact(folder: Path, ask_h: float) -> Path:
    """The pact where a blocked vote sends the request back, and Borduria always objects: writes the treaty
    and a case of it to ``folder``, whose request takes ``ask_h`` hours; returns the case's path."""
    treaty = copy.deepcopy(TREATY)
    treaty["procedure"]["steps"][1]["next"] = {"adopted": "yes", "blocked": "ask"}
    (folder / "tiny.yaml").write_text(yaml.safe_dump(treaty, sort_keys=False))
    shutil.copy(TREATY_DIR / "csto.sources.yaml", folder / "tiny.sources.yaml")
    scenario = copy.deepcopy(SCENARIO)
    scenario.update(durations={"ask": ask_h}, record=[], horizon_days=10)
    scenario["bodies"] = {"council": {"answer_h": 0, "drafting_h": 0, "answers": {"Borduria": "object"}}}
    path = folder / "loop.yaml"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path
