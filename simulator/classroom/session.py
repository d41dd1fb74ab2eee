"""One live classroom: the case stepped through on the projector, the class's votes, its path and the debrief.

A plain class with no server in it: the web layer (server.py) calls its methods and sends the views
it returns, so the same session is played from Python, from tests and from the browser. The what-if
reruns reuse the lesson layer (lesson.whatif.play and debrief) exactly as `treaty-sim teach` does;
``rerun`` and ``finish`` are the slow calls, and the server runs them off its event loop.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from simulator.base.text import plain
from simulator.base.timeutil import case_and_actor_times
from simulator.lesson import debrief, play
from simulator.lesson.classroom import ROUTINE, locate
from simulator.lesson.points import council_point, finish

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: a code read off a projector
CODE_LENGTH = 5
NAME_LIMIT = 24


class Refused(Exception):
    """An action the session does not take (wrong code, not your role, vote closed…): the message says why."""


@dataclass
class Student:
    client: str
    name: str
    role: str  # a member state of the class's deciding body, or the class's role at a decision without one


@dataclass
class Vote:
    """The class's vote on one decision point: ballots by client, open from ``opened`` until ``closed``."""

    point: object
    opened: float
    closed: float | None = None
    ballots: dict[str, tuple[str, float]] = field(default_factory=dict)  # client -> (answer, seconds after opening)
    result: dict[str, str] = field(default_factory=dict)  # point id -> the class's answer
    reopened: list[float] = field(default_factory=list)  # when the teacher took the closing back
    restored: list[dict] = field(default_factory=list)  # the ballots of a resumed session (their students are gone)


@dataclass(frozen=True)
class BeforeClosing:
    """What closing a vote changed, kept so that the teacher can take the closing back."""

    answers: dict[str, str]
    current: object
    position: int
    skipped: list[str]


def clean_name(name) -> str:
    """A display name as typed, without control characters, at most NAME_LIMIT characters; shown as text only."""
    if not isinstance(name, str):
        raise Refused("a display name is text")
    text = "".join(ch for ch in name if ch.isprintable()).strip()[:NAME_LIMIT]
    if not text:
        raise Refused("type a display name")
    return text


def majority(answers: list[str], options, fallback: str) -> str:
    """The most common answer; a tie goes to the earliest of the tied in the options' order, none to ``fallback``."""
    if not answers:
        return fallback
    counts = Counter(answers)
    best = max(counts.values())
    return next(a for a in options if counts.get(a) == best)


class ClassroomSession:
    """A case, its decision points and the class: step forward and back, vote, rerun, debrief, save."""

    def __init__(self, scenario, points, history, mode: str = "replay", seed: int | None = None,
                 code: str | None = None, token: str | None = None, clock=time.time, injects=None):
        """``injects``: the instructor's events (checks.injects), on the class's path, not on history's."""
        self.scenario, self.points, self.history, self.injects = scenario, points, history, injects
        self.mode, self.seed, self.clock = mode, seed if seed is not None else history.seed, clock
        self.code = code or "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
        self.token = token or secrets.token_urlsafe(24)
        self.treaty = history.treaty
        self.members = [m.name for m in self.treaty.active_members(scenario.local_date)]
        self.seats = self._seats()
        self.students: dict[str, Student] = {}
        self.votes: dict[str, Vote] = {}
        self.answers: dict[str, str] = {}  # point id (a seat's own id for a council) -> the class's answer
        self.skipped: list[str] = []  # decision points the class's path never reaches
        self.current = play(scenario, points, {}, mode, self.seed, injects) if injects else history
        self.position = 0  # events of the timeline shown so far
        self.busy = ""  # what the engine is computing, '' when idle
        self.report = None  # the debrief, once the case is played to its end
        self.before_closing: list[BeforeClosing] = []  # one a closed vote, the last closed last
        self.started = clock()

    # --- the case's decision points and who sits where -------------------------------------------

    def _seats(self) -> dict[str, dict[str, object]]:
        """For each council point: member state -> its own decision point (the lesson's for the lesson's member)."""
        seats = {}
        for point in self.points:
            if point.kind != "council":
                continue
            own = {point.member: point}
            for member in self.members:
                if member != point.member:
                    seat = council_point(self.scenario, self.treaty, self.history, point.body, member,
                                         f"{point.id}.{member}")
                    own[member] = finish(seat, self.scenario)
            seats[point.id] = own
        return seats

    def all_points(self) -> list:
        """Every point a what-if may apply: the lesson's and each member's seat at its councils."""
        extra = [p for own in self.seats.values() for p in own.values() if p not in self.points]
        return self.points + extra

    def roles(self) -> list[str]:
        """The roles students are given: the member states of the first council, or the class's one role."""
        if self.seats:
            return list(next(iter(self.seats.values())))
        return [self.points[0].role] if self.points else ["observer"]

    # --- students ------------------------------------------------------------------------------

    def join(self, code, name, client) -> Student:
        """A student joins (or comes back: the same client id keeps its role and votes)."""
        if not isinstance(code, str) or code.strip().upper() != self.code:
            raise Refused("that join code is not this class's: read it again from the projector")
        if not isinstance(client, str) or not 8 <= len(client) <= 64 or not client.isascii() or not client.isprintable():
            raise Refused("the page sent no usable client id: reload it")
        name = clean_name(name)
        if client in self.students:
            self.students[client].name = name
            return self.students[client]
        taken = Counter(s.role for s in self.students.values())
        roles = self.roles()
        role = min(roles, key=lambda r: (taken[r], roles.index(r)))
        self.students[client] = student = Student(client, name, role)
        return student

    # --- the timeline --------------------------------------------------------------------------

    def timeline(self, result=None) -> list:
        """The events a class follows (no routine movement legs)."""
        return [e for e in (result or self.current).events if e.event not in ROUTINE]

    def _gate(self, result, point) -> int | None:
        """Index in the timeline of the decision's first event on ``result``'s path, None when not reached."""
        where = locate(result, point)
        if where is None:
            return None
        return sum(1 for e in result.events[:where] if e.event not in ROUTINE)

    def pending(self):
        """The next decision point the class has not taken yet and its path reaches, with its timeline index."""
        for point in self.points:
            if point.id in self.votes and self.votes[point.id].closed is not None or point.id in self.skipped:
                continue
            gate = self._gate(self.current, point)
            if gate is None:
                self.skipped.append(point.id)
                continue
            return point, gate
        return None, None

    def step(self, delta: int) -> None:
        """Next (+1) or back (-1); the class cannot step past a decision it has not taken."""
        if self.busy:
            raise Refused(f"wait: the engine is {self.busy}")
        if delta not in (-1, 1):
            raise Refused("step by one event: next or back")
        if delta < 0:
            self.position = max(0, self.position - 1)
            return
        point, gate = self.pending()
        if point is not None and self.position >= gate:
            raise Refused(f"decision {point.id}: open the vote first")
        self.position = min(len(self.timeline()), self.position + 1)

    def at_end(self) -> bool:
        return self.pending()[0] is None and self.position >= len(self.timeline())

    # --- votes ---------------------------------------------------------------------------------

    def open_vote(self) -> Vote:
        point, gate = self.pending()
        if point is None or self.position < gate:
            raise Refused("no decision is due here: step on to the next decision point")
        if point.id in self.votes:
            return self.votes[point.id]
        self.votes[point.id] = vote = Vote(point, self.clock() - self.started)
        return vote

    def open(self) -> Vote | None:
        """The vote now open, if any."""
        return next((v for v in self.votes.values() if v.closed is None), None)

    def seat_of(self, student: Student, point):
        """The decision point a student's vote counts for, or None when their role does not decide this one."""
        if point.kind == "council":
            return self.seats[point.id].get(student.role)
        return point

    def vote(self, client, answer) -> None:
        """A student's vote for their own role; they may change it until the vote closes."""
        student = self.students.get(client) if isinstance(client, str) else None
        if student is None:
            raise Refused("join first")
        vote = self.open()
        if vote is None:
            raise Refused("no vote is open")
        seat = self.seat_of(student, vote.point)
        if seat is None:
            raise Refused(f"{student.role} has no seat in this decision")
        if not isinstance(answer, str) or answer not in seat.options:
            raise Refused(f"answer one of: {', '.join(seat.options)}")
        vote.ballots[client] = (answer, round(self.clock() - self.started - vote.opened, 3))

    def tally(self, vote: Vote) -> dict[str, dict[str, int]]:
        """Votes cast so far: role -> answer -> count."""
        counts: dict[str, Counter] = {}
        for client, (answer, _) in vote.ballots.items():
            counts.setdefault(self.students[client].role, Counter())[answer] += 1
        return {role: dict(c) for role, c in counts.items()}

    def close_vote(self) -> dict[str, str]:
        """Close the open vote; returns the class's answers so far (the majority of each seat's voters)."""
        vote = self.open()
        if vote is None:
            raise Refused("no vote is open")
        point = vote.point
        seats = self.seats[point.id] if point.kind == "council" else {point.role: point}
        result = {}
        for role, seat in seats.items():
            ballots = [a for c, (a, _) in vote.ballots.items()
                       if point.kind != "council" or self.students[c].role == role]
            if ballots or seat is point:
                result[seat.id] = majority(ballots, seat.options, seat.history)
        self._close(vote, result, self.clock() - self.started)
        self.busy = "running the rest of the case from the class's answers"
        return dict(self.answers)

    def _close(self, vote: Vote, result: dict[str, str], at: float) -> None:
        self.before_closing.append(BeforeClosing(dict(self.answers), self.current, self.position, list(self.skipped)))
        vote.closed, vote.result = at, result
        self.answers.update(result)

    def restore(self, point_id: str, result: dict[str, str], opened: float, closed: float,
                reopened: list[float], ballots: list[dict]) -> None:
        """Take a saved session's decision again (its answers, as that class gave them) and run on from it."""
        point, gate = self.pending()
        if point is None or point.id != point_id:
            raise Refused(f"the saved session decided {point_id!r} here, but this case's next decision is "
                          f"{point.id if point is not None else 'none'!r}")
        self.position = gate
        vote = self.open_vote()
        vote.opened, vote.reopened, vote.restored = opened, list(reopened), list(ballots)
        self._close(vote, dict(result), closed)
        self.take(self.rerun(self.answers))

    def reopen(self) -> Vote:
        """Take the last closing back: the class's answers, path and place as they were, the vote open again
        with its ballots (students may change them), the debrief gone."""
        if self.busy:
            raise Refused(f"wait: the engine is {self.busy}")
        if self.open() is not None:
            raise Refused("a vote is open: close it first")
        closed = [v for v in self.votes.values() if v.closed is not None]
        if not closed:
            raise Refused("no vote has been closed yet")
        vote, before = closed[-1], self.before_closing.pop()
        vote.closed, vote.result = None, {}
        vote.reopened.append(round(self.clock() - self.started, 3))
        self.answers, self.current, self.position, self.skipped = before.answers, before.current, before.position, before.skipped
        self.report = None
        return vote

    # --- the engine (slow: the server calls these in a worker thread) ---------------------------

    def rerun(self, answers: dict[str, str]):
        """The class's path from ``answers``, as `teach` runs it."""
        return play(self.scenario, self.all_points(), answers, self.mode, self.seed, self.injects)

    def take(self, path) -> None:
        """The rerun's path becomes the class's; the timeline goes on from the decision just taken."""
        decided = next(v.point for v in reversed(list(self.votes.values())) if v.closed is not None)
        self.current = path
        gate = self._gate(path, decided)
        self.position = gate if gate is not None else min(self.position, len(self.timeline()))
        self.busy = ""

    def debrief(self):
        """The debrief of the class's answers (which decision changed the outcome class)."""
        return debrief(self.scenario, self.all_points(), self.answers, self.mode, self.seed, self.injects,
                       history=self.history, path=self.current)

    def decide(self, answers: dict[str, str] | None = None) -> None:
        """Close, rerun and take in one call (from Python; the server splits it around its worker thread)."""
        self.take(self.rerun(self.close_vote() if answers is None else answers))

    # --- what the pages show ----------------------------------------------------------------------

    def _event(self, event) -> dict:
        step = self.treaty.step(event.step)
        body = self.treaty.body(step.actor) if step is not None else None
        rule = ""
        if body is not None and body.rule == "consensus":
            rule = f"{body.name}: consensus (an abstention {'blocks' if body.abstention == 'blocks' else 'does not block'})"
        elif step is not None:
            rule = f"{step.kind} step"
        when, actor_local = case_and_actor_times(self.scenario.origin, event.hours, self.scenario.timezone, event.zone)
        return {"when": when, "local": actor_local, "actor": plain(event.actor), "action": plain(event.action),
                "step": plain(step.label) if step is not None else plain(event.step),
                "body": plain(body.name) if body is not None else plain(event.actor),
                "rule": rule, "basis": plain(event.basis),
                "sources": sorted(set(event.sources) | set(step.source if step is not None else ()))}

    def _decision(self) -> dict | None:
        point, gate = self.pending()
        vote = self.open()
        if vote is not None:
            point = vote.point
        elif point is None or self.position < gate:
            return None
        state = "open" if vote is not None else "due"
        counts = self.tally(vote) if vote is not None else {}
        return {"id": point.id, "kind": point.kind, "role": point.role, "question": point.question,
                "intro": point.intro, "options": point.options, "history": point.history, "state": state,
                "tally": counts, "ballots": len(vote.ballots) if vote else 0,
                "seats": list(self.seats[point.id]) if point.kind == "council" else [point.role]}

    def _paths(self) -> dict:
        def summary(result):
            on_record = sum(m.on_record for m in result.milestones)
            return {"outcome": result.outcome, "text": result.outcome_text(),
                    "personnel": result.personnel_deployed, "milestones": f"{on_record} of {len(result.milestones)}"}
        return {"history": summary(self.history), "class": summary(self.current)}

    def _decided(self) -> list[dict]:
        rows = []
        for vote in self.votes.values():
            if vote.closed is None:
                continue
            for seat_id, answer in vote.result.items():
                seat = next(p for p in self.all_points() if p.id == seat_id)
                rows.append({"id": seat_id, "role": seat.role, "history": seat.history, "class": answer,
                             "changed": answer != seat.history})
        return rows

    def teacher_view(self) -> dict:
        shown = self.timeline()[:self.position]
        recorded = self.scenario.recorded
        request = self.scenario.request
        view = {
            "type": "state", "view": "teacher", "code": self.code,
            "case": {"title": plain(self.scenario.title), "description": plain(self.scenario.description),
                     "request": f"{request.by} asks {request.to} for help under {request.article or 'no article'}",
                     "treaty": self.scenario.treaty, "record": recorded.outcome if recorded is not None else ""},
            "points": [{"id": p.id, "role": p.role} for p in self.points],
            "no_points": "" if self.points else "This case has no decision point for the class: step through it as history.",
            "timeline": [self._event(e) for e in shown], "position": self.position, "total": len(self.timeline()),
            "current": self._event(shown[-1]) if shown else None,
            "decision": self._decision(), "decided": self._decided(), "skipped": list(self.skipped),
            "can_reopen": bool(self.before_closing) and self.open() is None and not self.busy,
            "paths": self._paths() if self.answers else None,
            "students": [{"name": s.name, "role": s.role} for s in self.students.values()],
            "busy": self.busy, "end": self.at_end(), "debrief": self.debrief_view(),
        }
        return view

    def student_view(self, client: str) -> dict:
        student = self.students[client]
        shown = self.timeline()[:self.position]
        decision = self._decision()
        mine = None
        if decision is not None:
            vote = self.open()
            seat = self.seat_of(student, vote.point if vote else self.pending()[0])
            ballot = vote.ballots.get(client) if vote else None
            mine = {"id": decision["id"], "question": seat.question if seat else decision["question"],
                    "role": seat.role if seat else decision["role"], "open": vote is not None,
                    "options": seat.options if seat else {}, "voted": ballot[0] if ballot else "",
                    "can_vote": seat is not None,
                    "why_not": "" if seat is not None else f"{student.role} has no seat in this decision"}
        last = [v for v in self.votes.values() if v.closed is not None]
        result = None
        if last and not self.busy:
            seat = self.seat_of(student, last[-1].point)
            answer = last[-1].result.get(seat.id) if seat is not None else None
            result = {"id": last[-1].point.id, "answer": answer or "", "history": seat.history if seat else "",
                      "outcome": self.current.outcome}
        return {"type": "state", "view": "student", "name": student.name, "role": student.role,
                "title": plain(self.scenario.title), "current": self._event(shown[-1]) if shown else None,
                "decision": mine, "result": result, "busy": self.busy,
                "end": self.report.verdict() if self.report is not None else "",
                "no_points": "" if self.points else "This case has no decision for the class: follow it on the projector."}

    def debrief_view(self) -> dict | None:
        if self.report is None:
            return None
        report = self.report
        return {"verdict": report.verdict(), "history": report.history.outcome_text(), "class": report.path.outcome_text(),
                "changed_outcome": list(report.changed_outcome),
                "decisions": [{"id": p.id, "role": p.role, "history": before, "class": after}
                              for p, before, after in report.decisions]}

    def saved(self) -> dict:
        """The session as JSON data: answers, who voted how and when (seconds from the session's start)."""
        return {
            "scenario": self.scenario.scenario, "title": self.scenario.title, "mode": self.mode, "seed": self.seed,
            "injects": Path(self.injects.file).name if self.injects is not None else None,
            "students": [{"name": s.name, "role": s.role} for s in self.students.values()],
            "decisions": [{"point": v.point.id, "role": v.point.role, "opened_s": round(v.opened, 3),
                           "closed_s": round(v.closed, 3) if v.closed is not None else None,
                           "reopened_s": list(v.reopened),
                           "ballots": v.restored + [{"name": self.students[c].name, "role": self.students[c].role,
                                                     "answer": a, "after_s": t} for c, (a, t) in v.ballots.items()],
                           "class_answers": v.result} for v in self.votes.values()],
            "answers": dict(self.answers), "not_reached": list(self.skipped), "position": self.position,
            "outcome": {"history": self.history.outcome, "class": self.current.outcome},
            "debrief": self.debrief_view(),
        }
