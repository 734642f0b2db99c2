"""Markdown for market infeasibility: a section ("## Market infeasibility") that another report
includes, listing per horizon the minimal sets no single provider meets."""

from __future__ import annotations

from compliance.formats.text import code, demonstration, esc
from compliance.market import MarketHorizon, MarketReport, Member

_SHOWN = 3  # a larger group is shortened in the sets and listed once in full below them


def _member(member: Member, names: dict[str, str], groups: list[tuple[str, ...]]) -> str:
    ids = tuple(r.id for r in member.requirements)
    who = ", ".join(esc(names[p]) for p in member.met_by)
    if len(ids) == 1:
        return f"{code(ids[0])} (met by {who})"
    shown = ", ".join(code(i) for i in ids[:_SHOWN])
    if len(ids) > _SHOWN:
        if ids not in groups:
            groups.append(ids)
        shown += f", … (group {groups.index(ids) + 1} below)"
    return f"any one of {len(ids)}: {shown} (met by {who})"


def _horizon(h: MarketHorizon, names: dict[str, str]) -> list[str]:
    when = "Now" if h.months == 0 else f"+{h.months} months"
    lines = [
        f"### {when} ({h.date})",
        "",
        (
            f"{h.considered} requirements apply to some provider; {h.classes} groups of them "
            f"are met by some providers but not all; {len(h.sets)} minimal infeasible "
            f"set{'s' if len(h.sets) != 1 else ''}."
        ),
        "",
    ]
    groups: list[tuple[str, ...]] = []
    for i, s in enumerate(h.sets, 1):
        lines.append(f"{i}. {esc(s.message)}.")
        lines += [f"   - {_member(m, names, groups)}" for m in s.members]
    if h.sets:
        lines.append("")
    for i, ids in enumerate(groups, 1):
        lines += [
            f"Group {i} ({len(ids)} requirements met by the same providers): "
            + ", ".join(code(r) for r in ids)
            + ".",
            "",
        ]
    if h.unmet:
        lines += [
            f"Met by no provider ({len(h.unmet)}; infeasible alone, not a set of the "
            "kind above): " + ", ".join(code(r.id) for r in h.unmet) + ".",
            "",
        ]
    return lines


def render(report: MarketReport) -> str:
    """The section, deterministic: sets smallest first, in rule order."""
    names = {p.id: p.name for p in report.providers}
    lines = [
        "## Market infeasibility",
        "",
        *demonstration(report.reconstructed),
        f"Evaluated at {report.evaluated_at} over "
        + ", ".join(esc(p.name) for p in report.providers)
        + ", against "
        + ", ".join(
            code(r.id if r.revision is None else f"{r.id}@{r.revision}") for r in report.rulesets
        )
        + ". Each set below can be met requirement by requirement by some provider, but "
        "by no single provider as a whole, and every smaller part of it is met by one "
        "provider alone. Requirements met by exactly the same providers are grouped "
        "(any one of them stands for the others). Only `met` counts: `unknown` is not met.",
        "",
    ]
    for h in report.horizons:
        lines += _horizon(h, names)
    return "\n".join(lines).rstrip("\n") + "\n"
