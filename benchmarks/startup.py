"""Start-up: whole-process times of the commands that draw nothing, and of one replay end to end.

Part 1 times `python -c pass`, the libraries treaty-sim cannot start without
(`import simpy, yaml, pydantic, networkx`), `treaty-sim --help`, `treaty-sim validate` and
`treaty-sim schema`: each a fresh process, its median over the rounds, its ratio to the
libraries' import, and the target of at most 0.4 s.

Part 2 times `treaty-sim run scenarios/kazakhstan-2022.yaml --out <tmp>` (replay, all seven
outputs) against the end-to-end floor `../shared/perf/e2e_floor.py` (a hand-written SimPy model
that imports simpy, PyYAML and matplotlib, runs once, writes a CSV and one PNG; see
../shared/perf/README.md): the median of the ratios of pairs run one after the other, against
the target of at most 1.5x.

    .venv/bin/python benchmarks/startup.py [--rounds 15] [--run-rounds 9] [--floor PATH]

Absolute times on a shared virtual machine drift by 30-60 % between runs, so the commands are
interleaved (A B C ... A B C ...) and only medians and ratios within one run are compared.
Modules load from their bytecode cache, as after an install, whatever PYTHONDONTWRITEBYTECODE says.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT.parent / "shared" / "perf" / "e2e_floor.py"
SCENARIO = "scenarios/kazakhstan-2022.yaml"
STARTUP_TARGET_S = 0.4
RUN_TARGET = 1.5
# As after an install: modules load from their bytecode cache (a PYTHONDONTWRITEBYTECODE in the
# caller's environment would make every process compile treaty-sim's modules again).
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def whole_process(command: list[str]) -> float:
    """Seconds from spawning the process to its exit; a failing command stops the benchmark."""
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)} failed (exit {proc.returncode}):\n{proc.stderr.decode(errors='replace')}")
    return elapsed


def interleaved(commands: dict[str, list[str]], rounds: int) -> dict[str, list[float]]:
    """Each command once a round, in the same order, after one warm-up round (file and bytecode caches)."""
    for command in commands.values():
        whole_process(command)
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(rounds):
        for label, command in commands.items():
            times[label].append(whole_process(command))
    return times


def startup(python: str, treaty_sim: str, rounds: int) -> None:
    commands = {
        "python -c pass": [python, "-c", "pass"],
        "import simpy, yaml, pydantic, networkx": [python, "-c", "import simpy, yaml, pydantic, networkx"],
        "treaty-sim --help": [treaty_sim, "--help"],
        f"treaty-sim validate {SCENARIO}": [treaty_sim, "validate", SCENARIO],
        "treaty-sim schema": [treaty_sim, "schema"],
    }
    times = interleaved(commands, rounds)
    medians = {label: statistics.median(t) for label, t in times.items()}
    baseline = medians["import simpy, yaml, pydantic, networkx"]
    print(f"start-up, whole process, median of {rounds} interleaved rounds "
          f"(ratio to `import simpy, yaml, pydantic, networkx`; target <= {STARTUP_TARGET_S} s):")
    for label, median in medians.items():
        verdict = ""
        if label.startswith("treaty-sim"):
            verdict = "meets the target" if median <= STARTUP_TARGET_S else "MISSES the target"
        print(f"  {label:<58} {median:6.3f} s  {median / baseline:5.2f}x  {verdict}")


def end_to_end(python: str, treaty_sim: str, floor: Path, rounds: int) -> None:
    with tempfile.TemporaryDirectory(prefix="startup-bench-") as tmp:
        commands = {
            "e2e floor": [python, str(floor), str(floor.with_name("scenario.yaml")), str(Path(tmp) / "floor")],
            "treaty-sim run": [treaty_sim, "run", SCENARIO, "--out", str(Path(tmp) / "run")],
        }
        times = interleaved(commands, rounds)
    ratios = [run / base for run, base in zip(times["treaty-sim run"], times["e2e floor"], strict=True)]
    ratio = statistics.median(ratios)
    verdict = "meets" if ratio <= RUN_TARGET else "MISSES"
    print(f"end to end, whole process, {rounds} interleaved pairs:")
    print(f"  {'python ../shared/perf/e2e_floor.py':<58} {statistics.median(times['e2e floor']):6.3f} s (median)")
    print(f"  {f'treaty-sim run {SCENARIO} --out <tmp>':<58} {statistics.median(times['treaty-sim run']):6.3f} s (median)")
    print(f"  => median of pair ratios: {ratio:.2f}x the floor (range {min(ratios):.2f}-{max(ratios):.2f}; "
          f"{verdict} the target of {RUN_TARGET}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds of the start-up commands")
    parser.add_argument("--run-rounds", type=int, default=9, help="interleaved pairs of treaty-sim run and the floor")
    parser.add_argument("--floor", type=Path, default=FLOOR, help="the end-to-end floor script  [default: %(default)s]")
    args = parser.parse_args()
    if not args.floor.is_file():
        sys.exit(f"error: the end-to-end floor script {args.floor} is missing (see ../shared/perf/README.md); "
                 "give its path with --floor")
    python = sys.executable
    treaty_sim = str(Path(python).with_name("treaty-sim"))
    if not Path(treaty_sim).is_file():
        sys.exit(f"error: {treaty_sim} not found: run `make install` first")
    startup(python, treaty_sim, args.rounds)
    end_to_end(python, treaty_sim, args.floor, args.run_rounds)


if __name__ == "__main__":
    main()
