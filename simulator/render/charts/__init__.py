"""matplotlib charts: the timeline of a run and the decision network."""
