"""Nobody acts where they don't belong (issue 17, point 5): each rule against the running app (Starlette's TestClient)."""

from __future__ import annotations

import json
from contextlib import ExitStack

import pytest
from starlette.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from simulator.classroom import create_session
from simulator.classroom.server import BURST, MAX_MESSAGE, build_app


@pytest.fixture
def room(kz_path):
    session = create_session(kz_path)
    with TestClient(build_app(session)) as client, ExitStack() as sockets:
        client.sockets = sockets  # every socket a test opens is closed before the app stops
        yield session, client


def send(ws, **message):
    ws.send_text(json.dumps(message))
    return ws.receive_json()


def until(ws, wanted, limit=20):
    """The first message that ``wanted`` accepts (earlier broadcasts are skipped)."""
    for _ in range(limit):
        message = ws.receive_json()
        if wanted(message):
            return message
    raise AssertionError("the expected message never came")


def closed(ws):
    """Close the vote and wait for the class's path."""
    ws.send_text(json.dumps({"type": "close"}))
    return until(ws, lambda m: m["type"] == "state" and m["decided"] and not m["busy"])


def teacher(client, session):
    ws = client.sockets.enter_context(client.websocket_connect("/ws"))
    assert send(ws, type="teacher", token=session.token)["view"] == "teacher"
    return ws


def student(client, session, name="Ana", cid="client-ana-0001"):
    ws = client.sockets.enter_context(client.websocket_connect("/ws"))
    state = send(ws, type="join", code=session.code, name=name, client=cid)
    assert state["view"] == "student"
    return ws, state


def to_the_vote(ws):
    while True:
        state = send(ws, type="next")
        if state["type"] == "error":
            assert "open the vote first" in state["error"]
            return send(ws, type="open")


def test_teacher_actions_need_the_token(room):
    session, client = room
    with client.websocket_connect("/ws") as ws:
        assert "wrong teacher token" in send(ws, type="teacher", token="guess")["error"]
        assert "only the teacher" in send(ws, type="next")["error"]
    ws, _ = student(client, session)
    assert "only the teacher" in send(ws, type="open")["error"]
    assert session.position == 0 and session.votes == {}
    assert client.get("/session.json").status_code == 403
    assert client.get("/session.json", params={"token": "guess"}).status_code == 403
    assert client.get("/session.json", params={"token": session.token}).json()["scenario"] == "kazakhstan-2022"


def test_students_join_only_with_the_current_code(room):
    session, client = room
    with client.websocket_connect("/ws") as ws:
        reply = send(ws, type="join", code="WRONG", name="Ana", client="client-ana-0001")
        assert "join code is not this class's" in reply["error"]
        assert "display name" in send(ws, type="join", code=session.code, name="  ", client="client-ana-0001")["error"]
    assert session.students == {}


def test_malformed_oversized_and_unknown_messages_change_nothing(room):
    session, client = room
    ws = teacher(client, session)
    for text, said in [("not json", "JSON object"), ("[1, 2]", "JSON object"), ('{"kind": "next"}', '"type"'),
                       ('{"type": "launch"}', "unknown message type"), ("x" * (MAX_MESSAGE + 1), "too long")]:
        ws.send_text(text)
        assert said in ws.receive_json()["error"]
    assert session.position == 0
    assert send(ws, type="next")["position"] == 1  # the connection still works


def test_students_vote_for_their_own_role_once_and_may_change_it_until_closed(room):
    session, client = room
    boss = teacher(client, session)
    to_the_vote(boss)
    armenia, state = student(client, session, "Ana", "client-ana-0001")
    belarus, other = student(client, session, "Bo", "client-bo-00001")
    assert (state["role"], other["role"]) == ("Armenia", "Belarus")
    assert state["decision"]["open"] and state["decision"]["role"].startswith("Armenia in the Collective Security Council")
    assert other["decision"]["role"].startswith("Belarus in the Collective Security Council")
    assert "answer one of" in send(armenia, type="vote", answer="launch")["error"]
    assert send(armenia, type="vote", answer="object")["decision"]["voted"] == "object"
    tally = lambda: until(boss, lambda m: m["type"] == "tally")["tally"]  # noqa: E731
    assert tally() == {"Armenia": {"object": 1}}
    assert send(armenia, type="vote", answer="consent")["decision"]["voted"] == "consent"  # changed, not added
    assert tally() == {"Armenia": {"consent": 1}}
    # a student cannot vote for another seat: the message names no seat, the server takes the student's own
    send(belarus, type="vote", answer="object", role="Armenia")
    assert tally() == {"Armenia": {"consent": 1}, "Belarus": {"object": 1}}
    closed(boss)
    assert session.answers["csc"] == "consent" and session.answers["csc.Belarus"] == "object"
    assert session.current.outcome == "declined"  # one objection blocks consensus
    armenia.send_text(json.dumps({"type": "vote", "answer": "object"}))
    assert "no vote is open" in until(armenia, lambda m: m["type"] == "error")["error"]
    assert session.answers["csc"] == "consent"


def test_a_student_who_comes_back_keeps_role_and_vote_and_a_teacher_reload_keeps_the_session(room):
    session, client = room
    boss = teacher(client, session)
    to_the_vote(boss)
    ws, state = student(client, session, "Ana", "client-ana-0001")
    send(ws, type="vote", answer="abstain")
    ws.close()
    boss.close()
    again, state = student(client, session, "Ana again", "client-ana-0001")
    assert state["role"] == "Armenia" and state["decision"]["voted"] == "abstain" and state["name"] == "Ana again"
    reloaded = teacher(client, session)
    view = send(reloaded, type="state")
    assert view["decision"]["state"] == "open" and view["decision"]["tally"] == {"Armenia": {"abstain": 1}}
    assert [s["name"] for s in view["students"]] == ["Ana again"]


def test_names_are_text_everywhere(room):
    session, client = room
    hostile = "<img src=x onerror=f()>"  # 23 characters: a display name keeps 24
    ws, state = student(client, session, hostile, "client-evil-001")
    assert state["name"] == hostile  # kept as typed, shown with textContent: the pages never parse it as HTML
    for name in ("teacher.js", "student.js", "common.js"):
        script = client.get(f"/static/{name}").text
        assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "document.write" not in script
    assert send(teacher(client, session), type="state")["students"][0]["name"] == hostile


def test_a_connection_that_floods_is_refused_and_changes_nothing_more(room):
    session, client = room
    ws = teacher(client, session)
    replies = [send(ws, type="back") for _ in range(BURST + 5)]
    assert any(r.get("error") == "too many messages: slow down" for r in replies)
    assert replies[0]["type"] == "state"


def test_static_files_only_from_the_package_and_no_remote_loads(room):
    session, client = room
    for path in ("/static/../session.py", "/static/%2e%2e%2fsession.py", "/static/..%2F..%2Fpyproject.toml",
                 "/static/__init__.py", "/static/session.py", "/static/", "/static/%2Fetc%2Fpasswd"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "ClassroomSession" not in response.text
    page = client.get("/teacher")
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "connect-src 'self'" in csp
    for name in ("/teacher", "/join"):
        html = client.get(name).text
        assert "http" not in html.replace('name="viewport"', "")  # every script and style from this server
    # another site's page may not open the class's socket
    with pytest.raises(WebSocketDisconnect), client.websocket_connect("/ws", headers={"origin": "http://evil.example"}):
        pass


def test_the_saved_session_and_the_report_of_both_paths(room):
    session, client = room
    boss = teacher(client, session)
    to_the_vote(boss)
    ws, _ = student(client, session)
    send(ws, type="vote", answer="object")
    closed(boss)
    saved = client.get("/session.json", params={"token": session.token}).json()
    (decision,) = saved["decisions"]
    assert decision["ballots"][0]["name"] == "Ana" and decision["ballots"][0]["answer"] == "object"
    assert saved["outcome"] == {"history": "deployed", "class": "declined"}
    report = client.get("/report.html", params={"token": session.token})
    assert report.status_code == 200 and "history and the class" in report.text  # the title of the two-run report
    assert "declined" in report.text and "deployed" in report.text
    assert client.get("/report.html").status_code == 403


def test_a_bug_in_a_rerun_is_told_to_the_teacher_and_the_pages_stay_live(room, monkeypatch):
    session, client = room
    boss = teacher(client, session)
    to_the_vote(boss)

    def broken(answers):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(session, "rerun", broken)
    boss.send_text(json.dumps({"type": "close"}))
    error = until(boss, lambda m: m["type"] == "error")["error"]
    assert error == "internal error (a bug in treaty-sim): ZeroDivisionError: division by zero"
    assert session.busy == "" and send(boss, type="back")["type"] == "state"


def test_the_teacher_takes_a_closing_back_and_the_class_votes_again(room):
    """A vote closed too early: reopening puts back the path and answers before it, keeps the ballots,
    and the class may change them; only the teacher may reopen, and only a closed vote."""
    session, client = room
    boss = teacher(client, session)
    assert "no vote has been closed yet" in send(boss, type="reopen")["error"]
    to_the_vote(boss)
    assert "a vote is open: close it first" in send(boss, type="reopen")["error"]
    ws, _ = student(client, session)
    send(ws, type="vote", answer="object")
    before = send(boss, type="state")
    after_close = closed(boss)
    assert session.current.outcome == "declined" and after_close["can_reopen"]
    ws.send_text(json.dumps({"type": "reopen"}))  # a student's page cannot
    assert "teacher" in until(ws, lambda m: m["type"] == "error")["error"]
    reopened = send(boss, type="reopen")
    assert reopened["decision"]["state"] == "open" and reopened["decision"]["tally"] == {"Armenia": {"object": 1}}
    assert reopened["decided"] == [] and reopened["paths"] is None and not reopened["can_reopen"]
    assert (reopened["position"], reopened["timeline"]) == (before["position"], before["timeline"])
    assert session.current is session.history and session.answers == {}
    seen = until(ws, lambda m: m["type"] == "state" and m["decision"] is not None)["decision"]
    assert seen["open"] and seen["voted"] == "object"  # the student's page shows the vote open again, with their ballot
    ws.send_text(json.dumps({"type": "vote", "answer": "consent"}))
    mine = until(ws, lambda m: m["type"] == "state" and m["decision"]["voted"] == "consent")["decision"]
    assert mine["open"]  # the class votes again
    closed(boss)
    assert session.answers["csc"] == "consent" and session.current.outcome == "deployed"
    (decision,) = client.get("/session.json", params={"token": session.token}).json()["decisions"]
    assert len(decision["reopened_s"]) == 1 and decision["ballots"][0]["answer"] == "consent"


def test_a_closing_whose_rerun_failed_can_be_taken_back(room, monkeypatch):
    session, client = room
    boss = teacher(client, session)
    to_the_vote(boss)
    rerun = session.rerun
    monkeypatch.setattr(session, "rerun", lambda answers: 1 / 0)
    boss.send_text(json.dumps({"type": "close"}))
    assert "ZeroDivisionError" in until(boss, lambda m: m["type"] == "error")["error"]
    monkeypatch.setattr(session, "rerun", rerun)
    assert send(boss, type="reopen")["decision"]["state"] == "open"
    assert closed(boss)["decided"][0]["id"] == "csc"
