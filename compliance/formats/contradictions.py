"""Markdown for the logical analysis of rule sets (and, with providers, the market's)."""

from __future__ import annotations

from compliance.findings import Analysis, Finding, RuleBrief
from compliance.formats.text import code, demonstration, esc, table


def _rule(r: RuleBrief) -> str:
    return f"{code(r.rule)} {esc(r.title)} ({esc(', '.join(r.clauses))})"


def _finding(i: int, f: Finding) -> list[str]:
    lines = [f"### {i}. " + " and ".join(code(r.rule) for r in f.rules), ""]
    lines += [f"- {_rule(r)}" for r in f.rules]
    lines += [
        "",
        f"Why: {esc(f.why)}. Checked: {esc(f.bound)} meets "
        + ("it." if len(f.rules) == 1 else "them all."),
        "",
    ]
    if f.clashes:
        lines += [
            table(
                ["Fact", "What each requirement asks"],
                [[code(c.fact), "; ".join(esc(t) for t in c.tests)] for c in f.clashes],
            ),
            "",
        ]
    return lines


def render(a: Analysis) -> str:
    sets = ", ".join(
        code(r.id if r.revision is None else f"{r.id}@{r.revision}") for r in a.rulesets
    )
    lines = [
        "# Contradictions, dead and redundant requirements",
        "",
        *demonstration(a.reconstructed),
        f"Rule sets: {sets}. {a.analysed} requirements analysed"
        + (
            f"; {len(a.graded)} graded criteria are scored, not met, and left out"
            if a.graded
            else ""
        )
        + ".",
        "",
    ]
    if a.consistent:
        lines += [
            "**No logical contradiction**: one profile can meet every requirement "
            "analysed at once (a profile the solver built, which the evaluator itself "
            "judged).",
            "",
        ]
    else:
        lines += [
            f"**{len(a.contradictions)} minimal set"
            f"{'s' if len(a.contradictions) != 1 else ''} of requirements no profile can "
            f"meet together; {len(a.dead)} requirement"
            f"{'s' if len(a.dead) != 1 else ''} no profile can meet at all.**",
            "",
        ]
    if a.contradictions:
        lines += [
            "## Contradictions",
            "",
            "Each set is minimal: drop any one requirement and a profile meets the rest.",
            "",
        ]
        for i, f in enumerate(a.contradictions, 1):
            lines += _finding(i, f)
    if a.dead:
        lines += ["## Dead requirements", ""]
        for i, f in enumerate(a.dead, 1):
            lines += _finding(i, f)
    if a.declared:
        lines += [
            "## Pairs the rule set declares opposed",
            "",
            table(
                ["Requirements", "Contradictory?", "Why"],
                [
                    [
                        " and ".join(code(r.rule) for r in d.rules),
                        "yes" if d.contradictory else "no",
                        esc(d.why),
                    ]
                    for d in a.declared
                ],
            ),
            "",
        ]
    lines += ["## Redundant requirements", ""]
    if a.redundant:
        lines += [
            "Each requirement below is met by every profile that meets any one of the "
            "requirements beside it: it adds nothing to them.",
            "",
            table(
                ["Requirement", "Implied by (any one of)"],
                [
                    [
                        f"{code(x.rule.rule)} {esc(x.rule.title)}",
                        ", ".join(code(r.rule) for r in x.implied_by),
                    ]
                    for x in a.redundant
                ],
            ),
            "",
            f"Checked: {esc(a.redundant[0].bound)} meets one of them and fails the requirement.",
            "",
        ]
    else:
        lines += ["None found: no requirement is implied by another one.", ""]
    lines += ["## How to read this", "", esc(a.note), ""]
    text = "\n".join(lines).rstrip("\n") + "\n"
    if a.market is not None:
        from compliance.formats import market

        text += "\n" + market.render(a.market)
    return text
