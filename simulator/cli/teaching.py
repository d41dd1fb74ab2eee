"""`treaty-sim report` (one offline HTML file) and `treaty-sim teach` (a lesson in the terminal)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from simulator.cli.common import HELP, MODE, force_option, out, say


@click.command(context_settings=HELP)
@click.argument("scenarios", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "-o", "output", type=click.Path(path_type=Path), default=None,
              help="HTML file to write  [default: outputs/<scenario>-report.html]")
@click.option("--mode", "-m", type=MODE, default="replay", show_default=True, help="Mode of every run.")
@click.option("--seed", "-s", type=click.IntRange(min=0), default=None, help="Seed for predictive mode.")
@click.option("--inject", type=click.Path(path_type=Path), default=None,
              help="An instructor's inject file: the report shows the run without and with the injects.")
@force_option
def report(scenarios: tuple[Path, ...], output: Path | None, mode: str, seed: int | None, inject: Path | None):
    """Write one self-contained HTML report of SCENARIO [MORE…] (scenario or variant files): works offline, nothing fetched.

    It shows the scenario and its sources, the timeline, the decision network with the path taken,
    the milestones against the record, the outcome, a step-through of the event log with a chart of
    the forces deployed, and for several scenarios a comparison.

    Example:  treaty-sim report scenarios/kazakhstan-2022.yaml -o outputs/kazakhstan.html
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.base.errors import UserError
    from simulator.checks.injects import load_injects
    from simulator.checks.variant import load_case
    from simulator.model.injects import inject_summary
    from simulator.render.html import write_html_report
    from simulator.run import run

    loaded = [load_case(path) for path in scenarios]
    results = [run(s, mode=mode, seed=seed) for s in loaded]
    injects_rows = []
    if inject is not None:
        if len(loaded) > 1:
            raise UserError.single("--inject works with one scenario", inject, "report one scenario with its injects")
        injects = load_injects(inject, loaded[0])
        results.append(run(loaded[0], mode=mode, seed=seed, injects=injects))
        injects_rows = inject_summary(injects, loaded[0])
    if output is None:
        name = loaded[0].scenario if len(loaded) == 1 else f"{len(loaded)}-cases"
        output = Path("outputs") / f"{name}-report.html"
    if output.is_dir():
        raise UserError.single("output is a folder", output, "give a file name ending in .html")
    title = f"{loaded[0].title} — with the instructor's injects" if inject is not None else None
    path = write_html_report(output, results, injects=injects_rows, title=title)
    for result in results:
        say(out, "{}: {}", result.scenario.scenario, result.outcome_text())
    say(out, f"Wrote {{}} ({path.stat().st_size / 1024:,.0f} KiB, self-contained)", path)


@click.command(context_settings=HELP)
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--answers", "answers_file", type=click.Path(path_type=Path), default=None,
              help="YAML file of the class's answers (decision id: answer); no questions are asked.")
@click.option("--lesson", "lesson_file", type=click.Path(path_type=Path), default=None,
              help="YAML file naming the decisions to ask  [default: derived from the case]")
@click.option("--inject", type=click.Path(path_type=Path), default=None,
              help="An instructor's inject file: events added to the class's path.")
@click.option("--pause/--no-pause", default=None,
              help="Wait for Enter between parts  [default: when answering in a terminal]")
@click.option("--mode", "-m", type=MODE, default="replay", show_default=True,
              help="replay follows the record's dates where the class does not change them.")
@click.option("--seed", "-s", type=click.IntRange(min=0), default=None, help="Seed for predictive mode.")
def teach(scenario: Path, answers_file: Path | None, lesson_file: Path | None, inject: Path | None,
          pause: bool | None, mode: str, seed: int | None):
    """Walk a class through SCENARIO (a scenario or variant file): at each decision they take a role and decide, then see the
    consequence next to history; a debrief names the decision that changed the outcome.

    Example:  treaty-sim teach scenarios/kazakhstan-2022.yaml --answers my-answers.yaml
    """
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.checks.injects import load_injects
    from simulator.checks.variant import load_case
    from simulator.lesson import Lesson, derive_points, load_answers, load_lesson
    from simulator.run import run

    loaded = load_case(scenario)
    history = run(loaded, mode=mode, seed=seed)
    points = load_lesson(lesson_file, loaded, history) if lesson_file else derive_points(loaded, history)
    answers = load_answers(answers_file, points) if answers_file else None
    injects = load_injects(inject, loaded) if inject else None
    if pause is None:
        pause = answers is None and sys.stdin.isatty()
    lesson = Lesson(out, loaded, points, history, answers, pause, mode, history.seed, injects)
    lesson.teach()
