"""Exports for other tools: OCEL 2.0 event logs in JSON, SQLite and XML (pm4py, Celonis, OCPM tools),
TimelineJS3 and vis-timeline data for slides and web pages, and pandas DataFrames for notebooks."""

from simulator.render.exports.files import FORMATS, export, json_text, write_data, write_export
from simulator.render.exports.frames import events_frame, milestones_frame
from simulator.render.exports.ocel import ocel_counts, to_ocel2
from simulator.render.exports.timelinejs import to_timelinejs
from simulator.render.exports.vistimeline import to_vis_timeline

__all__ = ["FORMATS", "events_frame", "export", "json_text", "milestones_frame", "ocel_counts",
           "to_ocel2", "to_timelinejs", "to_vis_timeline", "write_data", "write_export"]
