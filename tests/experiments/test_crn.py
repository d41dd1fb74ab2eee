"""Common random numbers: one stream per actor and step, so variants differ by their change, not by noise."""

from __future__ import annotations

from simulator import run
from simulator.experiments import load_case
from simulator.experiments.montecarlo import montecarlo

REPLICATIONS = range(6)


def _variant(tmp_path, kz_path, body: str, name: str):
    path = tmp_path / f"{name}.yaml"
    path.write_text(f"variant: {name}\nbase: {kz_path}\n{body}", encoding="utf-8")
    return load_case(path)


def test_a_variant_that_changes_nothing_gives_identical_runs(tmp_path, kz_path):
    same = _variant(tmp_path, kz_path, "set: {}\n", "unchanged")
    for r in REPLICATIONS:
        assert run(kz_path, "predictive", seed=5, replication=r).events == run(same, "predictive", seed=5, replication=r).events
    a = montecarlo(kz_path, n=12, seed=5, out=tmp_path / "a")
    b = montecarlo(same, n=12, seed=5, out=tmp_path / "b")
    assert (tmp_path / "a" / "replications.csv").read_bytes() == (tmp_path / "b" / "replications.csv").read_bytes()
    assert a.milestones.equals(b.milestones)


def _approval_events(result, member: str | None = None, other_than: str | None = None):
    return [(e.hours, e.event, e.action, e.outcome) for e in result.events
            if e.step in ("national_approval", "force_generation", "council_decision")
            and e.actor != "Collective Security Council"
            and (member is None or e.member == member or e.actor == member)
            and (other_than is None or (e.member != other_than and e.actor != other_than))]


def test_changing_one_members_delay_leaves_the_other_actors_draws_alone(tmp_path, kz_path):
    # Armenia's government takes 30-40 h instead of 10-22 h to approve its contingent.
    slow = _variant(tmp_path, kz_path, "set:\n  contingents.Armenia.approval.0.delay_h: [30, 40]\n", "slow-armenia")
    moved = 0
    for r in REPLICATIONS:
        base = run(kz_path, "predictive", seed=9, replication=r)
        changed = run(slow, "predictive", seed=9, replication=r)
        # Every other member's council answer, parliament sessions (drawn attendance, hence the registered
        # count in the text), decrees and force generation: the same draws, at the same times.
        assert _approval_events(base, other_than="Armenia") == _approval_events(changed, other_than="Armenia")
        armenia = [e for e in changed.events if e.member == "Armenia" and e.step == "national_approval" and e.event == "decision"]
        assert 30 <= armenia[0].hours - base_issue(changed) <= 40
        moved += _approval_events(base, "Armenia") != _approval_events(changed, "Armenia")
    assert moved == len(REPLICATIONS)


def base_issue(result) -> float:
    return next(e.hours for e in result.events if e.step == "decision_issued" and e.event == "end")
