"""Everything people and other tools read: a run's files (events, milestones, outcome, summary),
charts, exports (OCEL 2.0, timelines, DataFrames), the HTML report and experiments' tables."""
