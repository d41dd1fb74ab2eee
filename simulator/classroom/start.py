"""A classroom session started: a new one, or one resumed from its saved file (`--resume session.json`).

A resumed session's decisions are taken again in order, each with the answers that class gave, through the
same steps as a live vote (so the path, what is skipped and "Reopen last vote" come out as they did);
the students join again. A vote still open when the session was saved is due again, with no ballots.
"""

from __future__ import annotations

from pathlib import Path

from simulator.base.errors import UserError
from simulator.checks.injects import load_injects
from simulator.checks.variant import load_case
from simulator.classroom.session import ClassroomSession, Refused
from simulator.files.validation import Checker, validate_model
from simulator.files.yamlio import load_yaml  # a JSON file is YAML: the same limits, and line numbers
from simulator.lesson import derive_points, load_lesson
from simulator.model.saved_session import SavedSession
from simulator.run import run

HINT = "resume with the case and --lesson the session was saved from, and the file its Save session link gave"


def read_saved(path: str | Path) -> tuple[SavedSession, Checker]:
    """The saved session at ``path``, checked as a file (against the case: resume_decisions)."""
    loaded = load_yaml(path)
    return validate_model(SavedSession, loaded, "give the session.json that the teacher's page saves (Save session)"), \
        Checker(loaded)


def resume_decisions(session: ClassroomSession, saved: SavedSession, check: Checker) -> None:
    """Take the saved decisions again in ``session``. UserError, located, if the file
    does not fit the case (another case, a decision this case does not reach there, an unknown answer)."""
    if saved.scenario != session.scenario.scenario:
        check.error(("scenario",), f"this session was saved from case {saved.scenario!r}, not "
                    f"{session.scenario.scenario!r}", HINT)
        check.raise_if_any()
    by_id = {p.id: p for p in session.all_points()}
    latest = 0.0
    for i, decision in enumerate(saved.decisions):
        loc = ("decisions", i)
        if decision.closed_s is None:
            if i != len(saved.decisions) - 1:
                check.error(loc + ("closed_s",), "only the last decision can be a vote still open", HINT)
            break
        own = session.seats.get(decision.point, {decision.point: by_id.get(decision.point)})
        seats = [p.id for p in own.values() if p is not None]  # a council's seats, or the point itself
        for seat_id, answer in decision.class_answers.items():
            if check.known(loc + ("class_answers", seat_id), seat_id, seats, f"seat of decision {decision.point!r}"):
                check.known(loc + ("class_answers", seat_id), answer, list(by_id[seat_id].options),
                            f"answer to {seat_id!r}")
        check.raise_if_any()
        try:
            session.restore(decision.point, decision.class_answers, decision.opened_s, decision.closed_s,
                            decision.reopened_s, [b.model_dump() for b in decision.ballots])
        except Refused as exc:
            check.error(loc + ("point",), str(exc), HINT)
            check.raise_if_any()
        latest = max(latest, decision.closed_s, *decision.reopened_s, *(b.after_s + decision.opened_s
                                                                      for b in decision.ballots))
    if saved.position is not None:  # where the teacher was, but not past a decision still to take
        point, gate = session.pending()
        session.position = min(saved.position, len(session.timeline()), gate if point is not None else saved.position)
    session.started = session.clock() - latest  # the times of what the class does now follow the saved ones
    if session.at_end():
        session.report = session.debrief()


def create_session(scenario_path: str | Path, lesson: str | Path | None = None, mode: str | None = None,
                   seed: int | None = None, resume: str | Path | None = None, inject: str | Path | None = None,
                   **options) -> ClassroomSession:
    """A session of the case at ``scenario_path``, a scenario or variant file (decision points from
    ``lesson``, else derived as `teach` does; ``inject``: an instructor's inject file, on the class's path).

    ``resume``: a session.json saved from the teacher's page; its decisions are taken again, in its
    mode and with its seed (a ``mode`` or ``seed`` that differs from the file's is refused). ``mode``
    is otherwise replay.
    """
    saved = check = None
    if resume is not None:
        saved, check = read_saved(resume)
        for name, given, kept in (("mode", mode, saved.mode), ("seed", seed, saved.seed)):
            if given is not None and given != kept:
                raise UserError.single(f"the session was saved in {saved.mode} mode with seed {saved.seed}, "
                                       f"not {name} {given}", resume, f"leave out --{name} to resume it as it was")
        mode, seed = saved.mode, saved.seed
        played = Path(inject).name if inject is not None else None
        if saved.injects != played:
            said = f"with the injects of {saved.injects}" if saved.injects else "without injects"
            raise UserError.single(f"the session was saved {said}, not {'with ' + played if played else 'without'}",
                                   resume, f"give --inject {saved.injects}" if saved.injects else "leave out --inject")
    mode = mode or "replay"
    scenario = load_case(scenario_path)
    history = run(scenario, mode=mode, seed=seed)
    if history.events == []:
        raise UserError.single("the case's run logged no event", scenario_path, "run it with `treaty-sim run` first")
    points = load_lesson(lesson, scenario, history) if lesson else derive_points(scenario, history)
    injects = load_injects(inject, scenario) if inject is not None else None
    session = ClassroomSession(scenario, points, history, mode, history.seed, injects=injects, **options)
    if saved is not None:
        resume_decisions(session, saved, check)
    return session
