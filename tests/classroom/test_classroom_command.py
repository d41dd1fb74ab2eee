"""`treaty-sim classroom` as a user starts it: the URLs, the code and its QR, the warning off this computer,
and a clear message (exit 2) when the optional libraries are missing or the input is wrong."""

from __future__ import annotations

import json
import re
import sys
import urllib.request

from classroom_play import armenia_objects, served_lines
from conftest import ROOT

from simulator.cli import main


def test_missing_extra_says_how_to_install_it(kz_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if `pip install treaty-sim` without [classroom]
    assert main(["classroom", str(kz_path)]) == 2
    text = " ".join(capsys.readouterr().err.split())
    assert "uvicorn is not installed" in text and "pip install 'treaty-sim[classroom]'" in text
    assert "Traceback" not in text


def test_a_wrong_lesson_file_is_located(kz_path, tmp_path, capsys):
    lesson = tmp_path / "lesson.yaml"
    lesson.write_text("points:\n  - kind: council\n    member: Narnia\n", encoding="utf-8")
    assert main(["classroom", str(kz_path), "--lesson", str(lesson), "--port", "0"]) == 2
    text = " ".join(capsys.readouterr().err.split())
    assert "lesson.yaml:3" in text and "Narnia" in text and "fix:" in text


def test_the_command_serves_the_class_and_warns_when_not_local(kz_path):
    command = [sys.executable, "-m", "simulator.cli", "classroom", str(kz_path), "--port", "0", "--host", "0.0.0.0"]
    process, text = served_lines(command)
    try:
        teacher = re.search(r"Teacher \(keep this private\): http://[^:]+:(\d+)/teacher#token=(\S{20,})", text)
        student = re.search(r"Students: http://\S+/join\s+code ([A-Z2-9]{5})", text)
        assert teacher and student, text
        assert "warning: listening on 0.0.0.0" in text
        port = teacher.group(1)
        shown = re.search(r"Students: http://([^:/]+):", text).group(1)
        assert shown != "0.0.0.0"
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # this machine's own address: no proxy
        with direct.open(f"http://{shown}:{port}/join", timeout=10) as page:  # the printed address works
            assert "Join the class" in page.read().decode()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/join", timeout=10) as page:  # loopback only
            assert "Join the class" in page.read().decode()
            assert "default-src 'self'" in page.headers["content-security-policy"]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/session.json?token={teacher.group(2)}", timeout=10) as saved:
            assert b'"kazakhstan-2022"' in saved.read()
    finally:
        process.terminate()
        process.wait(10)
    rest = process.stdout.read()
    assert "Traceback" not in rest


def _saved_kz(kz_path, tmp_path):
    """A Kazakhstan session saved after the class (Armenia) objected at the Collective Security Council."""
    path = tmp_path / "session.json"
    path.write_text(json.dumps(armenia_objects(kz_path).saved(), indent=1), encoding="utf-8")
    return path


def test_a_saved_file_that_does_not_fit_the_case_is_located(kz_path, tmp_path, capsys):
    saved = _saved_kz(kz_path, tmp_path)
    text = saved.read_text(encoding="utf-8")
    cases = {
        "another case": ([str(ROOT / "scenarios" / "armenia-2021-05.yaml")], text, "saved from case 'kazakhstan-2022'"),
        "an answer no seat has": ([str(kz_path)], text.replace('"csc": "object"', '"csc": "veto"'), "'veto'"),
        "another mode": ([str(kz_path), "--mode", "predictive"], text, "leave out --mode"),
        "not JSON": ([str(kz_path)], text[:-20], "session.json"),
        "a field it lacks": ([str(kz_path)], text.replace('"mode"', '"mood"'), "mode"),
    }
    for name, (args, content, said) in cases.items():
        saved.write_text(content, encoding="utf-8")
        assert main(["classroom", *args, "--resume", str(saved), "--port", "0"]) == 2, name
        err = " ".join(capsys.readouterr().err.split())
        assert said in err and "session.json" in err and "Traceback" not in err, (name, err)
    saved.write_text(text.replace('"csc": "object"', '"csc": "veto"'), encoding="utf-8")
    main(["classroom", str(kz_path), "--resume", str(saved), "--port", "0"])
    assert re.search(r"session\.json:\d+", capsys.readouterr().err)  # the answer's line in the file


def test_the_command_resumes_a_saved_session(kz_path, tmp_path):
    saved = _saved_kz(kz_path, tmp_path)
    command = [sys.executable, "-m", "simulator", "classroom", str(kz_path), "--port", "0", "--resume", str(saved)]
    process, text = served_lines(command)
    process.terminate()
    process.wait(10)
    text = " ".join(text.split())
    assert f"Resumed from {saved}: 1 decision(s) taken again (csc); the class's path: declined" in text, text
