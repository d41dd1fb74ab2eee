"""Monte Carlo benchmark: throughput by worker count, overhead against bare SimPy, memory against n.

    .venv/bin/python benchmarks/montecarlo.py [--runs 2000] [--big 10000] [--small 1000]

Prints, in one run:
1. replications per second of `montecarlo` with 1 and 2 local worker processes, and the
   speed-up (target: at least 1.8x);
2. the time for --big Kazakhstan replications (montecarlo with one worker: engine, milestones,
   outcome, the streamed replications.csv and the tally) against the bare hand-written SimPy model
   of benchmarks/engine_overhead.py running as many replications (target: at most 1.5x);
3. peak memory (maximum resident set size of a fresh process running the whole command,
   outputs included) for n = --small and n = --big (target: about equal).

Each measurement of 2 and 3 runs in its own process, so that imports and earlier runs do not count.
Wall-clock figures on a shared machine drift; each throughput figure is the best of --rounds.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIO = HERE.parent / "scenarios" / "kazakhstan-2022.yaml"
SPEEDUP_TARGET, OVERHEAD_TARGET, MEMORY_TARGET = 1.8, 1.5, 1.2
EXTRA: list[str] = []  # options passed on to the measuring processes


def peak_kb() -> int:
    """Peak resident memory of this process, in KiB (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def measure_montecarlo(n: int, workers: int, outputs: bool = True) -> dict:
    """Run the montecarlo command's work in this process: simulate (streaming), then write every output."""
    from simulator.experiments.montecarlo import montecarlo

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        result = montecarlo(SCENARIO, n=n, seed=1, workers=workers, out=folder)
        simulated = time.perf_counter() - started
        if outputs:
            result.write(folder)
        return {"seconds": simulated, "total_seconds": time.perf_counter() - started, "peak_kb": peak_kb()}


def measure_bare(n: int) -> dict:
    """The bare SimPy model of engine_overhead.py, n replications, keeping nothing but a count."""
    sys.path.insert(0, str(HERE))
    from engine_overhead import bare_run

    from simulator import load_scenario, load_treaty

    scenario = load_scenario(SCENARIO)
    treaty = load_treaty(scenario.treaty)
    members = [m.name for m in treaty.active_members(scenario.local_date)]
    started = time.perf_counter()
    events = sum(len(bare_run(scenario, members, seed)) for seed in range(n))
    return {"seconds": time.perf_counter() - started, "events": events, "peak_kb": peak_kb()}


def in_process(*args: str) -> dict:
    """Run one measurement in a fresh interpreter; its JSON answer."""
    proc = subprocess.run([sys.executable, __file__, *args, *EXTRA], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2000, help="replications for the throughput figures")
    parser.add_argument("--rounds", type=int, default=2, help="throughput rounds (each side keeps its best)")
    parser.add_argument("--big", type=int, default=10_000,
                        help="replications against the bare model, and the larger n for memory")
    parser.add_argument("--small", type=int, default=1_000, help="the smaller n for memory")
    parser.add_argument("--no-outputs", action="store_true",
                        help="skip writing the summary, tables and charts in the measurements (quicker)")
    parser.add_argument("--measure", nargs=2, type=int, metavar=("N", "WORKERS"), help=argparse.SUPPRESS)
    parser.add_argument("--measure-bare", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure_montecarlo(*args.measure, outputs=not args.no_outputs)))
        return
    if args.measure_bare is not None:
        print(json.dumps(measure_bare(args.measure_bare)))
        return

    if args.no_outputs:
        EXTRA.append("--no-outputs")
    print(f"Kazakhstan 2022, predictive Monte Carlo ({SCENARIO.name})")
    best = {1: float("inf"), 2: float("inf")}
    for _ in range(args.rounds):
        for workers in (1, 2):
            best[workers] = min(best[workers], in_process("--measure", str(args.runs), str(workers))["seconds"])
    rate = {w: args.runs / s for w, s in best.items()}
    speedup = rate[2] / rate[1]
    print(f"1. throughput, {args.runs:,} replications, best of {args.rounds}:")
    print(f"  1 worker  {rate[1]:8.1f} replications/s")
    print(f"  2 workers {rate[2]:8.1f} replications/s")
    print(f"  => speed-up {speedup:.2f}x ({verdict(speedup >= SPEEDUP_TARGET)} the target of {SPEEDUP_TARGET}x)")

    big = in_process("--measure", str(args.big), "1")
    bare = in_process("--measure-bare", str(args.big))
    ratio = big["seconds"] / bare["seconds"]
    print(f"2. {args.big:,} replications, one worker:")
    print(f"  treaty-sim montecarlo        {big['seconds']:8.1f} s  (+ {big['total_seconds'] - big['seconds']:.1f} s writing "
          "the summary, tables and charts)")
    print(f"  bare hand-written SimPy model {bare['seconds']:8.1f} s")
    print(f"  => montecarlo takes {ratio:.2f}x the bare model ({verdict(ratio <= OVERHEAD_TARGET)} the target of "
          f"{OVERHEAD_TARGET}x)")

    small = in_process("--measure", str(args.small), "1")
    growth = big["peak_kb"] / small["peak_kb"]
    written = "not written" if args.no_outputs else "written"
    print(f"3. peak memory (maximum resident set size of the process, outputs {written}):")
    print(f"  n = {args.small:>6,}  {small['peak_kb'] / 1024:7.1f} MiB")
    print(f"  n = {args.big:>6,}  {big['peak_kb'] / 1024:7.1f} MiB")
    print(f"  => ratio {growth:.2f} ({verdict(growth <= MEMORY_TARGET)} 'about equal', at most {MEMORY_TARGET}x)")


if __name__ == "__main__":
    main()
