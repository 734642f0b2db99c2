"""Markdown for `compliance plan`: projections per rule set, actions ranked by requirements
closed, then every rule not met with the actions it needs."""

from __future__ import annotations

from compliance.formats.text import code, demonstration, esc, link, table
from compliance.plan import Action, Fix, PlanReport, Projection

_VERB = {
    "change": "Change",
    "evidence": "Provide sourced evidence that",
    "add": "Add to",
    "complete": "Record that",
}
_LABEL = {"gap": "**GAP**", "partial": "**partial**", "unknown": "*unknown*"}


def _fix(f: Fix) -> str:
    if f.kind == "change":
        return f"Change {code(f.fact)} to a value {esc(f.wanted)}"
    if f.kind == "evidence":
        return f"Provide sourced evidence that {code(f.fact)} is {esc(f.wanted)}"
    if f.kind == "add":
        return f"Add to {code(f.fact)} {esc(f.wanted)}"
    return f"Record that {code(f.fact)} is complete (a source saying no item is missing)"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _now(f: Fix) -> str:
    value = "*unknown*" if f.current is None else esc(f.current)
    sources = f" ({', '.join(code(s) for s in f.sources)})" if f.sources else ""
    return value + sources + (f": {esc(f.note)}" if f.note else "")


def _ids(ids: list[str], limit: int = 6) -> str:
    shown = ", ".join(code(i) for i in ids[:limit])
    return (f"{shown} and {len(ids) - limit} more" if len(ids) > limit else shown) or "—"


def _when(p: Projection, at: str) -> str:
    if p.applicable == 0 and p.graded:
        return "graded rule set: levels, not met/gap (see `compliance evaluate`)"
    if p.met_on is None:
        return "never, on current commitments"
    return "now" if str(p.met_on) == at else f"{p.met_on} (projected)"


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
        f"# What it would take: {esc(r.provider.name)}",
        "",
        *demonstration(r.reconstructed),
        f"Evaluated at {at}, on facts checked up to {r.provider.as_of}. Rule sets: "
        + "; ".join(f"{esc(s.title)} {esc(s.version)}" for s in r.rulesets)
        + ".",
        "",
        f"{_n(len(r.rules), 'rule')} not met ({_n(len(blocking), 'blocking gap')}); "
        f"{_n(len(r.actions), 'distinct action')}; {_n(len(impossible), 'rule')} that no change "
        "of the provider's facts can meet. "
        "Each rule needs the fewest fact changes or pieces of evidence that make its condition "
        "hold; an action *closes* a rule when it is all the rule needs.",
        "",
        "## When each rule set would be fully met",
        "",
        "*Projections: each commitment counted as delivered on its target date. A commitment is "
        "a promise, not a fact.*",
        "",
        table(
            ["Rule set", "Met now", "Fully met", "Commitments counted"],
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
        "Dates checked: "
        + (
            ", ".join(str(d) for d in r.dates_checked)
            or "none (no commitment or dated fact after the evaluation date)"
        )
        + ".",
        "",
        "## Actions, by requirements closed",
        "",
    ]
    if r.actions:
        lines += [
            table(
                ["#", "Action", "Closes", "Helps", "Rules", "Now (sources)"],
                [_action_row(a) for a in r.actions],
                ["l", "l", "r", "r", "l", "l"],
            ),
            "",
        ]
    else:
        lines += ["None: every rule is met, or no change of facts can meet it.", ""]
    lines += [
        "## Rules not met",
        "",
        "Blocking gaps first, then gaps, partial, unknown.",
        "",
        table(
            ["Rule", "Rule set", "Severity", "Now", "Service/offer", "Needs", "Met on (projected)"],
            [
                [
                    code(x.rule),
                    code(x.ruleset),
                    x.severity,
                    _LABEL[x.status],
                    code(x.unit) if x.unit else "—",
                    ", ".join(x.actions)
                    or (f"no fact change: {esc(x.impossible)}" if x.impossible else "—"),
                    str(x.projected) if x.projected else "—",
                ]
                for x in r.rules
            ],
        ),
        "",
    ]
    if r.commitments:
        lines += [
            "## Commitments",
            "",
            table(
                ["Service", "Scheme", "Target", "State", "Source"],
                [
                    [
                        code(c.service),
                        esc(c.scheme + (f" {c.version}" if c.version else "")),
                        str(c.target),
                        c.state,
                        code(c.source),
                    ]
                    for c in r.commitments
                ],
            ),
            "",
        ]
    if r.sources:
        lines += (
            ["## Sources", ""]
            + [
                f"- {code(sid)}: {esc(s.title)} ({s.date}, {s.confidence.replace('_', ' ')}) "
                f"{link(s.url) if s.url else esc(s.document)}"
                for sid, s in r.sources.items()
            ]
            + [""]
        )
    return "\n".join(lines)
