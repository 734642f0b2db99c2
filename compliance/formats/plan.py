"""Markdown for `compliance plan`: projections per rule set, actions ranked by requirements
closed, then every rule not met with the actions it needs."""

from __future__ import annotations

from compliance.analyses.plan import Action, Fix, PlanReport, Projection
from compliance.formats.markdown import label
from compliance.formats.text import code, demonstration, esc, link, rule_text, table
from compliance.i18n import _, ngettext, term


def _fix(f: Fix) -> str:
    if f.kind == "change":
        return _("Change %(fact)s to a value %(wanted)s", fact=code(f.fact), wanted=esc(f.wanted))
    if f.kind == "evidence":
        return _(
            "Provide sourced evidence that %(fact)s is %(wanted)s",
            fact=code(f.fact),
            wanted=esc(f.wanted),
        )
    if f.kind == "add":
        return _("Add to %(fact)s %(wanted)s", fact=code(f.fact), wanted=esc(f.wanted))
    return _(
        "Record that %(fact)s is complete (a source saying no item is missing)", fact=code(f.fact)
    )


def _now(f: Fix) -> str:
    value = "*" + _("unknown") + "*" if f.current is None else esc(f.current)
    sources = f" ({', '.join(code(s) for s in f.sources)})" if f.sources else ""
    return value + sources + (f": {esc(f.note)}" if f.note else "")


def _ids(ids: list[str], limit: int = 6) -> str:
    shown = ", ".join(code(i) for i in ids[:limit])
    if len(ids) > limit:
        return _("%(shown)s and %(count)s more", shown=shown, count=len(ids) - limit)
    return shown or "—"


def _when(p: Projection, at: str) -> str:
    if p.applicable == 0 and p.graded:
        return _("graded rule set: levels, not met/gap") + " " + _("(see `compliance evaluate`)")
    if p.met_on is None:
        return _("never, on current commitments")
    return _("now") if str(p.met_on) == at else _("%(date)s (projected)", date=p.met_on)


def _action_row(a: Action) -> list[str]:
    return [
        a.id,
        _fix(a.fix),
        str(len(a.closes)),
        str(len(a.contributes)),
        _ids(a.closes or a.contributes),
        _now(a.fix),
    ]


def render(r: PlanReport) -> str:
    at = str(r.evaluated_at)
    blocking = [x for x in r.rules if x.status == "gap" and x.severity == "blocking"]
    impossible = [x for x in r.rules if x.impossible]
    lines = [
        "# " + _("What it would take: %(name)s", name=esc(r.provider.name)),
        "",
        *demonstration(r.reconstructed),
        _(
            "Evaluated at %(date)s, on facts checked up to %(as_of)s.",
            date=at,
            as_of=r.provider.as_of,
        )
        + " "
        + _("Rule sets:")
        + " "
        + "; ".join(f"{rule_text(s, 'title')} {esc(s.version)}" for s in r.rulesets)
        + ".",
        "",
        _(
            "%(rules)s not met (%(blocking)s); %(actions)s; %(impossible)s that no change of the "
            "provider's facts can meet.",
            rules=ngettext("%(num)d rule", "%(num)d rules", len(r.rules)),
            blocking=ngettext("%(num)d blocking gap", "%(num)d blocking gaps", len(blocking)),
            actions=ngettext("%(num)d distinct action", "%(num)d distinct actions", len(r.actions)),
            impossible=ngettext("%(num)d rule", "%(num)d rules", len(impossible)),
        )
        + " "
        + _(
            "Each rule needs the fewest fact changes or pieces of evidence that make its "
            "condition hold; an action *closes* a rule when it is all the rule needs."
        ),
        "",
        "## " + _("When each rule set would be fully met"),
        "",
        "*"
        + _(
            "Projections: each commitment counted as delivered on its target date. A "
            "commitment is a promise, not a fact."
        )
        + "*",
        "",
        table(
            [_("Rule set"), _("Met now"), _("Fully met"), _("Commitments counted")],
            [
                [
                    code(p.ruleset),
                    f"{p.met_now}/{p.applicable}",
                    _when(p, at),
                    "; ".join(esc(c) for c in p.commitments) or "—",
                ]
                for p in r.projections
            ],
        ),
        "",
        _("Dates checked:")
        + " "
        + (
            ", ".join(str(d) for d in r.dates_checked)
            or _("none (no commitment or dated fact after the evaluation date)")
        )
        + ".",
        "",
        "## " + _("Actions, by requirements closed"),
        "",
    ]
    if r.actions:
        lines += [
            table(
                ["#", _("Action"), _("Closes"), _("Helps"), _("Rules"), _("Now (sources)")],
                [_action_row(a) for a in r.actions],
                ["l", "l", "r", "r", "l", "l"],
            ),
            "",
        ]
    else:
        lines += [_("None: every rule is met, or no change of facts can meet it."), ""]
    lines += [
        "## " + _("Rules not met"),
        "",
        _("Blocking gaps first, then gaps, partial, unknown."),
        "",
        table(
            [
                _("Rule"),
                _("Rule set"),
                _("Severity"),
                _("Now"),
                _("Service/offer"),
                _("Needs"),
                _("Met on (projected)"),
            ],
            [
                [
                    code(x.rule),
                    code(x.ruleset),
                    term("severity", x.severity),
                    label(x.status),
                    code(x.unit) if x.unit else "—",
                    ", ".join(x.actions)
                    or (
                        _("no fact change: %(why)s", why=esc(x.impossible)) if x.impossible else "—"
                    ),
                    str(x.projected) if x.projected else "—",
                ]
                for x in r.rules
            ],
        ),
        "",
    ]
    if r.commitments:
        lines += [
            "## " + _("Commitments"),
            "",
            table(
                [_("Service"), _("Scheme"), _("Target"), _("State"), _("Source")],
                [
                    [
                        code(c.service),
                        esc(c.scheme + (f" {c.version}" if c.version else "")),
                        str(c.target),
                        _(c.state),
                        code(c.source),
                    ]
                    for c in r.commitments
                ],
            ),
            "",
        ]
    if r.sources:
        lines += (
            ["## " + _("Sources"), ""]
            + [
                f"- {code(sid)}: {esc(s.title)} ({s.date}, {term('confidence', s.confidence)}) "
                f"{link(s.url) if s.url else esc(s.document)}"
                for sid, s in r.sources.items()
            ]
            + [""]
        )
    return "\n".join(lines)
