"""The default wall-clock limit of one run and the environment variable that changes it.

The engine's guard enforces the limit; the command line offers it as `--time-limit`. Both read it
here, so that `treaty-sim --help` can show it without importing the engine.
"""

ENV_VAR = "TREATY_SIM_TIME_LIMIT"
DEFAULT_WALL_S = 600.0
