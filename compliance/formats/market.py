"""Markdown for market infeasibility: a section ("## Market infeasibility") that another report
includes, listing per horizon the minimal sets no single provider meets."""

from __future__ import annotations

from compliance.analyses.market import MarketHorizon, MarketReport, Member
from compliance.formats.text import code, demonstration, esc, horizon
from compliance.i18n import _, ngettext

_SHOWN = 3  # a larger group is shortened in the sets and listed once in full below them


def _member(member: Member, names: dict[str, str], groups: list[tuple[str, ...]]) -> str:
    ids = tuple(r.id for r in member.requirements)
    who = ", ".join(esc(names[p]) for p in member.met_by)
    if len(ids) == 1:
        return _("%(rule)s (met by %(who)s)", rule=code(ids[0]), who=who)
    shown = ", ".join(code(i) for i in ids[:_SHOWN])
    if len(ids) > _SHOWN:
        if ids not in groups:
            groups.append(ids)
        shown += ", " + _("… (group %(n)s below)", n=groups.index(ids) + 1)
    return _(
        "any one of %(count)s: %(rules)s (met by %(who)s)", count=len(ids), rules=shown, who=who
    )


def _horizon(h: MarketHorizon, names: dict[str, str]) -> list[str]:
    when = _("Now") if h.months == 0 else horizon(h.months)
    lines = [
        f"### {when} ({h.date})",
        "",
        _(
            "%(considered)s requirements apply to some provider; %(classes)s groups of them "
            "are met by some providers but not all; %(sets)s.",
            considered=h.considered,
            classes=h.classes,
            sets=ngettext(
                "%(num)d minimal infeasible set", "%(num)d minimal infeasible sets", len(h.sets)
            ),
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
            _(
                "Group %(n)s (%(count)s requirements met by the same providers):",
                n=i,
                count=len(ids),
            )
            + " "
            + ", ".join(code(r) for r in ids)
            + ".",
            "",
        ]
    if h.unmet:
        lines += [
            _(
                "Met by no provider (%(count)s; infeasible alone, not a set of the kind above):",
                count=len(h.unmet),
            )
            + " "
            + ", ".join(code(r.id) for r in h.unmet)
            + ".",
            "",
        ]
    return lines


def render(report: MarketReport) -> str:
    """The section, deterministic: sets smallest first, in rule order."""
    names = {p.id: p.name for p in report.providers}
    lines = [
        "## " + _("Market infeasibility"),
        "",
        *demonstration(report.reconstructed),
        _(
            "Evaluated at %(date)s over %(providers)s, against %(rulesets)s.",
            date=report.evaluated_at,
            providers=", ".join(esc(p.name) for p in report.providers),
            rulesets=", ".join(
                code(r.id if r.revision is None else f"{r.id}@{r.revision}")
                for r in report.rulesets
            ),
        )
        + " "
        + _(
            "Each set below can be met requirement by requirement by some provider, but "
            "by no single provider as a whole, and every smaller part of it is met by one "
            "provider alone. Requirements met by exactly the same providers are grouped "
            "(any one of them stands for the others). Only `met` counts: `unknown` is not "
            "met."
        ),
        "",
    ]
    for h in report.horizons:
        lines += _horizon(h, names)
    return "\n".join(lines).rstrip("\n") + "\n"
