"""The HTML reports: one self-contained file per result (styles inline, charts as inline SVG, no
script, nothing fetched), readable without JavaScript, printable from a browser.

Markup lives in templates/ (Jinja2, autoescaped: text from YAML can never become markup); this
module prepares what the templates show (groupings, chart geometry from ``charts``). Every word
passes through ``_`` (``compliance.i18n``: the run's language, English or French), and rule
texts left in English for want of a translation are marked (``lang="en"`` and a visible [en]).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from compliance import __version__, i18n
from compliance.engine.results import known
from compliance.formats import charts
from compliance.formats.text import (
    DEROGATION_STATE,
    GATE,
    RELATION,
    horizon,
    interval,
    number,
    percent,
)
from compliance.vocabulary import STATUSES

if TYPE_CHECKING:
    from jinja2 import Environment

    from compliance.analyses.compare import Cell, Comparison
    from compliance.analyses.diff import Diff
    from compliance.analyses.findings import Analysis
    from compliance.analyses.history import History
    from compliance.analyses.inventory import Inventory
    from compliance.analyses.plan import PlanReport
    from compliance.analyses.tailoring import Tailoring
    from compliance.engine.results import Report, Result


def _(text: str, **values: Any) -> str:
    """Every user-visible word of the HTML reports goes through here (templates included, as
    ``_("... %(name)s ...", name=value)``), in the run's language. It returns plain text, which
    the templates escape, values included."""
    return i18n._(text, **values)


def ngettext(singular: str, plural: str, n: int, **values: Any) -> str:
    return i18n.ngettext(singular, plural, n, **values)


class _StatusLabels(Mapping[str, str]):
    """Status -> its word in the run's language, looked up when shown (the templates iterate
    over it, in the order of STATUSES)."""

    def __getitem__(self, status: str) -> str:
        if status not in STATUSES:
            raise KeyError(status)
        return i18n.term("status", status)

    def __iter__(self) -> Iterator[str]:
        return iter(STATUSES)

    def __len__(self) -> int:
        return len(STATUSES)


STATUS_LABEL = _StatusLabels()
STATUS_SYMBOL = {
    "met": "✓",
    "partial": "◐",
    "gap": "✗",
    "unknown": "?",
    "not_applicable": "–",
    "waived": "◇",
    "answered": "✓",
}
_ORDER = {"gap": 0, "partial": 1, "unknown": 2, "waived": 3, "met": 4, "not_applicable": 5}
_SEVERITY = {"blocking": 0, "high": 1, "medium": 2, "low": 3}


def words(value: Any) -> str:
    """A fact value in plain words (None: unknown)."""
    if value is None:
        return _("unknown")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(map(str, value)) or _("(none)")
    if isinstance(value, dict) and set(value) == {"min", "max"}:
        return (
            _("at least %(min)s", **value)
            if value["max"] is None
            else _("between %(min)s and %(max)s", **value)
        )
    return str(value)


@cache
def environment() -> Environment:
    """Built once per process: templates are compiled on first use and kept, and their
    compiled code is kept for the next runs in the cache of inputs (reading.cache)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    from compliance.reading import cache

    env = Environment(
        loader=PackageLoader("compliance.formats", "templates"),
        bytecode_cache=cache.templates(),  # compiled once, not at every run
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        percent=percent,
        interval=interval,
        number=number,
        words=words,
        horizon=horizon,
        term=lambda value, kind: i18n.term(kind, value),
        whole_percent=lambda v: f"{i18n.fixed(v * 100, 0)} %",
        gate=lambda v: _(GATE[v]),
        relation=lambda v: _(RELATION[v]),
        derogation=lambda v: _(DEROGATION_STATE[v]),
        word=_,
    )
    # Only web addresses become links: a "javascript:" URL in a profile stays inert text.
    env.tests["web"] = lambda url: isinstance(url, str) and url.startswith(("https://", "http://"))
    env.globals.update(
        _=_,
        ngettext=ngettext,
        pgettext=i18n.pgettext,
        version=__version__,
        SOURCE=i18n.SOURCE,
        STATUS_LABEL=STATUS_LABEL,
        STATUS_SYMBOL=STATUS_SYMBOL,
        STATUS_FILL=charts.STATUS_FILL,
        composition=charts.composition,
        known=known,
    )
    return env


def _page(template: str, **values: Any) -> str:
    return environment().get_template(template).render(lang=i18n.language(), **values)


def _coverage_note(k: int, applicable: int) -> str:
    return _("%(known)s/%(applicable)s known", known=k, applicable=applicable)


def _seal_chart(chart_id: str, grading: Any) -> charts.RangeChart:
    rows = [
        (
            _("Overall"),
            "",
            float(grading.seal.low if grading.seal else 0),
            float(grading.seal.high if grading.seal else 0),
            "SEAL " + interval(grading.seal),
        )
    ]
    rows += [
        (
            o.id,
            o.title,
            float(o.seal.low if o.seal else 0),
            float(o.seal.high if o.seal else 0),
            "SEAL " + interval(o.seal),
        )
        for o in grading.objectives
    ]
    threshold = grading.gate.min_seal if grading.gate else None
    return charts.range_chart(chart_id, rows, 4, [0, 1, 2, 3, 4], threshold)


def _horizon_chart(
    chart_id: str, rows: list[tuple[str, Cell]], months: list[int]
) -> charts.BarChart:
    return charts.bar_chart(
        chart_id,
        [(label, _coverage_note(known_now(c), c.applicable), c.scores) for label, c in rows],
        [horizon(m) for m in months],
    )


def known_now(cell: Cell) -> int:
    return cell.met[0] + cell.partial[0] + cell.gap[0]


def report(r: Report) -> str:
    """The gap report of one provider."""
    from compliance.analyses.compare import compare

    scored = [s for s in r.summary.rulesets if s.grading is None]
    blocking = [x for x in r.results if x.severity == "blocking" and x.status == "gap"]
    ruled_out = [
        x
        for x in r.summary.rulesets
        if x.grading and x.grading.gate and x.grading.gate.verdict == "fail"
    ]
    horizon_chart = None
    if len(r.horizons) > 1 and scored:
        names = {s.ruleset for s in scored}
        rows = [
            (row.ruleset, row.cells[0])
            for row in compare([r]).rows
            if row.category is None and row.ruleset in names
        ]
        horizon_chart = _horizon_chart("horizons", rows, r.horizons)
    seal_charts = {
        s.ruleset: _seal_chart(f"seal-{s.ruleset}", s.grading)
        for s in r.summary.rulesets
        if s.grading is not None
    }
    sections = []
    for ref in r.rulesets:
        mine = [x for x in r.results if x.ruleset == ref.id]
        graded = any(x.grade is not None for x in mine)
        key = (lambda x: x.objective or "") if graded else (lambda x: x.category)
        groups = []
        for name in sorted({key(x) for x in mine}):
            members = sorted(
                (x for x in mine if key(x) == name),
                key=lambda x: (_ORDER.get(x.status, 9), _SEVERITY[x.severity]),
            )
            groups.append((name, members, _tally(members)))
        sections.append((ref, graded, groups))
    return _page(
        "report.html.j2",
        r=r,
        reconstructed=r.reconstructed,
        scored=scored,
        blocking=blocking,
        ruled_out=ruled_out,
        horizon_chart=horizon_chart,
        seal_charts=seal_charts,
        sections=sections,
    )


def _tally(results: list[Result]) -> dict[str, int]:
    out: dict[str, int] = {}
    for x in results:
        out[x.status] = out.get(x.status, 0) + 1
    return dict(sorted(out.items(), key=lambda kv: _ORDER.get(kv[0], 9)))


def comparison(c: Comparison) -> str:
    """The procurement matrix as a heat map, score per horizon per provider, rankings."""
    names = {p["id"]: p["name"] for p in c.providers}
    graded = {x.ruleset for x in c.rankings}
    rows = [row for row in c.rows if row.ruleset not in graded]
    horizon_charts = [
        (
            row.ruleset,
            _horizon_chart(
                f"horizons-{row.ruleset}",
                [(names[cell.provider], cell) for cell in row.cells],
                c.horizons,
            ),
        )
        for row in rows
        if row.category is None
    ]
    ranking_charts = []
    for ranking in c.rankings:
        entries = ranking.entries
        seal = charts.range_chart(
            f"seal-{ranking.ruleset}-{ranking.months}",
            [
                (
                    names[e.provider],
                    e.gate or "",
                    float(e.seal.low if e.seal else 0),
                    float(e.seal.high if e.seal else 0),
                    "SEAL " + interval(e.seal),
                )
                for e in entries
            ],
            4,
            [0, 1, 2, 3, 4],
        )
        ranking_charts.append((ranking, seal))
    return _page(
        "comparison.html.j2",
        c=c,
        names=names,
        reconstructed=c.reconstructed,
        rows=rows,
        horizon_charts=horizon_charts,
        ranking_charts=ranking_charts,
        known_now=known_now,
    )


def history(h: History) -> str:
    """Scores across the revisions of a rule set (the goalposts moving)."""
    chart = charts.line_chart(
        "history",
        h.revisions,
        [(p.name, [pt.weighted_score for pt in p.points]) for p in h.providers],
    )
    return _page(
        "history.html.j2",
        h=h,
        chart=chart,
        reconstructed=[h.ruleset] if h.provenance != "published" else [],
    )


def diff(d: Diff) -> str:
    """Requirements added, removed and changed between two revisions."""
    reconstructed = sorted({x.ruleset for x in (d.a, d.b) if x.provenance != "published"})
    return _page("diff.html.j2", d=d, reconstructed=reconstructed)


def plan(p: PlanReport) -> str:
    """What it would take for one provider to meet the rule sets."""
    return _page("plan.html.j2", p=p, reconstructed=p.reconstructed)


def tailoring(t: Tailoring) -> str:
    """Who meets each requirement, whether a sovereign provider does; revisions' distances."""
    names = {p.provider: p.name for p in t.providers}
    states = {p.provider: p.sovereignty for p in t.providers}
    return _page(
        "tailoring.html.j2", t=t, names=names, states=states, reconstructed=t.reconstructed
    )


def contradictions(a: Analysis) -> str:
    """Requirements no profile can meet (together or at all), those another implies, and with
    providers the sets no single provider meets."""
    return _page("contradictions.html.j2", a=a, reconstructed=a.reconstructed)


def inventory(inventory: Inventory) -> str:
    """The rule sets available (`compliance rules`): what each is, its provenance, its source."""
    reconstructed = [r.id for r in inventory.rulesets if r.provenance != "published"]
    return _page("inventory.html.j2", inventory=inventory, reconstructed=reconstructed)
