"""`python -m simulator`: the same as the treaty-sim command (where the venv's scripts are not on PATH)."""

import sys

from simulator.console import main

sys.exit(main())
