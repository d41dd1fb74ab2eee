"""Links from data (base/links.py): only http and https become links; JSON in a <script> element cannot end it."""

from __future__ import annotations

import json

import pytest

from simulator.base.links import script_json, web_link


@pytest.mark.parametrize("url", ["https://example.org/a?b=1&c=2#d", "http://x.test", "HTTPS://EXAMPLE.ORG"])
def test_web_addresses_are_links(url):
    assert web_link(url) == url


@pytest.mark.parametrize("url", ["javascript:alert(document.domain)", " javascript:alert(1)", "JaVaScRiPt:x",
                                 "java\tscript:x", "data:text/html,<script>alert(1)</script>", "vbscript:x",
                                 "file:///etc/passwd", "//evil.test", "https://ok.test/\njavascript:x",
                                 "https://a b", "", None, 5, ["https://x.test"]])
def test_anything_else_is_text(url):
    assert web_link(url) is None


def test_script_json_has_nothing_html_reads_and_reads_back_the_same():
    data = {"site": "<!--<script>", "label": "</script><script>alert(1)</script>", "amp": "&amp; > <",
            "lines": "a\u2028b\u2029c"}
    text = script_json(data)
    assert not any(ch in text for ch in "<>&\u2028\u2029")
    assert json.loads(text) == data
