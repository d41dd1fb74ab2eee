"""Hostile and broken input files never give a traceback (issue 7, item 1).

Hypothesis generates and mutates input files: the shipped Kazakhstan scenario with keys
deleted, values of the wrong type, members and bodies renamed, impossible or out-of-order
dates, negative and huge numbers, odd unicode; its text cut, shuffled and sprinkled with
YAML syntax; raw byte garbage; and files built to hurt a YAML loader (alias and merge
bombs, tags that would construct Python objects, deep nesting, files over the size limit).

Each file goes through the `treaty-sim` entry point in-process and must end in one of two
ways: exit code 2 with every problem naming the file (and line where known), the field,
and a `fix:` line; or, when the mutation happens to leave a valid file, exit code 0, after
which the file is also run (bounded by the horizon and a wall-clock limit). Never a
traceback, never a hang (an alarm fails any input that takes more than PER_INPUT_S).

The counts of inputs tried are printed at the end of the test session. Examples are
derandomized, so CI sees the same inputs every run.

Scenario, variant and treaty files are fuzzed alike, source registries in fewer examples (KINDS);
a new kind of input file joins by adding a FileKind: its example and the commands that check and
run one. A valid treaty is checked (`check`, exit 0 or 1) and the Kazakhstan case is run on it.
"""

from __future__ import annotations

import contextlib
import copy
import functools
import io
import pickle
import re
import shutil
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from conftest import KZ
from fuzz_tally import SECONDS, TALLY  # printed at the end of the session (conftest.py)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.checks.treaty import TREATY_DIR, load_sources, load_treaty
from simulator.cli import main
from simulator.files import yamlio
from simulator.render import run_files

PER_INPUT_S = 60  # far above the slowest input seen (a few seconds); only a hang gets here
RUN_LIMIT_S = "20"  # wall-clock limit for running the inputs that turn out valid

SETTINGS = {
    "derandomize": True,
    "deadline": None,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}


# ---- what kinds of file are fuzzed -----------------------------------------------------------
@dataclass(frozen=True)
class FileKind:
    """A kind of input file: a valid example to mutate, and the command lines that check and run one."""

    name: str
    example: Path
    check: Callable[[Path], list[str]]
    run: Callable[[Path, Path], list[str]] | None
    names: tuple[str, ...]  # names in the example worth renaming (members, bodies, steps)
    text: Callable[[], str] | None = None  # the example's text when not the file's own
    ok: tuple[int, ...] = (0,)  # exit codes of `check` that mean a valid file
    ran: tuple[int, ...] = (0, 4)  # exit codes of `run` on a valid file: done, or stopped by a guard
    named: Callable[[Path], Path] = lambda path: path  # the file the messages name (a copy under the name it needs)


SCENARIO = FileKind(
    name="scenario",
    example=KZ,
    check=lambda path: ["validate", str(path)],
    run=lambda path, out: ["run", str(path), "--mode", "predictive", "--out", str(out), "--quiet",
                           "--time-limit", RUN_LIMIT_S],
    names=("Kazakhstan", "Russia", "Belarus", "Armenia", "Tajikistan", "Kyrgyzstan", "csc", "cmd",
           "airlift", "withdrawal", "national_approval", "council_decision", "CST Art. 4"),
)
VARIANTS = KZ.parent / "variants"


def _variant_text() -> str:
    """A variant using set:, override: and fork_at:, its base named by absolute path (the
    mutated copies live in a temporary folder)."""
    text = (VARIANTS / "kz-half-aircraft.yaml").read_text(encoding="utf-8")
    text = text.replace("base: ../kazakhstan-2022.yaml", f"base: {KZ}")
    return text + """override:
  bodies:
    csc:
      answers: {Belarus: abstain}
  contingents:
    Armenia:
      durations: {force_generation: [2, 6]}
"""


VARIANT = FileKind(
    name="variant",
    example=VARIANTS / "kz-half-aircraft.yaml",
    check=lambda path: ["validate", str(path)],
    run=lambda path, out: ["run", str(path), "--mode", "predictive", "--out", str(out), "--quiet",
                           "--time-limit", RUN_LIMIT_S],
    names=("Belarus", "Armenia", "csc", "airlift", "force_generation", "air.airlift.aircraft"),
    text=_variant_text,
)


def _treaty_check(path: Path) -> list[str]:
    """`check` of a treaty file, its source registry beside it; caches cleared (the same path, new text)."""
    shutil.copy(TREATY_DIR / "csto.sources.yaml", path.with_name(path.stem + ".sources.yaml"))
    load_treaty.cache_clear()
    load_sources.cache_clear()
    return ["check", str(path)]


def _treaty_run(path: Path, out: Path) -> list[str]:
    """A predictive run of the Kazakhstan case on the treaty: whatever `check` let through must run,
    or be refused by the case's own checks (the case may no longer fit the changed treaty)."""
    case = path.with_name("treaty-case.yaml")
    case.write_text(KZ.read_text(encoding="utf-8").replace("\ntreaty: csto\n", f"\ntreaty: {path}\n"), encoding="utf-8")
    return ["run", str(case), "--mode", "predictive", "--out", str(out), "--quiet", "--time-limit", RUN_LIMIT_S]


TREATY = FileKind(
    name="treaty",
    example=TREATY_DIR / "csto.yaml",
    check=_treaty_check,
    run=_treaty_run,
    ran=(0, 2, 4),
    names=("Kazakhstan", "Russia", "Armenia", "csc", "cmd", "airlift", "national_approval", "council_decision",
           "request", "CST Art. 4", "crrf"),
    ok=(0, 1),  # check: 1 when the procedure it checked has a problem (a finding, not a failure)
)


def _registry_check(path: Path) -> list[str]:
    """`check` of the CSTO treaty with the mutated registry as its source registry."""
    shutil.copy(path, path.with_name("registry-treaty.sources.yaml"))
    shutil.copy(TREATY_DIR / "csto.yaml", path.with_name("registry-treaty.yaml"))
    load_treaty.cache_clear()
    load_sources.cache_clear()
    return ["check", str(path.with_name("registry-treaty.yaml"))]


REGISTRY = FileKind(
    name="registry",
    example=TREATY_DIR / "csto.sources.yaml",
    check=_registry_check,
    run=None,
    names=("S1", "S19", "title", "urls"),
    ok=(0, 1),
    named=lambda path: path.with_name("registry-treaty"),  # its .sources.yaml, or the treaty citing a lost key
)
KINDS = {kind.name: kind for kind in (SCENARIO, VARIANT, TREATY, REGISTRY)}
FUZZED = sorted(set(KINDS) - {"registry"})  # every test below; the registry in fewer (test_*_registries_*)


@functools.cache
def example_text(kind: str) -> str:
    found = KINDS[kind]
    return found.text() if found.text is not None else found.example.read_text(encoding="utf-8")


@functools.cache
def _example_data(kind: str) -> Any:
    return yamlio.parse_yaml(example_text(kind)).data  # dates stay text, as the loader keeps them


def example_data(kind: str) -> Any:
    return pickle.loads(pickle.dumps(_example_data(kind)))  # a deep copy, ten times faster


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# ---- checking one input ----------------------------------------------------------------------
class Hang(BaseException):
    """Raised by the alarm: an input took longer than PER_INPUT_S (BaseException: main() must not catch it)."""


@contextlib.contextmanager
def alarm(seconds: float):
    def ring(signum, frame):
        raise Hang(f"input still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def cli(args: list[str]) -> tuple[int, str, str]:
    """Run the treaty-sim entry point in-process; (exit code, stdout, stderr)."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(args)
    return code, stdout.getvalue(), stderr.getvalue()


PROBLEM = re.compile(r"^  (?P<file>/[^:]+?)(?::(?P<line>\d+))?: ")


def assert_clear_rejection(path: Path, err: str, lines_known: bool) -> None:
    """Exit 2's message: the first problem names the input file, every problem names a file (with
    the line when the file could be parsed) and is followed by a `fix:` line saying what to do."""
    assert err.startswith("error: "), err
    problems = [line for line in err.splitlines()[1:] if not line.startswith(("    fix: ", "  … and "))]
    assert problems and problems[0].startswith(f"  {path}"), f"the input file is not named first:\n{err}"
    for problem in problems:
        match = PROBLEM.match(problem)
        assert match, f"a problem without a file:\n{err}"
        if lines_known and match["file"].startswith(str(path)):
            assert match["line"], f"a problem without a line:\n{err}"
    assert err.count("\n    fix: ") == len(problems), f"a problem without a fix: line:\n{err}"


def check_input(kind: FileKind, family: str, path: Path, work: Path, lines_known: bool = False) -> str:
    """The heart of the suite: one input file, through the CLI, must end cleanly; returns stderr.

    ``lines_known``: the file is well-formed YAML, so every problem in it has a line number.
    """
    started = time.monotonic()
    try:
        return _check_input(kind, family, path, work, lines_known)
    finally:
        SECONDS[family] += time.monotonic() - started


def _check_input(kind: FileKind, family: str, path: Path, work: Path, lines_known: bool) -> str:
    started = time.monotonic()
    lines_known = lines_known and path.stat().st_size <= yamlio.MAX_BYTES  # a file too big is refused unread
    with alarm(PER_INPUT_S):
        code, out, err = cli(kind.check(path))
        assert "Traceback" not in out + err, err
        if code == 2:
            assert_clear_rejection(kind.named(path), err, lines_known)
            TALLY[family]["rejected (exit 2)"] += 1
            return err
        assert code in kind.ok, f"exit {code}:\n{err}"
        if kind.run is None:
            TALLY[family]["valid"] += 1
            return err
        # Valid after all: it must also run, bounded. Charts are left out here for speed (a
        # PNG takes a second); tests/test_robust_text.py draws hostile text into them.
        with mock.patch.object(run_files, "_timeline", lambda result, timeline: {}):
            code, out, err = cli(kind.run(path, work / "out"))
    assert "Traceback" not in out + err, err
    assert code in kind.ran, f"a valid file ran with exit {code}:\n{err}"
    assert code != 2 or "\n    fix: " in err, err
    TALLY[family][{0: "valid, ran (exit 0)", 2: "valid, its case refused (exit 2)",
                   4: "valid, stopped by a guard (exit 4)"}[code]] += 1
    assert time.monotonic() - started < PER_INPUT_S
    return err


def write_text(work: Path, name: str, text: str) -> Path:
    path = work / name
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    return path


def write_bytes(work: Path, name: str, data: bytes) -> Path:
    path = work / name
    path.write_bytes(data)
    return path


DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=DUMPER, sort_keys=False, allow_unicode=True, width=10_000)


# ---- structured mutations of a valid file ----------------------------------------------------
def paths_in(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a key or item in ``data``."""
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += paths_in(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += paths_in(value, prefix + (index,))
    return found


def get(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


WEIRD_STRINGS = st.sampled_from([
    "", " ", "x", "Atlantis", "kazakhstan", "KAZAKHSTAN", "Қазақстан", "Кыргызстан", "🇰🇿", "\u202eevil", "a\u0301",
    "[/]", "[bold]", "$\\frac$", "$x$", "{{x}}", "%s%s", "\\", "../../etc/passwd", "/etc/passwd", "C:\\x",
    "\t", "null", "~", "yes", "0x1F", "1e400", "nan", "-1", "2022-02-30", "2022-01-05T25:00+06:00",
    "x" * 5_000, "\ufeff", "\U0001F600" * 50, "S999", "Europe/Nowhere", "other.yaml", "../csto.yaml",
    "scenario-mutated.yaml", "/dev/zero.yaml",
])
WEIRD_NUMBERS = st.sampled_from([
    -1, -0.5, 0, 0.0, 1e-300, 1e9, 1e308, 10**20, 2**63, 2**64, -2**63, float("inf"), float("-inf"),
    float("nan"), 10**400, 3650, 3651, 8760, 8761, 1_000_000, 1_000_001, 5000, 5001, 50, 51, 100, 101,
])
WEIRD_DATES = st.sampled_from([
    "2022-02-30", "2022-13-01", "0000-01-01", "0001-01-01T00:00+06:00", "9999-12-31T23:59+14:00",
    "2022-01-05T25:00+06:00", "2022-01-05T00:00", "2022-01-05T00:00+25:00", "1999-01-01T00:00+00:00",
    "2030-01-01T00:00+06:00", "2022-01-04", "2022-03-01", "yesterday", 20220105, "2022-1-5",
])
WEIRD_VALUES = st.one_of(
    WEIRD_STRINGS, WEIRD_NUMBERS, WEIRD_DATES,
    # copied on every draw: a mutation must never change the constant for later examples
    st.sampled_from([None, True, False, [], {}, [1, 2, 3], [[1]], {"a": 1}, {"triangular": [5, 1, 2]},
                     {"lognormal": {"median": 5, "sigma": 50}}, [10, 2], [-1, 5], {"normal": [1, 2]},
                     {"value": -5, "status": "official", "source": ["S27"]}]).map(copy.deepcopy),
    st.text(max_size=20),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.recursive(st.none() | st.integers() | st.text(max_size=5),
                 lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
                 max_leaves=10),
)


def _delete(data, path, draw, paths):
    parent = get(data, path[:-1])
    del parent[path[-1]]


def _replace(data, path, draw, paths):
    get(data, path[:-1])[path[-1]] = draw(WEIRD_VALUES)


def _rename_key(data, path, draw, paths):
    parent = get(data, path[:-1])
    if isinstance(parent, dict):
        new = draw(st.one_of(WEIRD_STRINGS, st.sampled_from([str(path[-1]) + "s", str(path[-1])[:-1], 1, None, True])))
        if new not in parent:
            parent[new] = parent.pop(path[-1])


def _numbers(data, path, draw, paths):
    """A number (a duration, count, seats, horizon …) made negative, zero, huge or not finite."""
    numeric = [p for p in paths if isinstance(get(data, p), (int, float)) and not isinstance(get(data, p), bool)]
    if numeric:
        target = draw(st.sampled_from(numeric))
        get(data, target[:-1])[target[-1]] = draw(WEIRD_NUMBERS)


def _dates(data, path, draw, paths):
    """A date or instant made impossible, or two of the record's dates swapped (out of order)."""
    dated = [p for p in paths if isinstance(get(data, p), str) and re.match(r"^\d{4}-\d\d-\d\d", get(data, p))]
    if not dated:
        return
    if draw(st.booleans()):
        target = draw(st.sampled_from(dated))
        get(data, target[:-1])[target[-1]] = draw(WEIRD_DATES)
    else:
        a, b = draw(st.sampled_from(dated)), draw(st.sampled_from(dated))
        get(data, a[:-1])[a[-1]], get(data, b[:-1])[b[-1]] = get(data, b), get(data, a)


def _rename_name(data, path, draw, paths):
    """A member, body, step or article renamed everywhere, or in one place only."""
    old = draw(st.sampled_from(SCENARIO.names))
    new = draw(st.one_of(WEIRD_STRINGS, st.sampled_from(SCENARIO.names)))
    everywhere = draw(st.booleans())

    def walk(node):
        if isinstance(node, dict):
            for key in list(node):
                value = node.pop(key)
                node[new if key == old and new not in node else key] = walk(value)
            return node
        if isinstance(node, list):
            return [walk(item) for item in node]
        return new if node == old else node

    if everywhere:
        walk(data)
    else:
        get(data, path[:-1])[path[-1]] = walk(get(data, path))


def _add_unknown(data, path, draw, paths):
    mappings = [p for p in [()] + paths if isinstance(get(data, p), dict)]
    target = get(data, draw(st.sampled_from(mappings)))
    target[draw(st.sampled_from(["personel", "sorce", "extra", "answers_h", "x", "Durations", "horizon"]))] = \
        draw(WEIRD_VALUES)


def _duplicate_item(data, path, draw, paths):
    lists = [p for p in paths if isinstance(get(data, p), list) and get(data, p)]
    if lists:
        target = get(data, draw(st.sampled_from(lists)))
        target.append(copy.deepcopy(draw(st.sampled_from(target))))


def _nest(data, path, draw, paths):
    depth = draw(st.integers(1, 120))
    value: Any = draw(WEIRD_VALUES)
    for _ in range(depth):
        value = [value] if draw(st.booleans()) else {"a": value}
    get(data, path[:-1])[path[-1]] = value


def _many(data, path, draw, paths):
    """A list or mapping blown up to thousands of entries."""
    n = draw(st.sampled_from([300, 3_000]))
    lists = [p for p in paths if isinstance(get(data, p), list) and get(data, p)]
    if lists and draw(st.booleans()):
        target = get(data, draw(st.sampled_from(lists)))
        target.extend(copy.deepcopy(target[0]) for _ in range(n))
    else:
        get(data, path[:-1])[path[-1]] = {f"k{i}": i for i in range(n)}


MUTATIONS = {
    "delete a key": _delete,
    "wrong type": _replace,
    "rename a key": _rename_key,
    "negative or huge number": _numbers,
    "impossible or out-of-order date": _dates,
    "rename a member, body or step": _rename_name,
    "unknown field": _add_unknown,
    "duplicate an item": _duplicate_item,
    "deep nesting": _nest,
    "thousands of entries": _many,
}


@pytest.mark.parametrize("kind", FUZZED)
@settings(max_examples=550, **SETTINGS)
@given(data=st.data())
def test_mutated_files_fail_clearly_or_run(kind, data, work):
    """Mutations of the valid example, 1 to 4 at a time, written back as YAML."""
    file_kind = KINDS[kind]
    doc = example_data(kind)
    names = []
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        paths = paths_in(doc)
        if not paths:
            break
        name = data.draw(st.sampled_from(sorted(MUTATIONS)), label="mutation")
        path = data.draw(st.sampled_from(paths), label="path")
        MUTATIONS[name](doc, path, data.draw, paths)
        names.append(name)
    if data.draw(st.booleans(), label="top level replaced") and data.draw(st.integers(0, 9)) == 0:
        doc = data.draw(WEIRD_VALUES)
    path = write_text(work, f"{kind}-mutated.yaml", dump(doc))
    check_input(file_kind, f"{kind}: mutated data", path, work, lines_known=isinstance(doc, dict) and bool(doc))


@settings(max_examples=200, **SETTINGS)
@given(data=st.data())
def test_mutated_registries_fail_clearly(data, work):
    """Source registries mutated as above, in fewer examples (their 300 entries make each check slower)."""
    test_mutated_files_fail_clearly_or_run.hypothesis.inner_test("registry", data, work)


# ---- mutations of the text -------------------------------------------------------------------
YAML_BITS = st.sampled_from([":", ": ", "-", "- ", "&a", "*a", "*nothing", "!", "!!python/object:os.system", "|", ">",
                             "%YAML 1.1", "@", "`", "\t", "{", "}", "[", "]", "#", "'", '"', "? ", "---", "...",
                             "<<: *a", "\\", "\u0085", "\u2028", "\ufeff", "\x01", "\x7f", "\r", "\r\n"])


@pytest.mark.parametrize("kind", FUZZED)
@settings(max_examples=300, **SETTINGS)
@given(data=st.data())
def test_mangled_text_fails_clearly_or_runs(kind, data, work):
    """Lines deleted, duplicated, swapped, re-indented; the file cut short; YAML syntax sprinkled in."""
    lines = example_text(kind).splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 5), label="edits")):
        if not lines:
            break
        edit = data.draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "insert", "cut"]), label="edit")
        i = data.draw(st.integers(0, len(lines) - 1), label="line")
        if edit == "delete":
            del lines[i:i + data.draw(st.integers(1, 20))]
        elif edit == "duplicate":
            lines.insert(i, lines[i])
        elif edit == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif edit == "indent":
            lines[i] = " " * data.draw(st.integers(0, 9)) + lines[i].lstrip(" ")
        elif edit == "insert":
            text = data.draw(st.one_of(YAML_BITS, st.text(max_size=12)), label="inserted")
            at = data.draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + text + lines[i][at:]
        else:
            lines = lines[:i]
    check_input(KINDS[kind], f"{kind}: mangled text", write_text(work, f"{kind}-text.yaml", "".join(lines)), work)


@settings(max_examples=100, **SETTINGS)
@given(data=st.data())
def test_mangled_registries_fail_clearly(data, work):
    test_mangled_text_fails_clearly_or_runs.hypothesis.inner_test("registry", data, work)


# ---- raw bytes -------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", FUZZED)
@settings(max_examples=120, **SETTINGS)
@given(data=st.data())
def test_byte_garbage_fails_clearly(kind, data, work):
    """Random bytes, alone or after a valid beginning; other encodings; invalid UTF-8."""
    head = example_text(kind).encode("utf-8")
    garbage = data.draw(st.binary(min_size=1, max_size=4096), label="bytes")
    shape = data.draw(st.sampled_from(["alone", "after a valid start", "utf-16", "latin-1", "inside"]), label="shape")
    if shape == "alone":
        blob = garbage
    elif shape == "after a valid start":
        blob = head[: data.draw(st.integers(0, len(head)))] + garbage
    elif shape == "utf-16":
        blob = example_text(kind).encode("utf-16")
    elif shape == "latin-1":
        blob = example_text(kind).replace("Kyrgyz", "Kyrgyzé").encode("latin-1", errors="replace")
    else:
        at = data.draw(st.integers(0, len(head)))
        blob = head[:at] + garbage + head[at:]
    check_input(KINDS[kind], f"{kind}: bytes", write_bytes(work, f"{kind}-bytes.yaml", blob), work)


# ---- files built to hurt a YAML loader -------------------------------------------------------
def alias_bomb(width: int, depth: int) -> str:
    lines = ["a0: &a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, depth + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def merge_bomb(width: int, depth: int) -> str:
    lines = ["m0: &m0 {" + ", ".join(f"k{j}: {j}" for j in range(width)) + "}"]
    for i in range(1, depth + 1):
        lines.append(f"m{i}: &m{i} {{<<: [" + ", ".join([f"*m{i - 1}"] * width) + f"], own{i}: *m{i - 1}}}")
    return "\n".join(lines) + "\n"


PYTHON_TAGS = [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/object/new:subprocess.Popen [['true']]",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/object:builtins.object {}",
    "!!python/tuple [1, 2]",
    "!!python/bytes aGVsbG8=",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!!int 'abc'",
    "!!float 'x'",
    "!!bool maybe",
    "!custom 5",
    "!<tag:example.com,2000:thing> 1",
    "!!map [1]",
    "!!seq {a: 1}",
]


@pytest.mark.parametrize("kind", FUZZED)
@settings(max_examples=150, **SETTINGS)
@given(data=st.data())
def test_hostile_yaml_is_refused_by_name(kind, data, work):
    """Alias and merge bombs, object-constructing tags, deep nesting, huge files, several documents."""
    attack = data.draw(st.sampled_from(["alias bomb", "merge bomb", "python tag", "deep nesting", "over the size limit",
                                        "several documents", "recursive alias", "many keys", "long key",
                                        "tag in the real file"]), label="attack")
    text = example_text(kind)
    expect = None
    if attack in ("alias bomb", "merge bomb"):
        width, depth = data.draw(st.integers(2, 30), label="width"), data.draw(st.integers(1, 12), label="depth")
        text = (alias_bomb if attack == "alias bomb" else merge_bomb)(width, depth)
        uses = width if attack == "alias bomb" else width + 1  # aliases of the level below, per level
        size, reached = 1 + width, 0
        for _ in range(depth):
            reached += uses * size
            size = 1 + uses * size + (attack == "merge bomb")
        expect = "alias limit" if reached > yamlio.MAX_ALIASES else None
    elif attack == "python tag":
        text = f"scenario: x\nevil: {data.draw(st.sampled_from(PYTHON_TAGS))}\n"
    elif attack == "tag in the real file":
        lines = text.splitlines()
        i = data.draw(st.integers(0, len(lines) - 1))
        if ": " in lines[i] and not lines[i].lstrip().startswith("#"):
            key = lines[i].split(": ", 1)[0]
            lines[i] = f"{key}: {data.draw(st.sampled_from(PYTHON_TAGS))}"
        text = "\n".join(lines) + "\n"
    elif attack == "deep nesting":
        depth = data.draw(st.sampled_from([65, 100, 1_000, 50_000, 500_000]))
        if data.draw(st.booleans()):
            text = "scenario: " + "[" * depth + "]" * depth + "\n"
        else:
            levels = min(depth, 600)  # block style grows as the square of the depth
            text = "".join("  " * i + f"k{i}:\n" for i in range(levels)) + "  " * levels + "x\n"
        expect = "nesting"
    elif attack == "over the size limit":
        filler = data.draw(st.sampled_from(["# " + "x" * 98 + "\n", "- " + "y" * 98 + "\n"]))
        text = text + filler * ((yamlio.MAX_BYTES - len(text)) // len(filler) + 2)
        expect = "size limit"
    elif attack == "several documents":
        text = text + "---\n" + text
    elif attack == "recursive alias":
        text = "a: &a [1, *a]\n" if data.draw(st.booleans()) else "a: &a {b: *a}\n"
    elif attack == "many keys":
        n = data.draw(st.sampled_from([1_000, 20_000, 100_000]))
        text = "".join(f"k{i}: {i}\n" for i in range(n))
    else:
        text = "x" * data.draw(st.sampled_from([1_000, 100_000, 1_000_000])) + ": 1\n" + text
    path = write_text(work, f"{kind}-hostile.yaml", text)
    err = check_input(KINDS[kind], f"{kind}: hostile YAML", path, work)
    if expect:
        assert expect in err, err


# ---- a systematic sweep: every field of the example, each given the worst values ---------------
# Hypothesis favours simple draws; this sweep makes sure every field meets the values that broke
# things before (an int too big for a float, NaN, markup in text, a missing required field).
MAP_FIELDS = {"contingents", "bodies", "durations", "air", "moves", "answers", "answer_h_by_member"}
ANY_FIELD = [None, [], 10**400, "[/] $\\frac$ \u202e", "bell\x07 esc\x1b[31m", "long " * 4_000]
NUMBER_FIELD = [-1, 0, 2**63, float("inf"), float("nan"), 8761, True, "12"]
DELETE = object()


def field_patterns(kind: str) -> list[tuple]:
    """One path per field of the example: list items and names of members, bodies, steps collapsed."""
    found: dict[tuple, tuple] = {}
    for path in paths_in(example_data(kind)):
        pattern = tuple(0 if isinstance(part, int) else "*" if i and path[i - 1] in MAP_FIELDS else part
                        for i, part in enumerate(path))
        found.setdefault(pattern, path)
    return list(found.values())


@pytest.mark.parametrize("kind", FUZZED)
def test_every_field_meets_the_worst_values(kind, work):
    base = example_data(kind)
    tried = 0
    for path in field_patterns(kind):
        original = get(base, path)
        numeric = isinstance(original, (int, float)) and not isinstance(original, bool)
        for value in [DELETE] + ANY_FIELD + (NUMBER_FIELD if numeric else []):
            doc = example_data(kind)
            if value is DELETE:
                del get(doc, path[:-1])[path[-1]]
            else:
                get(doc, path[:-1])[path[-1]] = value
            text = dump(doc)
            try:
                check_input(KINDS[kind], f"{kind}: every field swept", write_text(work, f"{kind}-sweep.yaml", text), work,
                            lines_known=True)
            except AssertionError as exc:
                raise AssertionError(f"{'deleting' if value is DELETE else f'setting to {value!r:.40}'} "
                                     f"{'.'.join(map(str, path))}: {exc}") from None
            tried += 1
    assert tried >= len(field_patterns(kind)) * (1 + len(ANY_FIELD))  # every field met every bad value
