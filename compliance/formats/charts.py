"""Chart geometry for the HTML reports: values in, positions out. The SVG markup is written by
the templates (templates/charts.html.j2); nothing here knows words or markup.

Every chart is drawn in a fixed coordinate system (its viewBox) and scales to the page width.
Series are told apart by colour *and* marker shape *and* dash, so that a chart printed in grey
or read by someone who does not see colours still separates them; each chart also has a legend
and sits beside a table holding the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# Ten colours with a contrast of at least 3:1 on white (WCAG 1.4.11 for graphics), as far apart
# in hue as ten can be; a palette of pastels (Mermaid's default) fails that test.
PALETTE = (
    "#1f5fa8",
    "#c2410c",
    "#237a2e",
    "#b3202b",
    "#6d3fa0",
    "#7a4e2d",
    "#b0287f",
    "#4a4a4a",
    "#6b6b00",
    "#0b6e78",
)
MARKERS = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "down",
    "plus",
    "cross",
    "circle",
    "square",
    "triangle",
)
DASHES = ("", "", "", "", "", "", "", "6 3", "6 3", "6 3")
# Horizons: one hue, darker as the horizon recedes (the order is also the bars' order).
HORIZON_SHADES = ("#1f5fa8", "#4f86c6", "#86afdc", "#b9d2ee", "#dde9f7")
STATUS_FILL = {"met": "#237a2e", "partial": "#d4a017", "gap": "#b3202b", "unknown": "url(#hatch)"}


def _fmt(value: float) -> str:
    """Coordinates with at most one decimal, stable across platforms: 12.5, 40, never 40.0."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def marker(kind: str, x: float, y: float, r: float = 4.0) -> str:
    """An SVG path for a series marker centred on (x, y)."""
    shapes = {
        "circle": f"M{_fmt(x - r)},{_fmt(y)}a{_fmt(r)},{_fmt(r)} 0 1,0 {_fmt(2 * r)},0"
        f"a{_fmt(r)},{_fmt(r)} 0 1,0 {_fmt(-2 * r)},0Z",
        "square": f"M{_fmt(x - r)},{_fmt(y - r)}h{_fmt(2 * r)}v{_fmt(2 * r)}h{_fmt(-2 * r)}Z",
        "triangle": f"M{_fmt(x)},{_fmt(y - r * 1.2)}L{_fmt(x + r * 1.1)},{_fmt(y + r * 0.9)}"
        f"L{_fmt(x - r * 1.1)},{_fmt(y + r * 0.9)}Z",
        "down": f"M{_fmt(x)},{_fmt(y + r * 1.2)}L{_fmt(x + r * 1.1)},{_fmt(y - r * 0.9)}"
        f"L{_fmt(x - r * 1.1)},{_fmt(y - r * 0.9)}Z",
        "diamond": f"M{_fmt(x)},{_fmt(y - r * 1.3)}L{_fmt(x + r * 1.3)},{_fmt(y)}"
        f"L{_fmt(x)},{_fmt(y + r * 1.3)}L{_fmt(x - r * 1.3)},{_fmt(y)}Z",
        "plus": f"M{_fmt(x - r)},{_fmt(y)}h{_fmt(2 * r)}M{_fmt(x)},{_fmt(y - r)}v{_fmt(2 * r)}",
        "cross": f"M{_fmt(x - r)},{_fmt(y - r)}l{_fmt(2 * r)},{_fmt(2 * r)}"
        f"M{_fmt(x - r)},{_fmt(y + r)}l{_fmt(2 * r)},{_fmt(-2 * r)}",
    }
    return shapes[kind]


@dataclass(frozen=True)
class Style:
    """How one series looks: colour, marker shape, dash pattern."""

    color: str
    marker: str
    dash: str
    open: bool  # stroke-only shapes (plus, cross) cannot be filled

    @classmethod
    def nth(cls, i: int) -> Style:
        kind = MARKERS[i % len(MARKERS)]
        return cls(
            PALETTE[i % len(PALETTE)], kind, DASHES[i % len(DASHES)], kind in ("plus", "cross")
        )


@dataclass(frozen=True)
class Frame:
    """The viewBox (width x height) and the plot area within it, in its coordinates."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int


@dataclass(frozen=True)
class Tick:
    at: str
    label: str


@dataclass(frozen=True)
class Point:
    x: str
    y: str
    label: str  # the value as text, for the point's tooltip
    marker: str


@dataclass(frozen=True)
class Line:
    name: str
    style: Style
    points: list[Point]
    path: str  # polyline "x,y x,y ..."
    end_y: str  # where the direct label at the right end sits (collisions pushed apart)
    last_y: str  # where the line ends: a leader joins it to its label
    end_label: str
    swatch: str  # the marker as drawn in the legend


@dataclass(frozen=True)
class LineChart:
    id: str
    frame: Frame
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    lines: list[Line]
    label_x: str


def _nice_ceiling(top: float) -> float:
    """The axis maximum: the next multiple of 10 above the best value (percent), at least 10."""
    return min(100.0, max(10.0, -(-top * 1.1 // 10) * 10))


def _spread(wanted: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label positions as close as possible to ``wanted``, at least ``gap`` apart, within
    [low, high] (direct labels at line ends must not overlap when lines end together)."""
    order = sorted(range(len(wanted)), key=lambda i: (wanted[i], i))
    placed: list[float] = []
    for i in order:
        y = max(wanted[i], placed[-1] + gap if placed else low)
        placed.append(y)
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:  # shift everything up, keeping the spacing
        placed = [max(low, y - overflow) for y in placed]
        for k in range(1, len(placed)):
            placed[k] = max(placed[k], placed[k - 1] + gap)
    out = [0.0] * len(wanted)
    for rank, i in enumerate(order):
        out[i] = placed[rank]
    return out


def line_chart(
    chart_id: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    unit: str = " %",
    scale: float = 100.0,
) -> LineChart:
    """One line per series over categorical x positions; values are fractions (0-1) shown as
    percent by default. Each line ends with a direct label, besides the legend."""
    width, left, right, top, bottom = 760, 44, 250, 14, 34
    height = max(300, 16 * len(series) + top + bottom)
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v * scale for _, vs in series for v in vs]
    y_max = _nice_ceiling(max(values, default=0.0)) if scale == 100.0 else max(values, default=1)
    n = max(1, len(x_labels) - 1)

    def x(i: int) -> float:
        return left + plot_w * i / n if len(x_labels) > 1 else left + plot_w / 2

    def y(v: float) -> float:
        return top + plot_h * (1 - v / y_max)

    step = y_max / 5
    y_ticks = [Tick(_fmt(y(k * step)), f"{k * step:g}") for k in range(6)]
    x_ticks = [Tick(_fmt(x(i)), label) for i, label in enumerate(x_labels)]
    ends = _spread([y(vs[-1] * scale) if vs else top for _, vs in series], 14.0, top, top + plot_h)
    lines = []
    for i, (name, vs) in enumerate(series):
        style = Style.nth(i)
        points = [
            Point(
                _fmt(x(k)),
                _fmt(y(v * scale)),
                f"{v * scale:.1f}{unit}",
                marker(style.marker, x(k), y(v * scale)),
            )
            for k, v in enumerate(vs)
        ]
        lines.append(
            Line(
                name,
                style,
                points,
                " ".join(f"{p.x},{p.y}" for p in points),
                _fmt(ends[i] + 4),
                points[-1].y if points else _fmt(top),
                f"{vs[-1] * scale:.1f}{unit}" if vs else "",
                marker(style.marker, 15, 6, 3.5),
            )
        )
    return LineChart(
        chart_id,
        Frame(width, height, left, width - right, top, top + plot_h),
        x_ticks,
        y_ticks,
        lines,
        _fmt(width - right + 34),
    )


@dataclass(frozen=True)
class Bar:
    y: str
    width: str
    height: str
    color: str
    series: str
    value: str
    text_x: str


@dataclass(frozen=True)
class BarGroup:
    label: str
    note: str
    y: str
    note_y: str
    bars: list[Bar]


@dataclass(frozen=True)
class BarChart:
    id: str
    frame: Frame
    ticks: list[Tick]
    groups: list[BarGroup]
    legend: list[tuple[str, str]]


def bar_chart(
    chart_id: str, groups: Sequence[tuple[str, str, Sequence[float]]], series: Sequence[str]
) -> BarChart:
    """Horizontal grouped bars: one group per (label, note, values), one bar per series (the
    horizons), values as fractions 0-1 drawn on a 0-100 % axis with the value at each bar's end."""
    bar_h, gap, width, left, right, top = 9, 12, 760, 230, 60, 8
    group_h = bar_h * len(series) + gap
    height = top + group_h * len(groups) + 26
    plot_w = width - left - right
    ticks = [Tick(_fmt(left + plot_w * k / 5), f"{k * 20}") for k in range(6)]
    out = []
    for g, (label, note, values) in enumerate(groups):
        y0 = top + g * group_h
        bars = [
            Bar(
                _fmt(y0 + k * bar_h),
                _fmt(max(0.0, plot_w * v)),
                str(bar_h - 1),
                HORIZON_SHADES[k % len(HORIZON_SHADES)],
                series[k],
                f"{v * 100:.0f} %",
                _fmt(left + plot_w * v + 4),
            )
            for k, v in enumerate(values)
        ]
        mid = y0 + bar_h * len(series) / 2
        out.append(BarGroup(label, note, _fmt(mid - 1 if note else mid + 4), _fmt(mid + 11), bars))
    legend = [(name, HORIZON_SHADES[k % len(HORIZON_SHADES)]) for k, name in enumerate(series)]
    return BarChart(
        chart_id, Frame(width, height, left, width - right, top, height - 26), ticks, out, legend
    )


@dataclass(frozen=True)
class Range:
    label: str
    note: str
    y: str
    text_y: str
    solid: str  # width from the axis start to the worst case (reached whatever the answers)
    open_x: str
    open_w: str  # from the worst to the best case (still possible): hatched
    text: str
    text_x: str


@dataclass(frozen=True)
class RangeChart:
    id: str
    frame: Frame
    ticks: list[Tick]
    rows: list[Range]
    threshold: str | None  # x of the minimum asked, if any


def range_chart(
    chart_id: str,
    rows: Sequence[tuple[str, str, float, float, str]],
    maximum: float,
    ticks: Sequence[float],
    threshold: float | None = None,
) -> RangeChart:
    """Intervals on one axis from 0 to ``maximum``: per row (label, note, low, high, text), a
    solid bar up to ``low`` and a hatched one from ``low`` to ``high``."""
    row_h, width, left, right, top = 26, 760, 290, 90, 8
    height = top + row_h * len(rows) + 26
    plot_w = width - left - right

    def x(v: float) -> float:
        return left + plot_w * v / maximum

    out = [
        Range(
            label,
            note,
            _fmt(top + i * row_h + 4),
            _fmt(top + i * row_h + 17),
            _fmt(x(low) - left),
            _fmt(x(low)),
            _fmt(x(high) - x(low)),
            text,
            _fmt(x(high) + 6),
        )
        for i, (label, note, low, high, text) in enumerate(rows)
    ]
    return RangeChart(
        chart_id,
        Frame(width, height, left, width - right, top, height - 26),
        [Tick(_fmt(x(t)), f"{t:g}") for t in ticks],
        out,
        _fmt(x(threshold)) if threshold is not None else None,
    )


@dataclass(frozen=True)
class Segment:
    status: str
    x: str
    width: str
    fill: str
    count: int


def composition(counts: dict[str, int], width: float = 120.0) -> list[Segment]:
    """A 100 % stacked bar of the applicable verdicts: met, partial, gap, then unknown (hatched,
    so that missing evidence never looks like a gap)."""
    total = sum(counts.get(s, 0) for s in STATUS_FILL)
    out, at = [], 0.0
    for status, fill in STATUS_FILL.items():
        n = counts.get(status, 0)
        if not n or not total:
            continue
        w = width * n / total
        out.append(Segment(status, _fmt(at), _fmt(w), fill, n))
        at += w
    return out
