"""Input files that are not plain UTF-8 YAML files through `treaty-sim validate` (issue 7, item 2): pipes, devices and
folders never block, the encodings editors use are read or named (the loader's own rules: tests/files/test_robust_yaml.py)."""

from __future__ import annotations

import os

from simulator.cli import main


def test_files_that_are_not_regular_files_never_block(tmp_path, capsys):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # reading it would wait for a writer forever
    assert main(["validate", str(fifo), "/dev/zero", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("is not a regular file") == 2 and "is a folder" in err


def test_encodings_editors_use(kz_path, tmp_path, capsys):
    text = kz_path.read_bytes()
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbf" + text)  # a UTF-8 byte-order mark
    (tmp_path / "crlf.yaml").write_bytes(text.replace(b"\n", b"\r\n"))  # Windows line ends
    (tmp_path / "utf16.yaml").write_bytes(text.decode().encode("utf-16"))
    assert main(["validate", str(tmp_path / "bom.yaml"), str(tmp_path / "crlf.yaml")]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for name in ("bom.yaml", "crlf.yaml"):  # read as the same scenario
        assert f"✓ {tmp_path / name}: kazakhstan-2022 (csto), 21 record entries" in out
    assert main(["validate", str(tmp_path / "utf16.yaml")]) == 2
    err = capsys.readouterr().err
    assert "the file is UTF-16 text" in err
    assert f"  {tmp_path / 'utf16.yaml'}: the file is UTF-16 text\n    fix: save it as UTF-8" in err
