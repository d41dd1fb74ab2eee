"""Write schemas/<kind>.schema.json, the JSON Schema of each file kind, as `treaty-sim schema KIND` prints it.

Usage: python scripts/write_schemas.py   (or `make schemas`)

tests/model/test_schemas.py keeps every file equal to the command's output; shipped YAML files name
theirs on their first line (# yaml-language-server: $schema=../schemas/<kind>.schema.json).
"""

from __future__ import annotations

from pathlib import Path

from simulator.model.schemas import KINDS, schema_file, schema_text

FOLDER = Path(__file__).resolve().parents[1] / "schemas"


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    for kind in KINDS:
        path = FOLDER / schema_file(kind)
        text = schema_text(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(FOLDER.parent)}")


if __name__ == "__main__":
    main()
