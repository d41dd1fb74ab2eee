"""The documentation site: it builds with --strict, its command reference is what the CLI prints, the
tutorial's commands run and print what the page shows, and every code block on every page is either
run by a test or declared as not code to run (output, diagrams, signatures, data shown from a file)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from doc_commands import console_steps, run_shown

from simulator import load_injects, load_scenario

DOCS = ROOT / "docs"
FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```", flags=re.M | re.S)
# Pages whose console blocks a test of their own runs (in order, with the files they write).
OWN_TESTS = {"teaching.md": "tests/docs/test_teaching_doc.py", "authoring.md": "tests/docs/test_authoring_doc.py"}
# Python blocks run by a test that checks what each line gives.
PYTHON_RUN = {"tutorial/python.md": "tests/docs/test_readme.py", "howto/exports.md": "tests/docs/test_api_docs.py"}
BASH_RUN = {"howto/completion.md": "tests/cli/test_completion.py"}


def _pages() -> dict[str, str]:
    return {p.relative_to(DOCS).as_posix(): p.read_text(encoding="utf-8") for p in sorted(DOCS.rglob("*.md"))}


def _blocks(text: str) -> list[tuple[str, str]]:
    return FENCE.findall(text)


@pytest.mark.skipif(shutil.which("mkdocs", path=str(Path(sys.executable).parent)) is None, reason="needs mkdocs")
def test_the_site_builds_with_no_warning(tmp_path):
    done = subprocess.run([str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, env={"NO_MKDOCS_2_WARNING": "1",
                                                                                      "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "tutorial" / "first-run" / "index.html").is_file()
    assert "fonts.googleapis" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")  # offline


def test_every_page_is_in_the_navigation():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert sorted(_pages()) == sorted(set(re.findall(r":\s+([\w/.-]+\.md)$", nav, flags=re.M)))


def test_the_command_reference_is_what_the_cli_prints():
    done = subprocess.run([sys.executable, "scripts/cli_reference.py", "--check"], cwd=ROOT, timeout=120)
    assert done.returncode == 0, "run `python scripts/cli_reference.py` after changing a command's help"
    page = (DOCS / "reference" / "cli.md").read_text(encoding="utf-8")
    from simulator.cli import app  # why here: the test above runs the script in its own process

    assert set(re.findall(r"^## (\S+)$", page, flags=re.M)) == set(app.commands)


def test_the_tutorials_commands_run_and_print_what_it_shows(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # an empty folder: the shipped cases are found by name
    ran = 0
    for page, text in _pages().items():
        if page in OWN_TESTS:
            continue
        for lang, block in _blocks(text):
            if lang != "console":
                continue
            for command, shown in console_steps(block):
                run_shown(command, shown, capsys, page)
                ran += 1
    assert ran == 5
    assert (tmp_path / "outputs" / "kazakhstan.html").stat().st_size > 100_000
    assert (tmp_path / "mycases" / "scenarios" / "kazakhstan-2022.yaml").is_file()


def test_every_code_block_is_run_or_declared(tmp_path):
    counted: dict[str, int] = {}
    for page, text in _pages().items():
        for lang, block in _blocks(text):
            if lang == "console":
                kind = f"run ({OWN_TESTS.get(page, 'this file')})"
            elif lang == "python" and page in PYTHON_RUN:
                kind = f"run ({PYTHON_RUN[page]})"
            elif lang == "python" and page == "api.md":  # the reference's signatures, one a name
                assert len(block.strip().splitlines()) == 1, block
                kind = "signature"
            elif lang == "bash" and page in BASH_RUN:
                assert "_TREATY_SIM_COMPLETE=bash_source" in block
                kind = f"run ({BASH_RUN[page]})"
            elif lang == "yaml" and block.startswith("injects:"):  # an example inject file: it must load
                (tmp_path / "injects.yaml").write_text(block, encoding="utf-8")
                load_injects(tmp_path / "injects.yaml", load_scenario(ROOT / "scenarios" / "kazakhstan-2022.yaml"))
                kind = "inject file, loaded"
            elif lang == "yaml":  # data shown from a shipped file (or the file a walk-through fills in)
                shipped = [p.read_text(encoding="utf-8") for p in (ROOT / "scenarios").glob("*.yaml")]
                assert page == "authoring.md" or any(block in s for s in shipped), f"{page}: {block[:60]}"
                kind = "data from a shipped file"
            elif lang == "sh" and page == "teaching.md":
                assert block.startswith("make install-runtime")  # the install that `make test` itself does
                kind = "install"
            elif lang in ("", "text"):
                kind = "output or diagram"
            else:
                raise AssertionError(f"{page}: a ```{lang} block no test runs and none declares")
            counted[kind] = counted.get(kind, 0) + 1
    assert counted["run (this file)"] >= 5 and counted["signature"] >= 30, counted
