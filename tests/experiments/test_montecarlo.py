"""Monte Carlo: many predictive runs, the same bytes whatever the workers, results as DataFrames and files."""

from __future__ import annotations

import csv
import io
import math

import pytest

from simulator import MonteCarloResult, UserError, montecarlo, run

pytestmark = pytest.mark.xdist_group("montecarlo")  # the module's Monte Carlo runs are made once, on one worker

FILES = ("replications.csv", "outcomes.csv", "milestones.csv", "distributions.png", "distributions.svg", "summary.md")


@pytest.fixture(scope="module")
def written(kz_path, tmp_path_factory):
    """The same 30 runs with one worker, two worker processes, and the result written afterwards."""
    root = tmp_path_factory.mktemp("mc")
    one = montecarlo(kz_path, n=30, seed=2, workers=1, out=root / "one")
    one.write(root / "one")
    two = montecarlo(kz_path, n=30, seed=2, workers=2, out=root / "two")
    two.write(root / "two")
    one.write(root / "later")  # replications.csv rebuilt from the tally
    return root, one


def test_any_number_of_workers_gives_the_same_bytes(written):
    root, _ = written
    for name in FILES:
        assert (root / "one" / name).read_bytes() == (root / "two" / name).read_bytes(), name
        assert (root / "one" / name).read_bytes() == (root / "later" / name).read_bytes(), name


def test_each_row_is_that_replications_run(written, kz_path):
    root, result = written
    rows = list(csv.DictReader(io.StringIO((root / "one" / "replications.csv").read_text())))
    assert [int(r["replication"]) for r in rows] == list(range(30))
    for r in (0, 17):
        single = run(kz_path, mode="predictive", seed=2, replication=r)
        assert rows[r]["outcome"] == single.outcome and int(rows[r]["personnel_deployed"]) == single.personnel_deployed
        for m in single.milestones:
            expected = "" if m.simulated_h is None else f"{m.simulated_h:.4f}"
            assert rows[r][m.id] == expected
    frame = result.replications
    assert list(frame["replication"]) == list(range(30))
    assert math.isclose(frame.loc[17, "deployment-complete"],
                        next(m.simulated_h for m in run(kz_path, "predictive", 2, 17).milestones
                             if m.id == "deployment-complete"))


def test_dataframes_summarise_outcomes_and_milestones(written):
    _, result = written
    assert isinstance(result, MonteCarloResult)
    outcomes = result.outcomes.set_index("outcome")
    assert outcomes.loc["deployed", "replications"] == 30 and outcomes["replications"].sum() == 30
    assert outcomes.loc["deployed", "ci_low"] < 1 == outcomes.loc["deployed", "ci_high"]
    assert outcomes.loc["declined", "ci_low"] == 0 < outcomes.loc["declined", "ci_high"] < 0.15
    milestones = result.milestones.set_index("id")
    done = milestones.loc["deployment-complete"]
    assert done.p5_hours <= done.median_hours <= done.p95_hours and done.share_reached == 1
    assert 0 < done.share_on_record <= 1 and done["median"].startswith("2022-01-")
    assert len(result.replications.columns) == 5 + 21


def test_a_variant_with_choices_gives_a_mix_of_outcomes(tmp_path):
    from conftest import ROOT

    result = montecarlo(ROOT / "scenarios" / "variants" / "kz-article-2.yaml", n=40, seed=1)
    shares = result.outcomes.set_index("outcome")["share"]
    assert shares["deployed"] == 0 and shares[["aid", "mission_only", "consultations_only"]].sum() == 1
    assert (shares[["aid", "mission_only", "consultations_only"]] > 0).all()
    decided = result.outcomes.set_index("outcome").loc["aid", "decided_median_hours"]
    assert 21 < decided < 40 * 24


def test_progress_is_reported_up_to_n(kz_path):
    seen = []
    montecarlo(kz_path, n=5, seed=1, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (5, 5) and all(t == 5 for _, t in seen)


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 0}, "at least 1"), ({"n": 10, "workers": 0}, "workers"), ({"n": 10, "seed": -1}, "seed"),
    ({"n": 10, "backend": "dask"}, "scheduler"), ({"n": 10, "backend": "ray"}, "backend"),
])
def test_bad_settings_are_clear_errors(kz_path, kwargs, message):
    with pytest.raises(UserError) as caught:
        montecarlo(kz_path, **kwargs)
    assert message in str(caught.value)


def test_dask_cluster_gives_the_same_bytes_as_local(kz_path, tmp_path, written):
    distributed = pytest.importorskip("distributed")
    root, one = written
    with (distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
          distributed.Client(cluster) as client):
        result = montecarlo(kz_path, n=30, seed=2, backend="dask", scheduler=client, out=tmp_path / "d")
    assert (tmp_path / "d" / "replications.csv").read_bytes() == (root / "one" / "replications.csv").read_bytes()
    assert result.milestones.equals(one.milestones) and result.outcomes.equals(one.outcomes)
    result.write(tmp_path / "d")
    for name in FILES:
        assert (tmp_path / "d" / name).read_bytes() == (root / "one" / name).read_bytes(), name
