"""`treaty-sim classroom`: a case served live to the projector and to students' phones."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import click

from simulator.cli.common import HELP, MODE, err, out, say

LOCAL = ("127.0.0.1", "localhost", "::1")


def _libraries():
    """The classroom's optional libraries, or a clear message that says how to install them."""
    from simulator.base.errors import UserError  # deferred, as in every command

    try:
        import qrcode  # deferred: the web stack is an optional extra that no other command needs
        import uvicorn  # deferred: as qrcode

        from simulator.classroom.server import build_app  # deferred: Starlette, as qrcode
    except ImportError as exc:
        raise UserError.single(f"the classroom needs its web libraries ({exc.name} is not installed)",
                               hint="pip install 'treaty-sim[classroom]'") from None
    return qrcode, uvicorn, build_app


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: a free port), or a clear message when it is taken."""
    from simulator.base.errors import UserError  # deferred, as in every command

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UserError.single(f"cannot listen on {host}:{port}: {exc.strerror}",
                               hint="give another --port (0 picks a free one)") from None
    sock.listen(128)
    return sock


def _address_for_phones(host: str) -> str:
    """The address phones on the network can open: for a wildcard host, this machine's own on its outbound
    interface (a phone seldom resolves a computer's host name); the host name when there is none."""
    if host not in ("0.0.0.0", "::"):
        return host
    family, probe = (socket.AF_INET6, "2001:db8::1") if host == "::" else (socket.AF_INET, "192.0.2.1")
    with socket.socket(family, socket.SOCK_DGRAM) as udp:
        try:
            udp.connect((probe, 9))  # a documentation address: a UDP connect sends nothing, it only picks a route
            return udp.getsockname()[0]
        except OSError:  # no route at all (an offline machine)
            return socket.gethostname()


@click.command(context_settings=HELP)
@click.argument("scenario", type=click.Path(path_type=Path))
@click.option("--lesson", "lesson_file", type=click.Path(path_type=Path), default=None,
              help="YAML file naming the decisions to ask  [default: derived from the case]")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; 0.0.0.0 lets phones on this network join (a warning is printed).")
@click.option("--port", "-p", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@click.option("--mode", "-m", type=MODE, default="replay", show_default=True,
              help="replay follows the record's dates where the class does not change them.")
@click.option("--seed", "-s", type=click.IntRange(min=0), default=None, help="Seed for predictive mode.")
@click.option("--inject", type=click.Path(path_type=Path), default=None,
              help="An instructor's inject file: events added to the class's path (history runs without them).")
@click.option("--resume", "saved_file", type=click.Path(path_type=Path), default=None,
              help="A session.json saved from the teacher's page: the class's decisions are taken again "
                   "(in its mode, with its seed) and the class goes on from there; students join again.")
@click.pass_context
def classroom(ctx: click.Context, scenario: Path, lesson_file: Path | None, host: str, port: int, mode: str,
              seed: int | None, inject: Path | None, saved_file: Path | None):
    """Serve SCENARIO (a scenario or variant file) to a class: the teacher's page on the projector, students vote on their phones
    as member states, and the engine runs the rest of the case from the class's answers.

    Prints the teacher's URL (with a secret token), the students' URL with a join code and its QR code.
    Stop it with Ctrl+C.

    Example:  treaty-sim classroom scenarios/kazakhstan-2022.yaml

    Go on with a class saved last time:  treaty-sim classroom kazakhstan-2022 --resume session.json
    """
    qrcode, uvicorn, build_app = _libraries()
    # deferred to when the command runs: `treaty-sim --help` and the other commands load none of it
    from simulator.classroom import create_session

    given_mode = None if ctx.get_parameter_source("mode") is click.core.ParameterSource.DEFAULT else mode
    session = create_session(scenario, lesson_file, mode=given_mode, seed=seed, resume=saved_file, inject=inject)
    sock = _bind(host, port)
    port = sock.getsockname()[1]
    shown = _address_for_phones(host)
    base = f"http://{'[' + shown + ']' if ':' in shown else shown}:{port}"
    join = f"{base}/join?code={session.code}"
    app = build_app(session, join)
    if host not in LOCAL:
        say(err, "[yellow]warning:[/] listening on {}: anyone on this network can open the students' page "
                 "(joining needs the code, teacher actions the token)", host)
    say(out, "[bold]{}[/]: {} decision point(s)", session.scenario.title, str(len(session.points)))
    if saved_file is not None:
        taken = [v.point.id for v in session.votes.values() if v.closed is not None]
        say(out, "Resumed from {}: {} decision(s) taken again ({}); the class's path: {}", str(saved_file),
            str(len(taken)), ", ".join(taken) or "none", session.current.outcome)
    say(out, "Teacher (keep this private): {}", f"{base}/teacher#token={session.token}")
    say(out, "Students: {}  code [bold]{}[/]", f"{base}/join", session.code)
    qr = qrcode.QRCode(border=1)
    qr.add_data(join)
    text = io.StringIO()
    qr.print_ascii(out=text, invert=True)
    out.print(text.getvalue(), markup=False, highlight=False)
    config = uvicorn.Config(app, log_level="warning", access_log=False, ws_max_size=65536, lifespan="off")
    uvicorn.Server(config).run(sockets=[sock])
