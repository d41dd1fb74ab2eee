"""Debian's Chromium for the browser tests (the report's and the classroom's): never a downloaded browser."""

from __future__ import annotations

import os
import shutil

import pytest

FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]  # with headless=True Playwright adds --headless


def chromium() -> str:
    """The system's chromium; a test without it is skipped locally and fails in CI (`.ci/run` installs it)."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (CI must install it: apt-get install -y chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    return path
