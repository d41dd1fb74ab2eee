"""Which URLs from data files may become links, and JSON that is safe inside an HTML <script>.

Pure functions; nothing here imports from the rest of simulator.
"""

from __future__ import annotations

import json
import re

# http or https, then no whitespace or control character anywhere: a browser strips those before it reads
# the scheme, so "java\tscript:" or " javascript:" must not pass a check that a plain prefix test would pass.
_WEB = re.compile(r"^https?://[^\s\x00-\x1f\x7f-\x9f]+$", re.IGNORECASE)
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def web_link(url) -> str | None:
    """``url`` if it may be shown as a link (an http or https address), else None: show it as text."""
    return url if isinstance(url, str) and _WEB.match(url) else None


def script_json(data) -> str:
    """``data`` as compact JSON to embed in an HTML <script> element: ``<``, ``>``, ``&``, U+2028 and U+2029
    are written as \\u escapes, so no text in the data can end the element, open a comment or a nested
    script, or break a line of the script (JSON.parse reads them back unchanged)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], text)
