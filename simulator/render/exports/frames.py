"""pandas DataFrames of a run's event log and milestones, for notebooks."""

from __future__ import annotations

from simulator.render.event_log import COLUMNS
from simulator.render.exports.ocel import as_runs


def events_frame(results):
    """The event log of one RunResult (or several) as a pandas DataFrame, one row an event.

    Columns as in events.csv; ``utc`` is a timezone-aware datetime, ``hours`` a float,
    ``personnel`` and ``attempt`` nullable integers, ``pinned`` a boolean and ``sources`` the
    source keys separated by spaces.
    """
    import pandas as pd  # deferred: only the DataFrame views need pandas

    events = [(r.scenario.origin, e) for r in as_runs(results) for e in r.events]
    frame = pd.DataFrame([e.row(origin) for origin, e in events], columns=list(COLUMNS))
    frame["utc"] = pd.to_datetime(frame["utc"], format="%Y-%m-%dT%H:%M:%SZ", utc=True)
    frame["hours"] = [e.hours for _, e in events]
    frame["personnel"] = pd.array([e.personnel for _, e in events], dtype="Int64")
    frame["attempt"] = pd.array([e.attempt for _, e in events], dtype="Int64")
    frame["pinned"] = [e.pinned for _, e in events]
    return frame


def milestones_frame(result):
    """Each record entry of one RunResult against the run, as a pandas DataFrame.

    Columns: ``id``, ``label``, ``step``, ``member``, ``record`` (the record's date or window in
    words), ``zone``, ``sources``, ``record_hours`` (the instant replay assumes),
    ``window_start_hours``, ``window_end_hours``, ``simulated`` (local time in words),
    ``simulated_hours`` and ``delta_hours`` (NaN when not reached) and ``on_record``.
    """
    import pandas as pd  # deferred: only the DataFrame views need pandas

    origin = result.scenario.origin
    rows = [{
        "id": m.id, "label": m.label, "step": m.step, "member": m.member, "record": m.record, "zone": m.zone,
        "sources": " ".join(m.sources), "record_hours": m.assumed_h, "window_start_hours": m.window_start_h,
        "window_end_hours": m.window_end_h, "simulated": m.simulated_text(origin),
        "simulated_hours": m.simulated_h, "delta_hours": m.delta_h, "on_record": m.on_record,
    } for m in result.milestones]
    frame = pd.DataFrame(rows)
    for column in ("simulated_hours", "delta_hours"):
        frame[column] = frame[column].astype(float)
    return frame
