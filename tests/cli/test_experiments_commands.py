"""Each experiment command prints its full report (not only with --quiet) and exits 0."""

from __future__ import annotations

import pytest

from simulator.cli import main


@pytest.mark.parametrize("args", [
    ["montecarlo", "{kz}", "-n", "4"],
    ["sweep", "{kz}", "-p", "air.airlift.aircraft=40,75", "-n", "2"],
    ["sensitivity", "{kz}", "--milestone", "deployment-complete", "-p", "air.airlift.aircraft=30:110",
     "--method", "morris", "-n", "2"],
    ["compare", "{kz}", "{kz}"],
])
def test_command_prints_its_report(args, kz_path, tmp_path, capsys):
    argv = [a.format(kz=kz_path) for a in args] + ["-o", str(tmp_path / "out")]
    assert main(argv) == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert "Wrote" in printed and "error" not in printed.lower()
