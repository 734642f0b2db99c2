"""Markdown for `compliance tailoring`: who meets each requirement, whether a sovereign provider
does, and how each revision of a referential moved the goalposts."""

from __future__ import annotations

from decimal import Decimal

from compliance.analyses.tailoring import Revision, Tailoring
from compliance.formats.text import code, demonstration, esc, rule_text, table
from compliance.i18n import N_, _, fixed, term

_STATE = {
    "sovereign": N_("**sovereign**"),
    "not_sovereign": N_("not sovereign (fails the test)"),
    "unknown": N_("not shown sovereign (unknown)"),
}
_VERDICT = {
    "sovereign": N_("met by a sovereign provider"),
    "tailored": N_("**tailored**: met only by providers not shown sovereign, one failing the test"),
    "unknown_sovereignty": N_("met only by providers whose sovereignty is unknown"),
    "unmet": N_("met by no provider"),
    "not_applicable": N_("not applicable"),
}


def _ids(ids: list[str]) -> str:
    return ", ".join(code(i) for i in ids) or "—"


def _signed(n: int | None) -> str:
    return "" if n is None else f" ({n:+d})" if n else " (±0)"


def _revisions(t: Tailoring, ruleset: str, names: dict[str, str]) -> list[str]:
    revs: list[Revision] = [r for r in t.revisions if r.ruleset == ruleset]
    head = [
        _("Revision"),
        _("In force"),
        _("Added"),
        _("Removed"),
        _("Added, met by no sovereign provider"),
        _("of which tailored"),
    ] + [_("%(name)s: distance", name=esc(names[d.provider])) for d in revs[0].distances]
    rows = []
    for r in revs:
        share = (
            f"{len(r.excluding)}/{r.considered} = {fixed(Decimal(r.share), 1)} %"
            if r.share
            else "—"
        )
        rows.append(
            [
                code(r.revision),
                str(r.requirements),
                str(len(r.added)),
                str(len(r.removed)),
                share,
                str(len(r.tailored)),
            ]
            + [f"{d.distance}{_signed(d.change)}" for d in r.distances]
        )
    lines = [
        f"### {code(ruleset)}",
        "",
        table(head, rows, ["l", "r", "r", "r", "r", "r"] + ["r"] * len(revs[0].distances)),
        "",
    ]
    if len(revs) > 1:
        lines += [
            _(
                "What moved each provider's distance (added requirements it does not meet; "
                "removed requirements it did not meet):"
            ),
            "",
        ]
        for r in revs[1:]:
            title = f" ({esc(r.title)})" if r.title else ""
            lines.append(f"- {code(r.revision)}{title}:")
            for d in r.distances:
                lines.append(
                    f"  - {esc(names[d.provider])} {_signed(d.change).strip()}: "
                    + _(
                        "added %(added)s; removed %(removed)s",
                        added=_ids(d.added),
                        removed=_ids(d.removed),
                    )
                )
        lines.append("")
    return lines


def render(t: Tailoring) -> str:
    names = {p.provider: p.name for p in t.providers}
    sovereign = [p for p in t.providers if p.sovereignty == "sovereign"]
    lines = [
        "# " + _("Tailoring: who meets each requirement, and is any of them sovereign?"),
        "",
        *demonstration(t.reconstructed),
        _(
            "Evaluated at %(date)s against %(rulesets)s.",
            date=t.evaluated_at,
            rulesets=", ".join(
                code(r.id if r.revision is None else f"{r.id}@{r.revision}") for r in t.rulesets
            ),
        )
        + " "
        + _(
            "Sovereignty test: %(rules)s all met at that date. A provider is sovereign when it "
            "meets every test rule, not sovereign when it fails one (a gap), and otherwise *not "
            "shown sovereign*: the facts do not decide, which is not a finding either way. Only "
            "`met` counts as meeting a requirement.",
            rules=_ids(t.sovereign_by),
        ),
        "",
        "## " + _("Sovereignty test"),
        "",
        table(
            [_("Provider"), *map(code, t.sovereign_by), _("Outcome")],
            [
                [
                    esc(p.name),
                    *(term("status", p.test[r]) for r in t.sovereign_by),
                    _(_STATE[p.sovereignty]),
                ]
                for p in t.providers
            ],
        ),
        "",
    ]
    if not sovereign:
        lines += [
            _(
                "No provider is shown sovereign at this date, so no requirement is met by a "
                "sovereign provider and every share below is 100 % by construction; what "
                "distinguishes the requirements is whether a provider failing the test "
                "meets them (tailored) or only providers whose sovereignty is unknown."
            ),
            "",
        ]
    states = {p.provider: p.sovereignty for p in t.providers}
    mark = {"sovereign": _("sovereign"), "not_sovereign": _("fails"), "unknown": _("unknown")}

    def who(met_by: list[str]) -> str:
        return ", ".join(f"{esc(names[p])} ({mark[states[p]]})" for p in met_by)

    tailored = [r for r in t.requirements if r.verdict == "tailored"]
    strict = [r for r in tailored if all(states[p] == "not_sovereign" for p in r.met_by)]
    unknown = [r for r in t.requirements if r.verdict == "unknown_sovereignty"]
    lines += [
        "## " + _("Tailored requirements"),
        "",
        _(
            "Met by no provider shown sovereign, and by at least one provider failing the "
            "test: %(count)s. Of them, met only by providers failing the test: %(strict)s.",
            count=len(tailored),
            strict=str(len(strict)) + (": " + _ids([r.rule for r in strict]) if strict else ""),
        ),
        "",
    ]
    if tailored:
        lines += [
            table(
                [_("Requirement"), _("Title"), _("Met by (sovereignty)")],
                [[code(r.rule), rule_text(r, "title"), who(r.met_by)] for r in tailored],
            ),
            "",
        ]
    lines += [
        "## " + _("Met only by providers whose sovereignty is unknown"),
        "",
        _("Not tailored on the facts, not shown otherwise either: %(count)s.", count=len(unknown)),
        "",
    ]
    if unknown:
        lines += [
            table(
                [_("Requirement"), _("Title"), _("Met by")],
                [[code(r.rule), rule_text(r, "title"), who(r.met_by)] for r in unknown],
            ),
            "",
        ]
    lines += [
        "## " + _("Revisions: requirements added, and each provider's distance to full compliance"),
        "",
        _(
            "Distance: requirements in force that the provider does not meet (gap, unknown "
            "or partial), with its change from the previous revision. The share counts the "
            "added requirements that apply to some provider and that no sovereign provider "
            "meets; the first revision counts all its requirements."
        ),
        "",
    ]
    for ruleset in dict.fromkeys(r.ruleset for r in t.revisions):
        lines += _revisions(t, ruleset, names)
    lines += ["## " + _("Requirements, one by one"), ""]
    lines.append(
        table(
            [_("Requirement"), _("Rule set"), _("Title"), _("Met by"), _("Verdict")],
            [
                [
                    code(r.rule),
                    code(r.ruleset),
                    rule_text(r, "title"),
                    ", ".join(esc(names[p]) for p in r.met_by) or "—",
                    _(_VERDICT[r.verdict]),
                ]
                for r in t.requirements
            ],
        )
    )
    return "\n".join(lines) + "\n"
