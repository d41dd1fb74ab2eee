"""Build hook: the case library (scenarios/, lessons/ and the schemas/ their first lines name) travels in
the wheel as simulator/library/, and the treaty files' first lines name the schema there.

Everything else about the package is in pyproject.toml. An editable install, or a checkout, reads
the repository's own folders instead (simulator/files/library.py).
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LIBRARY = ("scenarios", "lessons", "schemas")
# simulator/treaties/*.yaml name ../../schemas/ (the checkout's); in the wheel the schemas sit in ../library/schemas/
CHECKOUT_SCHEMAS, WHEEL_SCHEMAS = "$schema=../../schemas/", "$schema=../library/schemas/"


class BuildWithLibrary(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for folder in LIBRARY:
            shutil.copytree(folder, Path(self.build_lib) / "simulator" / "library" / folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        for treaty in (Path(self.build_lib) / "simulator" / "treaties").glob("*.yaml"):
            first, rest = treaty.read_text(encoding="utf-8").split("\n", 1)
            if CHECKOUT_SCHEMAS in first:
                treaty.write_text(first.replace(CHECKOUT_SCHEMAS, WHEEL_SCHEMAS) + "\n" + rest, encoding="utf-8")


setup(cmdclass={"build_py": BuildWithLibrary})
