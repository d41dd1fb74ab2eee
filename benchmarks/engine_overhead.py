"""Engine overhead: events per second of the treaty-sim engine against a bare SimPy model.

The bare model is the Kazakhstan 2022 procedure written by hand in plain SimPy: the same
steps, the same duration distributions (read from the scenario) and random generator type,
the same aircraft and loading-slot resources, appending one tuple per event to a list. The engine pays for being
general (a decision network read from data, named random streams, typed event records).

    .venv/bin/python benchmarks/engine_overhead.py [--runs 20] [--rounds 31] [--instructions]

Prints both rates and their ratio; the target is a ratio of at most 1.3. Wall-clock time on
a shared virtual machine drifts by tens of percent between rounds, so engine and bare rounds
are interleaved in pairs and the verdict is the median of the pairs' ratios; --instructions
also counts CPU instructions with valgrind's callgrind, which gives the same figure on every run.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import simpy

from simulator import build_network, load_scenario, load_treaty
from simulator.engine.core import Engine
from simulator.model.scenario import ParliamentStage

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "kazakhstan-2022.yaml"
TARGET = 1.3


def bare_run(sc, members: list[str], seed: int) -> list[tuple]:
    """The same procedure, hand-written: one generator, no network, tuples for events."""
    env = simpy.Environment()
    rng = random.Random(seed)  # the same generator type and samplers as the engine
    log: list[tuple] = []
    d = sc.durations
    pools = {step: simpy.Resource(env, pool.aircraft) for step, pool in sc.air.items()}

    def ev(step, kind, member=""):
        log.append((env.now, step, kind, member))

    def simple(step, dist, member=""):
        ev(step, "start", member)
        yield env.timeout(dist.sample(rng))
        ev(step, "end", member)

    def council(step, body):
        ev(step, "start")
        opened = env.now
        for delay in sorted(body.answer_h.sample(rng) for _ in members):
            yield env.timeout(opened + delay - env.now)
            ev(step, "answer")
        yield env.timeout(body.drafting_h.sample(rng))
        ev(step, "end")

    def approval(name, c):
        ev("national_approval", "start", name)
        for stage in c.approval:
            if isinstance(stage, ParliamentStage):  # quorum by session's attendance, then the vote
                for attempt in range(1, stage.max_sessions + 1):
                    yield env.timeout((stage.first_session_h if attempt == 1 else stage.retry_h).sample(rng))
                    attendance = stage.attendance_at(attempt)
                    registered = min(round(stage.seats * attendance.sample(rng)) for _ in range(stage.chambers))
                    ev("national_approval", "session", name)
                    if registered >= stage.needed():
                        if round(registered * stage.support.sample(rng)) >= stage.votes_needed(registered):
                            break
                        ev("national_approval", "end", name)
                        return False
                else:
                    ev("national_approval", "session", name)
                    ev("national_approval", "end", name)
                    return False
            else:
                yield env.timeout(stage.delay_h.sample(rng))
                ev("national_approval", {"decree": "decree", "vote": "vote"}.get(stage.stage, "decision"), name)
        ev("national_approval", "end", name)
        return True

    def move(step, name, c):
        ev(step, "start", name)
        leg = c.moves[step]
        if leg.handover_h.median() > 0:
            yield env.timeout(leg.handover_h.sample(rng))
            ev(step, "handover", name)
        if leg.mode in ("road", "sea"):
            ev(step, "departure", name)
            yield env.timeout((leg.road_h if leg.mode == "road" else leg.sea_h).sample(rng))
            ev(step, "arrival", name)
            ev(step, "end", name)
            return
        pool, aircraft = sc.air[step], pools[step]
        personnel = c.personnel.modelled
        sorties = leg.sorties or max(1, math.ceil(personnel / pool.personnel_per_sortie))
        slots = simpy.Resource(env, leg.slots)
        landed = env.event()
        count = [0]

        def turnaround(plane):
            yield env.timeout(pool.turnaround_h.sample(rng))
            aircraft.release(plane)

        def sortie():
            slot = slots.request()
            yield slot
            plane = aircraft.request()
            yield plane
            yield env.timeout(leg.loading_h.sample(rng))
            slots.release(slot)
            ev(step, "departure", name)
            yield env.timeout(leg.flight_h.sample(rng))
            ev(step, "arrival", name)
            env.process(turnaround(plane))
            count[0] += 1
            if count[0] == sorties:
                landed.succeed()

        for _ in range(sorties):
            env.process(sortie())
        yield landed
        ev(step, "end", name)

    def contingent(name, c):
        approved = yield env.process(approval(name, c))
        if not approved:
            return False
        yield env.process(simple("force_generation", c.durations.get("force_generation", d["force_generation"]), name))
        yield env.process(move("airlift", name, c))
        return True

    def procedure():
        yield env.process(simple("request", d["request"]))
        yield env.process(simple("consultations", d["consultations"]))
        yield env.process(council("council_decision", sc.bodies["csc"]))
        yield env.process(simple("decision_issued", d["decision_issued"]))
        env.process(simple("un_notification", d["un_notification"]))
        env.process(simple("commander_appointed", d["commander_appointed"]))
        chains = {name: env.process(contingent(name, c)) for name, c in sc.contingents.items()}
        yield env.all_of(list(chains.values()))
        deployed = [name for name, p in chains.items() if p.value]
        ev("deployment_complete", "start")
        ev("deployment_complete", "end")
        env.process(simple("council_review", d["council_review"]))
        ev("operation", "start")
        for name in deployed:
            ev("operation", "guard", name)
        yield env.timeout(d["operation"].sample(rng))
        ev("operation", "end")
        yield env.process(simple("host_announces_end", d["host_announces_end"]))
        yield env.process(simple("end_request", d["end_request"]))
        yield env.process(council("withdrawal_decision", sc.bodies["cmd"]))
        yield env.all_of([env.process(move("withdrawal", name, sc.contingents[name])) for name in deployed])
        ev("withdrawal_complete", "start")
        ev("withdrawal_complete", "end")
        yield env.process(simple("sg_report", d["sg_report"]))

    env.process(procedure())
    env.run(until=sc.horizon_h)
    return log


def settle() -> None:
    """Take the set-up (modules, treaty, scenario) out of the cyclic collector's reach, for both models alike,
    as the replication workers do (simulator/experiments/replications.py): a long loop of runs then pays for
    collecting its own objects, not for walking the set-up again and again."""
    gc.collect()
    gc.freeze()


def wall_clock(engine_once, bare_once, runs: int, rounds: int) -> None:
    """Interleave engine and bare rounds (this machine's speed drifts), each pair in alternating order, and
    take the median of the pairs' ratios: one round that ran on a quiet or a busy moment moves it little."""
    times = {"engine": [], "bare": []}
    events = {}
    for once in (engine_once, bare_once):
        once(0)  # warm-up
    settle()
    sides = [("bare", bare_once), ("engine", engine_once)]
    for number in range(rounds):
        for label, once in sides if number % 2 == 0 else sides[::-1]:
            gc.collect()
            started = time.perf_counter()
            events[label] = sum(once(seed) for seed in range(1, runs + 1))
            times[label].append(time.perf_counter() - started)
    ratios = sorted(e / b for e, b in zip(times["engine"], times["bare"], strict=True))
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    print(f"wall clock, {rounds} interleaved rounds of {runs} replications (median round):")
    for label, name in (("engine", "treaty-sim engine"), ("bare", "bare hand-written SimPy model")):
        median = statistics.median(times[label])
        print(f"  {name:<32} {events[label] / runs:6.0f} events/run {runs / median:8.1f} runs/s "
              f"{events[label] / median:10,.0f} events/s")
    print(f"  ratio of each round's pair: median {statistics.median(ratios):.3f}, quartiles {quartiles[0]:.3f}–"
          f"{quartiles[2]:.3f}; best against best {min(times['engine']) / min(times['bare']):.3f}")
    report("wall clock", statistics.median(ratios))
    differ = abs(events["engine"] - events["bare"]) / events["bare"]
    print(f"  events logged: engine {events['engine']:,}, bare {events['bare']:,} (differ by {differ:.1%}; "
          "the two models must stay within 1%)")


def instructions(runs: int) -> None:
    """Count CPU instructions under valgrind (deterministic, unlike time on a shared machine)."""
    counts = {}
    for worker in ("none", "bare", "engine"):
        proc = subprocess.run(
            ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
             "--worker", worker, "--runs", str(runs)],
            capture_output=True, text=True, check=True,
        )
        match = re.search(r"Collected : (\d+)", proc.stderr)
        counts[worker] = int(match.group(1))
    engine = (counts["engine"] - counts["none"]) / runs
    bare = (counts["bare"] - counts["none"]) / runs
    print(f"instructions per replication (callgrind, {runs} replications, set-up subtracted):")
    print(f"  treaty-sim engine {engine / 1e6:8.1f} M    bare SimPy model {bare / 1e6:8.1f} M")
    report("instructions", engine / bare)


def report(what: str, ratio: float) -> None:
    verdict = "meets" if ratio <= TARGET else "MISSES"
    print(f"  => {what}: the engine costs {ratio:.2f}x the bare model per event ({verdict} the target of {TARGET}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="replications per timing round")
    parser.add_argument("--rounds", type=int, default=31, help="interleaved timing rounds (pairs)")
    parser.add_argument("--instructions", action="store_true", help="also count instructions with valgrind")
    parser.add_argument("--worker", choices=("none", "bare", "engine"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    scenario = load_scenario(SCENARIO)
    treaty = load_treaty(scenario.treaty)
    graph = build_network(treaty)
    members = [m.name for m in treaty.active_members(scenario.local_date)]

    def engine_once(seed: int) -> int:
        return len(Engine(scenario, treaty, graph, "predictive", seed).run().events)

    def bare_once(seed: int) -> int:
        return len(bare_run(scenario, members, seed))

    if args.worker:
        once = {"none": lambda seed: 0, "bare": bare_once, "engine": engine_once}[args.worker]
        settle()
        for seed in range(1, args.runs + 1):
            once(seed)
        return
    print("Kazakhstan 2022, predictive mode")
    wall_clock(engine_once, bare_once, args.runs, args.rounds)
    if args.instructions:
        if shutil.which("valgrind") is None:
            print("valgrind not found: apt-get install valgrind")
        else:
            instructions(min(args.runs, 20))


if __name__ == "__main__":
    main()
