"""The classroom's web server: a Starlette app over one ClassroomSession, pages and WebSockets.

Everything the pages load comes from this package (static/); a Content-Security-Policy forbids any
other source. Messages are small JSON objects; anything else gets an error message and changes nothing.
The engine's reruns run in a worker thread (anyio.to_thread), so that votes and pages stay live.
"""

from __future__ import annotations

import json
import time
from importlib import resources

import anyio
import qrcode
import qrcode.image.svg
from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from simulator.classroom.session import ClassroomSession, Refused

MAX_MESSAGE = 2048  # characters: the largest message a page sends is a join with a 24-character name
RATE, BURST = 8.0, 16  # messages a second a connection may send on average, and at once
TEACHER_RATE = 40.0  # once the token is shown: a held arrow key steps ~30 times a second
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = {"content-security-policy": CSP, "x-content-type-options": "nosniff", "referrer-policy": "no-referrer",
           "cache-control": "no-store"}
TYPES = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".svg": "image/svg+xml"}
TEACHER_ACTIONS = {"next", "back", "open", "close", "reopen", "state"}


def static_files() -> dict[str, bytes]:
    """The package's static files by name, read once: nothing else is ever served."""
    folder = resources.files("simulator.classroom") / "static"
    return {item.name: item.read_bytes() for item in folder.iterdir()
            if item.is_file() and item.name.rsplit(".", 1)[-1] in ("html", "js", "css", "svg")}


def qr_svg(text: str) -> bytes:
    """The join URL as an SVG QR code (drawn by the qrcode library)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12, border=2)
    return image.to_string(encoding="unicode").encode()


class Limiter:
    """A token bucket: ``allow()`` is False once a connection sends faster than RATE for longer than BURST."""

    def __init__(self, rate: float = RATE, burst: int = BURST, clock=time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.last = float(burst), clock()

    def allow(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Connection:
    def __init__(self, socket: WebSocket):
        self.socket, self.limiter = socket, Limiter()
        self.teacher, self.client = False, ""


class Classroom:
    """The app's state: the session, the open connections, and the student URL for the QR code."""

    def __init__(self, session: ClassroomSession, join_url: str = ""):
        self.session, self.join_url = session, join_url
        self.connections: set[Connection] = set()
        self.files = static_files()
        self.lock = anyio.Lock()  # one teacher action at a time (a rerun holds it)

    # --- pages ---------------------------------------------------------------------------------

    def file(self, name: str, status: int = 200) -> Response:
        body = self.files.get(name)
        if body is None:
            return PlainTextResponse("not found", 404, headers=HEADERS)
        return Response(body, status, headers=HEADERS, media_type=TYPES["." + name.rsplit(".", 1)[-1]])

    async def teacher_page(self, request):
        return self.file("teacher.html")

    async def student_page(self, request):
        return self.file("student.html")

    async def static(self, request):
        return self.file(request.path_params["name"])

    async def qr(self, request):
        return Response(qr_svg(self.join_url or str(request.base_url) + "join"), headers=HEADERS,
                        media_type="image/svg+xml")

    def authorised(self, request) -> bool:
        return request.query_params.get("token") == self.session.token

    async def saved_json(self, request):
        if not self.authorised(request):
            return PlainTextResponse("the teacher's token is needed", 403, headers=HEADERS)
        name = f"classroom-{self.session.scenario.scenario}.json"
        return JSONResponse(self.session.saved(), headers=HEADERS | {"content-disposition": f'attachment; filename="{name}"'})

    async def saved_report(self, request):
        if not self.authorised(request):
            return PlainTextResponse("the teacher's token is needed", 403, headers=HEADERS)
        session = self.session
        if not session.answers:
            return PlainTextResponse("the class has taken no decision yet: the report compares its path with history",
                                     409, headers=HEADERS)
        # deferred: the report loads matplotlib and jinja2, which only this download needs
        from simulator.render.html import html_report

        title = f"{session.scenario.title} — history and the class's path"
        text = await anyio.to_thread.run_sync(lambda: html_report([session.history, session.current], title=title))
        name = f"classroom-{session.scenario.scenario}.html"
        return Response(text, headers={"content-disposition": f'attachment; filename="{name}"',
                                       "x-content-type-options": "nosniff", "cache-control": "no-store"},
                        media_type="text/html; charset=utf-8")

    # --- sockets ---------------------------------------------------------------------------------

    async def send(self, connection: Connection, data: dict) -> None:
        try:
            await connection.socket.send_text(json.dumps(data))
        except Exception:  # a socket closing under us: its own loop removes it
            self.connections.discard(connection)

    async def broadcast(self, teachers_only: bool = False) -> None:
        session = self.session
        for connection in list(self.connections):
            if connection.teacher:
                await self.send(connection, session.teacher_view())
            elif connection.client and not teachers_only:
                await self.send(connection, session.student_view(connection.client))

    async def error(self, connection: Connection, text: str) -> None:
        await self.send(connection, {"type": "error", "error": text})

    async def socket(self, socket: WebSocket):
        origin, host = socket.headers.get("origin"), socket.headers.get("host", "")
        if origin is not None and origin.split("://", 1)[-1] != host:
            await socket.close(code=1008)  # another site's page may not drive the class
            return
        await socket.accept()
        connection = Connection(socket)
        self.connections.add(connection)
        try:
            while True:
                text = await socket.receive_text()
                await self.handle(connection, text)
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            self.connections.discard(connection)

    async def handle(self, connection: Connection, text: str) -> None:
        if not connection.limiter.allow():
            await self.error(connection, "too many messages: slow down")
            return
        if len(text) > MAX_MESSAGE:
            await self.error(connection, f"message too long (over {MAX_MESSAGE} characters)")
            return
        try:
            message = json.loads(text)
        except ValueError:
            message = None
        if not isinstance(message, dict) or not isinstance(message.get("type"), str):
            await self.error(connection, 'a message is a JSON object with a "type"')
            return
        kind = message["type"]
        try:
            if kind == "teacher":
                if message.get("token") != self.session.token:
                    raise Refused("wrong teacher token: open the teacher's URL printed in the terminal")
                connection.teacher = True
                connection.limiter.rate = TEACHER_RATE
                await self.send(connection, self.session.teacher_view())
            elif kind == "join":
                student = self.session.join(message.get("code"), message.get("name"), message.get("client"))
                connection.client = student.client
                await self.send(connection, self.session.student_view(student.client))
                await self.broadcast(teachers_only=True)
            elif kind == "vote":
                self.session.vote(connection.client, message.get("answer"))
                await self.send(connection, self.session.student_view(connection.client))
                await self.tally()
            elif kind in TEACHER_ACTIONS:
                if not connection.teacher:
                    raise Refused("only the teacher's page may do that")
                await self.teacher(kind)
            else:
                raise Refused(f"unknown message type {kind[:40]!r}")
        except Refused as exc:
            await self.error(connection, str(exc))

    async def tally(self) -> None:
        """A vote's tally, to the teacher's page only (the students see their own vote)."""
        vote = self.session.open()
        data = {"type": "tally", "id": vote.point.id, "tally": self.session.tally(vote), "ballots": len(vote.ballots)}
        for connection in list(self.connections):
            if connection.teacher:
                await self.send(connection, data)

    async def teacher(self, action: str) -> None:
        session = self.session
        if action == "state":
            await self.broadcast()
            return
        if self.lock.locked():
            raise Refused(f"wait: the engine is {session.busy or 'busy'}")
        async with self.lock:
            try:
                await self.act(action)
            except Refused:
                raise
            except Exception as exc:  # a bug in a rerun: the class's session stays usable, the teacher is told
                session.busy = ""
                raise Refused(f"internal error (a bug in treaty-sim): {type(exc).__name__}: {exc}") from None
        await self.broadcast()

    async def act(self, action: str) -> None:
        session = self.session
        if action in ("next", "back"):
            session.step(1 if action == "next" else -1)
        elif action == "open":
            session.open_vote()
        elif action == "reopen":
            session.reopen()
        elif action == "close":
            answers = session.close_vote()
            await self.broadcast()
            path = await anyio.to_thread.run_sync(session.rerun, answers)
            session.take(path)
        if session.at_end() and session.report is None:
            session.busy = "writing the debrief"
            await self.broadcast()
            session.report = await anyio.to_thread.run_sync(session.debrief)
            session.busy = ""


def build_app(session: ClassroomSession, join_url: str = "") -> Starlette:
    """The ASGI app of one classroom session."""
    room = Classroom(session, join_url)

    async def home(request):
        return RedirectResponse("/join", headers=HEADERS)

    routes = [
        Route("/", home), Route("/teacher", room.teacher_page), Route("/join", room.student_page),
        Route("/static/{name}", room.static), Route("/qr.svg", room.qr),
        Route("/session.json", room.saved_json), Route("/report.html", room.saved_report),
        WebSocketRoute("/ws", room.socket),
    ]
    app = Starlette(routes=routes)
    app.state.classroom = room
    return app
