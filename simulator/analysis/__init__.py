"""Analysis of event logs: milestones against the record, and fidelity over many runs."""

from .fidelity import FidelityReport, MilestoneFidelity, fidelity
from .milestones import Milestone, milestones

__all__ = ["FidelityReport", "Milestone", "MilestoneFidelity", "fidelity", "milestones"]
