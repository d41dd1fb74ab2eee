"""A stream's sampler gives the same draws as the stream itself (the airlift draws through samplers)."""

from __future__ import annotations

import random

from simulator.base.distributions import Duration
from simulator.base.randomness import Medians, Stream


def test_a_sampler_draws_what_draw_would_have_drawn():
    dists = [Duration.parse(v) for v in (3, [1, 5], {"triangular": [1, 2, 6]}, {"lognormal": {"median": 4, "sigma": 0.5}})]
    for dist in dists:
        by_draw, by_sampler = Stream(random.Random(7)), Stream(random.Random(7))
        sample = by_sampler.sampler(dist)
        assert [by_draw.draw(dist) for _ in range(50)] == [sample() for _ in range(50)]
        assert Medians().sampler(dist)() == Medians().draw(dist) == dist.median()
