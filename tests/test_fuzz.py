"""Property: whatever an editor leaves in a file, loading it never raises anything but the
located InvalidInput (which the CLI turns into exit 2)."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compliance.errors import InvalidInput
from compliance.reading.load import load_profile, load_ruleset

SEEDS = [
    Path("tests/golden/golden-rules.yaml").read_text(),
    Path("tests/golden/golden-cloud.yaml").read_text(),
    Path("tests/fixtures/rules/graded.ok.yaml").read_text(),
]
PIECES = [
    ":",
    "- ",
    "  ",
    "\n",
    "{",
    "}",
    "[",
    "]",
    "&a ",
    "*a",
    "!!str ",
    "NO",
    "yes",
    "~",
    "'",
    '"',
    "#",
    "fact",
    "op",
    "all:",
    "not:",
    "some: services",
    "value: EU",
    "1e3",
    "2024-13-45",
    "<<: *a",
    "\t",
    "\x00",
    "é",
    "---",
    "rules:",
    "id: x",
    "answers:",
    "seal: 9",
    "points: -1",
    "valid_from: 2030-01-01",
    "valid_until: 2000-01-01",
    "capital_share: 101",
    "version: v2",
    "France",
    "12.5",
]


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_yaml_never_raises_anything_else(tmp_path_factory, text):
    directory = tmp_path_factory.mktemp("fuzz")
    for name, loader in (("golden-rules.yaml", load_ruleset), ("golden-cloud.yaml", load_profile)):
        path = directory / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            loader(str(path))
        except InvalidInput as exc:
            assert exc.problems and all(p.line >= 1 and p.column >= 1 for p in exc.problems)
