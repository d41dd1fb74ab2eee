"""Experiments: variants of a scenario, many replications, comparisons and sensitivity."""

from simulator.checks.variant import VariantScenario, load_case, load_variant

__all__ = ["VariantScenario", "load_case", "load_variant"]
