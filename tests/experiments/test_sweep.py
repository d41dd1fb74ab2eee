"""Sweeps over parameter grids and SALib sensitivity analysis of a milestone."""

from __future__ import annotations

import csv
import io

import pytest

from simulator import UserError, sensitivity, sweep
from simulator.experiments.params import parse_param, scaled


def test_sweep_gives_one_row_a_combination(kz_path, tmp_path):
    result = sweep(kz_path, ["air.airlift.aircraft=40,110", "contingents.Kyrgyzstan.approval.0.retry_h*=0.5,2"],
                   n=4, seed=1, out=tmp_path)
    table = result.table
    assert len(table) == 4 and list(table.columns[:3]) == ["air.airlift.aircraft",
                                                            "contingents.Kyrgyzstan.approval.0.retry_h*", "replications"]
    by_aircraft = table.groupby("air.airlift.aircraft")["deployment-complete_median_hours"].mean()
    assert by_aircraft[40] > by_aircraft[110] + 12  # fewer aircraft, later deployment
    assert (table["share_deployed"] == 1).all()
    paths = result.write(tmp_path)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "sweep-replications.csv").read_text())))
    assert len(rows) == 16 and rows[0]["air.airlift.aircraft"] == "40" and rows[-1]["replication"] == "3"
    assert {p.name for p in paths} == {"sweep.csv", "sweep-replications.csv", "sweep.md"}


def test_param_forms():
    assert parse_param("air.airlift.aircraft=40,75").values == (40, 75)
    assert parse_param("request.article=CST Art. 2").values == ("CST Art. 2",)
    ranged = parse_param("durations.consultations*=0.5:2", ranged=True)
    assert ranged.scale and (ranged.low, ranged.high) == (0.5, 2.0)
    assert scaled({"triangular": [1, 2, 4]}, 2) == {"triangular": [2, 4, 8]}
    assert scaled({"lognormal": {"median": 6, "sigma": 0.5}}, 2) == {"lognormal": {"median": 12, "sigma": 0.5}}
    for bad, ranged, message in (("aircraft", False, "--param 'aircraft' is not PATH=V1,V2,…"),
                                 ("x=5:1", True, "--param x=5:1: the range must be LOW:HIGH, finite numbers with LOW below HIGH"),
                                 ("x*=a,b", False, "--param x*=a,b: a scale factor must be a number")):
        with pytest.raises(UserError) as caught:
            parse_param(bad, ranged)
        (problem,) = caught.value.problems
        assert problem.message == message and problem.hint.startswith("e.g. ")


@pytest.mark.parametrize("method, columns", [("sobol", {"S1", "ST"}), ("morris", {"mu_star", "sigma"})])
def test_sensitivity_with_salib(kz_path, tmp_path, method, columns):
    result = sensitivity(kz_path, "deployment-complete", ["air.airlift.aircraft=30:110", "air.airlift.turnaround_h*=0.5:1.5"],
                         method=method, n=2, replications=1, seed=1)
    table = result.table.set_index("parameter")
    assert columns <= set(table.columns) and list(table.index) == ["air.airlift.aircraft", "air.airlift.turnaround_h*"]
    assert all(float(v).is_integer() for v in result.samples["air.airlift.aircraft"])  # a whole-number parameter
    assert len(result.points) == (8 if method == "sobol" else 6)
    paths = result.write(tmp_path)
    assert {p.name for p in paths} == {"sensitivity.csv", "sensitivity-samples.csv", "sensitivity.png",
                                       "sensitivity.svg", "sensitivity.md"}
