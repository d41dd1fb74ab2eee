"""JSON Schemas of the file kinds, for editors and standard validators (`treaty-sim schema KIND`).

Each is generated from the pydantic model the loader validates with, so it says what the loader
accepts; cross-checks against a treaty (known members, steps, source keys) stay the loader's.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from simulator.model import FILE_KINDS
from simulator.model.injects import InjectFile
from simulator.model.lesson import Answers, Lesson
from simulator.model.scenario import Scenario
from simulator.model.treaty import Treaty
from simulator.model.variant import VariantFile

MODELS: dict[str, type[BaseModel]] = {
    "scenario": Scenario,
    "variant": VariantFile,
    "injects": InjectFile,
    "lesson": Lesson,
    "answers": Answers,
    "treaty": Treaty,
}
KINDS = FILE_KINDS  # the order `treaty-sim schema --help` lists them in (a test keeps MODELS equal)
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(kind: str = "scenario") -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one file kind: scenario, variant, injects, lesson, answers or treaty."""
    if kind not in MODELS:
        raise ValueError(f"unknown file kind {kind!r}; one of: {', '.join(KINDS)}")
    schema = _closed(MODELS[kind].model_json_schema())
    return {"$schema": DIALECT, **schema, "title": f"treaty-sim {kind}"}


def _closed(node):
    """Mappings whose keys have a pattern take no other keys: pydantic refuses them, its schema leaves them open."""
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _closed(value) for key, value in node.items()}
    if "patternProperties" in node and "additionalProperties" not in node:
        node["additionalProperties"] = False
    return node


def schema_file(kind: str) -> str:
    """The name of a kind's schema under schemas/ (and in the package), e.g. scenario.schema.json."""
    return f"{kind}.schema.json"


def schema_text(kind: str = "scenario") -> str:
    """A kind's schema as the command prints it and schemas/ keeps it (stable key order, one newline)."""
    return json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n"
