"""'assist': each member decides its own assistance, on its own date.

An obligation that binds members individually, not a collective decision: the step ends
'offered' when at least one member offers help, 'none' otherwise.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from simulator.engine.kinds.base import StepKind

if TYPE_CHECKING:
    from simulator.engine.core import Engine
    from simulator.files.validation import Checker
    from simulator.model.scenario import RecordEntry, Scenario
    from simulator.model.treaty import Step


class Assist(StepKind):
    """Members named in the scenario's ``assistance`` each offer help (or nothing) after their own delay."""

    name = "assist"
    outcomes = ("offered", "none")
    record_events = ("offer",)

    def check_record(self, step: Step, entry: RecordEntry, scenario: Scenario, check: Checker, loc: tuple) -> None:
        """A record entry dates one member's offer."""
        if entry.member is None or entry.event != "offer":
            check.error(loc + ("member",), f"a record of step {step.id!r} dates one member's offer",
                        "give member: <the offering state> and event: offer")
        else:
            check.known(loc + ("member",), entry.member, list(scenario.assistance), "member offering assistance")

    def process(self, engine: Engine, step: Step, member: str | None) -> Iterator:
        """Wait for every member's offer, then log how many offered."""
        env = engine.env
        offers = engine.scenario.assistance
        names = [m for m in engine.members if m in offers]
        pending = [env.process(_offer(engine, step, name, offers[name])) for name in names]
        if pending:
            yield env.all_of(pending)
        given = [name for name in names if offers[name].offer]
        text = f"{len(given)} of the {len(names)} members named offered assistance" + (f": {', '.join(given)}" if given else "")
        engine.log(step, "end", text, outcome="offered" if given else "none")
        return "offered" if given else "none"


def _offer(engine: Engine, step: Step, name: str, offer) -> Iterator:
    stream = engine.member_stream(name)
    record = yield from engine.wait(offer.delay_h, stream, engine.pin(step.id, name, "offer"))
    actor = (name, engine.member_zone[name])
    cite = tuple(offer.source)
    if offer.offer:
        engine.log(step, "offer", f"offers {offer.offer}", name, actor=actor, outcome="offered", record=record, cite=cite)
    else:
        why = f" ({offer.reason})" if offer.reason else ""
        engine.log(step, "offer", f"offers nothing{why}", name, actor=actor, outcome="none", record=record, cite=cite)
