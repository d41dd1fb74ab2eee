"""The decision network's static checks (checks/procedure.py) on the shipped treaties and on broken copies of the
CSTO: each finding names its check, the steps concerned and, for a forbidden path, a way that takes it
(what `treaty-sim check` prints for them: tests/cli/test_inspection_commands.py). The checks work on the graph,
never on the runs: a 1,500-step chain and a treaty of 40 two-way choices (2^40 runs) take well under 2 s."""

from __future__ import annotations

import copy
import shutil
import time

import pytest
import yaml
from tiny_pact import TREATY

from simulator import build_network, load_treaty
from simulator.checks.procedure import check_procedure
from simulator.checks.treaty import TREATY_DIR


def _findings(target) -> tuple[list, int]:
    treaty = load_treaty(target)
    return check_procedure(build_network(treaty), treaty)


@pytest.mark.parametrize("treaty, pairs", [("csto", 62), ("nato", 39), ("eu", 12)])
def test_the_shipped_procedures_are_sound(treaty, pairs):
    assert _findings(treaty) == ([], pairs)  # pairs: (step, outcome) pairs checked, all of them


def test_unreachable_step(broken_csto):
    def orphan(steps, data):
        steps["request"]["next"].pop("standing")

    findings, _ = _findings(broken_csto(orphan))
    assert [(f.check, f.message, f.steps, f.severity) for f in findings] == [
        ("unreachable", "step 'task_force' cannot be reached from 'request'", ("task_force",), "error")]


def test_loop_without_way_out(broken_csto):
    def loop(steps, data):
        steps["un_notification"]["next"] = "commander_appointed"
        steps["commander_appointed"]["next"] = "un_notification"

    findings, _ = _findings(broken_csto(loop))
    # a cycle's steps come in no fixed order (its message starts at the first step of the procedure)
    assert {(f.check, frozenset(f.steps)) for f in findings} == {
        ("no way out", frozenset({"un_notification"})), ("no way out", frozenset({"commander_appointed"})),
        ("cycle", frozenset({"un_notification", "commander_appointed"}))}
    cycle = next(f for f in findings if f.check == "cycle")
    assert cycle.message == "steps wait on each other in a loop: un_notification → commander_appointed → un_notification"
    assert "step 'commander_appointed' can never lead to the end of the procedure" in [f.message for f in findings]


def test_deployment_without_council_decision(broken_csto):
    def blocked_still_deploys(steps, data):
        steps["council_decision"]["next"]["blocked"] = ["decision_issued"]

    (finding,), _ = _findings(broken_csto(blocked_still_deploys))
    assert finding.check == "forbidden path" and finding.severity == "error"
    assert finding.message.startswith("no deployment without a Council decision: a run reaches phase deployment")
    assert "council_decision (blocked) → decision_issued (done)" in finding.message
    assert finding.steps[0] == "request" and "council_decision" in finding.steps  # the shortest way, to deployment


def test_deployment_without_request(broken_csto):
    def start_at_the_council(steps, data):
        data["procedure"]["start"] = "council_decision"

    findings, _ = _findings(broken_csto(start_at_the_council))
    unreachable = {f.steps[0] for f in findings if f.check == "unreachable"}
    assert {"request", "consultations", "good_offices", "task_force"} <= unreachable and len(unreachable) == 19
    (rule,) = [f for f in findings if f.check == "forbidden path"]
    assert rule.message.startswith("no deployment without a formal request:") and rule.steps[0] == "council_decision"


def test_deployment_without_notice_to_the_un(broken_csto):
    def no_notice(steps, data):
        steps["decision_issued"]["next"] = ["commander_appointed", "national_approval"]

    findings, _ = _findings(broken_csto(no_notice))
    assert [(f.check, f.steps[0]) for f in findings] == [("unreachable", "un_notification"), ("forbidden path", "request")]
    assert findings[1].message.startswith("no collective-defence action without notice to the UN Security Council: "
                                          "a run reaches phase deployment without step un_notification in the same run")
    assert "un_notification" not in findings[1].steps


def _pact(tmp_path, steps: list[dict], name: str) -> str:
    """The tiny pact with these steps before its vote, and the rule that nothing deploys without the vote."""
    treaty = copy.deepcopy(TREATY)
    procedure = treaty["procedure"]
    procedure["steps"] = steps + procedure["steps"]
    procedure["start"] = steps[0]["id"]
    procedure["forbidden"] = [{"name": "no deployment without the vote", "reaching": {"phase": "deployment"},
                               "requires": {"step": "vote", "outcome": "adopted"}, "source": ["S1"]}]
    (tmp_path / f"{name}.yaml").write_text(yaml.safe_dump(treaty, sort_keys=False))
    shutil.copy(TREATY_DIR / "csto.sources.yaml", tmp_path / f"{name}.sources.yaml")
    return str(tmp_path / f"{name}.yaml")


def _step(step_id: str, next_ids, **fields) -> dict:
    return {"id": step_id, "label": step_id, "kind": "act", "phase": "request", "actor": "requester",
            "action": "acts", "basis": ["request_article"], "source": ["S1"], "next": next_ids, **fields}


def _timed(path):
    started = time.perf_counter()
    findings, pairs = _findings(path)
    return findings, pairs, time.perf_counter() - started


def test_a_1500_step_chain_is_checked_without_recursion(tmp_path):
    # the chain's last step may skip the vote and drive: the forbidden way lies at the very end
    chain = [_step(f"s{i}", [f"s{i + 1}"]) for i in range(1499)] + [_step("s1499", ["ask", "go"])]
    findings, pairs, seconds = _timed(_pact(tmp_path, chain, "chain"))
    (finding,) = findings
    assert finding.check == "forbidden path" and finding.steps[-3:] == ("s1498", "s1499", "go")
    assert len(finding.steps) == 1501 and pairs == 1500 + 7
    assert seconds < 2, seconds


@pytest.mark.parametrize("at", [0, 20, 39])
def test_40_choices_are_checked_without_their_2_to_the_40_runs(tmp_path, at):
    # 40 choices in a row, each of two options; option "skip" of choice `at` drives without the vote
    def choice(i):
        after = f"c{i + 1}" if i < 39 else "ask"
        return _step(f"c{i}", {"stay": after, "skip": "go" if i == at else after}, kind="choose",
                     options={"stay": "goes on", "skip": "goes on too"}, default="stay")

    findings, pairs, seconds = _timed(_pact(tmp_path, [choice(i) for i in range(40)], f"choices{at}"))
    (finding,) = findings
    assert finding.check == "forbidden path" and finding.steps == tuple(f"c{i}" for i in range(at + 1)) + ("go",)
    assert f"c{at} (skip) → go (done)" in finding.message and pairs == 80 + 7
    assert seconds < 2, seconds


def test_without_the_skip_the_40_choices_are_sound(tmp_path):
    steps = [_step(f"c{i}", {"stay": f"c{i + 1}" if i < 39 else "ask", "skip": f"c{i + 1}" if i < 39 else "ask"},
                   kind="choose", options={"stay": "goes on", "skip": "goes on too"}, default="stay")
             for i in range(40)]
    findings, _, seconds = _timed(_pact(tmp_path, steps, "sound"))
    assert findings == [] and seconds < 2
