"""`treaty-sim classroom` as a user starts it: the URLs, the code and its QR, the warning off this computer,
and a clear message (exit 2) when the optional libraries are missing or the input is wrong."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.request

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
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any("Students:" in line for line in lines):
            lines.append(process.stdout.readline())
        text = "".join(lines)
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
