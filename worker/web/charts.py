"""Charts drawn on the server as SVG: the geometry here, the markup in the templates (where
every label is escaped like any other text). No chart library, nothing for the browser to run.
The one exception is ``spark_svg``, the sparkline the watchlist page draws once per company
(500 macro calls cost more than the rest of the page): its markup is written here, its one
label escaped with markupsafe.

- ``sparkline``: a company's similarity to the prior quarter, quarter by quarter;
- ``guide_chart``: one guidance metric — for each target period, one bar per quarter it was
  guided in, from the low to the high end of the range (a point guide is a short bar).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from worker.storage.views import GuidanceChart, SimilarityPoint

SERIES = 6  # colours for the quarters a guide was given in (CSS classes s0…s5)


@dataclass(frozen=True)
class Spark:
    width: int
    height: int
    points: str  # the polyline's "x,y x,y …"
    last: tuple[float, float] | None
    title: str


def sparkline(points: list[SimilarityPoint], width: int = 120, height: int = 24) -> Spark:
    values = [p.cosine for p in points]
    title = ", ".join(f"{p.period}: {p.cosine:.2f}" for p in points) or "no comparisons yet"
    if not values:
        return Spark(width, height, "", None, title)
    low = min(min(values) - 0.05, 0.8)
    span = max(1.0 - low, 1e-6)
    step = (width - 4) / max(len(values) - 1, 1)
    coords = [(2 + i * step, 2 + (height - 4) * (1 - (min(v, 1.0) - low) / span)) for i, v in enumerate(values)]
    if len(coords) == 1:
        coords = [(2, coords[0][1]), (width - 2, coords[0][1])]
    return Spark(width, height, " ".join(f"{x:.1f},{y:.1f}" for x, y in coords), coords[-1], title)


def spark_svg(points: list[SimilarityPoint]) -> Markup:
    """The sparkline as an ``<svg>`` element, ready for a template."""
    s = sparkline(points)
    title = escape(s.title)
    line = f'<polyline points="{s.points}"/>' if s.points else ""
    dot = f'<circle cx="{s.last[0]:.1f}" cy="{s.last[1]:.1f}" r="2"/>' if s.last else ""
    return Markup(
        f'<svg class="spark" width="{s.width}" height="{s.height}" viewBox="0 0 {s.width} {s.height}" role="img" '
        f'aria-label="similarity to the prior quarter: {title}"><title>{title}</title>{line}{dot}</svg>'
    )


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    series: int
    label: str


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class GroupLabel:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot: tuple[float, float, float, float]  # left, top, right, bottom
    bars: list[Bar]
    ticks: list[Tick]
    groups: list[GroupLabel]
    legend: list[tuple[int, str]]


LEFT, TOP, RIGHT, BOTTOM = 56, 12, 12, 40


def guide_chart(chart: GuidanceChart, width: int = 560, height: int = 220) -> Chart:
    marks = chart.marks
    low = min(m.low for m in marks)
    high = max(m.high for m in marks)
    ticks = nice_ticks(low, high)
    bottom_value, top_value = ticks[0], ticks[-1]
    plot = (float(LEFT), float(TOP), float(width - RIGHT), float(height - BOTTOM))

    def y(value: float) -> float:
        return plot[3] - (value - bottom_value) / (top_value - bottom_value) * (plot[3] - plot[1])

    series = {period: index % SERIES for index, period in enumerate(chart.guided_in)}
    group_width = (plot[2] - plot[0]) / len(chart.targets)
    bars, groups = [], []
    for index, target in enumerate(chart.targets):
        inside = [m for m in marks if m.target == target]
        left = plot[0] + index * group_width
        groups.append(GroupLabel(left + group_width / 2, target or "period not stated"))
        bar_width = min(28.0, (group_width - 12) / max(len(inside), 1))
        start = left + (group_width - bar_width * len(inside)) / 2
        for position, mark in enumerate(inside):
            top, base = y(mark.high), y(mark.low)
            tall = max(base - top, 3.0)
            bars.append(Bar(
                start + position * bar_width + 1, top - (tall - (base - top)) / 2, bar_width - 2, tall, series[mark.guided_in],
                f"{chart.name} for {target or 'a period not stated'}, guided in {mark.guided_in}: {mark.text}"
                + (f" ({mark.basis})" if mark.basis else ""),
            ))
    unit = chart.unit if chart.unit in ("%", "pts", "bp", "x") else f" {chart.unit}" if chart.unit else ""
    return Chart(
        width, height, plot, bars, [Tick(y(v), f"{_number(v)}{unit}") for v in ticks], groups,
        [(series[p], p) for p in chart.guided_in],
    )


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round values from at or below ``low`` to at or above ``high``."""
    if math.isclose(low, high):
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(low / step) * step
    ticks = [first]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return ticks


def _number(value: float) -> str:
    if abs(value) >= 1e9:
        return f"{value / 1e9:g}B"
    if abs(value) >= 1e6:
        return f"{value / 1e6:g}M"
    return f"{round(value, 4):g}"
