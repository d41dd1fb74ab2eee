"""Every output of every shipped case stays byte-identical unless a commit changes it on purpose.

A commit that changes an output on purpose runs `python tests/golden/golden_outputs.py --update` and says why
in its message.
"""

from __future__ import annotations

import json
import warnings

import pytest
from golden_outputs import GOLDEN, cases, comparable, produce, versions  # beside this file


@pytest.fixture(scope="module")
def golden() -> dict:
    return json.loads(GOLDEN.read_text())


@pytest.fixture(scope="module")
def produced() -> dict[str, str]:
    return produce()


def test_every_case_gives_the_golden_outputs(golden, produced):
    recorded = golden["versions"]
    if recorded != versions():
        warnings.warn(f"outputs were recorded with {recorded}, this is {versions()}: charts and SQLite files "
                      "are compared only under the version they were recorded with", stacklevel=1)
    expected = {k: v for k, v in golden["files"].items() if comparable(k, recorded)}
    got = {k: v for k, v in produced.items() if comparable(k, recorded)}
    differ = sorted(k for k in set(expected) | set(got) if expected.get(k) != got.get(k))
    assert not differ, f"{len(differ)} outputs changed: {differ[:20]}"


def test_every_shipped_case_is_in_the_golden_file(golden):
    # each shipped scenario and variant: replay and predictive outputs, report and export (or their exit code)
    kept = {key.split("/")[0] for key in golden["files"]}
    assert kept == {case.stem for case in cases()}
    for case in kept:
        assert {f"{case}/replay/events.csv", f"{case}/predictive-seed1/timeline.png"} <= set(golden["files"])

