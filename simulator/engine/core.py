"""The engine: walks the decision network as SimPy processes, one token a step (and contingent)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

import simpy

from simulator.base.distributions import Duration
from simulator.base.randomness import Paced, RandomStreams
from simulator.base.timeutil import hours_between
from simulator.engine import kinds
from simulator.engine.guard import Limits, drive
from simulator.engine.state import OutcomeMark, RunState, Violation
from simulator.model.scenario import RecordEntry, Scenario, record_window
from simulator.model.treaty import Step, Treaty
from simulator.network.graph import successors

if TYPE_CHECKING:
    import networkx as nx

Mode = Literal["replay", "predictive"]
PinKey = tuple[str, str | None, str | None, int | None]  # step, member, event, attempt


class Engine:
    """One replication of a scenario on its treaty's decision network."""

    def __init__(
        self,
        scenario: Scenario,
        treaty: Treaty,
        graph: nx.DiGraph,
        mode: Mode = "replay",
        seed: int | None = None,
        replication: int = 0,
        pin_until: float | None = None,
    ):
        """``pin_until`` (hours after the origin) pins only the record entries up to that time,
        in either mode: a run forked from the record. None: replay pins all, predictive none."""
        self.scenario = scenario
        self.treaty = treaty
        self.graph = graph
        self.mode = mode
        self.replication = replication
        self.streams = RandomStreams(scenario.seed if seed is None else seed, replication, medians=mode == "replay")
        self.env = simpy.Environment()
        self.state = RunState()
        self.host = scenario.request.by
        self.chair = treaty.chair_on(scenario.local_date)
        self.members = [m.name for m in treaty.active_members(scenario.local_date)]
        self.member_zone = {m.name: m.timezone for m in treaty.members}
        self.active = list(scenario.contingents)  # contingents still taking part
        self._joins: dict[str, set[str]] = {}
        self._joined: set[str] = set()
        self._aircraft: dict[str, simpy.Resource] = {}
        self._jumps_queue: set[str] = set()  # move steps whose aircraft pool takes priorities
        self.closures: dict[str, list[tuple[float, float]]] = {}  # move step -> [from h, until h) without landings
        self._actors: dict[tuple[str, str | None], tuple[str, str]] = {}
        self._basis: dict[str, str] = {}
        self._emitters: dict[tuple, object] = {}
        self.pins = self._pins(pin_until) if mode == "replay" or pin_until is not None else {}
        self._pace: float | None = None  # drawn when a learned duration is first used
        self.kinds = kinds.by_name  # each step's kind runs its process (see simulator.engine.kinds)

    # ---- set-up -------------------------------------------------------------------------
    def _pins(self, until: float | None = None) -> dict[PinKey, tuple[float, RecordEntry]]:
        pins = {}
        for entry in self.scenario.record:
            _, _, assumed, _ = record_window(entry, self.scenario.timezone)
            hours = hours_between(self.scenario.origin, assumed)
            if until is None or hours <= until + 1e-9:
                pins[(entry.step, entry.member, entry.event, entry.attempt)] = (hours, entry)
        return pins

    def resource(self, capacity: int) -> simpy.Resource:
        """A first-come, first-served resource on this run's clock (kinds get SimPy through the engine)."""
        return simpy.Resource(self.env, capacity)

    def aircraft(self, step_id: str) -> simpy.Resource:
        """The shared aircraft pool of a move step: first come, first served, unless an inject jumps the queue."""
        pool = self._aircraft.get(step_id)
        if pool is None:
            # A plain Resource is FIFO like a PriorityResource whose requests share one priority, and cheaper.
            kind = simpy.PriorityResource if step_id in self._jumps_queue else simpy.Resource
            pool = self._aircraft[step_id] = kind(self.env, self.scenario.air[step_id].aircraft)
        return pool

    def jump_queue(self, step_id: str) -> None:
        """Let requests for a move step's aircraft take a priority (a grounding goes ahead of every waiting
        sortie, with priority -1). Call before the run starts."""
        self._jumps_queue.add(step_id)

    def landing_clear(self, step_id: str) -> Iterator:
        """Wait while the destination of a move step is closed (an instructor's inject)."""
        for start, end in self.closures.get(step_id, ()):
            if start <= self.env.now < end:
                yield self.env.timeout(end - self.env.now)

    # ---- time ---------------------------------------------------------------------------
    def stream(self, step: Step, member: str | None = None):
        """The random stream of whoever acts in ``step`` (in replay: medians).

        One stream per actor, so a change to one actor's behaviour leaves the other actors'
        draws as they were. The stream has a ``draw(distribution)`` method.
        """
        return self.streams.stream(self.actor(step, member)[0])

    def history_stream(self, stream):
        """``stream`` scaled by this run's pace, for a duration learned from the treaty's history.

        A case's steps are fast or slow together (a crisis's urgency), so one factor a run,
        drawn from its own stream, scales every learned duration; replay's factor is 1.
        """
        if self._pace is None:
            spread = self.treaty.history_pace
            pace = self.streams.stream("history:pace").draw(Duration("lognormal", (1.0, spread))) if spread else 1.0
            self._pace = pace
        return Paced(stream, self._pace) if self._pace != 1.0 else stream

    def member_stream(self, member: str):
        """The random stream of a member state acting in its own name (e.g. answering a council)."""
        return self.streams.stream(member)

    def choice(self, step: Step) -> str:
        """The option a 'choose' step takes: the scenario's, drawn from its probabilities, or the default.

        Draws come from a stream of the step's own, so a choice leaves every actor's draws as they were.
        """
        value = self.scenario.choices.get(step.id, step.default)
        if isinstance(value, dict):
            return self.streams.stream(f"choice:{step.id}").choose(value)
        return value

    def take_time(self, step: Step, member: str | None = None) -> Iterator:
        """Wait the step's drawn duration, or until its recorded time; returns the record entry or None."""
        dist = self.scenario.duration_of(step, member)
        stream = self.stream(step, member)
        if dist is not None and dist is step.history_h and not self.scenario.durations:
            stream = self.history_stream(stream)
        return (yield from self.wait(dist, stream, self.pin(step.id, member)))

    def pin(self, step: str, member: str | None = None, event: str | None = None, attempt: int | None = None):
        return self.pins.get((step, member, event, attempt))

    def wait(self, dist: Duration | None, stream, pin=None, lead: float = 0.0) -> Iterator:
        """Wait a drawn duration, or until a pinned record time (minus ``lead`` hours).

        Returns the record entry when the wait ended on a pinned time, else None. A pinned time
        already passed is a violation of the record by the procedure: it is noted and the run
        goes on at once.
        """
        if pin is not None:
            target = pin[0] - lead
            if target < self.env.now - 1e-9:
                entry = pin[1]
                self.state.violations.append(
                    Violation(entry.id, entry.step, entry.member or "", pin[0], self.env.now + lead)
                )
            else:
                yield self.env.timeout(target - self.env.now)
            return pin[1]
        if dist is not None:
            yield self.env.timeout(stream.draw(dist))
        return None

    # ---- logging ------------------------------------------------------------------------
    def actor(self, step: Step, member: str | None) -> tuple[str, str]:
        """(display name, zone) of whoever acts in ``step``."""
        key = (step.id, member)
        found = self._actors.get(key)
        if found is None:
            found = self._actors[key] = self.role_actor(step.actor, member)
        return found

    def role_actor(self, role: str, member: str | None = None) -> tuple[str, str]:
        """(display name, zone) of a role (requester, contingent, chair, force) or a body id."""
        if role == "requester":
            return self.host, self.member_zone[self.host]
        if role == "contingent":
            return member, self.member_zone[member]
        if role == "chair":
            return self.treaty.chair_title(self.scenario.local_date), self.member_zone[self.chair]
        if role == "force":
            return self.treaty.force_title, self.scenario.timezone
        body = self.treaty.body(role)
        zone = self.member_zone[self.chair] if body.timezone == "chair" else body.timezone
        return body.name, zone

    def forum(self, body) -> list[str]:
        """The members who take part in ``body``'s decisions on the case's date, in treaty order."""
        seated = body.members_on(self.scenario.local_date)
        if seated is None:
            return self.members
        return [m for m in self.members if m in seated]

    def basis(self, step: Step) -> str:
        text = self._basis.get(step.id)
        if text is None:
            article = self.scenario.request.article or "no article invoked"
            text = self._basis[step.id] = "; ".join(article if b == "request_article" else b for b in step.basis)
        return text

    def emitter(self, step: Step, member: str | None = None, actor: tuple[str, str] | None = None):
        """A function that appends events of one step (and contingent) to the log.

        ``emit(event, action, outcome="", personnel=None, attempt=None, record=None, cite=None,
        sortie=None, sorties=None, load=None, carrier="")``; an event that happened at a recorded
        time cites the record's sources, else ``cite`` (the scenario's own sources for it) or none:
        a step's own sources are the treaty's, not evidence of this case. The last four are a movement's (see Event).
        One emitter is made per step, contingent and actor, then reused.
        """
        key = (step.id, member, actor)
        emit = self._emitters.get(key)
        if emit is None:
            emit = self._emitters[key] = self._make_emitter(step, member, actor)
        return emit

    def _make_emitter(self, step: Step, member: str | None, actor: tuple[str, str] | None):
        name, zone = actor or self.actor(step, member)
        basis, step_id, member = self.basis(step), step.id, member or ""
        events, env, replication = self.state.events, self.env, self.replication

        def emit(event, action, outcome="", personnel=None, attempt=None, record=None, cite=None,
                 sortie=None, sorties=None, load=None, carrier=""):
            cited = record.sources if record is not None else (cite or ())
            events.append(  # a row of Event's fields; RunState.seal makes it an Event when the run ends
                (replication, len(events), env.now, name, zone, step_id, event, action, member, outcome,
                 personnel, attempt, basis, cited, record is not None, sortie, sorties, load, carrier)
            )

        return emit

    def log(self, step: Step, event: str, action: str, member: str | None = None,
            actor: tuple[str, str] | None = None, **fields) -> None:
        """Append one event of ``step``; ``fields`` as for :meth:`emitter`."""
        self.emitter(step, member, actor)(event, action, **fields)

    # ---- walking the network ------------------------------------------------------------
    def start(self) -> None:
        first = self.graph.nodes[self.graph.graph["start"]]["step"]
        self._spawn(first, None)

    def _spawn(self, step: Step, member: str | None) -> None:
        self.env.process(self._token(step, member))

    def _token(self, step: Step, member: str | None) -> Iterator:
        """One step's life (for one contingent): its start, its kind's process, the steps its outcome opens.

        An exception on the way (a bug) is noted on the run state, with the step and contingent,
        before it ends the run: the crash report says where it struck.
        """
        try:
            key = (step.id, member)
            self.state.running.add(key)
            if step.convened_by:
                convener = self.role_actor(step.convened_by)
                self.log(step, "convene", f"convenes: {step.label}", member, actor=convener)
            self.log(step, "start", f"begins: {step.label}", member)
            outcome = yield from self.kinds[step.kind].process(self, step, member)
            self.state.running.discard(key)
            established = step.establishes.get(outcome)
            if established:
                self.state.marks.append(OutcomeMark(established, step.id, self.actor(step, member)[0], self.env.now))
            self._advance(step, member, outcome)
        except Exception:
            if not self.state.crashed_in[0]:  # the first token to see it is where it struck
                self.state.crashed_in = (step.id, member or "")
            raise

    def _advance(self, step: Step, member: str | None, outcome: str) -> None:
        following = successors(self.graph, step.id, outcome)
        if step.per_contingent and not following:
            self._drop(member)
            return
        for nxt in following:
            if nxt.per_contingent and not step.per_contingent:
                for name in list(self.active):
                    self._spawn(nxt, name)
            elif nxt.per_contingent:
                self._spawn(nxt, member)
            elif step.per_contingent:
                self._joins.setdefault(nxt.id, set()).add(member)
                self._check_join(nxt.id)
            else:
                self._spawn(nxt, None)

    def _drop(self, member: str) -> None:
        """A contingent leaves the operation (its approval failed); joins stop waiting for it."""
        if member in self.active:
            self.active.remove(member)
        for join_id in list(self._joins):
            self._check_join(join_id)

    def _check_join(self, join_id: str) -> None:
        arrived = self._joins[join_id]
        if join_id not in self._joined and arrived and all(m in arrived for m in self.active):
            self._joined.add(join_id)
            self._spawn(self.graph.nodes[join_id]["step"], None)

    def waiting_joins(self) -> list[tuple[str, list[str]]]:
        """(join step id, contingents it still waits for) of every join some contingents reached, by id."""
        return [(join_id, [m for m in self.active if m not in arrived])
                for join_id, arrived in sorted(self._joins.items()) if join_id not in self._joined]

    def run(self, limits=None) -> RunState:
        """Run to the scenario's horizon, within ``limits`` (simulator.engine.guard.Limits; default ones if None)."""
        self.start()
        try:
            drive(self.env, self.scenario.horizon_h, self.state.events, limits or Limits())
        finally:  # a stopped or crashed run's partial log is read too
            self.state.seal()
        return self.state
