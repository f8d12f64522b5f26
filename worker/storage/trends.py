"""A company's quarters read across: the risk matrix and the guidance charts, built from the
reports of each quarter against the quarter before it (pure functions of the stored reports).

``reports`` are ``(period, baseline period, report)`` triples, oldest quarter first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from earnings.guidance import metric_name
from earnings.report import ChangeKind
from worker.storage.views import GuidanceChart, GuideMark, RiskMatrix, RiskRow

Reports = list[tuple[str, str, dict[str, Any]]]

NEW, ESCALATED, EASED, GONE, PRESENT, ABSENT = "new", "escalated", "eased", "gone", "present", ""
_EVENT = {ChangeKind.RISK_ADDED: NEW, ChangeKind.RISK_ESCALATED: ESCALATED, ChangeKind.RISK_EASED: EASED, ChangeKind.RISK_REMOVED: GONE}


def risk_matrix(periods: list[str], reports: Reports) -> RiskMatrix:
    """Risk topic × quarter. A quarter's risk changes mark it ``new``, ``escalated``, ``eased``
    or ``gone``; between two changes a topic is ``present`` (after anything but ``gone``), and a
    topic whose first change is not ``new`` was there from the first stored quarter."""
    events: dict[str, dict[str, str]] = defaultdict(dict)
    order: list[str] = []
    for period, _baseline, report in reports:
        for change in report.get("changes", []):
            event = _EVENT.get(change.get("kind"))  # type: ignore[call-overload]
            topic = str(change.get("topic") or "").strip()
            if event is None or not topic:
                continue
            if topic not in events:
                order.append(topic)
            events[topic].setdefault(period, event)
    rows = []
    for topic in order:
        marks = events[topic]
        first = next(marks[p] for p in periods if p in marks)
        state = ABSENT if first == NEW else PRESENT
        cells = []
        for period in periods:
            if period in marks:
                state = marks[period]
                cells.append(state)
                state = ABSENT if state == GONE else PRESENT
            else:
                cells.append(state)
        rows.append(RiskRow(topic=topic, cells=cells))
    return RiskMatrix(periods=periods, rows=rows)


def guidance_charts(reports: Reports) -> list[GuidanceChart]:
    """One chart per guided metric (and unit, segment, scenario): each target period's range as
    it was guided each quarter, read from the figures of the guidance changes (the figures
    after a change were guided in its quarter, those before in its baseline quarter)."""
    charts: dict[tuple[str, str, str, str], dict[tuple[str, str, float, float, str], GuideMark]] = defaultdict(dict)
    for period, baseline, report in reports:
        for change in report.get("changes", []):
            if not str(change.get("kind", "")).startswith("guidance_"):
                continue
            for guided_in, figures in ((baseline, change.get("figures_before", [])), (period, change.get("figures_after", []))):
                for figure in figures:
                    mark = _mark(guided_in, figure)
                    if mark is None:
                        continue
                    key = (figure["metric"], figure.get("unit", ""), figure.get("segment", ""), figure.get("scenario", ""))
                    charts[key].setdefault((mark.guided_in, mark.target, mark.low, mark.high, mark.basis), mark)
    found = []
    for (metric, unit, segment, scenario), marks in sorted(charts.items()):
        listed = sorted(marks.values(), key=lambda m: (period_order(m.target), m.guided_in))
        name = " ".join(p for p in (segment, metric_name(metric)) if p) + (f" ({scenario})" if scenario else "")
        found.append(GuidanceChart(
            metric=metric, name=name, unit=unit, marks=listed,
            targets=sorted({m.target for m in listed}, key=period_order), guided_in=sorted({m.guided_in for m in listed}),
        ))
    return found


def _mark(guided_in: str, figure: dict[str, Any]) -> GuideMark | None:
    if figure.get("unit") == "level" or not figure.get("metric"):
        return None  # "about flat", "top half of the range": no number to chart
    low, high = figure.get("low"), figure.get("high")
    if low is None and high is None:
        return None
    low, high = (high, high) if low is None else (low, low) if high is None else (low, high)
    return GuideMark(guided_in=guided_in, target=str(figure.get("period") or ""), low=float(low or 0), high=float(high or 0),
                     text=str(figure.get("text") or ""), basis=str(figure.get("basis") or ""))


_QUARTER = re.compile(r"^Q([1-4])\s+(\d{4})$")
_HALF = re.compile(r"^H([12])\s+(\d{4})$")
_YEAR = re.compile(r"^FY\s?(\d{4})$")


def period_order(label: str) -> tuple[float, str]:
    """Target periods in time order: Q1 2025, H1 2025, Q2 2025, …, FY2025, later years, the long
    term, then a target the document did not state."""
    for pattern, place in ((_QUARTER, lambda m: int(m[2]) + int(m[1]) / 5), (_HALF, lambda m: int(m[2]) + int(m[1]) * 0.4 + 0.01),
                           (_YEAR, lambda m: int(m[1]) + 0.95)):
        match = pattern.match(label.strip())
        if match:
            return place(match), label
    if label.strip().lower() == "long term":
        return 99_998.0, label
    return 99_999.0 if not label else 99_997.0, label
