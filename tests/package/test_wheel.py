"""A pip-installed treaty-sim carries its case library: built as a wheel, installed in a fresh
virtual environment, and run by name from a folder that has no scenarios/ of its own."""

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# the venv is built once, on one worker (the module's tests share it)
pytestmark = [pytest.mark.skipif(os.name != "posix", reason="the venv layout below is POSIX's"),
              pytest.mark.xdist_group("wheel")]
# what `pip wheel` of the checkout reads: pyproject.toml and setup.py, the package, the case library (MANIFEST.in)
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "simulator", "scenarios", "lessons", "schemas")


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """bin/ of a fresh venv holding the wheel; its dependencies come from this venv, not the checkout."""
    work = tmp_path_factory.mktemp("wheel")
    # Built from a copy of what the build reads: setuptools leaves build/ and an egg-info where it builds,
    # and the checkout's are read by other tests running meanwhile (tests run in parallel).
    source = work / "source"
    source.mkdir()
    for name in BUILD_INPUTS:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(ROOT / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "-q", "-w", str(work)],
                   check=True, capture_output=True, timeout=600)
    wheel = next(work.glob("treaty_sim-*.whl"))
    env_dir = work / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    # a plain path line: this venv's packages, but none of its .pth files (so not the editable checkout)
    Path(site, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "-q", str(wheel)], check=True, capture_output=True, timeout=600)
    return env_dir / "bin"


def treaty_sim(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(bin_dir / "treaty-sim"), *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_the_installed_package_is_the_wheel_not_the_checkout(installed, tmp_path):
    found = subprocess.run([str(installed / "python"), "-c", "import simulator; print(simulator.__file__)"],
                           cwd=tmp_path, check=True, capture_output=True, text=True).stdout
    assert str(ROOT) not in found and "site-packages" in found


def test_the_installed_treaty_files_name_the_schemas_installed_beside_them(installed, tmp_path):
    """An editor opening an installed treaty file finds its schema (the first line's relative path)."""
    package = Path(subprocess.run([str(installed / "python"), "-c", "import simulator; print(simulator.__file__)"],
                                  cwd=tmp_path, check=True, capture_output=True, text=True).stdout.strip()).parent
    treaties = sorted((package / "treaties").glob("*.yaml"))
    assert [p.name for p in treaties] == sorted(p.name for p in (ROOT / "simulator" / "treaties").glob("*.yaml"))
    described = [p for p in treaties if "$schema=" in p.read_text(encoding="utf-8").split("\n", 1)[0]]
    assert [p.stem for p in described] == ["csto", "eu", "nato"]  # the treaties; not their sources and durations
    for path in described:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        named = (path.parent / first.removeprefix("# yaml-language-server: $schema=")).resolve()
        assert named.is_file() and named.read_bytes() == (ROOT / "schemas" / "treaty.schema.json").read_bytes(), path
        # the rest of the file is the checkout's
        assert path.read_text(encoding="utf-8").split("\n", 1)[1] == \
            (ROOT / "simulator" / "treaties" / path.name).read_text(encoding="utf-8").split("\n", 1)[1]


def test_a_shipped_case_runs_by_name_from_any_folder(installed, tmp_path):
    done = treaty_sim(installed, tmp_path, "run", "kazakhstan-2022", "-o", "kz")
    assert done.returncode == 0, done.stderr
    assert "Outcome class matches the record (deployed)" in done.stdout
    assert (tmp_path / "kz" / "timeline.png").read_bytes()[:4] == b"\x89PNG"
    variant = treaty_sim(installed, tmp_path, "run", "kz-half-aircraft", "-o", "half", "-q")
    assert variant.returncode == 0, variant.stderr
    wrong = treaty_sim(installed, tmp_path, "run", "kazakstan-2022")
    assert wrong.returncode == 2 and "did you mean 'kazakhstan-2022'?" in wrong.stderr


def test_cases_without_a_scenarios_folder_replays_the_shipped_ones(installed, tmp_path):
    done = treaty_sim(installed, tmp_path, "cases", "-o", "c")
    assert done.returncode == 0, done.stderr
    rows = (tmp_path / "c" / "cases.csv").read_text().splitlines()
    assert len(rows) - 1 == len(list((ROOT / "scenarios").glob("*.yaml")))


def test_examples_copies_the_library_out_to_edit(installed, tmp_path):
    done = treaty_sim(installed, tmp_path, "examples", "mine")
    assert done.returncode == 0, done.stderr
    copied = sorted(p.relative_to(tmp_path / "mine").as_posix() for p in (tmp_path / "mine").rglob("*.yaml"))
    shipped = sorted(p.relative_to(ROOT).as_posix() for folder in ("scenarios", "lessons")
                     for p in (ROOT / folder).rglob("*.yaml"))
    assert copied == shipped
    for path in (tmp_path / "mine").rglob("*.yaml"):  # each names a schema the copy carries (editors follow it)
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        named = (path.parent / first.removeprefix("# yaml-language-server: $schema=")).resolve()
        assert named.read_bytes() == (ROOT / "schemas" / named.name).read_bytes(), path
    printed = treaty_sim(installed, tmp_path, "schema", "variant")
    assert printed.stdout == (ROOT / "schemas" / "variant.schema.json").read_text(encoding="utf-8")
    edited = treaty_sim(installed, tmp_path, "run", "mine/scenarios/variants/kz-article-2.yaml", "-o", "a2", "-q")
    assert edited.returncode == 0, edited.stderr
    again = treaty_sim(installed, tmp_path, "examples", "mine")
    assert again.returncode == 2 and "already in mine" in again.stderr
