"""Analysis of event logs: milestones against the record, and fidelity over many runs."""

from simulator.analysis.fidelity import FidelityReport, MilestoneFidelity, fidelity
from simulator.analysis.milestones import Milestone, milestones

__all__ = ["FidelityReport", "Milestone", "MilestoneFidelity", "fidelity", "milestones"]
