"""Load on `treaty-sim classroom`: simulated students vote over WebSockets at every decision of a lesson.

Starts the real command on a free port of 127.0.0.1 (no other address is ever contacted), joins a
teacher and N students, steps the case; at each decision every student votes (and a tenth change
their vote), once with the server idle and once while its worker thread builds the HTML report of
both paths (the engine's heaviest job in a session). Prints the delay from each vote to the tally on
the teacher's socket (p50, p99), the delay of each what-if rerun (close → the class's path), and the
server process's CPU time. Bounded: every wait has a timeout, and the whole run stops by itself.

    python benchmarks/classroom_load.py [--students 60] [--scenario scenarios/kazakhstan-2022.yaml]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parent.parent
WAIT = 30.0  # seconds: the longest any one reply may take before the benchmark gives up


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start(scenario: Path):
    command = [sys.executable, "-m", "simulator.cli", "classroom", str(scenario), "--port", "0"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines, deadline = [], time.monotonic() + WAIT
    while time.monotonic() < deadline and not any("Students:" in line for line in lines):
        line = server.stdout.readline()
        if not line:
            break
        lines.append(line)
    text = "".join(lines)
    found = re.search(r":(\d+)/teacher#token=(\S+)", text), re.search(r"code (\w+)", text)
    if not all(found):
        server.kill()
        raise SystemExit(f"the classroom did not start:\n{text}")
    return server, int(found[0].group(1)), found[0].group(2), found[1].group(1)


async def receive(socket, wanted):
    while True:
        message = json.loads(await asyncio.wait_for(socket.recv(), WAIT))
        if wanted(message):
            return message


async def session(pid: int, port: int, token: str, code: str, count: int, seed: int):
    rng = random.Random(seed)
    began = time.perf_counter()
    url = f"ws://127.0.0.1:{port}/ws"
    teacher = await connect(url, close_timeout=2)
    await teacher.send(json.dumps({"type": "teacher", "token": token}))
    await receive(teacher, lambda m: m["type"] == "state")
    students = []
    for i in range(count):
        socket = await connect(url, close_timeout=2)
        await socket.send(json.dumps({"type": "join", "code": code, "name": f"student {i}", "client": f"bench-{i:06d}"}))
        await receive(socket, lambda m: m["type"] == "state")
        students.append([socket, {}])
    await receive(teacher, lambda m: m["type"] == "state" and len(m["students"]) == count)  # every join shown
    idle, loaded, reruns = [], [], []
    busy = False
    for _ in range(10_000):  # bounded: a lesson has at most 20 decisions and a few hundred events
        await teacher.send(json.dumps({"type": "next"}))
        reply = await receive(teacher, lambda m: m["type"] in ("state", "error"))
        if reply["type"] == "state" and reply["end"]:
            break
        if reply["type"] == "state":
            continue
        if "open the vote first" not in reply["error"]:
            await asyncio.sleep(0.2)  # the rate limit or a rerun: wait and step again
            continue
        await teacher.send(json.dumps({"type": "open"}))
        opened = await receive(teacher, lambda m: m["type"] == "state" and m["decision"] and m["decision"]["state"] == "open")
        point = opened["decision"]["id"]

        def is_open(m, point=point):
            return m["type"] == "state" and bool(m["decision"]) and m["decision"]["open"] and m["decision"]["id"] == point

        def decided(m, point=point):
            return m["type"] == "state" and not m["busy"] and any(d["id"].split(".")[0] == point for d in m["decided"])

        for pair in students:  # each student's own seat and options, as their page shows them
            state = await receive(pair[0], is_open)
            pair[1][point] = list(state["decision"]["options"]) if state["decision"]["can_vote"] else []
        await teacher.send(json.dumps({"type": "state"}))
        sink = loaded if busy else idle
        sent_at, got_at = [], []
        await measure(teacher, students, rng, point, sent_at, got_at, port, token, busy)
        sink.extend(g - s for s, g in zip(sent_at, got_at, strict=True))
        started = time.perf_counter()
        await teacher.send(json.dumps({"type": "close"}))
        await receive(teacher, decided)
        reruns.append(time.perf_counter() - started)
        busy = not busy
    played = time.perf_counter() - began, cpu_seconds(pid)
    await asyncio.gather(*(socket.close() for socket, _ in students), teacher.close())
    return idle, loaded, reruns, played


async def measure(teacher, students, rng, point, sent_at, got_at, port, token, busy):
    await receive(teacher, lambda m: m["type"] == "state")  # the state asked for: every earlier broadcast is read
    # every seat votes its first option (consent, quorum: the lesson goes on to its next decision); a tenth of the
    # class first votes at random and then changes to it
    first = [(s, rng.choice(o[point])) for s, o in students[: len(students) // 10] if o.get(point)]
    ballots = first + [(s, o[point][0]) for s, o in students if o.get(point)]

    async def tallies():  # read while the votes go out: each tally is timed when it arrives
        for _ in ballots:
            await receive(teacher, lambda m: m["type"] == "tally")
            got_at.append(time.perf_counter())

    reader = asyncio.ensure_future(tallies())
    report = None
    if busy:  # the worker thread builds the two-path report meanwhile (matplotlib and jinja2 in the server)
        url = f"http://127.0.0.1:{port}/report.html?token={token}"
        report = asyncio.get_running_loop().run_in_executor(None, lambda: urllib.request.urlopen(url, timeout=WAIT).read())
        await asyncio.sleep(0.05)
    for socket, answer in ballots:
        sent_at.append(time.perf_counter())
        await socket.send(json.dumps({"type": "vote", "answer": answer}))
        await asyncio.sleep(0.005)  # 200 votes a second: a class voting within a few seconds
    await reader  # the server handles messages in arrival order: the k-th tally answers the k-th vote
    if report is not None:
        await report


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=60)
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "kazakhstan-2022.yaml")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    server, port, token, code = start(args.scenario)
    try:
        before = cpu_seconds(server.pid)
        play = session(server.pid, port, token, code, args.students, args.seed)
        idle, loaded, reruns, (wall, after) = asyncio.run(asyncio.wait_for(play, 300))
        cpu = after - before
    finally:
        server.terminate()
        server.wait(10)
    ms = lambda v: f"{v * 1000:7.1f} ms"  # noqa: E731
    print(f"{args.scenario.name}: {args.students} students on 127.0.0.1:{port}, {len(reruns)} decisions")
    for label, values in (("server idle", idle), ("report building in the worker thread", loaded)):
        if values:
            print(f"vote → tally on the teacher's socket, {label}: p50 {ms(statistics.median(values))}  "
                  f"p99 {ms(percentile(values, 0.99))}  (n = {len(values)})")
    for i, value in enumerate(reruns, 1):
        print(f"rerun after decision {i} (close → the class's path on the teacher's socket): {ms(value)}")
    print(f"server CPU time: {cpu:.2f} s over {wall:.1f} s of the session (joins, stepping, votes, reruns, debrief, "
          "one HTML report)")


if __name__ == "__main__":
    main()
