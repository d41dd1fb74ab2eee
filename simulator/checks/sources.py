"""Source keys a scenario cites: its treaty's registry merged with the case's own ``sources:`` block."""

from __future__ import annotations

import difflib
import re

from simulator.files.validation import Checker
from simulator.model.scenario import Scenario

LONG_KEY = 6  # below this, a key one character off is as likely another real source as a typo


def _folded(key: str) -> str:
    return re.sub(r"[\s._-]", "", key).casefold()


def near_typo(key: str, known) -> str | None:
    """The known key that ``key`` is a near typo of, if any.

    Short keys (S44, N7, KT1) differ from other real keys by one character, so only a
    difference of case or punctuation counts there; a long key may be a character off.
    """
    folded = {_folded(k): k for k in known}
    if _folded(key) in folded:
        return folded[_folded(key)]
    if len(key) < LONG_KEY:
        return None
    long_keys = [k for k in known if len(k) >= LONG_KEY]
    close = difflib.get_close_matches(key, long_keys, n=1, cutoff=0.9)
    return close[0] if close else None


def check_case_sources(scenario: Scenario, treaty_sources: dict[str, dict], check: Checker, treaty: str):
    """Report own keys that the registry already defines; return a function that checks cited keys."""
    for key in scenario.sources:
        if key in treaty_sources:
            check.error(("sources", key), f"source key {key!r} is already in the {treaty} registry "
                        f"({treaty_sources[key].get('title', '')})",
                        f"cite {key!r} from the registry and remove it here, or give this source another key")
    known = scenario.source_registry(treaty_sources)

    def sources_of(loc: tuple, keys) -> None:
        for i, key in enumerate(keys):
            if key in known:
                continue
            typo = near_typo(key, known)
            hint = (f"did you mean {typo!r}?" if typo else
                    f"add it to this scenario's sources: block, e.g. sources: {{{key}: {{title: ..., url: https://..., "
                    f"found: ...}}}}, or cite a key of the {treaty} registry")
            check.error(loc + (i,), f"unknown source key {key!r}", hint)

    return sources_of
