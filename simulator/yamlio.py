"""Safe YAML loading that remembers the line of every key and item.

Only plain data is built (mappings, sequences, strings, numbers, booleans, null): tags that
would construct objects are refused, aliases are counted, and duplicate keys are errors.
Timestamps stay strings so that the scenario models parse them with their UTC offset.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, UserError

MAX_BYTES = 2_000_000
MAX_ALIASES = 1_000
MAX_DEPTH = 64

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

Loc = tuple


class LoadedYaml:
    """Plain data plus a map from field path to 1-based line number."""

    def __init__(self, data: Any, lines: dict[Loc, int], file: str):
        self.data = data
        self.lines = lines
        self.file = file

    def line_of(self, loc: Loc) -> int | None:
        """Line of the deepest known prefix of ``loc``."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


class _Builder:
    def __init__(self, file: str):
        self.file = file
        self.lines: dict[Loc, int] = {}
        self.aliases = 0
        self.seen: set[int] = set()
        self.safe = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str, hint: str = "", loc: Loc = ()) -> UserError:
        from .errors import format_path

        return UserError(
            [Problem(message, self.file, node.start_mark.line + 1, format_path(loc), hint)]
        )

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nesting deeper than {MAX_DEPTH} levels", "flatten the file", loc)
        if id(node) in self.seen:
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise self.fail(
                    node,
                    f"more than {MAX_ALIASES} alias expansions (alias limit)",
                    "write the values out instead of nesting anchors",
                    loc,
                )
        self.seen.add(id(node))
        self.lines.setdefault(loc, node.start_mark.line + 1)
        if node.tag not in _PLAIN_TAGS:
            raise self.fail(
                node,
                f"YAML tag {node.tag!r} is not allowed",
                "scenario files hold plain data only; remove the tag",
                loc,
            )
        if isinstance(node, yaml.MappingNode):
            self.safe.flatten_mapping(node)
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, loc, depth + 1)
                if isinstance(key, (dict, list)):
                    raise self.fail(key_node, "a key must be a plain value", loc=loc)
                if key in result:
                    raise self.fail(key_node, f"duplicate key {key!r}", "keep one of them", loc)
                self.lines[loc + (key,)] = key_node.start_mark.line + 1
                result[key] = self.build(value_node, loc + (key,), depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.lines[loc + (index,)] = item.start_mark.line + 1
                items.append(self.build(item, loc + (index,), depth + 1))
            return items
        if node.tag == "tag:yaml.org,2002:timestamp":
            return node.value
        return self.safe.construct_object(node, deep=True)


def load_yaml(path: str | Path) -> LoadedYaml:
    """Read ``path`` as plain YAML data with line numbers; raise UserError on any problem."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UserError.single("file not found", name, "check the path") from None
    except OSError as exc:
        raise UserError.single(f"cannot read file: {exc.strerror}", name) from None
    if path.is_dir():
        raise UserError.single("is a folder, not a file", name, "name a .yaml file")
    if size > MAX_BYTES:
        raise UserError.single(
            f"file is {size:,} bytes, over the size limit of {MAX_BYTES:,}", name, "split or shorten it"
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError.single(
            f"not UTF-8 text (byte {exc.start})", name, "save the file as UTF-8 YAML"
        ) from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str = "<string>") -> LoadedYaml:
    """Parse YAML text into plain data with a line map."""
    if "\x00" in text:
        raise UserError.single("file contains NUL bytes; it is not a YAML text file", name)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise UserError(
            [Problem(f"not valid YAML: {exc.problem or exc}", name, line, hint="fix the YAML syntax")]
        ) from None
    except yaml.YAMLError as exc:
        raise UserError.single(f"not valid YAML: {exc}", name) from None
    if node is None:
        raise UserError.single("file is empty", name, "start from scenarios/kazakhstan-2022.yaml")
    builder = _Builder(name)
    try:
        data = builder.build(node, (), 0)
    except yaml.constructor.ConstructorError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise UserError([Problem(f"bad value: {exc.problem}", name, line)]) from None
    return LoadedYaml(data, builder.lines, name)
