"""Analysis of event logs: milestones against the record."""

from .milestones import Milestone, milestones

__all__ = ["Milestone", "milestones"]
