"""Guidance rules: raised, lowered, new and withdrawn guidance.

* A guided figure is compared with the baseline's guided figure for the same metric, unit and
  a comparable period (the same period; or one side states none, neither is "long term" and
  the sizes are alike, see ``comparable``), preferring the counterpart statement, then the same period, then an equal value. Midpoints
  that differ by no more than rounding (``_TOLERANCE``) are reaffirmed guidance: no change.
* ``guidance_new``: a metric with a guided figure in a guidance statement, where the baseline
  guided that metric for no period at all.
* ``guidance_withdrawn``: only on explicit words ("withdraw", "no longer providing",
  "suspend guidance"), and only when the baseline had no such words itself (a standing "we do
  not provide guidance" is no news). A guidance topic missing from a summary is no withdrawal.
* ``guidance_timing`` is in ``earnings.timing``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from earnings.classify import GUIDANCE, Reading
from earnings.document import FORWARD_LOOKING
from earnings.figures import format_figure
from earnings.lexicon import METRIC_PATTERN, metric_label, metric_of
from earnings.period import FiscalPeriod
from earnings.report import (
    GUIDANCE_LOWERED,
    GUIDANCE_NEW,
    GUIDANCE_RAISED,
    GUIDANCE_WITHDRAWN,
    Change,
    Figure,
)

_LONG_TERM = "long term"
_YEAR = re.compile(r"(?:19|20)\d\d")  # the period label timeref gives "long-term"
# How far two midpoints may differ and still be the same guidance (rounding).
_TOLERANCE = {"%": 0.5, "bp": 5.0}
_EXACT_STEP = {"%": 0.1, "bp": 1.0}  # the smallest deliberate move of an exact range's midpoint
_RELATIVE_TOLERANCE = 0.01  # money and multiples: 1% of the baseline midpoint
_UNSTATED_PERIOD_RATIO = 1.5


def comparable(a: Figure, b: Figure) -> bool:
    """Whether ``a`` and ``b`` guide the same thing: same metric and unit, and the same period;
    or one states no period, neither is "long term", and their sizes are alike (within
    ``_UNSTATED_PERIOD_RATIO``: "$600 million" with no period is no update of a quarter's
    "$130 million")."""
    if a.metric != b.metric or a.unit != b.unit:
        return False
    if a.period == b.period:
        return True
    if (a.period and b.period) or _LONG_TERM in (a.period, b.period):
        return False
    low, high = sorted((abs(a.midpoint), abs(b.midpoint)))
    return high <= _UNSTATED_PERIOD_RATIO * low


def move(before: Figure, after: Figure) -> float:
    """The size of a guidance move, signed: points for "%" and "bp" (bp in points of 100),
    percent of the baseline otherwise; 0.0 when within rounding. Two exact ranges whose ends
    differ were set deliberately: "18% to 19%" -> "18.5% to 19%" is a move (for percentages and
    basis points, by a tenth of a point or one basis point or more)."""
    diff = after.midpoint - before.midpoint
    exact = (before.unit in _EXACT_STEP and not (before.approximate or after.approximate)
             and before.low != before.high and after.low != after.high)
    if exact and abs(diff) >= _EXACT_STEP[before.unit]:
        return diff / 100 if before.unit == "bp" else diff
    if before.unit in _TOLERANCE:
        if abs(diff) <= _TOLERANCE[before.unit]:
            return 0.0
        return diff / 100 if before.unit == "bp" else diff
    base = abs(before.midpoint) or 1.0
    if abs(diff) <= _RELATIVE_TOLERANCE * base:
        return 0.0
    return 100 * diff / base


def _when(new: FiscalPeriod, baseline: FiscalPeriod) -> str:
    if baseline == new.previous():
        return "last quarter"
    if baseline == new.year_ago():
        return "a year ago"
    return f"in {baseline.label}"


def figure_changes(new: Sequence[Reading], base: Sequence[Reading], pairs: dict[int, int],
                   new_period: FiscalPeriod, base_period: FiscalPeriod) -> list[Change]:
    """Raised, lowered and new guidance, from every guided figure of both documents."""
    base_figures = [(j, k, f) for j, r in enumerate(base) for k, f in enumerate(r.guidance_figures)
                    if r.statement.section != FORWARD_LOOKING]
    guided_before = {f.metric for _, _, f in base_figures}
    years_before = {(f.metric, f.period) for _, _, f in base_figures if _YEAR.fullmatch(f.period)}
    used: set[tuple[int, int]] = set()
    announced: set[tuple[str, str]] = set()
    moved: set[tuple[str, str, str, float, float]] = set()  # a move said twice is one change
    changes: list[Change] = []
    for i, reading in enumerate(new):
        if reading.statement.section == FORWARD_LOOKING:
            continue
        fresh: list[Figure] = []
        for figure in reading.guidance_figures:
            candidates = [(j, k, f) for j, k, f in base_figures if (j, k) not in used and comparable(f, figure)]
            if not candidates:
                key = (figure.metric, figure.period)
                if reading.kind == GUIDANCE and key not in announced and _is_new(figure, guided_before, years_before):
                    announced.add(key)
                    fresh.append(figure)
                continue
            j, k, before = min(candidates, key=lambda c: (
                pairs.get(i) != c[0], c[2].period != figure.period, move(c[2], figure) != 0.0, c[0], c[1]))
            used.add((j, k))
            size = move(before, figure)
            key = (figure.metric, figure.period, before.period, before.midpoint, figure.midpoint)
            if size and key not in moved:
                moved.add(key)
                changes.append(_moved(reading, base[j], before, figure, size, _when(new_period, base_period)))
        if fresh:
            changes.append(_new_guidance(reading, fresh))
    return changes


def _is_new(figure: Figure, guided_before: set[str], years_before: set[tuple[str, str]]) -> bool:
    """A metric never guided before, or a first guide for a later fiscal year of a metric the
    baseline guided by the year ("fiscal 2026 revenue" after "fiscal 2025 revenue")."""
    if figure.metric not in guided_before:
        return True
    if not _YEAR.fullmatch(figure.period):
        return False
    earlier = [int(p) for m, p in years_before if m == figure.metric]
    return bool(earlier) and int(figure.period) > max(earlier)


def _moved(reading: Reading, before_reading: Reading, before: Figure, after: Figure, size: float, when: str) -> Change:
    lowered = size < 0
    magnitude = abs(size) * (6 if after.unit in ("%", "bp") else 2)
    severity = min(95, round(50 + magnitude)) if lowered else min(85, round(35 + magnitude))
    after_for = f" for {after.period}" if after.period else ""
    # the baseline's period is shown only when both name one and they differ: "vs ~75% last quarter"
    before_for = f" for {before.period}" if before.period and after.period and before.period != after.period else ""
    span = _span_change(before, after)
    return Change(
        kind=GUIDANCE_LOWERED if lowered else GUIDANCE_RAISED,
        topic=reading.statement.topic or before_reading.statement.topic,
        before=before_reading.statement.text,
        after=reading.statement.text,
        severity=severity,
        reason=f"{metric_label(after.metric)} guidance {format_figure(after)}{after_for} vs "
               f"{format_figure(before)}{before_for} {when}{span}",
        figures_before=(before,),
        figures_after=(after,),
    )


def _span_change(before: Figure, after: Figure) -> str:
    """", range widened" / ", range narrowed" when both are ranges and the width moved by a third."""
    old, new = before.high - before.low, after.high - after.low
    if old and new and new >= 1.33 * old:
        return ", range widened"
    if old and new and new <= 0.75 * old:
        return ", range narrowed"
    return ""


def _new_guidance(reading: Reading, figures: list[Figure]) -> Change:
    parts = [f"{metric_label(f.metric)} {format_figure(f)}{f' for {f.period}' if f.period else ''}" for f in figures]
    return Change(
        kind=GUIDANCE_NEW, topic=reading.statement.topic, before="", after=reading.statement.text, severity=45,
        reason=f"new guidance: {', '.join(parts)}",
        figures_after=tuple(figures),
    )


def withdrawals(new: Sequence[Reading], base: Sequence[Reading], pairs: dict[int, int]) -> list[Change]:
    """Explicitly withdrawn guidance, with the baseline's guidance for the same metrics."""
    changes: list[Change] = []
    if any(r.withdrawal for r in base):
        return changes  # guidance already withdrawn (or never given) last time: nothing new
    for i, reading in enumerate(new):
        if not reading.withdrawal:
            continue
        metrics = {metric_of(m) for m in METRIC_PATTERN.finditer(reading.statement.text)}
        before = [r for r in base if any(f.metric in metrics for f in r.guidance_figures)]
        if i in pairs and base[pairs[i]].guidance_figures:
            before.insert(0, base[pairs[i]])
        previous = before[0] if before else None
        figures = tuple(f for f in previous.guidance_figures if not metrics or f.metric in metrics) if previous else ()
        named = ", ".join(sorted(metric_label(m) for m in metrics)) or "guidance"
        changes.append(Change(
            kind=GUIDANCE_WITHDRAWN, topic=reading.statement.topic, before=previous.statement.text if previous else "",
            after=reading.statement.text, severity=80, figures_before=figures,
            reason=f"{named} guidance withdrawn: \u201c{reading.withdrawal}\u201d",
        ))
    return changes
