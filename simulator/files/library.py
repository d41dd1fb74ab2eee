"""The shipped data: the treaties, and the case library (scenarios, variants and lessons) found by name from any folder,
with the JSON Schemas (schemas/) that the library's files name on their first line.

In an installed package they sit in ``simulator/library/`` (setup.py copies them into the wheel);
in a checkout, or an editable install, they are the repository's own ``scenarios/`` and ``lessons/``.
"""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path

from simulator.base.errors import UserError
from simulator.files.writing import write_new

_PACKAGE = Path(__file__).resolve().parents[1]
FOLDERS = ("scenarios", "lessons", "schemas")  # copied out together: the files' schema paths stay right
TREATY_DIR = _PACKAGE / "treaties"  # the shipped treaty files (data only)


def treaty_names() -> list[str]:
    """Names of the treaties shipped with the package (not their sources or durations files).

    Here, not beside the treaty model: shell completion lists them at every Tab without loading it."""
    return sorted(p.stem for p in TREATY_DIR.glob("*.yaml") if not p.name.endswith((".sources.yaml", ".durations.yaml")))


def library_root() -> Path:
    """The folder holding ``scenarios/``, ``lessons/`` and ``schemas/``."""
    packaged = _PACKAGE / "library"
    return packaged if (packaged / "scenarios").is_dir() else _PACKAGE.parent


def shipped_scenarios() -> list[Path]:
    """The shipped cases (not the variants), by name."""
    return sorted((library_root() / "scenarios").glob("*.yaml"))


def shipped_names() -> list[str]:
    """Names a command accepts in place of a path: every shipped case and variant."""
    folder = library_root() / "scenarios"
    return sorted(p.stem for p in [*folder.glob("*.yaml"), *folder.glob("variants/*.yaml")])


def case_path(path: str | Path) -> Path:
    """``path`` itself if it exists or looks like a path; else the shipped case or variant of that name.

    ``kazakhstan-2022`` names ``scenarios/kazakhstan-2022.yaml`` of the library; a file of that name
    in the current folder comes first.
    """
    path = Path(path)
    if path.exists() or path.suffix or len(path.parts) != 1:
        return path
    folder = library_root() / "scenarios"
    for candidate in (folder / f"{path.name}.yaml", folder / "variants" / f"{path.name}.yaml"):
        if candidate.is_file():
            return candidate
    names = shipped_names()
    near = get_close_matches(path.name, names, n=1)
    hint = f"did you mean {near[0]!r}?" if near else f"give a path, or one of: {', '.join(names)}"
    raise UserError.single(f"no file {path.name!r} here, and no shipped case of that name", str(path), hint)


def schema_line(kind: str, folder: Path) -> str:
    """The first line of a YAML file in ``folder`` that points editors at the schema of ``kind``.

    The nearest ``schemas/`` at or above ``folder`` (a checkout, or a copy from `treaty-sim examples`), by a
    relative path that survives moving the whole folder; else the library's own copy, by its absolute URI.
    """
    name = f"{kind}.schema.json"
    folder = Path(folder).resolve()
    for depth, parent in enumerate([folder, *folder.parents]):
        if (parent / "schemas" / name).is_file():
            return f"# yaml-language-server: $schema={'../' * depth}schemas/{name}"
    return f"# yaml-language-server: $schema={(library_root() / 'schemas' / name).as_uri()}"


def copy_library(folder: Path) -> list[Path]:
    """Copy ``scenarios/``, ``lessons/`` and ``schemas/`` into ``folder``; refuse if any of those files is there already."""
    root = library_root()
    pairs = [(source, Path(folder) / source.relative_to(root))
             for name in FOLDERS for source in sorted((root / name).rglob("*"))
             if source.suffix in (".yaml", ".json") and source.is_file()]
    taken = [target for _, target in pairs if target.exists() or target.is_symlink()]
    if taken:
        raise UserError.single(f"{len(taken)} of the library's files are already in {folder}, e.g. {taken[0]}",
                               str(folder), "choose a new folder, or move those files away first")
    for source, target in pairs:  # each file whole or not at all, none replacing a file that appeared meanwhile
        write_new(target, source.read_text(encoding="utf-8"))
    return [target for _, target in pairs]
