"""Free text from input files is printed and drawn as text (issue 7, item 1, the valid side).

Titles, labels and names may hold what terminals and chart libraries would read as
instructions: rich markup ("[/]"), TeX ("$\\frac$"), emoji codes, right-to-left marks,
table pipes. A scenario full of them runs through the real command, charts included, and
every one comes out as the text that was written.
"""

from __future__ import annotations

import copy
import shutil
from xml.etree import ElementTree

import pytest
import yaml
from tiny_pact import TREATY

from simulator.checks.treaty import TREATY_DIR
from simulator.cli import main

HOSTILE = "[/] [bold]x[/bold] $\\frac$ $x^$ :warning: | a\\b \u202eevil 🛰 %s {0}"


def _everywhere(data):
    data["title"] = f"Title {HOSTILE}"
    data["description"] = HOSTILE
    data["record"][0]["label"] = f"Appeal {HOSTILE}"
    data["contingents"]["Kyrgyzstan"]["approval"][0]["name"] = f"Kenesh {HOSTILE}"
    data["contingents"]["Armenia"]["sites"] = [f"Site {HOSTILE}"]
    data["assumptions"] = [HOSTILE]


@pytest.mark.filterwarnings("error")  # no warning reaches the user's terminal either
def test_hostile_text_is_printed_and_drawn_as_written(variant, tmp_path, capsys):
    path = variant(_everywhere)
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--events"]) == 0
    printed = capsys.readouterr().out
    flat = " ".join(printed.split())
    assert f"Title {HOSTILE}" in flat  # markup, emoji codes and TeX left as they are
    assert f"Kenesh {HOSTILE}: no quorum" in flat and f"takes under guard: Site {HOSTILE}" in flat
    assert "Appeal [/]" in flat  # the milestone table (its column wraps the rest)
    summary = (out / "summary.md").read_text()
    assert f"# Title {HOSTILE}" in summary and f"Appeal {HOSTILE.replace('|', chr(92) + '|')}" in summary
    assert (out / "timeline.png").read_bytes()[:4] == b"\x89PNG"
    svg = (out / "timeline.svg").read_text()
    assert "<svg" in svg
    assert ElementTree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"  # the text broke no XML


@pytest.mark.filterwarnings("error")
def test_hostile_treaty_names_are_drawn_as_written(tmp_path, capsys):
    treaty = copy.deepcopy(TREATY)
    treaty["name"] = f"Pact {HOSTILE}"
    treaty["bodies"][0]["name"] = f"Council {HOSTILE}"
    treaty["procedure"]["steps"][1]["label"] = f"Vote {HOSTILE}"
    (tmp_path / "tiny.yaml").write_text(yaml.safe_dump(treaty, sort_keys=False, allow_unicode=True))
    shutil.copy(TREATY_DIR / "csto.sources.yaml", tmp_path / "tiny.sources.yaml")
    out_dir = tmp_path / ("a-folder-name-long-enough-that-the-path-is-wider-than-a-terminal-" * 2)
    assert main(["graph", str(tmp_path / "tiny.yaml"), "--out", str(out_dir)]) == 0
    printed = capsys.readouterr().out
    assert (out_dir / "tiny-network.png").read_bytes()[:4] == b"\x89PNG"
    # each path is printed whole on its line, never broken where the console is 80 columns wide
    assert printed.splitlines() == [f"Wrote {out_dir / 'tiny-network.png'}",
                                    f"Wrote {out_dir / 'tiny-network.svg'}", "5 steps, 4 transitions"]
    svg = (out_dir / "tiny-network.svg").read_text()
    assert ElementTree.fromstring(svg).tag == "{http://www.w3.org/2000/svg}svg"
