"""Safe loading (issue 7, item 2): plain YAML data only, with named limits, whatever the file is.

The loader builds data from the parser's events itself (no recursion, no object
construction), so these hold with libyaml's parser and with PyYAML's pure-Python one alike.
"""

from __future__ import annotations

import os
import time

import pytest
import yaml

from simulator import UserError
from simulator.files import yamlio


def _outcome(text: str):
    try:
        loaded = yamlio.parse_yaml(text, "x.yaml")
    except UserError as exc:
        return "error", str(exc).splitlines()[1].split(":", 2)[-1].strip()
    return "data", loaded.data


CASES = {
    "merge": "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  x: 5\n",
    "merge list": "m: {<<: [{a: 1}, {a: 2, b: 3}], c: 4}\n",
    "anchored key": "&k a: 1\nb: *k\n",
    "alias bomb": "".join(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}" if i else "x"] * 10) + "]\n" for i in range(8)),
    "deep flow": "a: " + "[" * 200_000 + "]" * 200_000,
    "deep block": "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "x\n",
    "python object": "a: !!python/object/apply:os.system ['echo pwned']\n",
    "python name": "a: !!python/name:os.system\n",
    "set": "a: !!set {x, y}\n",
    "custom tag": "a: !thing 5\n",
    "bad bool": "a: !!bool maybe\n",
    "recursive": "a: &a [1, *a]\n",
    "undefined alias": "a: *nowhere\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "complex key": "? [a, b]\n: 1\n",
    "duplicate": "a: 1\na: 2\n",
    "control char": "a: b\x01\n",
    "timestamp": "a: 2022-01-05T00:00+06:00\nb: 2022-01-05\n",
    "numbers": "a: 0x1F\nb: 1_000\nc: .inf\nd: 1e3\ne: 1.5\nf: 99999999999999999999999\n",
    "huge int": "a: " + "9" * 5_000 + "\n",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_libyaml_and_pure_python_parsers_agree(case, monkeypatch):
    fast = _outcome(CASES[case])
    monkeypatch.setattr(yamlio, "_Parser", yaml.SafeLoader)
    slow = _outcome(CASES[case])
    assert fast[0] == slow[0], (fast, slow)
    if fast[0] == "data":
        assert fast == slow
    else:  # the same limit or rule is named, even if the two parsers word syntax errors differently
        for word in ("alias limit", "nesting", "not allowed", "duplicate", "more than one", "key must be", "alias *"):
            assert (word in fast[1]) == (word in slow[1]), (fast, slow)


def test_plain_data_and_merges():
    assert _outcome(CASES["merge"]) == ("data", {"base": {"x": 1, "y": 2}, "m": {"x": 5, "y": 2}})
    assert _outcome(CASES["merge list"]) == ("data", {"m": {"a": 1, "b": 3, "c": 4}})
    assert _outcome(CASES["timestamp"]) == ("data", {"a": "2022-01-05T00:00+06:00", "b": "2022-01-05"})
    kind, data = _outcome(CASES["numbers"])
    assert data == {"a": 31, "b": 1000, "c": float("inf"), "d": "1e3", "e": 1.5, "f": 99999999999999999999999}


@pytest.mark.parametrize("case, message", [
    ("alias bomb", "alias limit"), ("deep flow", "nesting deeper than 64 levels (nesting limit)"),
    ("deep block", "nesting limit"), ("python object", "'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"),
    ("set", "is not allowed"), ("custom tag", "'!thing' is not allowed"), ("bad bool", "bad value 'maybe'"),
    ("recursive", "refers to no complete anchor"), ("undefined alias", "refers to no complete anchor"),
    ("two documents", "more than one YAML document"), ("complex key", "a key must be a plain value"),
    ("control char", "control character U+0001"), ("huge int", "bad value"),
])
def test_refusals_name_the_rule(case, message):
    kind, text = _outcome(CASES[case])
    assert kind == "error" and message in text, text


def test_bombs_are_refused_quickly():
    for case in ("alias bomb", "deep flow"):
        started = time.monotonic()
        _outcome(CASES[case])
        assert time.monotonic() - started < 5, case


def test_size_limit_is_named_even_for_a_file_that_grows(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text("a: 1\n")
    real_stat = os.stat

    class Shrunk:  # the size as seen before the file grew past the limit
        def __init__(self, st):
            self._st = st

        def __getattr__(self, name):
            return 10 if name == "st_size" else getattr(self._st, name)

    path.write_text("a: " + "x" * (yamlio.MAX_BYTES + 10) + "\n")
    monkeypatch.setattr(type(path), "stat", lambda self, **kw: Shrunk(real_stat(self)))
    with pytest.raises(UserError) as info:
        yamlio.load_yaml(path)
    assert "over the size limit of 2,000,000 bytes" in str(info.value)
