"""OCEL 2.0 SQLite: the document of ``to_ocel2`` as the standard's relational database.

The layout is the specification's: ``event`` and ``object`` (id and type), ``event_map_type`` and
``object_map_type`` (each type's table-name suffix), ``event_object`` and ``object_object`` (the
qualified relationships, with their primary and foreign keys), one ``event_<Type>`` table per event
type (id, time, attributes) and one ``object_<Type>`` table per object type (a row of initial
values at the standard's 1970 time, then one row per later value, naming its ``ocel_changed_field``).
Values are stored by their declared type: INTEGER, REAL, BOOLEAN (0/1), TEXT.

The database is built in a temporary file beside the target (without a journal: the file is new
and only renamed into place once complete), then renamed, as every output is written.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from simulator.base.errors import UserError
from simulator.files.writing import building_atomic
from simulator.render.exports.ocel import EPOCH

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "float": "REAL", "boolean": "BOOLEAN", "time": "TIMESTAMP"}
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]+")
# table names the standard already uses: a type's suffix must not make one of them (SQLite ignores case)
_TAKEN = {"object", "map_type"}


def sql_time(text: str) -> str:
    """The JSON's UTC time ``2022-01-05T00:00:00.000Z`` as the SQLite files of the standard write it."""
    return text.replace("T", " ").removesuffix("Z")


def sql_value(text: str, kind: str):
    """A JSON attribute value (always a string) as the SQL value of its declared type."""
    if kind == "integer":
        return int(text)
    if kind == "float":
        return float(text)
    if kind == "boolean":
        return 1 if text == "true" else 0
    if kind == "time":
        return sql_time(text)
    return text


def type_suffixes(names: list[str]) -> dict[str, str]:
    """Each type's table suffix: its words capitalised, letters and digits only, unique whatever the case."""
    used = set(_TAKEN)
    found = {}
    for name in names:
        base = _NOT_ALNUM.sub("", "".join(w[:1].upper() + w[1:] for w in name.split(" "))) or "Type"
        suffix, n = base[:100], 1
        while suffix.lower() in used:
            n += 1
            suffix = f"{base[:96]}{n}"
        used.add(suffix.lower())
        found[name] = suffix
    return found


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def write_sqlite(document: dict, path: Path) -> Path:
    """Write the OCEL 2.0 SQLite database of a ``to_ocel2`` document to ``path``, atomically."""
    path = Path(path)
    with building_atomic(path, "export") as tmp:
        db = sqlite3.connect(tmp)
        try:
            db.execute("PRAGMA journal_mode = OFF")  # no -journal file beside the temporary one
            _fill(db, document)
            db.commit()
        except sqlite3.Error as exc:
            raise UserError.single(f"cannot write: {exc}", path, "choose another --out folder, or free some space") from None
        finally:
            db.close()
    return path


def _fill(db: sqlite3.Connection, document: dict) -> None:
    db.executescript("""
        CREATE TABLE event_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
        CREATE TABLE object_map_type (ocel_type TEXT PRIMARY KEY, ocel_type_map TEXT);
        CREATE TABLE event (ocel_id TEXT PRIMARY KEY, ocel_type TEXT REFERENCES event_map_type (ocel_type));
        CREATE TABLE object (ocel_id TEXT PRIMARY KEY, ocel_type TEXT REFERENCES object_map_type (ocel_type));
        CREATE TABLE event_object (
            ocel_event_id TEXT REFERENCES event (ocel_id), ocel_object_id TEXT REFERENCES object (ocel_id),
            ocel_qualifier TEXT, PRIMARY KEY (ocel_event_id, ocel_object_id, ocel_qualifier));
        CREATE TABLE object_object (
            ocel_source_id TEXT REFERENCES object (ocel_id), ocel_target_id TEXT REFERENCES object (ocel_id),
            ocel_qualifier TEXT, PRIMARY KEY (ocel_source_id, ocel_target_id, ocel_qualifier));
    """)
    event_types = {t["name"]: {a["name"]: a["type"] for a in t["attributes"]} for t in document["eventTypes"]}
    object_types = {t["name"]: {a["name"]: a["type"] for a in t["attributes"]} for t in document["objectTypes"]}
    event_tables = {name: f"event_{s}" for name, s in type_suffixes(list(event_types)).items()}
    object_tables = {name: f"object_{s}" for name, s in type_suffixes(list(object_types)).items()}
    db.executemany("INSERT INTO event_map_type VALUES (?, ?)",
                   [(n, t.removeprefix("event_")) for n, t in event_tables.items()])
    db.executemany("INSERT INTO object_map_type VALUES (?, ?)",
                   [(n, t.removeprefix("object_")) for n, t in object_tables.items()])
    for name, attrs in event_types.items():
        columns = "".join(f", {_quote(a)} {SQL_TYPES.get(k, 'TEXT')}" for a, k in attrs.items())
        db.execute(f"CREATE TABLE {_quote(event_tables[name])} (ocel_id TEXT PRIMARY KEY REFERENCES event (ocel_id), "
                   f"ocel_time TIMESTAMP{columns})")
    for name, attrs in object_types.items():
        columns = "".join(f", {_quote(a)} {SQL_TYPES.get(k, 'TEXT')}" for a, k in attrs.items())
        db.execute(f"CREATE TABLE {_quote(object_tables[name])} (ocel_id TEXT REFERENCES object (ocel_id), "
                   f"ocel_time TIMESTAMP, ocel_changed_field TEXT{columns})")
    _objects(db, document["objects"], object_types, object_tables)
    _events(db, document["events"], event_types, event_tables)


def _objects(db, objects: list[dict], types: dict, tables: dict) -> None:
    db.executemany("INSERT INTO object VALUES (?, ?)", [(o["id"], o["type"]) for o in objects])
    db.executemany("INSERT INTO object_object VALUES (?, ?, ?)",
                   [(o["id"], r["objectId"], r["qualifier"]) for o in objects for r in o["relationships"]])
    for obj in objects:
        kinds, table = types[obj["type"]], _quote(tables[obj["type"]])
        initial = {a["name"]: sql_value(a["value"], kinds[a["name"]]) for a in obj["attributes"] if a["time"] == EPOCH}
        names = list(initial)
        db.execute(f"INSERT INTO {table} (ocel_id, ocel_time{''.join(', ' + _quote(n) for n in names)}) "
                   f"VALUES (?, ?{', ?' * len(names)})", [obj["id"], sql_time(EPOCH), *initial.values()])
        for a in obj["attributes"]:
            if a["time"] != EPOCH:
                db.execute(f"INSERT INTO {table} (ocel_id, ocel_time, ocel_changed_field, {_quote(a['name'])}) "
                           "VALUES (?, ?, ?, ?)",
                           [obj["id"], sql_time(a["time"]), a["name"], sql_value(a["value"], kinds[a["name"]])])


def _events(db, events: list[dict], types: dict, tables: dict) -> None:
    db.executemany("INSERT INTO event VALUES (?, ?)", [(e["id"], e["type"]) for e in events])
    db.executemany("INSERT INTO event_object VALUES (?, ?, ?)",
                   [(e["id"], r["objectId"], r["qualifier"]) for e in events for r in e["relationships"]])
    for event in events:
        kinds = types[event["type"]]
        values = {a["name"]: sql_value(a["value"], kinds[a["name"]]) for a in event["attributes"]}
        db.execute(f"INSERT INTO {_quote(tables[event['type']])} "
                   f"(ocel_id, ocel_time{''.join(', ' + _quote(n) for n in values)}) "
                   f"VALUES (?, ?{', ?' * len(values)})", [event["id"], sql_time(event["time"]), *values.values()])
