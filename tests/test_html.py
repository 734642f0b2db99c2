"""The HTML reports without a browser: a golden file byte for byte, determinism, escaping of
text from YAML, nothing that could be fetched, and one renderer per result and format.

Regenerate the golden file after an intended change with: UPDATE_GOLDEN=1 pytest tests/test_html.py
"""

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from compliance.engine.evaluate import evaluate
from compliance.formats import RENDERERS, Format, html
from compliance.reading.load import load_profile, load_ruleset

GOLDEN = Path(__file__).parent / "golden"


def _report(horizons=()):
    ruleset = load_ruleset(str(GOLDEN / "golden-rules.yaml"))
    profile = load_profile(str(GOLDEN / "golden-cloud.yaml"))
    return evaluate([(ruleset, None)], profile.model, dt.date(2026, 1, 15), horizons=horizons)


@pytest.fixture(scope="module")
def report():
    return _report([0, 6, 12])


def test_golden_html(report):
    text = html.report(report)
    path = GOLDEN / "report.html"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_same_inputs_give_identical_bytes(report):
    assert html.report(_report([0, 6, 12])) == html.report(report)


def test_nothing_can_be_fetched(report):
    text = html.report(report)
    assert "default-src 'none'" in text  # the browser refuses any request the page would make
    assert not re.search(r"<(script|link|img|iframe|object|embed)\b", text)
    assert not re.search(r"@import|url\((?!#)", text)  # only url(#hatch), a local pattern
    # links to sources are the only addresses, and they are links, not loads
    assert not re.search(r'\s(src|srcset|data)="', text)


def test_yaml_text_cannot_become_markup(report):
    from compliance.models.common import Source

    evil = report.model_copy(
        update={
            "provider": report.provider.model_copy(update={"name": "<script>alert(1)</script>"}),
            # the model refuses such a URL; the template must too (a second line of defence)
            "sources": {
                "x": Source.model_construct(
                    title="<b>t</b>",
                    url="javascript:alert(1)",
                    document=None,
                    date=report.evaluated_at,
                    confidence="press",
                ),
                "y": Source(
                    title="t",
                    url='https://example.org/"><script>',
                    date=report.evaluated_at,
                    confidence="press",
                ),
            },
        }
    )
    text = html.report(evil)
    assert "<script>" not in text and "<b>t</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert 'href="javascript:' not in text  # an address that is not a web page is no link
    assert 'href="https://example.org/&#34;&gt;&lt;script&gt;"' in text


def test_summary_comes_first_with_coverage_beside_every_score(report):
    text = html.report(report)
    assert text.index('id="summary"') < text.index('id="requirements"')
    table = text[text.index('aria-describedby="scores-note"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S)
    assert rows and all(re.search(r"\d+/\d+ known", r) for r in rows)


def test_every_report_offers_markdown_json_and_html():
    offered = {kind: set(formats) for kind, formats in RENDERERS.items()}
    for kind in ("Report", "Comparison", "Diff", "History", "PlanReport", "Tailoring", "Analysis"):
        assert {Format.markdown, Format.json, Format.html} <= offered[kind]


def test_an_unsupported_pair_is_an_error_not_a_fallback():
    from compliance.errors import UsageError
    from compliance.inputs import output_format

    with pytest.raises(UsageError, match="--format csv"):
        output_format("Comparison", Format.csv, None)


def test_words_pass_through_one_function(monkeypatch, report):
    """Every visible word of the templates goes through _(): replacing it changes them all, the
    hook a translation catalogue will use."""
    seen = []

    def spy(text, **values):
        seen.append(text)
        return text % values if values else text

    monkeypatch.setitem(html.environment().globals, "_", spy)
    html.report(report)
    assert {"Summary", "Requirements", "Evaluated at"} <= set(seen)
