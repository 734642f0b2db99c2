"""Golden reports: the Markdown and JSON of a fixed evaluation, byte for byte.

Regenerate after an intended change with: UPDATE_GOLDEN=1 pytest tests/test_formats.py
"""

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from compliance.engine.evaluate import evaluate
from compliance.formats import json as json_format
from compliance.formats import markdown
from compliance.formats.text import esc
from compliance.reading.load import load_profile, load_ruleset

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def report():
    ruleset = load_ruleset(str(GOLDEN / "golden-rules.yaml"))
    profile = load_profile(str(GOLDEN / "golden-cloud.yaml"))
    return evaluate([(ruleset, None)], profile.model, dt.date(2026, 1, 15))


@pytest.mark.parametrize(
    "name, render", [("report.md", markdown.render), ("report.json", json_format.render)]
)
def test_golden(report, name, render):
    text = render(report)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_every_status_but_waived_appears_in_the_golden_report(report):
    assert {r.status for r in report.results} == {
        "met",
        "partial",
        "gap",
        "unknown",
        "not_applicable",
    }


def test_same_inputs_give_identical_bytes(report):
    again = evaluate(
        [(load_ruleset(str(GOLDEN / "golden-rules.yaml")), None)],
        load_profile(str(GOLDEN / "golden-cloud.yaml")).model,
        dt.date(2026, 1, 15),
    )
    assert markdown.render(again) == markdown.render(report)
    assert json_format.render(again) == json_format.render(report)


def test_yaml_text_cannot_break_the_markdown(report):
    text = markdown.render(report)
    assert "<script>" not in text and "<b>" not in text
    for line in text.splitlines():
        if line.startswith("|"):  # every table row has the header's number of cells
            cells = line.replace("\\|", "").count("|")
            assert cells >= 3
    assert esc("a | b <c> *d*") == "a \\| b &lt;c&gt; \\*d\\*"


def test_json_report_validates_against_the_published_schema(report):
    import jsonschema

    schema = json.loads((Path("compliance/schemas/report.schema.json")).read_text())
    jsonschema.Draft202012Validator(schema).validate(json.loads(json_format.render(report)))


def test_a_source_url_cannot_inject_html(report):
    from compliance.models.common import Source

    evil = Source(
        title="t",
        url="https://example.org/a><script>alert(1)</script>",
        date=report.evaluated_at,
        confidence="press",
    )
    text = markdown.render(report.model_copy(update={"sources": {"evil": evil}}))
    assert "<script>" not in text and "%3Cscript%3E" in text


def test_json_is_what_pydantic_would_write(report):
    # orjson writes the reports; the text is the one the models' own serializer gives.
    from compliance import inputs

    rulesets = inputs.rulesets(["rules", "rules/hdh/hdh.yaml"], mappings=(mappings := []))
    azure = load_profile("providers/azure.yaml").model
    shipped = evaluate(
        rulesets,
        azure,
        dt.date(2024, 6, 1),
        horizons=[0, 6, 12],
        derogations=inputs.derogations(["derogations"]),
        mappings=mappings,
    )
    for model in (report, shipped):
        expected = json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
        assert json_format.render(model) == expected


HOSTILE = "<script>alert(1)</script> | `tick` [x](javascript:alert(1)) ![i](http://e/i.png)"


def test_no_text_from_a_profile_or_rule_set_becomes_markup(tmp_path):
    """Names, titles, notes, documents and URLs full of HTML, pipes, backticks and links:
    the Markdown shows them, never runs or renders them, and tables keep their columns."""
    import re

    import yaml

    profile = yaml.safe_load((GOLDEN / "golden-cloud.yaml").read_text(encoding="utf-8"))
    profile["name"] = HOSTILE
    profile["description"] = HOSTILE
    profile["sources"]["reg"]["title"] = HOSTILE
    profile["sources"]["reg"]["url"] = "https://e.org/a<script>](javascript:alert(1))|`x`"
    profile["sources"]["blog"]["document"] = HOSTILE
    profile["organisation"]["registered_office"]["note"] = HOSTILE
    profile["services"][0]["name"] = HOSTILE
    rules = yaml.safe_load((GOLDEN / "golden-rules.yaml").read_text(encoding="utf-8"))
    for rule in rules["rules"]:
        rule.update(title=HOSTILE, summary=HOSTILE, remediation=HOSTILE, clauses=[HOSTILE])
    rules["title"] = rules["publisher"] = HOSTILE
    for name, data in (("golden-cloud.yaml", profile), ("golden-rules.yaml", rules)):
        (tmp_path / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ruleset = load_ruleset(str(tmp_path / "golden-rules.yaml"))
    loaded = load_profile(str(tmp_path / "golden-cloud.yaml")).model
    text = markdown.render(
        evaluate([(ruleset, None)], loaded, dt.date(2026, 1, 15), horizons=[0, 6])
    )
    assert "alert(1)" in text  # shown...
    assert "<script" not in text and "![" not in text
    # Outside autolinks and code spans (literal by definition), no link but ours to the
    # sources' anchors.
    bare = re.sub(r"`[^`]*`", "", re.sub(r"<https?://[^<>\s]*>", "", text))
    assert not re.search(r"(?<!\\)\]\((?!#source-[a-z0-9.-]+\))", bare)
    # ...and every row of a table has as many cells as its header
    tables = re.findall(r"((?:^\|.*\n)+)", text, flags=re.M)
    for block in tables:
        counts = {len(re.findall(r"(?<!\\)\|", row)) for row in block.splitlines()}
        assert len(counts) == 1, block
