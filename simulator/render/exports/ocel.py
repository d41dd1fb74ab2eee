"""OCEL 2.0 JSON: one or more runs as an object-centric event log (https://www.ocel-standard.org).

Every event of a run becomes one OCEL event (same order, id ``r<replication>:e<seq>``), typed
``"<step label>: <kind>"``. Objects are the run's case, member states, treaty bodies (with the
chair and the collective forces), contingents, aircraft sorties, road convoys and guarded sites;
their ids start with ``r<replication>:`` so that several replications share one log without
sharing objects. Only objects that take part in an event are written (OCEL readers such as
pm4py drop the others).

Every attribute value is written as a string, as the official OCEL 2.0 JSON schema requires
(pm4py-core's ``schema_ocel2.json``); its type (integer, float, boolean, string) is declared in
``objectTypes``/``eventTypes``. Booleans are ``"true"``/``"false"``. The SQLite and XML files
(ocel_sqlite, ocel_xml) are written from this document, turning each value back by its type.
"""

from __future__ import annotations

from simulator.base.timeutil import at_hours
from simulator.engine.events import Event

EPOCH = "1970-01-01T00:00:00Z"  # the standard's time for attribute values that never change
KINDS = {"first_departure": "departure", "first_arrival": "arrival"}
ACTS = {  # qualifier of the acting object, by kind of event
    "start": "begins", "end": "completes", "answer": "answers", "session": "meets", "decision": "decides",
    "decree": "signs", "departure": "departs", "arrival": "lands", "handover": "hands over",
    "guard": "guards", "convene": "convenes",
}
TYPES = {"replication": "integer", "seq": "integer", "hours": "float", "personnel": "integer",
         "attempt": "integer", "pinned": "boolean", "number": "integer", "sorties": "integer",
         "seed": "integer", "equipment": "integer", "personnel_deployed": "integer",
         "matches_record": "boolean"}


def as_runs(results) -> list:
    """One RunResult, or an iterable of them, as a list."""
    return [results] if hasattr(results, "events") else list(results)


def utc_text(origin, hours: float) -> str:
    """ISO 8601 UTC instant with milliseconds (one format throughout, as readers infer it once)."""
    instant = at_hours(origin, hours)
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def to_ocel2(results) -> dict:
    """The event log of one RunResult, or of several replications, as an OCEL 2.0 JSON document.

    ``results`` is a RunResult or an iterable of them (e.g. chosen predictive replications);
    each needs its own replication number. Returns a dict with ``objectTypes``, ``eventTypes``,
    ``objects`` and ``events``, ready for ``json.dump`` and ``pm4py.read_ocel2_json``.

    Object types: ``case`` (the run), ``member state``, ``treaty body`` (bodies, the chair, the
    collective forces), ``contingent``, ``aircraft sortie``, ``road convoy`` and ``site``. Each
    event relates to its case and to the objects it involves, with a qualifier saying how
    (e.g. the council ``decides``, the requesting state is ``decided for``; a member
    ``answers``; a sortie ``departs`` and its contingent ``is carried``).
    """
    runs = as_runs(results)
    if not runs:
        raise ValueError("to_ocel2 needs at least one run")
    seen = [r.events[0].replication if r.events else 0 for r in runs]
    if len(set(seen)) != len(seen):
        raise ValueError(f"runs must have distinct replication numbers (got {seen})")
    log = _Log()
    for result in runs:
        _Run(result, log).add()
    return log.document()


class _Log:
    """Objects and events as they are met, in a fixed order, plus the attribute types seen."""

    def __init__(self):
        self.objects: dict[str, dict] = {}
        self.events: list[dict] = []
        self.links: list[tuple[str, str, str]] = []  # object-to-object: from, to, qualifier
        self.event_attrs: dict[str, dict[str, str]] = {}
        self.object_attrs: dict[str, dict[str, str]] = {}
        self.used: set[str] = set()

    def obj(self, oid: str, otype: str, **attrs) -> str:
        if oid not in self.objects:
            types = self.object_attrs.setdefault(otype, {})
            values = []
            for name, value in attrs.items():
                if value is None or value == "":
                    continue
                types.setdefault(name, _type(name, value))
                values.append({"name": name, "time": EPOCH, "value": _text(value)})
            self.objects[oid] = {"id": oid, "type": otype, "attributes": values, "relationships": []}
        return oid

    def change(self, oid: str, name: str, time: str, value) -> None:
        """A value an object's attribute takes from ``time`` on."""
        obj = self.objects[oid]
        self.object_attrs[obj["type"]].setdefault(name, _type(name, value))
        obj["attributes"].append({"name": name, "time": time, "value": _text(value)})

    def event(self, eid: str, etype: str, time: str, attrs: dict, links: list[tuple[str, str]]) -> None:
        types = self.event_attrs.setdefault(etype, {})
        values = []
        for name, value in attrs.items():
            if value is None or value == "":
                continue
            types.setdefault(name, _type(name, value))
            values.append({"name": name, "value": _text(value)})
        relationships = [{"objectId": o, "qualifier": q} for o, q in dict.fromkeys(links)]
        self.used.update(o for o, _ in links)
        self.events.append({"id": eid, "type": etype, "time": time, "attributes": values,
                            "relationships": relationships})

    def document(self) -> dict:
        objects = [o for oid, o in self.objects.items() if oid in self.used]
        for source, target, qualifier in dict.fromkeys(self.links):
            if source in self.used and target in self.used:
                self.objects[source]["relationships"].append({"objectId": target, "qualifier": qualifier})
        return {
            "objectTypes": _types(self.object_attrs, {o["type"] for o in objects}),
            "eventTypes": _types(self.event_attrs, {e["type"] for e in self.events}),
            "objects": objects,
            "events": self.events,
        }


def _type(name: str, value) -> str:
    if isinstance(value, bool):
        return "boolean"
    return TYPES.get(name, "float" if isinstance(value, float) else "string")


def _text(value) -> str:
    """An attribute value as the schema's string: booleans in JSON's spelling, numbers as Python writes them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _types(declared: dict[str, dict[str, str]], present: set[str]) -> list[dict]:
    return [{"name": name, "attributes": [{"name": a, "type": t} for a, t in attrs.items()]}
            for name, attrs in declared.items() if name in present]


class _Run:
    """Maps one run's events and actors onto OCEL events and objects."""

    def __init__(self, result, log: _Log):
        self.result, self.log = result, log
        scenario, treaty = result.scenario, result.treaty
        self.scenario, self.treaty = scenario, treaty
        self.replication = result.events[0].replication if result.events else 0
        self.key = f"r{self.replication}"
        self.host = scenario.request.by
        self.chair = treaty.chair_on(scenario.local_date)  # None for NATO and the EU: no rotating chair
        self.steps = {s.id: s for s in treaty.procedure.steps}
        self.blocker = {d.step: d.by for d in result.decisions if d.outcome == "blocked"}

    # ---- objects ------------------------------------------------------------------------
    def case(self) -> str:
        r, s = self.result, self.scenario
        recorded = s.recorded.outcome if s.recorded else None
        return self.log.obj(
            f"{self.key}:case", "case", scenario=s.scenario, title=s.title, treaty=s.treaty, mode=r.mode,
            seed=r.seed, replication=self.replication, outcome=r.outcome, decided_by=r.outcome_mark.step,
            personnel_deployed=r.personnel_deployed, recorded=recorded, matches_record=r.matches_record,
        )

    def member(self, name: str) -> str:
        role = ("requesting state" if name == self.host else
                "contributing state" if name in self.scenario.contingents else "member state")
        zone = self.treaty.member(name).timezone if self.treaty.member(name) else ""
        return self.log.obj(f"{self.key}:member:{name}", "member state", name=name, role=role,
                            timezone=zone, replication=self.replication)

    def role(self, role: str) -> str:
        """The object acting in a treaty role: chair, force, or a body id."""
        if role == "requester":
            return self.member(self.host)
        if role == "chair":
            oid = self.log.obj(f"{self.key}:body:chair", "treaty body", name=self.treaty.chair_title(self.scenario.local_date),
                               kind="chair", held_by=self.chair, replication=self.replication)
            self.log.links.append((oid, self.member_id(self.chair), "held by"))
            return oid
        if role == "force":
            return self.log.obj(f"{self.key}:body:force", "treaty body", name=self.treaty.force_title,
                                kind="force", replication=self.replication)
        body = self.treaty.body(role)
        return self.log.obj(f"{self.key}:body:{body.id}", "treaty body", name=body.name, kind="body",
                            rule=body.rule, replication=self.replication)

    def member_id(self, name: str) -> str:
        return f"{self.key}:member:{name}"

    def contingent(self, name: str) -> str:
        c = self.scenario.contingents[name]
        oid = self.log.obj(
            f"{self.key}:contingent:{name}", "contingent", member=name, personnel=c.personnel.modelled,
            personnel_status=c.personnel.status, equipment=c.equipment.modelled, units="; ".join(c.units),
            sites="; ".join(c.sites), replication=self.replication,
        )
        self.log.links.append((oid, self.member(name), "sent by"))
        return oid

    def site(self, name: str, guard: str) -> str:
        oid = self.log.obj(f"{self.key}:site:{name}", "site", name=name, replication=self.replication)
        self.log.links.append((oid, self.contingent(guard), "guarded by"))
        return oid

    def carrier(self, event: Event) -> tuple[str, str] | None:
        """The sortie or convoy a movement event is about (from its fields), and its qualifier; None for ships."""
        kind = KINDS.get(event.event, event.event)
        if event.carrier == "air":
            oid = self.log.obj(f"{self.key}:sortie:{event.step}:{event.member}:{event.sortie}", "aircraft sortie",
                               step=event.step, member=event.member, number=event.sortie, sorties=event.sorties,
                               personnel=event.load, replication=self.replication)
            verb = {"departure": "departs", "arrival": "lands"}[kind]
        elif event.carrier == "road":
            oid = self.log.obj(f"{self.key}:convoy:{event.step}:{event.member}", "road convoy",
                               step=event.step, member=event.member, personnel=event.load,
                               replication=self.replication)
            verb = {"departure": "departs", "arrival": "arrives"}[kind]
        else:
            return None
        self.log.links.append((self.contingent(event.member), oid, "is carried by"))
        return oid, verb

    # ---- events -------------------------------------------------------------------------
    def add(self) -> None:
        case = self.case()
        self.log.links.append((case, self.member(self.host), "affected state"))
        origin = self.scenario.origin
        for event in self.result.events:
            step = self.steps.get(event.step)
            kind = KINDS.get(event.event, event.event)
            if step is None:  # an instructor's inject: outside the procedure
                instructor = self.log.obj(f"{self.key}:instructor", "instructor", name=event.actor,
                                          replication=self.replication)
                self.log.event(f"{self.key}:e{event.seq}", f"{event.actor}: {kind}", utc_text(origin, event.hours),
                               self.attributes(event), [(case, "case"), (instructor, "injects")])
                continue
            links = [(case, "case")] + self.links(event, step, kind)
            time = utc_text(origin, event.hours)
            self.log.event(f"{self.key}:e{event.seq}", f"{step.label}: {kind}", time, self.attributes(event), links)
            if event.member and event.event == "end" and step.per_contingent:
                self.log.change(self.contingent(event.member), "status", time, f"{step.id}: {event.outcome}")

    def attributes(self, e: Event) -> dict:
        row = e.row(self.scenario.origin)
        return {"step": e.step, "event": e.event, "actor": e.actor, "member": e.member, "action": e.action,
                "outcome": e.outcome, "personnel": e.personnel, "attempt": e.attempt, "basis": e.basis,
                "sources": " ".join(e.sources), "pinned": e.pinned, "hours": round(e.hours, 4),
                "local": row["local"], "zone": row["zone"], "replication": e.replication, "seq": e.seq}

    def links(self, e: Event, step, kind: str) -> list[tuple[str, str]]:
        """Event-to-object relationships: the actor, then the objects the event is about."""
        act = ACTS.get(kind, kind)
        if kind == "answer":
            body = self.role(step.actor)
            return [(self.member(e.actor), "answers"), (body, "answered in")]
        if kind == "guard":
            guard = self.contingent(e.member)
            return [(guard, "guards")] + [(self.site(s, e.member), "guarded") for s in self.scenario.contingents[e.member].sites]
        if kind == "convene":
            return [(self.role(step.convened_by), "convenes")]
        if kind == "offer":  # assistance a member decides for itself (an individual obligation)
            verb = "offers" if e.outcome == "offered" else "offers nothing"
            return [(self.member(e.member), verb), (self.member(self.host), "assisted")]
        if step.kind == "request" and kind == "end":
            return [(self.member(self.host), _request_verb(self.scenario.request.to))]
        if step.kind == "decide" and kind == "end":
            body = self.role(step.actor)
            if e.outcome == "blocked":
                return [(body, "fails to decide"), (self.member(self.blocker[step.id]), "blocks")]
            return [(body, "decides"), (self.member(self.host), "decided for")]
        if step.actor == "contingent" and step.kind == "approve":
            if kind == "end":
                act = "approves" if e.outcome == "approved" else "refuses"
            return [(self.member(e.member), act), (self.contingent(e.member), "approval of")]
        if step.actor == "contingent":
            links = [(self.contingent(e.member), act)]
            carried = self.carrier(e) if e.carrier else None
            if carried:
                links.append(carried)
                links[0] = (links[0][0], "is carried")
            if kind == "handover":
                links += [(self.site(s, e.member), "handed over") for s in self.scenario.contingents[e.member].sites]
            return links
        return [(self.role(step.actor), act)]


def _request_verb(to: str) -> str:
    return {"organisation": "requests", "none": "makes no request", "informal": "contacts informally"}.get(
        to, "appeals bilaterally")


def ocel_counts(document: dict) -> dict[str, int]:
    """Events, objects and relationships (event-to-object, object-to-object) of an OCEL 2.0 document."""
    return {
        "events": len(document["events"]),
        "objects": len(document["objects"]),
        "e2o": sum(len(e["relationships"]) for e in document["events"]),
        "o2o": sum(len(o["relationships"]) for o in document["objects"]),
    }
