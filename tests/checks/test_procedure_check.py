"""The decision network's static checks (checks/procedure.py) on the shipped treaties and on broken copies of the
CSTO: each finding names its check, the steps concerned and, for a forbidden path, a run that takes it
(what `treaty-sim check` prints for them: tests/cli/test_inspection_commands.py)."""

from __future__ import annotations

import pytest

from simulator import build_network, load_treaty
from simulator.checks.procedure import check_procedure


def _findings(target) -> tuple[list, int]:
    treaty = load_treaty(target)
    return check_procedure(build_network(treaty), treaty)


@pytest.mark.parametrize("treaty, runs", [("csto", 49), ("nato", 18), ("eu", 10)])
def test_the_shipped_procedures_are_sound(treaty, runs):
    assert _findings(treaty) == ([], runs)


def test_unreachable_step(broken_csto):
    def orphan(steps, data):
        steps["request"]["next"].pop("standing")

    findings, runs = _findings(broken_csto(orphan))
    assert [(f.check, f.message, f.steps, f.severity) for f in findings] == [
        ("unreachable", "step 'task_force' cannot be reached from 'request'", ("task_force",), "error")]
    assert runs == 48


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
    assert finding.steps[0] == "request" and "council_decision" in finding.steps and "airlift" in finding.steps


def test_deployment_without_request(broken_csto):
    def start_at_the_council(steps, data):
        data["procedure"]["start"] = "council_decision"

    findings, runs = _findings(broken_csto(start_at_the_council))
    unreachable = {f.steps[0] for f in findings if f.check == "unreachable"}
    assert {"request", "consultations", "good_offices", "task_force"} <= unreachable and len(unreachable) == 19
    (rule,) = [f for f in findings if f.check == "forbidden path"]
    assert rule.message.startswith("no deployment without a formal request:") and rule.steps[0] == "council_decision"
    assert runs == 4


def test_deployment_without_notice_to_the_un(broken_csto):
    def no_notice(steps, data):
        steps["decision_issued"]["next"] = ["commander_appointed", "national_approval"]

    findings, _ = _findings(broken_csto(no_notice))
    assert [(f.check, f.steps[0]) for f in findings] == [("unreachable", "un_notification"), ("forbidden path", "request")]
    assert findings[1].message.startswith("no collective-defence action without notice to the UN Security Council: "
                                          "a run reaches phase deployment without step un_notification in the same run")
    assert "un_notification" not in findings[1].steps
