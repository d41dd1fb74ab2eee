"""The robustness fuzz's tally (`robustness/test_robust_fuzz.py`): how many input files were tried and how each
ended, printed once in the terminal summary by `conftest.py` (shown under pytest -q). Under pytest-xdist each
worker sends its tally to the controller, which prints the sum of them."""

from __future__ import annotations

from collections import Counter, defaultdict

TALLY: dict[str, Counter] = defaultdict(Counter)  # family -> how its inputs ended -> count
SECONDS: Counter = Counter()  # time spent checking inputs, per family


def summary() -> list[str]:
    """The lines to print: nothing when no input was fuzzed in this session."""
    if not TALLY:
        return []
    total = sum(sum(c.values()) for c in TALLY.values())
    rejected = sum(c["rejected (exit 2)"] for c in TALLY.values())
    lines = [f"robustness fuzz: {total:,} input files tried, {rejected:,} rejected with a located message "
             f"(exit 2), {total - rejected:,} valid and run; {sum(SECONDS.values()):.0f} s checking them"]
    for family, counts in sorted(TALLY.items()):
        parts = ", ".join(f"{n:,} {what}" for what, n in sorted(counts.items()))
        lines.append(f"  {family}: {parts} ({SECONDS[family]:.0f} s)")
    return lines


def sent() -> dict:
    """This process's tally as plain data, for an xdist worker's output."""
    return {"tally": {family: dict(counts) for family, counts in TALLY.items()}, "seconds": dict(SECONDS)}


def add(received: dict) -> None:
    """Adds a worker's tally (what `sent` gave there) to this process's."""
    for family, counts in received["tally"].items():
        TALLY[family].update(counts)
    SECONDS.update(received["seconds"])
