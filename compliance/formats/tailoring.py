"""Markdown for `compliance tailoring`: who meets each requirement, whether a sovereign provider
does, and how each revision of a referential moved the goalposts."""

from __future__ import annotations

from compliance.formats.text import code, demonstration, esc, table
from compliance.tailoring import Revision, Tailoring

_STATE = {
    "sovereign": "**sovereign**",
    "not_sovereign": "not sovereign (fails the test)",
    "unknown": "not shown sovereign (unknown)",
}
_VERDICT = {
    "sovereign": "met by a sovereign provider",
    "tailored": "**tailored**: met only by providers not shown sovereign, one failing the test",
    "unknown_sovereignty": "met only by providers whose sovereignty is unknown",
    "unmet": "met by no provider",
    "not_applicable": "not applicable",
}


def _ids(ids: list[str]) -> str:
    return ", ".join(code(i) for i in ids) or "—"


def _signed(n: int | None) -> str:
    return "" if n is None else f" ({n:+d})" if n else " (±0)"


def _revisions(t: Tailoring, ruleset: str, names: dict[str, str]) -> list[str]:
    revs: list[Revision] = [r for r in t.revisions if r.ruleset == ruleset]
    head = [
        "Revision",
        "In force",
        "Added",
        "Removed",
        "Added, met by no sovereign provider",
        "of which tailored",
    ] + [f"{esc(names[d.provider])}: distance" for d in revs[0].distances]
    rows = []
    for r in revs:
        share = f"{len(r.excluding)}/{r.considered} = {r.share} %" if r.share else "—"
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
            (
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
                    f"added {_ids(d.added)}; removed {_ids(d.removed)}"
                )
        lines.append("")
    return lines


def render(t: Tailoring) -> str:
    names = {p.provider: p.name for p in t.providers}
    sovereign = [p for p in t.providers if p.sovereignty == "sovereign"]
    lines = [
        "# Tailoring: who meets each requirement, and is any of them sovereign?",
        "",
        *demonstration(t.reconstructed),
        f"Evaluated at {t.evaluated_at} against "
        + ", ".join(
            code(r.id if r.revision is None else f"{r.id}@{r.revision}") for r in t.rulesets
        )
        + f". Sovereignty test: {_ids(t.sovereign_by)} all met at that date. A provider is "
        "sovereign when it meets every test rule, not sovereign when it fails one (a gap), and "
        "otherwise *not shown sovereign*: the facts do not decide, which is not a finding "
        "either way. Only `met` counts as meeting a requirement.",
        "",
        "## Sovereignty test",
        "",
        table(
            ["Provider", *map(code, t.sovereign_by), "Outcome"],
            [
                [esc(p.name), *(p.test[r] for r in t.sovereign_by), _STATE[p.sovereignty]]
                for p in t.providers
            ],
        ),
        "",
    ]
    if not sovereign:
        lines += [
            (
                "No provider is shown sovereign at this date, so no requirement is met by a "
                "sovereign provider and every share below is 100 % by construction; what "
                "distinguishes the requirements is whether a provider failing the test meets "
                "them (tailored) or only providers whose sovereignty is unknown."
            ),
            "",
        ]
    states = {p.provider: p.sovereignty for p in t.providers}
    mark = {"sovereign": "sovereign", "not_sovereign": "fails", "unknown": "unknown"}

    def who(met_by: list[str]) -> str:
        return ", ".join(f"{esc(names[p])} ({mark[states[p]]})" for p in met_by)

    tailored = [r for r in t.requirements if r.verdict == "tailored"]
    strict = [r for r in tailored if all(states[p] == "not_sovereign" for p in r.met_by)]
    unknown = [r for r in t.requirements if r.verdict == "unknown_sovereignty"]
    lines += [
        "## Tailored requirements",
        "",
        (
            "Met by no provider shown sovereign, and by at least one provider failing the "
            f"test: {len(tailored)}. Of them, met only by providers failing the test: "
            f"{len(strict)}{': ' + _ids([r.rule for r in strict]) if strict else ''}."
        ),
        "",
    ]
    if tailored:
        lines += [
            table(
                ["Requirement", "Title", "Met by (sovereignty)"],
                [[code(r.rule), esc(r.title), who(r.met_by)] for r in tailored],
            ),
            "",
        ]
    lines += [
        "## Met only by providers whose sovereignty is unknown",
        "",
        (f"Not tailored on the facts, not shown otherwise either: {len(unknown)}."),
        "",
    ]
    if unknown:
        lines += [
            table(
                ["Requirement", "Title", "Met by"],
                [[code(r.rule), esc(r.title), who(r.met_by)] for r in unknown],
            ),
            "",
        ]
    lines += [
        ("## Revisions: requirements added, and each provider's distance to full compliance"),
        "",
        (
            "Distance: requirements in force that the provider does not meet (gap, unknown or "
            "partial), with its change from the previous revision. The share counts the added "
            "requirements that apply to some provider and that no sovereign provider meets; "
            "the first revision counts all its requirements."
        ),
        "",
    ]
    for ruleset in dict.fromkeys(r.ruleset for r in t.revisions):
        lines += _revisions(t, ruleset, names)
    lines += ["## Requirements, one by one", ""]
    lines.append(
        table(
            ["Requirement", "Rule set", "Title", "Met by", "Verdict"],
            [
                [
                    code(r.rule),
                    code(r.ruleset),
                    esc(r.title),
                    ", ".join(esc(names[p]) for p in r.met_by) or "—",
                    _VERDICT[r.verdict],
                ]
                for r in t.requirements
            ],
        )
    )
    return "\n".join(lines) + "\n"
