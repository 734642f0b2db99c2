"""Markdown for the logical analysis of rule sets (and, with providers, the market's)."""

from __future__ import annotations

from compliance.analyses.findings import Analysis, Finding, RuleBrief
from compliance.formats.text import code, demonstration, esc, rule_text, table
from compliance.i18n import _, ngettext


def _rule(r: RuleBrief) -> str:
    return f"{code(r.rule)} {rule_text(r, 'title')} ({esc(', '.join(r.clauses))})"


def _finding(i: int, f: Finding) -> list[str]:
    lines = [f"### {i}. " + f" {_('and')} ".join(code(r.rule) for r in f.rules), ""]
    lines += [f"- {_rule(r)}" for r in f.rules]
    lines += [
        "",
        _("Why: %(why)s.", why=esc(f.why))
        + " "
        + (
            _("Checked: %(bound)s meets it.", bound=esc(f.bound))
            if len(f.rules) == 1
            else _("Checked: %(bound)s meets them all.", bound=esc(f.bound))
        ),
        "",
    ]
    if f.clashes:
        lines += [
            table(
                [_("Fact"), _("What each requirement asks")],
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
        "# " + _("Contradictions, dead and redundant requirements"),
        "",
        *demonstration(a.reconstructed),
        _("Rule sets: %(sets)s.", sets=sets)
        + " "
        + ngettext("%(num)d requirement analysed", "%(num)d requirements analysed", a.analysed)
        + (
            "; "
            + _("%(count)s graded criteria are scored, not met, and left out", count=len(a.graded))
            if a.graded
            else ""
        )
        + ".",
        "",
    ]
    if a.consistent:
        lines += [
            _(
                "**No logical contradiction**: one profile can meet every requirement "
                "analysed at once (a profile the solver built, which the evaluator itself "
                "judged)."
            ),
            "",
        ]
    else:
        lines += [
            "**"
            + ngettext(
                "%(num)d minimal set of requirements no profile can meet together",
                "%(num)d minimal sets of requirements no profile can meet together",
                len(a.contradictions),
            )
            + "; "
            + ngettext(
                "%(num)d requirement no profile can meet at all",
                "%(num)d requirements no profile can meet at all",
                len(a.dead),
            )
            + ".**",
            "",
        ]
    if a.contradictions:
        lines += [
            "## " + _("Contradictions"),
            "",
            _("Each set is minimal: drop any one requirement and a profile meets the rest."),
            "",
        ]
        for i, f in enumerate(a.contradictions, 1):
            lines += _finding(i, f)
    if a.dead:
        lines += ["## " + _("Dead requirements"), ""]
        for i, f in enumerate(a.dead, 1):
            lines += _finding(i, f)
    if a.declared:
        lines += [
            "## " + _("Pairs the rule set declares opposed"),
            "",
            table(
                [_("Requirements"), _("Contradictory?"), _("Why")],
                [
                    [
                        f" {_('and')} ".join(code(r.rule) for r in d.rules),
                        _("yes") if d.contradictory else _("no"),
                        esc(d.why),
                    ]
                    for d in a.declared
                ],
            ),
            "",
        ]
    lines += ["## " + _("Redundant requirements"), ""]
    if a.redundant:
        lines += [
            _(
                "Each requirement below is met by every profile that meets any one of the "
                "requirements beside it: it adds nothing to them."
            ),
            "",
            table(
                [_("Requirement"), _("Implied by (any one of)")],
                [
                    [
                        f"{code(x.rule.rule)} {rule_text(x.rule, 'title')}",
                        ", ".join(code(r.rule) for r in x.implied_by),
                    ]
                    for x in a.redundant
                ],
            ),
            "",
            _(
                "Checked: %(bound)s meets one of them and fails the requirement.",
                bound=esc(a.redundant[0].bound),
            ),
            "",
        ]
    else:
        lines += [_("None found: no requirement is implied by another one."), ""]
    lines += ["## " + _("How to read this"), "", esc(a.note), ""]
    text = "\n".join(lines).rstrip("\n") + "\n"
    if a.market is not None:
        from compliance.formats import market

        text += "\n" + market.render(a.market)
    return text
