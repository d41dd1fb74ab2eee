"""One explicit source of randomness, split into named streams.

Every random draw comes from a stream named after an actor or a step, so a run is
reproducible from its seed, and a change to one actor's draws leaves the others' untouched.
In replay mode the same interface returns each distribution's median instead.
"""

from __future__ import annotations

import hashlib
import random
from functools import partial
from itertools import repeat

from simulator.base.distributions import Duration


def stream_seed(seed: int, replication: int, name: str) -> int:
    """A 64-bit seed for stream ``name``, stable across platforms and Python versions."""
    digest = hashlib.sha256(f"{seed}/{replication}/{name}".encode()).digest()
    return int.from_bytes(digest[:8], "little")


class Stream:
    """Draws durations from one named random stream."""

    __slots__ = ("rng",)

    def __init__(self, rng: random.Random):
        self.rng = rng

    def draw(self, dist: Duration) -> float:
        return dist.sample(self.rng)

    def sampler(self, dist: Duration):
        """A function of no arguments that draws from ``dist``: the same draws as ``draw(dist)``, one call
        fewer each (for a step that draws the same distribution hundreds of times, like an airlift)."""
        return partial(dist.sample, self.rng)

    def choose(self, probabilities: dict[str, float]) -> str:
        """An option drawn with the given probabilities (in the dict's order)."""
        point, total = self.rng.random(), 0.0
        for option, p in probabilities.items():
            total += p
            if point < total:
                return option
        return next(o for o, p in reversed(probabilities.items()) if p > 0)


class Medians:
    """Replay's stand-in for a stream: every draw is the distribution's median."""

    __slots__ = ()

    def draw(self, dist: Duration) -> float:
        return dist.median()

    def sampler(self, dist: Duration):
        """A function of no arguments that returns the median of ``dist``."""
        return repeat(dist.median()).__next__

    def choose(self, probabilities: dict[str, float]) -> str:
        """The most probable option (the first one on a tie)."""
        return max(probabilities, key=lambda option: probabilities[option])


class Paced:
    """A stream whose every draw is scaled by one factor: a whole run's pace (a fast or a slow crisis)."""

    __slots__ = ("stream", "factor")

    def __init__(self, stream: Stream | Medians, factor: float):
        self.stream, self.factor = stream, factor

    def draw(self, dist: Duration) -> float:
        return self.stream.draw(dist) * self.factor

    def sampler(self, dist: Duration):
        """A function of no arguments that draws from ``dist``, scaled."""
        draw = self.stream.sampler(dist)
        return lambda: draw() * self.factor

    def choose(self, probabilities: dict[str, float]) -> str:
        return self.stream.choose(probabilities)


class RandomStreams:
    """Named, independent generators derived from one seed (or medians, when ``medians``)."""

    def __init__(self, seed: int, replication: int = 0, medians: bool = False):
        self.seed = seed
        self.replication = replication
        self._medians = Medians() if medians else None
        self._streams: dict[str, Stream] = {}

    def stream(self, name: str) -> Stream | Medians:
        if self._medians is not None:
            return self._medians
        found = self._streams.get(name)
        if found is None:
            found = self._streams[name] = Stream(random.Random(stream_seed(self.seed, self.replication, name)))
        return found
