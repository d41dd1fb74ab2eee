"""Only plain YAML data is accepted, with limits on aliases, nesting and size."""

from __future__ import annotations

import pytest

from simulator import UserError
from simulator.files import yamlio


def test_alias_bomb_is_refused():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    with pytest.raises(UserError) as info:
        yamlio.parse_yaml("\n".join(lines), "bomb.yaml")
    assert "alias limit" in str(info.value)


def test_python_tags_are_refused():
    with pytest.raises(UserError) as info:
        yamlio.parse_yaml("x: !!python/name:os.system\n", "tag.yaml")
    assert "not allowed" in str(info.value) and "tag.yaml:1" in str(info.value)


def test_duplicate_keys_are_errors():
    with pytest.raises(UserError) as info:
        yamlio.parse_yaml("a: 1\nb: 2\na: 3\n", "dup.yaml")
    assert "dup.yaml:3" in str(info.value) and "duplicate key 'a'" in str(info.value)


def test_deep_nesting_is_refused():
    with pytest.raises(UserError) as info:
        yamlio.parse_yaml("a: " + "[" * 100 + "]" * 100, "deep.yaml")
    assert "nesting deeper" in str(info.value)


def test_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlio, "MAX_BYTES", 100)
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200)
    with pytest.raises(UserError) as info:
        yamlio.load_yaml(path)
    assert "size limit" in str(info.value)


def test_lines_are_remembered():
    loaded = yamlio.parse_yaml("a:\n  b:\n    - 1\n    - c: 2\n", "x.yaml")
    assert loaded.line_of(("a", "b", 1, "c")) == 4
    assert loaded.line_of(("a", "b", 1, "missing")) == 4
    assert loaded.data == {"a": {"b": [1, {"c": 2}]}}
