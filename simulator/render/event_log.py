"""Writing the event log: events.csv and events.jsonl (and the partial log of a run that stopped)."""

from __future__ import annotations

import json
from datetime import datetime

from simulator.base.text import csv_text
from simulator.engine.events import Event

COLUMNS = (
    "replication", "seq", "hours", "utc", "local", "zone", "actor", "member", "step",
    "event", "action", "outcome", "personnel", "attempt", "basis", "sources", "pinned",
)


def to_csv(events: list[Event], origin: datetime) -> str:
    """events.csv: one line an event, the columns of COLUMNS."""
    return csv_text((event.row(origin) for event in events), COLUMNS)


def to_jsonl(events: list[Event], origin: datetime) -> str:
    """events.jsonl: one JSON object an event, with numbers, lists and booleans as such."""
    lines = []
    for event in events:
        row = event.row(origin)
        row["hours"] = round(event.hours, 4)
        row["sources"] = list(event.sources)
        row["pinned"] = event.pinned
        row["personnel"] = event.personnel
        row["attempt"] = event.attempt
        lines.append(json.dumps(row, ensure_ascii=False, sort_keys=False))
    return "\n".join(lines) + ("\n" if lines else "")
