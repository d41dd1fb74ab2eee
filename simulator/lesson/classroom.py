"""Classroom mode in the terminal: the case step by step, the class's decisions, the consequence, a debrief."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.panel import Panel
from rich.prompt import Prompt
from rich.table import Table

from simulator.base.errors import UserError
from simulator.base.text import plain
from simulator.lesson.whatif import Debrief, debrief, moved_milestones, play

ROUTINE = ("start", "departure", "arrival")


def locate(result, point) -> int | None:
    """Index in the run's event log where the class is asked: the decision's first event."""
    for index, event in enumerate(result.events):
        if event.step != point.step:
            continue
        if point.kind == "parliament" and (event.member != point.member or event.event != "session"):
            continue
        return index
    return None


class Lesson:
    """One walk through a case with a class; ``answers`` (id -> answer) skips the questions it answers."""

    def __init__(self, console: Console, scenario, points, history, answers: dict[str, str] | None = None,
                 pause: bool = False, mode: str = "replay", seed: int | None = None, injects=None):
        self.console, self.scenario, self.points, self.history = console, scenario, points, history
        self.preset, self.pause, self.mode, self.seed, self.injects = answers, pause, mode, seed, injects
        self.answers: dict[str, str] = {}

    def say(self, text: str = "", **options) -> None:
        self.console.print(text, highlight=False, **options)

    def wait(self) -> None:
        if self.pause:
            try:
                self.console.input("[dim]Press Enter to continue…[/] ")
            except EOFError:
                self.pause = False

    def narrate(self, events) -> None:
        origin = self.scenario.origin
        for event in events:
            if event.event in ROUTINE:
                continue
            basis = f" [dim]\\[{plain(event.basis)}]" if event.basis else ""
            who = "[magenta]Instructor[/]" if event.step == "inject" else f"[bold]{plain(event.actor)}[/]"
            self.say(f"  {event.when(origin)}  {who}: {plain(event.action)}{basis}")

    def introduce(self) -> None:
        scenario = self.scenario
        roles = "\n".join(f"  • {plain(p.id)}: {plain(p.role)}" for p in self.points) \
            or "  (none: this case has no decision to take)"
        text = f"{plain(scenario.description)}\n\n[bold]Your class will decide as:[/]\n{roles}"
        self.console.print(Panel(text, title=f"[bold]{plain(scenario.title)}[/]", title_align="left", expand=False),
                           highlight=False)
        for point in self.points:
            for answer, why in point.unavailable.items():
                self.say(f"[yellow]note:[/] {plain(point.id)}: {plain(repr(answer))} is not offered — {plain(why)}")

    def ask(self, point) -> str:
        body = plain((point.intro + "\n\n" if point.intro else "") + point.question)
        table = Table(box=box.SIMPLE, show_header=False)
        for answer, meaning in point.options.items():
            table.add_row(f"[bold]{plain(answer)}[/]", plain(meaning))
        self.console.print(Panel(body, title=f"[bold]Decision {plain(point.id)}[/] — you are {plain(point.role)}",
                                 title_align="left"), highlight=False)
        self.console.print(table)
        if point.assume is not None:
            self.say(f"[dim]For any answer but history's, the lesson assumes: {plain(point.assume.why.strip())}[/]")
        if self.preset is not None:
            answer = self.preset.get(point.id, point.history)
            source = "answers file" if point.id in self.preset else "not in the answers file: as in history"
            self.say(f"Your answer: [bold]{plain(answer)}[/] ({source})")
            return answer
        try:
            return Prompt.ask("Your answer", choices=list(point.options), console=self.console)
        except EOFError:
            raise UserError.single(f"no answer for decision {point.id!r}: standard input is closed",
                                   hint="answer in a terminal, or give --answers FILE") from None

    def consequence(self, point, answer: str, path) -> None:
        history = self.history
        verdict = "as in history" if answer == point.history else f"history: {point.history}"
        self.say(f"\n[bold]Consequence[/] of {plain(point.id)} = {plain(answer)} ({plain(verdict)})")
        table = Table(box=box.SIMPLE_HEAD)
        for column in ("", "History (unchanged run)", "Your class"):
            table.add_column(column)
        table.add_row("outcome", history.outcome, path.outcome)
        table.add_row("personnel deployed", f"{history.personnel_deployed:,}", f"{path.personnel_deployed:,}")
        on_record = lambda r: f"{sum(m.on_record for m in r.milestones)} of {len(r.milestones)}"  # noqa: E731
        table.add_row("milestones on record", on_record(history), on_record(path))
        origin = self.scenario.origin
        for before, after in moved_milestones(history, path)[:8]:
            table.add_row(plain(before.label), before.simulated_text(origin), after.simulated_text(origin))
        self.console.print(table)

    def teach(self) -> Debrief:
        """Walk the case; returns the debrief (also printed)."""
        self.introduce()
        current = play(self.scenario, self.points, {}, self.mode, self.seed, self.injects) if self.injects else self.history
        for note in current.notes:
            self.say(f"[magenta]inject:[/] {plain(note)}")
        position = 0
        for point in self.points:
            where = locate(current, point)
            if where is None:
                self.say(f"\n[yellow]Decision {plain(point.id)} is not reached on your class's path[/] ({plain(point.role)}).")
                continue
            self.narrate(current.events[position:where])
            self.wait()
            answer = self.ask(point)
            self.answers[point.id] = answer
            current = play(self.scenario, self.points, self.answers, self.mode, self.seed, self.injects)
            self.consequence(point, answer, current)
            position = locate(current, point) or 0
            self.wait()
        self.narrate(current.events[position:])
        self.wait()
        report = debrief(self.scenario, self.points, self.answers, self.mode, self.seed, self.injects,
                         history=self.history, path=current)
        self.show_debrief(report)
        return report

    def show_debrief(self, report: Debrief) -> None:
        self.say("")
        table = Table(title="Debrief: your class's path against the record", title_justify="left", box=box.SIMPLE_HEAD)
        for column in ("Decision", "Role", "History", "Your class"):
            table.add_column(column)
        for point, before, after in report.decisions:
            mark = "" if before == after else " [red]≠[/]"
            table.add_row(plain(point.id), plain(point.role), plain(before), f"{plain(after)}{mark}")
        recorded = self.scenario.recorded
        table.add_row("outcome", "", report.history.outcome, report.path.outcome)
        self.console.print(table, highlight=False)
        if recorded is not None:
            self.say(f"The record: {recorded.outcome} ({plain(' '.join(recorded.source))})")
        self.say(f"History: {plain(report.history.outcome_text())}")
        self.say(f"Your class: {plain(report.path.outcome_text())}")
        self.say(f"[bold]{plain(report.verdict())}[/]")
