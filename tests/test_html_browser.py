"""The HTML reports in a real browser: headless Chromium (Debian's package, installed by
scripts/install-browser.sh) driven by Playwright. Each report is opened from a file as a reader
would; the DOM is checked (tables with headers, charts with legends, details reachable from the
keyboard, contents shown when printing), and so are the console (no error) and the network (no
request but the file itself). Screenshots at two widths go to a temporary directory, printed at
the end of the run, for a person to look at."""

from __future__ import annotations

import os
import re
import shutil

import pytest

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed: pip install -e '.[browser]'"
)

CHROMIUM = os.environ.get("COMPLIANCE_CHROMIUM") or next(
    filter(None, map(shutil.which, ("chromium", "chromium-browser"))), None
)
if CHROMIUM is None:
    pytest.skip(
        "no Chromium on this machine (scripts/install-browser.sh installs Debian's, as "
        "root); the HTML reports were not opened in a browser",
        allow_module_level=True,
    )

# No first-run, sync, update or background traffic of the browser's own: any request the test
# sees comes from the page.
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (390, 1280)
AT = "2026-11-22"
REPORTS = {
    "evaluate": ["evaluate", "providers/ovhcloud.yaml", "--at", AT],
    # The acceptance run of French reports: `compliance evaluate providers/ovhcloud.yaml
    # --format html --lang fr` opens with no request, French headings, the summary and charts.
    "evaluate-fr": ["evaluate", "providers/ovhcloud.yaml", "--at", AT, "--lang", "fr"],
    "evaluate-eu": [
        "evaluate",
        "providers/azure.yaml",
        "--rules",
        "rules/eu-csf-1.2.1.yaml",
        "--min-seal",
        "2",
        "--horizons",
        "0,6,12,18",
        "--at",
        AT,
    ],
    "horizons": [
        "evaluate",
        "providers/cloud-temple.yaml",
        "--at",
        "2024-02-01",
        "--horizons",
        "0,6,12,18",
    ],
    "compare": [
        "compare",
        "providers/azure.yaml",
        "providers/ovhcloud.yaml",
        "providers/numspot.yaml",
        "providers/cloud-temple.yaml",
        "--at",
        "2023-12-13",
        "--horizons",
        "0,6,12,18",
    ],
    "compare-eu": [
        "compare",
        "providers/azure.yaml",
        "providers/bleu.yaml",
        "providers/ovhcloud.yaml",
        "--rules",
        "rules/eu-csf-1.2.1.yaml",
        "--min-seal",
        "2",
        "--at",
        AT,
    ],
    "history": [
        "history",
        "providers/azure.yaml",
        "providers/ovhcloud.yaml",
        "providers/cloud-temple.yaml",
        "providers/outscale.yaml",
        "--ruleset",
        "hdh",
        "--at",
        "2023-12-13",
    ],
    "diff": ["diff", "hdh@r0", "hdh@r6"],
    "rules": ["rules", "--add-rules", "hdh"],
    "plan": ["plan", "providers/numspot.yaml", "--at", AT],
    "tailoring": [
        "tailoring",
        "rules/hdh/hdh.yaml",
        "--providers",
        "providers/azure.yaml",
        "providers/ovhcloud.yaml",
        "--at",
        "2023-12-13",
    ],
    "contradictions": [
        "contradictions",
        "rules/hdh/hdh.yaml@r6",
        "--providers",
        "providers/azure.yaml",
        "providers/ovhcloud.yaml",
        "--at",
        "2023-12-13",
    ],
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    import subprocess
    import sys
    from pathlib import Path

    out = tmp_path_factory.mktemp("html")
    exe = str(Path(sys.executable).with_name("compliance"))
    for name, args in REPORTS.items():
        done = subprocess.run(
            [exe, *args, "--format", "html", "--output", str(out / f"{name}.html")],
            capture_output=True,
            check=False,
        )
        # contradictions exits 1 when it finds one (the reconstruction holds one)
        assert done.returncode == (1 if name == "contradictions" else 0), done.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _open(browser, path, width):
    """A page at ``width``, with every console error and every request recorded; a request for
    anything but the file itself is refused as well as recorded."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    seen = {"errors": [], "requests": []}
    page.on("console", lambda m: m.type == "error" and seen["errors"].append(m.text))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    url = path.as_uri()

    def route(r):
        seen["requests"].append(r.request.url)
        r.continue_() if r.request.url == url else r.abort()

    page.route("**/*", route)
    page.goto(url)
    return page, seen


@pytest.mark.parametrize("name", REPORTS)
def test_report_opens_without_errors_or_requests_and_is_screenshot(
    browser, pages, name, tmp_path_factory
):
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)
    for width in WIDTHS:
        page, seen = _open(browser, pages / f"{name}.html", width)
        assert seen["errors"] == []
        assert seen["requests"] == [(pages / f"{name}.html").as_uri()]
        # Every table has column or row headers; every chart is an image with a caption and a
        # legend naming its series.
        assert page.locator("table").count() > 0
        assert page.locator("table:not(:has(th[scope]))").count() == 0
        for figure in page.locator("figure").all():
            assert figure.locator("figcaption").inner_text().strip()
            assert figure.locator("svg[role=img]").count() == 1
            assert figure.locator("ul.legend li").count() >= 1
        page.screenshot(path=str(shots / f"{name}-{width}.png"), full_page=False)
        page.close()
    print(f"screenshots in {shots}")


def test_gap_report_summary_first_charts_and_evidence_coverage(browser, pages):
    page, _ = _open(browser, pages / "evaluate.html", 1280)
    headings = page.locator("h2").all_inner_texts()
    assert headings[0] == "Summary" and "Requirements" in headings
    assert "blocking gap" in page.locator("#summary + p").inner_text()
    # known / applicable beside every score of the summary table
    rows = page.locator("table[aria-describedby=scores-note] tbody tr")
    assert rows.count() >= 4
    for row in rows.all():
        assert " known" in row.inner_text()
        assert row.locator("svg.bar[role=img]").count() == 1
    assert page.locator("figure svg[role=img]").count() >= 1  # SEAL per objective (EU rules)
    page.close()


def test_details_open_from_the_keyboard_and_show_when_printed(browser, pages):
    page, _ = _open(browser, pages / "evaluate.html", 1280)
    first = page.locator("details.group[open] details[id^=rule-]:not([open])").first
    rule = page.locator(f"[id='{first.get_attribute('id')}']")
    facts = rule.locator("table.facts").first
    assert not facts.is_visible()
    rule.locator("summary").first.focus()
    page.keyboard.press("Enter")
    assert rule.evaluate("d => d.open") and facts.is_visible()
    page.keyboard.press("Enter")
    assert not facts.is_visible()
    page.emulate_media(media="print")
    assert facts.evaluate("t => t.checkVisibility()")  # printed to PDF with every detail
    page.close()


def test_status_is_written_not_only_coloured(browser, pages):
    page, _ = _open(browser, pages / "evaluate.html", 1280)
    texts = page.locator(".status:not(.answered)").evaluate_all(
        "bs => bs.map(b => b.textContent.trim())"
    )
    assert len(texts) > 100
    for text in texts:  # a symbol, then the word
        assert text.split(" ", 1)[1] in (
            "met",
            "partial",
            "gap",
            "unknown",
            "not applicable",
            "waived",
        )
    page.close()


def test_compare_heat_map_tells_unknown_from_gap(browser, pages):
    page, _ = _open(browser, pages / "compare.html", 1280)
    heat = page.locator("table.heat")
    providers = heat.locator("thead th").all_inner_texts()[2:]
    assert providers == ["Microsoft Azure", "OVHcloud", "NumSpot", "Cloud Temple"]
    cell = heat.locator("tbody td:has(svg.bar)").first
    assert " known" in cell.inner_text()
    # one line per score: no wrapping of "11 % → 11 % → ..." across the cell
    score = cell.locator(".score").first
    assert score.evaluate("s => s.getClientRects().length") == 1
    fills = {r.get_attribute("fill") for r in heat.locator("svg.bar rect").all()}
    assert "url(#hatch)" in fills and "#b3202b" in fills  # unknown hatched, gap solid red
    assert page.locator("figure").count() >= 3  # score per horizon, per rule set
    page.close()


def test_history_chart_has_a_legend_and_a_label_per_provider(browser, pages):
    page, _ = _open(browser, pages / "history.html", 1280)
    legend = page.locator("figure ul.legend li").all_inner_texts()
    assert legend == ["Microsoft Azure", "OVHcloud", "Cloud Temple", "3DS Outscale"]
    colours = page.locator("figure svg.chart polyline[stroke-width='2']").evaluate_all(
        "ls => ls.map(l => l.getAttribute('stroke'))"
    )
    assert len(set(colours)) == 4
    assert page.locator(".demonstration").count() == 1  # the HDH reconstruction says so
    page.close()


def test_french_report_says_its_language_and_speaks_it(browser, pages):
    page, seen = _open(browser, pages / "evaluate-fr.html", 1280)
    assert seen["requests"] == [(pages / "evaluate-fr.html").as_uri()]
    assert page.locator("html").get_attribute("lang") == "fr"
    headings = page.locator("h2").all_inner_texts()
    assert headings[0] == "Synthèse" and "Exigences" in headings and "Sources" in headings
    assert "écart bloquant" in page.locator("#summary + p").inner_text()
    assert page.locator("figure svg[role=img]").count() >= 1  # SEAL per objective
    scores = page.locator("table[aria-describedby=scores-note] tbody td.score").all_inner_texts()
    assert scores and all(re.fullmatch(r"\d+,\d %", s) for s in scores)  # decimal comma
    # Rule texts without a French translation: English, said to be so, and marked.
    marked = page.locator("[lang=en].untranslated")
    assert marked.count() > 0 and marked.first.text_content().startswith("[en] ")
    texts = page.locator(".status:not(.answered)").evaluate_all(
        "bs => bs.map(b => b.textContent.trim().split(' ').slice(1).join(' '))"
    )
    assert set(texts) <= {
        "satisfaite",
        "partielle",
        "écart",
        "inconnue",
        "non applicable",
        "dérogée",
    }
    page.close()


def test_rule_sets_list_says_what_each_is_and_marks_the_reconstruction(browser, pages):
    page, _ = _open(browser, pages / "rules.html", 1280)
    rows = page.locator("tbody tr")
    ids = [r.locator("th[scope=row]").inner_text() for r in rows.all()]
    assert {"secnumcloud-3.2", "hds-v2", "eu-csf-1.2.1", "hdh"} <= set(ids)
    hdh = rows.nth(ids.index("hdh")).locator("td").all_inner_texts()
    assert "reconstruction" in hdh and "no" in hdh  # provenance; not evaluated by default
    assert "hdh" in page.locator("p.demonstration").inner_text()
    links = page.locator("a[href^='https://']").all()  # the sources with an address, as links
    assert links and all(a.inner_text() == a.get_attribute("href") for a in links)
    page.close()
