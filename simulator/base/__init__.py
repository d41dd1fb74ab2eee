"""Foundations that import nothing from simulator: errors (located problems), time and zones,
duration distributions, named random streams, text and CSV helpers, limits, the version."""
