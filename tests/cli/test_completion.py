"""Bash completion, as docs/howto/completion.md tells users to set it up: commands, options, choices, treaty names."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(shutil.which("bash") is None or not (BIN / "treaty-sim").exists(),
                                reason="needs bash and the installed treaty-sim command")


def complete(*words: str) -> list[str]:
    """What bash offers for the last of ``words``, with the set-up line of docs/howto/completion.md sourced."""
    words_array = " ".join(f'"{w}"' for w in ("treaty-sim", *words))
    script = (f'eval "$(_TREATY_SIM_COMPLETE=bash_source treaty-sim)"; COMP_WORDS=({words_array}); '
              f"COMP_CWORD={len(words)}; _treaty_sim_completion treaty-sim; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60, check=True)
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completes_commands_options_and_choices():
    assert complete("ru") == ["run"]
    assert "montecarlo" in complete("") and "teach" in complete("")
    assert complete("run", "x.yaml", "--mo") == ["--mode"]
    assert complete("run", "x.yaml", "--mode", "") == ["replay", "predictive"]


def test_bash_completes_the_shipped_treaty_names():
    assert complete("graph", "") == ["csto", "eu", "nato"]
    assert complete("check", "n") == ["nato"]
