"""Pure functions of a scenario, its treaty and a run's events: milestones against the record, fidelity
statistics, the key stages of a case."""
