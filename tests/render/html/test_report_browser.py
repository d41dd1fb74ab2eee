"""A real browser opens the HTML report (headless Chromium), runs the step-through and fetches nothing.

Needs Debian's `chromium` (`.ci/run` installs it). Without it the test is skipped locally, but
fails in CI (the CI environment variable is set), so a missing browser never passes silently.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chromium import FLAGS, chromium
from conftest import ROOT

from simulator import run, write_html_report


@pytest.fixture
def page(tmp_path):
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=executable, headless=True, args=FLAGS,
            viewport={"width": 1280, "height": 1000},
        )
        try:
            yield context.new_page()
        finally:
            context.close()


# saves its screenshot in the repository's outputs/, which robustness/test_robust_matrix.py checks stays unchanged
@pytest.mark.xdist_group("repository-outputs")
def test_step_through_in_a_real_browser(page, kz_path, tmp_path):
    report = write_html_report(tmp_path / "kazakhstan.html", [run(kz_path)])  # what `treaty-sim report` writes
    requests, failed, errors = [], [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(report.as_uri())

    stepper = page.locator(".stepper").first
    counter, decision = stepper.locator(".step-counter"), stepper.locator(".step-decision")
    marker = stepper.locator("circle.marker")
    total = int(counter.inner_text().split(" of ")[1])
    assert counter.inner_text() == f"step 1 of {total}" and total > 50
    start_x, start_y = float(marker.get_attribute("cx")), float(marker.get_attribute("cy"))

    # Walk to the Council's decision with the next button.
    for _ in range(total):
        if "decides to send the collective forces" in decision.inner_text():
            break
        stepper.locator("button.next").click()
    assert stepper.locator(".step-actor").inner_text() == "Collective Security Council"
    assert stepper.locator(".step-rule").inner_text() == "Collective Security Council decision"
    assert "CST Art. 4" in stepper.locator(".step-basis").inner_text()
    assert decision.inner_text() == "decides to send the collective forces → adopted"
    assert float(marker.get_attribute("cx")) > start_x  # the marker moved along the time axis
    at_decision = int(counter.inner_text().split()[1])

    stepper.locator("button.prev").click()
    assert counter.inner_text() == f"step {at_decision - 1} of {total}"

    # Play until forces have landed: the marker climbs the personnel curve.
    stepper.locator("button.play").click()
    page.wait_for_function(
        "() => parseInt(document.querySelector('.stepper .step-personnel').textContent.replace(/,/g, '')) > 0",
        timeout=30_000)
    stepper.locator("button.play").click()  # pause
    assert stepper.locator("button.play").inner_text() == "▶ play"
    assert int(counter.inner_text().split()[1]) > at_decision
    assert float(marker.get_attribute("cy")) < start_y

    stepper.scroll_into_view_if_needed()
    outputs = ROOT / "outputs"
    outputs.mkdir(exist_ok=True)
    page.screenshot(path=str(outputs / "report-screenshot.png"))
    assert (outputs / "report-screenshot.png").read_bytes()[:4] == b"\x89PNG"
    assert errors == [] and failed == []
    assert requests and all(url.startswith(("file://", "data:")) for url in requests)


HOSTILE_URL = "javascript:alert(document.domain)"
HOSTILE_SITE = "<!--<script>"
HOSTILE_RULE = "Request </script><script>alert(4)</script>\u2029"
HOSTILE_LABEL = "Appeal </script><script>alert(1)</script> <img src=x onerror=alert(2)> \u2028 &amp;"


def _hostile_case(tmp_path) -> Path:
    """The Kazakhstan case on a copy of the CSTO treaty whose registry's first URLs are `javascript:`, with a
    site named like an opening comment and script, and a label that closes the script element."""
    import yaml
    from conftest import KZ

    from simulator.checks.treaty import TREATY_DIR

    treaty = yaml.safe_load((TREATY_DIR / "csto.yaml").read_text(encoding="utf-8"))
    first = treaty["procedure"]["steps"][0]
    first["label"] = HOSTILE_RULE
    (tmp_path / "hostile.yaml").write_text(yaml.safe_dump(treaty, sort_keys=False, allow_unicode=True), encoding="utf-8")
    registry = yaml.safe_load((TREATY_DIR / "csto.sources.yaml").read_text(encoding="utf-8"))
    for key in ("S19", "S20", "S15"):
        registry[key]["urls"] = [HOSTILE_URL]
    registry["S70"]["urls"] = [" JavaScript:alert(3)"]
    (tmp_path / "hostile.sources.yaml").write_text(yaml.safe_dump(registry, allow_unicode=True), encoding="utf-8")
    data = yaml.safe_load(KZ.read_text(encoding="utf-8"))
    data["treaty"] = "hostile.yaml"
    data["record"][0]["label"] = HOSTILE_LABEL
    data["contingents"]["Russia"]["sites"] = [HOSTILE_SITE, "Almaty airport"]
    case = tmp_path / "hostile-case.yaml"
    case.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return case


def test_hostile_names_and_urls_run_no_script_and_the_step_through_works(page, tmp_path):
    result = run(_hostile_case(tmp_path))
    report = write_html_report(tmp_path / "hostile.html", [result])
    html = report.read_text(encoding="utf-8")
    assert "\\u003c!--\\u003cscript\\u003e" in html and "<!--" not in html  # in the embedded JSON, escaped
    dialogs, errors = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(report.as_uri())

    assert page.locator("a[href^='javascript' i], a[href*='script:' i]").count() == 0
    assert page.locator("script").count() == 2  # the run data and the step-through's own script, no more
    assert page.locator("img[src='x']").count() == 0
    sources = page.locator("li[id$='-src-S19']").inner_text()
    assert HOSTILE_URL in sources and "not a link" in sources  # shown as text
    embedded = page.evaluate("() => JSON.parse(document.getElementById('run-data').textContent)")
    shown = json.dumps(embedded, ensure_ascii=False)
    assert HOSTILE_SITE in shown and HOSTILE_RULE in shown  # read back unchanged
    assert page.locator("td", has_text="Appeal </script><script>alert(1)</script>").count() >= 1  # a label, as text

    stepper = page.locator(".stepper").first
    counter = stepper.locator(".step-counter")
    total = int(counter.inner_text().split(" of ")[1])
    assert counter.inner_text() == f"step 1 of {total}" and total > 50
    assert stepper.locator(".step-rule").inner_text().startswith("Request </script><script>alert(4)</script>")
    for _ in range(5):
        stepper.locator("button.next").click()
    assert counter.inner_text() == f"step 6 of {total}"
    page.locator("li[id$='-src-S19']").click()  # clicking the text of the URL runs nothing either
    assert dialogs == [] and errors == []


def test_no_page_scroll_on_a_phone_and_the_comparison_inside_its_box(page, kz_path, tmp_path):
    # Measured before: the page was 861 (Kazakhstan) and 569 px (NATO) wide at 390 px, the timeline 311 px
    # wide, and the comparison table ran 11 px out of its box at 1366 px.
    nato = ROOT / "scenarios" / "nato-turkey-2015.yaml"
    kz_result, nato_result = run(kz_path), run(nato)
    page.set_viewport_size({"width": 390, "height": 844})
    for name, results in (("kz", [kz_result]), ("nato", [nato_result])):
        page.goto(write_html_report(tmp_path / f"{name}.html", results).as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, name
        box = page.locator(".table-box").first  # the milestones scroll inside their own box
        assert page.evaluate("(b) => b.scrollWidth > b.clientWidth", box.element_handle()), name
        assert page.locator(".timeline svg.figure").first.bounding_box()["width"] >= 700, name  # not a thumbnail
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(write_html_report(tmp_path / "both.html", [kz_result, nato_result]).as_uri())
    table = page.locator("table.comparison").bounding_box()
    box = page.locator("#comparison .table-box")
    inside = box.bounding_box()
    assert table["x"] + table["width"] <= inside["x"] + inside["width"] + 0.5
    assert page.evaluate("(b) => b.scrollWidth <= b.clientWidth", box.element_handle())  # no inner scroll either
    section = page.locator("#comparison").bounding_box()
    assert inside["x"] + inside["width"] <= section["x"] + section["width"]


NETWORK_TEXTS = """() => {
  const svg = document.querySelector('.network svg'), scale = svg.getScreenCTM().a, labels = new Map();
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    const g = t.closest('g[id*="-text_"]') || t, r = t.getBoundingClientRect(), u = labels.get(g);
    const px = parseFloat(getComputedStyle(t).fontSize) * scale;
    labels.set(g, u ? {text: u.text + ' ' + t.textContent, px: Math.min(u.px, px), left: Math.min(u.left, r.left),
                       right: Math.max(u.right, r.right), top: Math.min(u.top, r.top), bottom: Math.max(u.bottom, r.bottom)}
                    : {text: t.textContent, px, left: r.left, right: r.right, top: r.top, bottom: r.bottom});
  }
  return [...labels.values()];
}"""


@pytest.mark.parametrize("case", ["kazakhstan-2022", "nato-article5-2001"])
def test_decision_network_labels_are_large_and_apart_at_1366(page, tmp_path, case):
    # Measured before: labels 4.6-8.3 px, and 60-odd pairs overlapping in the Kazakhstan report.
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(write_html_report(tmp_path / f"{case}.html", [run(ROOT / "scenarios" / f"{case}.yaml")]).as_uri())
    labels = page.evaluate(NETWORK_TEXTS)
    assert len(labels) > 15
    assert min(label["px"] for label in labels) >= 12, min(labels, key=lambda label: label["px"])
    overlaps = [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:]
                if a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]]
    assert overlaps == []
    assert any("Collective Security Council decision" in label["text"] or "North Atlantic Council" in label["text"]
               for label in labels)
