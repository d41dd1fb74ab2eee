"""Safe YAML loading that remembers the line of every key and item.

Only plain data is built (mappings, sequences, strings, numbers, booleans, null): tags that
would construct objects are refused, duplicate keys are errors, and the input is bounded:
a size limit, a nesting limit and an alias limit (nodes reached through aliases, so that a
"billion laughs" file is refused before anything expands). Timestamps stay strings so that
the scenario models parse them with their UTC offset.

The document is built from the parser's event stream without recursion: PyYAML's own
composer recurses once per nesting level and would overflow the stack on a deeply nested
file before any limit could be checked.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import yaml

from simulator.base.errors import Problem, UserError, format_path

MAX_BYTES = 2_000_000
MAX_ALIASES = 10_000  # nodes reached through aliases, counted at every use
MAX_DEPTH = 64

# libyaml's parser when PyYAML has it (about ten times faster); both give the same events.
_Parser = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

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
MERGE_TAG = "tag:yaml.org,2002:merge"

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


class _Collection:
    """A mapping or sequence being built: its value, where it sits, and its size in nodes."""

    __slots__ = ("value", "loc", "anchor", "line", "size", "key", "key_line", "merges", "explicit")

    def __init__(self, value, loc: Loc, anchor: str | None, line: int):
        self.value = value
        self.loc = loc
        self.anchor = anchor
        self.line = line
        self.size = 1
        self.key: Any = _NO_KEY  # a mapping's pending key
        self.key_line = line
        self.merges: list[dict] = []  # mappings merged in with '<<', first one wins
        self.explicit: set = set()


_NO_KEY = object()  # a mapping waits for its next key
_MERGE = object()  # the pending key is '<<'


class _Builder:
    """Turns the parser's events into plain data, checking every limit on the way."""

    def __init__(self, file: str):
        self.file = file
        self.lines: dict[Loc, int] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}  # name -> (value, size in nodes)
        self.aliased = 0
        self.scalars = yaml.SafeLoader("")  # resolves and constructs plain scalars

    def fail(self, line: int | None, message: str, hint: str = "", loc: Loc = ()) -> UserError:
        return UserError([Problem(message, self.file, line, format_path(loc), hint)])

    def build(self, events) -> Any:
        stack: list[_Collection] = []
        document: list[Any] = []
        for event in events:
            line = event.start_mark.line + 1 if event.start_mark else None
            kind = type(event)
            if kind is yaml.DocumentStartEvent and document:
                raise self.fail(line, "more than one YAML document in the file",
                                "keep one document: remove the second '---' and what follows")
            if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentStartEvent, yaml.DocumentEndEvent):
                continue
            parent = stack[-1] if stack else None
            wants_key = parent is not None and isinstance(parent.value, dict) and parent.key is _NO_KEY
            loc = self._loc_of_next(parent)
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if wants_key:
                    raise self.fail(line, "a key must be a plain value, not a mapping or list",
                                    "write the key as text", parent.loc)
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(line, f"nesting deeper than {MAX_DEPTH} levels (nesting limit)",
                                    "flatten the file", loc)
                mapping = kind is yaml.MappingStartEvent
                self._check_tag(event.tag, "tag:yaml.org,2002:map" if mapping else "tag:yaml.org,2002:seq", line, loc)
                self.lines.setdefault(loc, line)
                stack.append(_Collection({} if mapping else [], loc, event.anchor, line))
                continue
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                done = stack.pop()
                value = self._finish(done)
                if done.anchor is not None:
                    self.anchors[done.anchor] = (value, done.size)
                self._place(stack[-1] if stack else None, value, done.size, done.line, document)
                continue
            if kind is yaml.AliasEvent:
                if event.anchor not in self.anchors:
                    raise self.fail(line, f"alias *{event.anchor} refers to no complete anchor &{event.anchor}",
                                    "define the anchor before using it, outside the value that uses it", loc)
                value, size = self.anchors[event.anchor]
                self.aliased += size
                if self.aliased > MAX_ALIASES:
                    raise self.fail(line, f"more than {MAX_ALIASES:,} nodes reached through aliases (alias limit)",
                                    "write the values out instead of nesting anchors", loc)
                is_merge = False
            else:  # a scalar
                value, is_merge = self._scalar(event, line, loc)
                size = 1
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1)
            if wants_key:
                if isinstance(value, (dict, list)):
                    raise self.fail(line, "a key must be a plain value, not a mapping or list",
                                    "write the key as text", parent.loc)
                parent.key = _MERGE if is_merge else value
                parent.key_line = line
                continue
            self.lines.setdefault(loc, line)
            self._place(parent, value, size, line, document)
        return document[0] if document else None

    def _loc_of_next(self, parent: _Collection | None) -> Loc:
        if parent is None:
            return ()
        if isinstance(parent.value, list):
            return parent.loc + (len(parent.value),)
        if parent.key is _NO_KEY or parent.key is _MERGE:
            return parent.loc
        return parent.loc + (parent.key,)

    def _check_tag(self, tag: str | None, default: str, line: int | None, loc: Loc) -> None:
        if tag is None or tag == "!" or tag == default:
            return
        raise self.fail(line, f"YAML tag {tag!r} is not allowed",
                        "scenario files hold plain data only; remove the tag", loc)

    def _scalar(self, event, line: int | None, loc: Loc) -> tuple[Any, bool]:
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.scalars.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag == MERGE_TAG:
            return event.value, True  # a merge only as a key; elsewhere the text '<<'
        if tag not in _PLAIN_TAGS or tag in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
            raise self.fail(line, f"YAML tag {tag!r} is not allowed",
                            "scenario files hold plain data only; remove the tag", loc)
        if tag == "tag:yaml.org,2002:timestamp" or tag == "tag:yaml.org,2002:str":
            return event.value, False  # text as written (a timestamp too), without PyYAML's constructor
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.scalars.construct_object(node, deep=True), False
        except Exception as exc:  # e.g. "!!bool maybe" is a KeyError inside PyYAML
            problem = getattr(exc, "problem", None) or str(exc)
            raise self.fail(line, f"bad value {event.value[:40]!r}: {problem}",
                            "write a plain number, text, true/false or null", loc) from None

    def _place(self, parent, value, size: int, line, document: list) -> None:
        if parent is None:
            document.append(value)
            return
        parent.size += size
        if isinstance(parent.value, list):
            self.lines.setdefault(parent.loc + (len(parent.value),), line)
            parent.value.append(value)
            return
        key = parent.key
        parent.key = _NO_KEY
        if key is _MERGE:
            merged = value if isinstance(value, list) else [value]
            if not all(isinstance(m, dict) for m in merged):
                raise self.fail(line, "'<<' merges only mappings (an alias of a mapping, or a list of them)",
                                "merge a mapping, or write the fields out", parent.loc)
            parent.merges.extend(merged)
            return
        if isinstance(key, (dict, list)):
            raise self.fail(parent.key_line, "a key must be a plain value", "write the key as text", parent.loc)
        if key in parent.explicit:
            raise self.fail(parent.key_line, f"duplicate key {key!r}", "keep one of them", parent.loc)
        parent.explicit.add(key)
        self.lines[parent.loc + (key,)] = parent.key_line
        parent.value[key] = value

    def _finish(self, done: _Collection) -> Any:
        if not isinstance(done.value, dict) or not done.merges:
            return done.value
        # Explicit keys win over merged ones; among merged mappings the first one wins.
        result: dict = {}
        for merged in done.merges:
            for key, value in merged.items():
                result.setdefault(key, value)
                self.lines.setdefault(done.loc + (key,), done.line)
        result.update(done.value)
        return result



def _read(path: Path, name: str) -> bytes:
    """The file's bytes, refusing folders, devices and pipes and anything over the size limit."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise UserError.single("file not found", name, "check the path") from None
    except (OSError, ValueError) as exc:
        raise UserError.single(f"cannot read file: {getattr(exc, 'strerror', None) or exc}", name,
                               "check the path") from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError.single("is a folder, not a file", name, "name a .yaml file")
    if not stat.S_ISREG(info.st_mode):
        raise UserError.single("is not a regular file (a device, pipe or socket)", name, "name a .yaml file")
    if info.st_size > MAX_BYTES:
        raise UserError.single(
            f"file is {info.st_size:,} bytes, over the size limit of {MAX_BYTES:,}", name, "split or shorten it"
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)  # the file may have grown since stat
    except OSError as exc:
        raise UserError.single(f"cannot read file: {exc.strerror or exc}", name, "check its permissions") from None
    if len(raw) > MAX_BYTES:
        raise UserError.single(f"file is over the size limit of {MAX_BYTES:,} bytes", name, "split or shorten it")
    return raw


def load_yaml(path: str | Path) -> LoadedYaml:
    """Read ``path`` as plain YAML data with line numbers; raise UserError on any problem."""
    path = Path(path)
    name = str(path)
    raw = _read(path, name)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError.single("the file is UTF-16 text", name, "save it as UTF-8 (most editors offer this under 'Save as')")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise UserError(
            [Problem(f"not UTF-8 text (byte {exc.start})", name, line, hint="save the file as UTF-8 YAML")]
        ) from None
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str = "<string>") -> LoadedYaml:
    """Parse YAML text into plain data with a line map."""
    if len(text) > MAX_BYTES:
        raise UserError.single(f"text is over the size limit of {MAX_BYTES:,} characters", name, "split or shorten it")
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise UserError([Problem("file contains NUL bytes; it is not a YAML text file", name, line,
                                 hint="save the file as UTF-8 YAML text")])
    builder = _Builder(name)
    try:
        data = builder.build(yaml.parse(text, Loader=_Parser))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        if "nesting depth" in str(exc.problem):  # libyaml's own limit, deeper than ours
            raise UserError([Problem(f"nesting deeper than {MAX_DEPTH} levels (nesting limit)", name, line,
                                     hint="flatten the file")]) from None
        raise UserError(
            [Problem(f"not valid YAML: {exc.problem or exc}", name, line, hint="fix the YAML syntax")]
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1 if isinstance(exc.position, int) else None
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        raise UserError(
            [Problem(f"not valid YAML: control character U+{code:04X} is not allowed", name, line,
                     hint="remove control characters; save the file as UTF-8 YAML text")]
        ) from None
    except yaml.YAMLError as exc:
        raise UserError.single(f"not valid YAML: {exc}", name, "fix the YAML syntax") from None
    if data is None and not builder.lines:
        raise UserError.single("file is empty", name, "start from scenarios/kazakhstan-2022.yaml")
    return LoadedYaml(data, builder.lines, name)
