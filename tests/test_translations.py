"""The French texts of the shipped rule sets: complete, really French, and faithful in their facts.

Issue 10 asks SecNumCloud chapter 19, HDS v2, extraterritoriality, stack coverage and the EU
framework to carry both languages. These tests hold the data to that: every rule in scope has its
French title, summary, rationale and remediation; none is the English text left as it was or
carries English words; and no number of the English text (a cap, a delay, a date, a clause) is
lost in translation.
"""

import re

import pytest

from compliance.reading.load import load_ruleset

# Rule set file -> the ids it translates (a prefix) and how many rules that is.
IN_SCOPE = {
    "rules/secnumcloud-3.2.yaml": ("SNC-19.", 36),
    "rules/hds-v2.yaml": ("", 38),
    "rules/extraterritoriality.yaml": ("", 8),
    "rules/stack-coverage.yaml": ("", 9),
    "rules/eu-csf-1.2.1.yaml": ("", 48),
}
FIELDS = ("title", "summary", "rationale", "remediation")

# English function words that are not French words ("or", "an", "as", "on" are, so they are out).
ENGLISH = re.compile(
    r"\b(the|and|of|with|is|are|must|which|that|this|from|for|to|be|its|it|has|have|when|where|"
    r"only|not|by|in|at|any|each|every|their|would|can|may)\b",
    re.IGNORECASE,
)
# At least one of these in every French sentence-length text.
FRENCH = re.compile(r"\b(le|la|les|des|du|de|un|une|et|est|sont)\b|\b[ldn]'", re.IGNORECASE)


def _rulesets():
    return [
        pytest.param(load_ruleset(path).model, prefix, count, id=path.split("/")[1])
        for path, (prefix, count) in IN_SCOPE.items()
    ]


def _norm(text):
    return " ".join(text.split())


def _numbers(text):
    return set(re.findall(r"\d+", text))


def _check(label, english, french):
    assert french and french.strip(), f"{label}: empty French text"
    assert _norm(french) != _norm(english), f"{label}: French text equals the English"
    leftover = ENGLISH.findall(french)
    assert not leftover, f"{label}: English words left in the French text: {leftover}"
    lost = _numbers(english) - _numbers(french)
    assert not lost, f"{label}: numbers of the English text missing in French: {sorted(lost)}"


@pytest.mark.parametrize(("ruleset", "prefix", "count"), _rulesets())
def test_every_rule_in_scope_has_complete_french_texts(ruleset, prefix, count):
    rules = [r for r in ruleset.rules if r.id.startswith(prefix)]
    assert len(rules) == count
    for rule in rules:
        assert "fr" in rule.translations, f"{rule.id}: no French texts"
        french = rule.translations["fr"]
        for field in FIELDS:
            english = getattr(rule, field)
            if english:
                _check(f"{rule.id}.{field}", english, getattr(french, field))
        for field in ("summary", "rationale", "remediation"):
            assert FRENCH.search(getattr(french, field)), f"{rule.id}.{field}: not French"


@pytest.mark.parametrize(("ruleset", "prefix", "count"), _rulesets())
def test_every_ruleset_in_scope_has_a_french_title_and_summary(ruleset, prefix, count):
    french = ruleset.translations["fr"]
    _check(f"{ruleset.id}.title", ruleset.title, french.title)
    _check(f"{ruleset.id}.summary", ruleset.description, french.summary)
    assert FRENCH.search(french.summary)
    assert french.rationale is None and french.remediation is None


def test_the_english_marker_check_catches_english():
    """The check above is crude; make sure it is not vacuous."""
    with pytest.raises(AssertionError, match="English words"):
        _check("x", "Keep the data in the EU.", "Conserver the données dans l'UE.")
    with pytest.raises(AssertionError, match="numbers"):
        _check("x", "At most 24 % of the capital.", "Au plus 42 % du capital.")
    _check("x", "Keep the data in the EU for 21 days.", "Conserver les données 21 jours dans l'UE.")
