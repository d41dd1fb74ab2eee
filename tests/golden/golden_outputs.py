"""The golden outputs: every shipped case through `run` (replay and predictive, seed 1), `report` and
`export` in the three OCEL 2.0 formats (ocel2-json, ocel2-sqlite, ocel2-xml), each file's sha256 kept in ``golden.json``.

    python tests/golden/golden_outputs.py            # print what differs from golden.json
    python tests/golden/golden_outputs.py --update   # rewrite golden.json (say why in the commit)
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden.json")
# Some bytes depend on a library's version (charts on matplotlib's, an SQLite file's header and pages
# on SQLite's): they are compared only under the version recorded.
VERSIONED = {".png": "matplotlib", ".svg": "matplotlib", ".sqlite": "sqlite"}


def cases() -> list[Path]:
    """Every shipped scenario and variant file."""
    return sorted((ROOT / "scenarios").glob("*.yaml")) + sorted((ROOT / "scenarios" / "variants").glob("*.yaml"))


def commands(case: Path, out: Path) -> dict[str, list[str]]:
    """The CLI invocations whose outputs are kept, by the folder or file they write."""
    name = case.stem
    return {
        f"{name}/replay": ["run", str(case), "--quiet", "--out", str(out / name / "replay")],
        f"{name}/predictive-seed1": ["run", str(case), "--mode", "predictive", "--seed", "1", "--quiet",
                                     "--out", str(out / name / "predictive-seed1")],
        f"{name}/report.html": ["report", str(case), "-o", str(out / name / "report.html")],
        **{f"{name}/ocel2.{suffix}": ["export", str(case), "-f", f"ocel2-{suffix}", "--quiet",
                                      "-o", str(out / name / f"ocel2.{suffix}")] for suffix in ("json", "sqlite", "xml")},
    }


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def produce() -> dict[str, str]:
    """sha256 of every output file (or 'exit N' for a command that refuses the case), by relative path."""
    from simulator.cli import main

    hashes: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for case in cases():
            for key, argv in commands(case, out).items():
                with redirect_stdout(StringIO()), redirect_stderr(StringIO()):
                    code = main(argv)
                target = out / key
                if code != 0:
                    hashes[key] = f"exit {code}"
                elif target.is_dir():
                    for path in sorted(target.iterdir()):
                        if path.name == ".treaty-sim-outputs.json":  # the record of what was written, not an output
                            continue
                        hashes[f"{key}/{path.name}"] = digest(path)
                else:
                    hashes[key] = digest(target)
    return hashes


def versions() -> dict[str, str]:
    import sqlite3

    import matplotlib

    return {"matplotlib": matplotlib.__version__, "sqlite": sqlite3.sqlite_version}


def comparable(key: str, recorded: dict[str, str]) -> bool:
    """Whether an output's golden hash holds here: always, or under the library version it was recorded with."""
    library = VERSIONED.get(Path(key).suffix)
    return library is None or recorded.get(library) == versions()[library]


def main(argv: list[str]) -> int:
    hashes = produce()
    if "--update" in argv:
        GOLDEN.write_text(json.dumps({"versions": versions(), "files": hashes}, indent=1, sort_keys=True) + "\n")
        print(f"{len(hashes)} outputs written to {GOLDEN}")
        return 0
    golden = json.loads(GOLDEN.read_text())["files"]
    differ = sorted(k for k in set(golden) | set(hashes) if golden.get(k) != hashes.get(k))
    for key in differ:
        print(f"{key}: golden {golden.get(key)} now {hashes.get(key)}")
    print(f"{len(differ)} of {len(hashes)} outputs differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
