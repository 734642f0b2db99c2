"""French and English reports: the catalogue (complete, compiled, placeholders kept), French
labels for every value of the closed vocabularies, French golden reports (Markdown and HTML),
rule texts without a French translation shown in English and marked, numbers with a decimal
comma, --lang on every command that writes a report, and nothing loaded for English.

Regenerate the French golden files after an intended change with:
UPDATE_GOLDEN=1 pytest tests/test_i18n.py; the catalogue with scripts/catalogue.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from compliance import i18n
from compliance.engine.evaluate import evaluate
from compliance.formats import html, markdown
from compliance.formats import json as json_format
from compliance.reading.load import load_profile, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
sys.path.insert(0, str(ROOT / "scripts"))
import catalogue  # noqa: E402  (scripts/catalogue.py)


def _report(lang: str, horizons=()):
    with i18n.speaking(lang):
        ruleset = load_ruleset(str(GOLDEN / "golden-rules.yaml"))
        profile = load_profile(str(GOLDEN / "golden-cloud.yaml"))
        return evaluate([(ruleset, None)], profile.model, dt.date(2026, 1, 15), horizons=horizons)


@pytest.fixture(scope="module")
def french():
    return _report("fr")


# --- the catalogue ----------------------------------------------------------------------------


def test_every_text_marked_for_translation_has_a_french_text_and_the_files_are_fresh(capfd):
    fresh = catalogue.updated()
    # Babel warns when a _() holds an f-string: such a text could never be looked up.
    assert "warning" not in capfd.readouterr().err
    untranslated = [m.id for m in fresh if m.id and not catalogue.translated(m)]
    assert untranslated == [], "fill their msgstr in " + str(catalogue.PO.relative_to(ROOT))
    assert catalogue.PO.read_bytes() == catalogue.po_bytes(fresh), (
        "stale: run .venv/bin/python scripts/catalogue.py"
    )


def test_the_shipped_mo_is_the_compilation_of_the_po():
    assert catalogue.MO.read_bytes() == catalogue.mo_bytes(catalogue.read()), (
        "run .venv/bin/python scripts/catalogue.py"
    )


def test_translations_keep_the_placeholders():
    slots = re.compile(r"%\((\w+)\)[sd]|%%")
    for message in catalogue.read():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in texts:
            assert sorted(slots.findall(text)) == sorted(slots.findall(ids[-1])), (ids, text)


def test_every_value_of_every_vocabulary_has_a_french_label():
    po = catalogue.read()
    for kind, values in i18n.TERMS.items():
        for value in values:
            entry = po.get(value.replace("_", " "), context=kind)
            assert entry is not None and entry.string, f"no French label for {kind} {value!r}"
    with i18n.speaking("fr"):
        assert i18n.term("status", "not_applicable") == "non applicable"
        assert i18n.term("severity", "blocking") == "bloquante"


def test_a_language_outside_the_list_is_refused():
    with pytest.raises(ValueError, match="no language 'de'"):
        i18n.use("de")


# --- French reports ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, render", [("report.fr.md", markdown.render), ("report.fr.html", html.report)]
)
def test_french_golden(french, name, render):
    with i18n.speaking("fr"):
        text = render(french)
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_french_words_numbers_and_notes_of_the_engine(french):
    with i18n.speaking("fr"):
        text = markdown.render(french)
    assert text.startswith("# Rapport d'écarts: Golden")
    assert "## Synthèse" in text and "## Exigences" in text
    assert re.search(r"\| \d+,\d %", text)  # decimal comma in the scores
    assert "**ÉCART**" in text
    g5 = next(r for r in french.results if r.rule == "G-5")
    assert g5.reason == "concerne les données classifiées, pas les données de santé"


def test_a_rule_without_french_text_falls_back_to_english_visibly(french):
    g1, g2, g3 = (
        next(r for r in french.results if r.rule == rule) for rule in ("G-1", "G-2", "G-3")
    )
    assert (g1.title, g1.untranslated) == ("Siège dans l'UE", [])
    assert (g2.title, g2.untranslated) == ("Données dans l'UE", ["summary", "remediation"])
    assert (g3.title, g3.untranslated) == ("Governing law", ["title", "summary", "remediation"])
    with i18n.speaking("fr"):
        md, page = markdown.render(french), html.report(french)
    assert "### G-1: Siège dans l'UE" in md and "[en] Siège" not in md
    assert "- **Exigence:** [en] All data in the EU." in md
    assert "### G-3: [en] Governing law" in md
    # In HTML the original's language is said (lang="en") and shown ([en]).
    assert re.search(
        r'<span class="untranslated" lang="en"><span class="lang-mark"[^>]*>\[en\]'
        r"</span> Governing law</span>",
        page,
    )
    assert not re.search(r'lang="en"><span class="lang-mark"[^>]*>\[en\]</span> Siège', page)


def test_english_reports_ignore_translations_and_mark_nothing():
    english = _report("en")
    assert all(r.untranslated == [] for r in english.results)
    assert next(r for r in english.results if r.rule == "G-1").title == "Seat in the EU"
    assert "[en]" not in markdown.render(english)


def test_json_says_its_language_and_never_translates_keys_or_values(french):
    data = json.loads(json_format.render(french))
    english = json.loads(json_format.render(_report("en")))
    assert (data["lang"], english["lang"]) == ("fr", "en")
    assert [r["status"] for r in data["results"]] == [r["status"] for r in english["results"]]
    assert set(data["results"][0]) == set(english["results"][0])


def test_numbers_use_a_decimal_comma_in_french():
    from decimal import Decimal

    with i18n.speaking("fr"):
        assert i18n.fixed(2.56, 1) == "2,6" and i18n.exact(Decimal("41.67")) == "41,67"
    assert i18n.fixed(2.56, 1) == "2.6" and i18n.exact(Decimal("41.670")) == "41.67"


# --- the command line -------------------------------------------------------------------------

REPORTING = (
    "evaluate",
    "compare",
    "diff",
    "history",
    "explain",
    "plan",
    "tailoring",
    "contradictions",
    "rules",
)


def test_every_command_that_writes_a_report_takes_lang(run_cli):
    from compliance import cli

    offered = {
        c.name or c.callback.__name__
        for c in cli.app.registered_commands
        if any(p == "lang" for p in c.callback.__code__.co_varnames)
    }
    assert offered == set(REPORTING)
    code, out, _ = run_cli("evaluate", "--help")
    assert code == 0 and "--lang" in out and "COMPLIANCE_LANG" in out


def test_french_from_the_command_line_and_from_the_environment(run_cli, tmp_path):
    args = (
        "evaluate",
        str(GOLDEN / "golden-cloud.yaml"),
        "--rules",
        str(GOLDEN / "golden-rules.yaml"),
        "--at",
        "2026-01-15",
        "--output",
        "-",
    )
    code, out, _ = run_cli(*args, "--lang", "fr")
    assert code == 0 and out.startswith("# Rapport d'écarts")
    env = {**os.environ, "COMPLIANCE_LANG": "fr"}
    exe = Path(sys.executable).with_name("compliance")
    done = subprocess.run([str(exe), *args], capture_output=True, text=True, env=env, check=False)
    assert done.stdout == out
    code, _, err = run_cli(*args, "--lang", "de")
    assert code == 2 and "--lang" in err
    code, _, err = run_cli(*args, env={"COMPLIANCE_LANG": "fra"})
    assert code == 2
    assert err == "error: COMPLIANCE_LANG expects one of en, fr, got 'fra' (did you mean 'fr'?)\n"


def test_english_runs_load_no_catalogue_and_no_babel():
    code = (
        "import sys\nfrom compliance import cli\nsys.argv = ['compliance', 'evaluate', "
        f"{str(GOLDEN / 'golden-cloud.yaml')!r}, '--rules', "
        f"{str(GOLDEN / 'golden-rules.yaml')!r}, '--output', '-', '--format', 'html']\n"
        "try: cli.main()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('babel')), file=sys.stderr)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "COMPLIANCE_LANG"},
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"


def test_the_list_of_rule_sets_speaks_french_and_marks_what_it_cannot(run_cli):
    code, out, err = run_cli("rules", "--lang", "fr")
    assert code == 0, err
    assert out.startswith("# Jeux de règles\n")
    assert "| Id | Version | Titre | Éditeur | Provenance | Règles |" in out
    rows = {line.split(" | ")[0].strip("| `"): line for line in out.splitlines() if "| `" in line}
    assert "SecNumCloud — exigences pour les prestataires" in rows["secnumcloud-3.2"]
    assert "| publié |" in rows["secnumcloud-3.2"] and "| oui |" in rows["secnumcloud-3.2"]
    # the reconstruction has no French title: shown as written, and said to be English
    assert "| [en] Health Data Hub hosting requirements" in rows["hdh"]
    assert "| reconstitution |" in rows["hdh"] and "| non |" in rows["hdh"]
