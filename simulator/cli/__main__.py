"""`python -m simulator.cli`: the same as the treaty-sim command."""

import sys

from simulator.cli import main

sys.exit(main())
