"""Hostile input through the real command (issue 15, items 4 to 8): markup and formulas stay text, treaty
files and numbers are checked at load, every guard ends with exit 4, and work is bounded before it starts."""

from __future__ import annotations

import copy
import csv
import shutil
import time

import pytest
import yaml
from tiny_pact import looping_pact

from simulator.checks.treaty import TREATY_DIR
from simulator.cli import main

MARKUP = "[/] [bold]x[/bold] a\\"


def test_markup_in_every_text_is_printed_as_written(variant, inject_file, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)

    def hostile(data):
        data["title"] = f"Title {MARKUP}"
        data["record"][0]["label"] = f"Appeal {MARKUP}"

    path = variant(hostile)
    injects = inject_file(f"  - {{at: 2022-01-06T08:00+06:00, kind: airport_seized, hours: 12, where: Almaty airport, "
                          f"note: '{MARKUP} note'}}\n")
    assert main(["montecarlo", str(path), "-n", "2"]) == 0
    assert main(["fidelity", str(path), "-n", "2"]) == 0
    assert main(["teach", str(path), "--inject", str(injects), "--no-pause",
                 "--answers", str(tmp_path / "a.yaml")]) == 2  # answers file missing: a clear message, no crash
    (tmp_path / "a.yaml").write_text("csc: object\n")
    assert main(["teach", str(path), "--inject", str(injects), "--answers", str(tmp_path / "a.yaml")]) == 0
    printed = " ".join(capsys.readouterr().out.split())
    assert f"Title {MARKUP} — Monte Carlo" in printed and f"Title {MARKUP} — fidelity" in printed
    assert f"({MARKUP} note)" in printed and "Appeal [/]" in printed


def test_markup_in_a_treaty_name_is_checked_and_printed(tmp_path, capsys):
    data = yaml.safe_load((TREATY_DIR / "csto.yaml").read_text())
    data["name"] = f"Pact {MARKUP}"
    (tmp_path / "p.yaml").write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    shutil.copy(TREATY_DIR / "csto.sources.yaml", tmp_path / "p.sources.yaml")
    assert main(["check", str(tmp_path / "p.yaml")]) == 0
    assert capsys.readouterr().out.startswith(f"Pact {MARKUP}: 35 steps")


def test_a_formula_in_a_label_reaches_the_csv_as_text(variant, tmp_path):
    path = variant(lambda d: d["record"][0].update(label='=HYPERLINK("http://x","y")'))
    assert main(["run", str(path), "--out", str(tmp_path / "o"), "--quiet"]) == 0
    with open(tmp_path / "o" / "milestones.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["label"] == '\'=HYPERLINK("http://x","y")'  # OWASP: a leading ' makes it text
    assert rows[1]["delta_hours"] == "+0.00"  # a signed number stays a number


@pytest.mark.parametrize("argv", [
    ["montecarlo", "{case}", "-n", "2"],
    ["fidelity", "{case}", "-n", "2"],
    ["compare", "{case}", "{case}", "--mode", "montecarlo", "-n", "2"],
    ["sweep", "{case}", "--param", "horizon_days=5,6", "-n", "2"],
    ["report", "{case}"],
    ["export", "{case}", "-f", "timelinejs"],
    ["cases", "{case}"],
    ["teach", "{case}"],
    ["run", "{case}"],
], ids=lambda a: a[0] + ("-mc" if "montecarlo" in a[1:] else ""))
def test_a_zero_time_loop_stops_every_command_with_exit_4(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    case = looping_pact(tmp_path, 0)
    assert main([a.replace("{case}", str(case)) for a in argv]) == 4
    err = " ".join(capsys.readouterr().err.split())
    assert "stopped: tiny-case" in err and "loops with zero durations through ask, vote" in err
    assert "Traceback" not in err


def test_the_time_limit_covers_drawing_and_writing(kz_path, tmp_path, capsys, monkeypatch):
    from simulator.render import run_files  # why here: only this test slows a chart down

    drawn = run_files._timeline

    def slow(result, timeline):  # a chart that takes longer than the limit left after the engine
        time.sleep(3)
        return drawn(result, timeline)

    monkeypatch.setattr(run_files, "_timeline", slow)
    started = time.perf_counter()
    assert main(["run", str(kz_path), "--out", str(tmp_path / "o"), "--time-limit", "1"]) == 4
    assert time.perf_counter() - started < 2.5  # stopped at the limit, not after the drawing
    assert "wall-clock limit of 1 s" in " ".join(capsys.readouterr().err.split())
    assert not (tmp_path / "o" / "summary.md").exists() and not (tmp_path / "o" / "timeline.png").exists()


@pytest.mark.parametrize("argv, message", [
    (["sensitivity", "{kz}", "-m", "deployment-complete", "--param", "air.airlift.aircraft=1:100", "-n", "1000000000000"],
     "3,000,000,000,000 sobol points, more than the limit of 20,000"),
    (["sweep", "{kz}", "--param", "air.airlift.aircraft=1,2,3,4,5,6,7,8,9",
      "--param", "air.airlift.personnel_per_sortie=1,2,3,4,5,6,7,8,9,10", "-n", "100000"],
     "90 combinations × 100,000 replications is 9,000,000 runs, more than the limit of 1,000,000"),
    (["sensitivity", "{kz}", "-m", "deployment-complete", "--param", "air.airlift.aircraft=0:.inf", "-n", "4"],
     "finite numbers with LOW below HIGH"),
    (["sweep", "{kz}", "--param", "air.airlift.aircraft=.inf,2", "-n", "2"], "infinite and NaN values"),
    (["montecarlo", "{kz}", "-n", "2", "--backend", "dask", "--scheduler", "not a url"],
     "'not a url' is not a scheduler address"),
    (["sweep", "{kz}", "--param", "air.airlift.aircraft=40,75", "-n", "2", "--milestone", "nosuch"],
     "unknown milestone 'nosuch'"),
], ids=["sensitivity-n", "sweep-grid", "inf-range", "inf-value", "scheduler", "milestone"])
def test_work_is_bounded_before_it_starts(argv, message, kz_path, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    started = time.perf_counter()
    assert main([a.replace("{kz}", str(kz_path)) for a in argv]) == 2
    assert message in " ".join(capsys.readouterr().err.split())
    assert time.perf_counter() - started < 5 and not (tmp_path / "outputs").exists()  # nothing ran, nothing written


def test_the_readme_sweep_without_out_writes_its_default_folder(kz_path, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["sweep", str(kz_path), "--param", "air.airlift.aircraft=40,75", "-n", "2"]) == 0
    text = (tmp_path / "outputs" / "kazakhstan-2022-sweep-aircraft-n2" / "sweep.csv").read_text()
    rows = list(csv.DictReader(text.splitlines()))
    assert [r["air.airlift.aircraft"] for r in rows] == ["40", "75"]


def _treaty_case(tmp_path, kz_data, change_treaty=None, change_sources=None):
    treaty = yaml.safe_load((TREATY_DIR / "csto.yaml").read_text())
    sources = yaml.safe_load((TREATY_DIR / "csto.sources.yaml").read_text())
    if change_treaty:
        change_treaty(treaty)
    if change_sources:
        change_sources(sources)
    (tmp_path / "t.yaml").write_text(yaml.safe_dump(treaty, sort_keys=False, allow_unicode=True))
    (tmp_path / "t.sources.yaml").write_text(yaml.safe_dump(sources, sort_keys=False, allow_unicode=True))
    case = copy.deepcopy(kz_data)
    case["treaty"] = str(tmp_path / "t.yaml")
    (tmp_path / "case.yaml").write_text(yaml.safe_dump(case, sort_keys=False, allow_unicode=True))
    return tmp_path / "case.yaml"


def _steps(treaty):
    return {s["id"]: s for s in treaty["procedure"]["steps"]}


@pytest.mark.parametrize("change, where, message", [
    (lambda t: t["procedure"].update(start="airlift"), "t.yaml:", "procedure.start: the procedure cannot start at "
     "'airlift', a step run per contingent (move)"),
    (lambda t: t["procedure"].update(start="national_approval"), "t.yaml:", "cannot start at 'national_approval'"),
    (lambda t: t["members"].append(dict(t["members"][0])), "t.yaml:", "members[7]: member name 'Armenia' is given twice"),
    (lambda t: t["articles"].append(dict(t["articles"][0])), "t.yaml:", "article id 'CST Art. 2' is given twice"),
    (lambda t: t["forces"][0].update(strength="75"), "t.yaml:", "strength: must be an integer (a whole number), "
     "not '75' (write it without quotes)"),
], ids=["start-move", "start-approve", "members", "articles", "strength"])
def test_treaty_rules_are_checked_at_load(change, where, message, kz_data, tmp_path, capsys):
    case = _treaty_case(tmp_path, kz_data, change_treaty=change)
    assert main(["validate", str(case)]) == 2
    assert main(["run", str(case), "--out", str(tmp_path / "o")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert where in err and message in err and "fix:" in err and "Traceback" not in err


def test_a_registry_entry_of_the_wrong_types_is_refused(kz_data, tmp_path, capsys):
    case = _treaty_case(tmp_path, kz_data, change_sources=lambda s: s.update(S19={"title": [1, 2], "urls": 5}))
    assert main(["report", str(case), "-o", str(tmp_path / "r.html")]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "t.sources.yaml:" in err and "S19.title: the title must be text" in err and "S19.urls: urls must be a list" in err


@pytest.mark.parametrize("value, shown", [(True, "not true"), ("75", "not '75' (write it without quotes)")])
def test_a_count_is_a_number(value, shown, variant, capsys):
    assert main(["validate", str(variant(lambda d: d["air"]["airlift"].update(aircraft=value)))]) == 2
    assert f"air.airlift.aircraft: must be an integer (a whole number), {shown}" in capsys.readouterr().err


def test_inject_hours_are_a_number(kz_path, inject_file, tmp_path, capsys):
    injects = inject_file("  - {at: 2022-01-06T08:00+06:00, kind: airport_seized, hours: '12', where: Almaty airport}\n")
    assert main(["run", str(kz_path), "--inject", str(injects), "--out", str(tmp_path / "o")]) == 2
    assert "hours: must be a number, not '12' (write it without quotes)" in capsys.readouterr().err


@pytest.mark.parametrize("answers", ["csc: [object]\n", "csc: {object: 1}\n", "- csc\n"])
def test_answers_of_the_wrong_shape_are_refused(answers, kz_path, tmp_path, capsys):
    (tmp_path / "a.yaml").write_text(answers)
    assert main(["teach", str(kz_path), "--answers", str(tmp_path / "a.yaml")]) == 2
    err = capsys.readouterr().err
    assert "a.yaml" in err and "fix:" in err and "unhashable" not in err


def test_a_1_5_mb_title_is_refused_with_its_limit(variant, capsys):
    started = time.perf_counter()
    assert main(["run", str(variant(lambda d: d.update(title="T" * 1_500_000)))]) == 2
    assert "title: String should have at most 300 characters" in capsys.readouterr().err
    assert time.perf_counter() - started < 5


HOSTILE_TEXTS = ["[/] [bold]x[/bold] $\\frac$", "esc\x1b[31m bell\x07 nul\x00", "long " * 4_000]
LESSONS = TREATY_DIR.parents[1] / "lessons"
SCENARIO_DIR = TREATY_DIR.parents[1] / "scenarios"


def _text_paths(data, path=()):
    """Paths of every text value in a loaded YAML document."""
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _text_paths(value, path + (key,))]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in _text_paths(value, path + (i,))]
    return [path] if isinstance(data, str) else []


def _other_kinds(tmp_path):
    """(example file, command for a copy at a path) of each input kind the fuzzer does not mutate."""
    answers = tmp_path / "answers.yaml"
    answers.write_text("csc: object\n")
    shutil.copy(TREATY_DIR / "csto.yaml", tmp_path / "reg.yaml")
    return {
        "injects": (LESSONS / "kazakhstan-2022-injects.yaml",
                    lambda p: ["teach", str(SCENARIO_DIR / "kazakhstan-2022.yaml"), "--inject", str(p), "--answers",
                               str(answers)]),
        "lesson": (LESSONS / "armenia-2021-05.yaml",
                   lambda p: ["teach", str(SCENARIO_DIR / "armenia-2021-05.yaml"), "--lesson", str(p), "--answers",
                              str(LESSONS / "armenia-2021-05-answers.yaml")]),
        "answers": (LESSONS / "kazakhstan-2022-answers.yaml",
                    lambda p: ["teach", str(SCENARIO_DIR / "kazakhstan-2022.yaml"), "--answers", str(p)]),
        "registry": (TREATY_DIR / "csto.sources.yaml", lambda p: ["check", str(tmp_path / "reg.yaml")]),
    }


@pytest.mark.parametrize("kind", ["injects", "lesson", "answers", "registry"])
def test_every_text_field_of_every_other_file_kind_takes_hostile_text(kind, tmp_path, monkeypatch, capsys):
    """Markup, control characters and a 20,000-character string in each text field (the registry: its
    first ten entries): a clean refusal with fix:, or the command does its work; never exit 3."""
    from simulator.checks.treaty import load_sources, load_treaty

    monkeypatch.chdir(tmp_path)
    example, command = _other_kinds(tmp_path)[kind]
    base = yaml.safe_load(example.read_text())
    target = tmp_path / ("reg.sources.yaml" if kind == "registry" else f"{kind}.yaml")
    paths = _text_paths(base)
    if kind == "registry":
        paths = [p for p in paths if p[0] in list(base)[:10]]
    codes = []
    for path in paths:
        for text in HOSTILE_TEXTS:
            doc = copy.deepcopy(base)
            place = doc
            for part in path[:-1]:
                place = place[part]
            place[path[-1]] = text
            target.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True))
            load_treaty.cache_clear()
            load_sources.cache_clear()
            code = main(command(target))
            printed = capsys.readouterr()
            assert code in (0, 1, 2) and "Traceback" not in printed.err, (path, text[:20], printed.err)
            assert code != 2 or "fix:" in printed.err, printed.err
            codes.append(code)
    assert len(codes) == len(paths) * len(HOSTILE_TEXTS) and len(paths) >= 2
    assert kind == "answers" or 0 in codes  # some hostile text was valid, so it was printed and drawn
