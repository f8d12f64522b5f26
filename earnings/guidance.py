"""Guidance rules: raised, lowered, new, withdrawn and moved targets.

* A guided figure is compared with the baseline's guided figure for the same metric, unit and
  a comparable period (the same period; or one side states none, neither is "long term" and
  the sizes are alike, see ``comparable``), preferring the counterpart statement, then the same period, then an equal value. Midpoints
  that differ by no more than rounding (``_TOLERANCE``) are reaffirmed guidance: no change.
* ``guidance_new``: a metric with a guided figure in a guidance statement, where the baseline
  guided that metric for no period at all.
* ``guidance_withdrawn``: only on explicit words ("withdraw", "no longer providing",
  "suspend guidance"), and only when the baseline had no such words itself (a standing "we do
  not provide guidance" is no news). A guidance topic missing from a summary is no withdrawal.
* ``guidance_timing``: in counterpart statements, a target time that has no equal on the
  other side pairs with one of the same kind and granularity ("by 2027" -> "by 2028"). When
  either side's time is relative ("in Q4", "later in the year") the horizon from each
  document's own quarter must differ too, so a rolling "next quarter" outlook never moves,
  and the same relative words on both sides ("for the full year") are never a move.
"""

from __future__ import annotations

from collections.abc import Sequence

from earnings.align import content_words
from earnings.classify import GUIDANCE, Reading
from earnings.figures import format_figure
from earnings.lexicon import METRIC_PATTERN, metric_label, metric_of
from earnings.period import FiscalPeriod
from earnings.report import (
    GUIDANCE_LOWERED,
    GUIDANCE_NEW,
    GUIDANCE_RAISED,
    GUIDANCE_TIMING,
    GUIDANCE_WITHDRAWN,
    Change,
    Figure,
)
from earnings.timeref import TimeRef

LONG_TERM = "long term"
# How far two midpoints may differ and still be the same guidance (rounding).
_TOLERANCE = {"%": 0.5, "bp": 5.0}
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
    if (a.period and b.period) or LONG_TERM in (a.period, b.period):
        return False
    low, high = sorted((abs(a.midpoint), abs(b.midpoint)))
    return high <= _UNSTATED_PERIOD_RATIO * low


def move(before: Figure, after: Figure) -> float:
    """The size of a guidance move, signed: points for "%" and "bp" (bp in points of 100),
    percent of the baseline otherwise; 0.0 when within rounding."""
    diff = after.midpoint - before.midpoint
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
    base_figures = [(j, k, f) for j, r in enumerate(base) for k, f in enumerate(r.guidance_figures)]
    guided_before = {f.metric for _, _, f in base_figures}
    used: set[tuple[int, int]] = set()
    announced: set[tuple[str, str]] = set()
    changes: list[Change] = []
    for i, reading in enumerate(new):
        for figure in reading.guidance_figures:
            candidates = [(j, k, f) for j, k, f in base_figures if (j, k) not in used and comparable(f, figure)]
            if not candidates:
                key = (figure.metric, figure.period)
                if figure.metric not in guided_before and reading.kind == GUIDANCE and key not in announced:
                    announced.add(key)
                    changes.append(_new_guidance(reading, figure))
                continue
            j, k, before = min(candidates, key=lambda c: (
                pairs.get(i) != c[0], c[2].period != figure.period, move(c[2], figure) != 0.0, c[0], c[1]))
            used.add((j, k))
            size = move(before, figure)
            if size:
                changes.append(_moved(reading, base[j], before, figure, size, _when(new_period, base_period)))
    return changes


def _moved(reading: Reading, before_reading: Reading, before: Figure, after: Figure, size: float, when: str) -> Change:
    lowered = size < 0
    magnitude = abs(size) * (6 if after.unit in ("%", "bp") else 2)
    severity = min(95, round(50 + magnitude)) if lowered else min(85, round(35 + magnitude))
    after_for = f" for {after.period}" if after.period else ""
    before_for = f" for {before.period}" if before.period and before.period != after.period else ""
    return Change(
        kind=GUIDANCE_LOWERED if lowered else GUIDANCE_RAISED,
        topic=reading.statement.topic or before_reading.statement.topic,
        before=before_reading.statement.text,
        after=reading.statement.text,
        severity=severity,
        reason=f"{metric_label(after.metric)} guidance {format_figure(after)}{after_for} vs "
               f"{format_figure(before)}{before_for} {when}",
        figures_before=(before,),
        figures_after=(after,),
    )


def _new_guidance(reading: Reading, figure: Figure) -> Change:
    period = f" for {figure.period}" if figure.period else ""
    return Change(
        kind=GUIDANCE_NEW, topic=reading.statement.topic, before="", after=reading.statement.text, severity=45,
        reason=f"new {metric_label(figure.metric)} guidance{period}: {format_figure(figure)}",
        figures_after=(figure,),
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


def _horizon(ref: TimeRef, period: FiscalPeriod) -> float:
    return ref.value - (period.year + (period.quarter - 1) / 4)


def _context(text: str, ref: TimeRef) -> set[str]:
    return set(content_words(text[max(0, ref.start - 80):ref.start])[-8:])


def timing_changes(new: Sequence[Reading], base: Sequence[Reading], pairs: dict[int, int],
                   new_period: FiscalPeriod, base_period: FiscalPeriod) -> list[Change]:
    """Target times that moved between counterpart statements, at least one of them guidance."""
    changes: list[Change] = []
    for i, j in sorted(pairs.items()):
        after_r, before_r = new[i], base[j]
        if GUIDANCE not in (after_r.kind, before_r.kind):
            continue
        after = [t for t in after_r.targets if not any(_same(t, b) for b in before_r.targets)]
        before = [b for b in before_r.targets if not any(_same(t, b) for t in after_r.targets)]
        for old, now in _pair_targets(before, after, before_r.statement.text, after_r.statement.text):
            if not (old.absolute or now.absolute) and _words(old.text) == _words(now.text):
                continue  # the same relative words ("for the full year") re-anchored a quarter on
            if not (old.absolute and now.absolute) and abs(_horizon(old, base_period) - _horizon(now, new_period)) < 1e-9:
                continue  # a rolling horizon ("in Q4" then "in Q1") is not a moved target
            later = now.value > old.value
            years = abs(now.value - old.value)
            changes.append(Change(
                kind=GUIDANCE_TIMING, topic=after_r.statement.topic or before_r.statement.topic,
                before=before_r.statement.text, after=after_r.statement.text,
                severity=min(80, round(45 + 15 * years)) if later else 35,
                reason=f"target moved {'later' if later else 'earlier'}: "
                       f"\u201c{_quote(before_r.statement.text, old)}\u201d -> \u201c{_quote(after_r.statement.text, now)}\u201d",
            ))
    return changes


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _quote(text: str, ref: TimeRef, words: int = 5) -> str:
    """The few words leading to a target and the target: "the largest product line by 2027"."""
    lead = text[:ref.start].split()[-words:]
    return " ".join([*lead, ref.text]).strip(" ,;")


def _same(a: TimeRef, b: TimeRef) -> bool:
    return a.granularity == b.granularity and abs(a.value - b.value) < 1e-9


def _pair_targets(before: list[TimeRef], after: list[TimeRef], before_text: str,
                  after_text: str) -> list[tuple[TimeRef, TimeRef]]:
    """Pairs of unmatched targets of one kind and granularity: the only two, or by context."""
    pairs: list[tuple[TimeRef, TimeRef]] = []
    groups = sorted({(t.kind, t.granularity) for t in before} & {(t.kind, t.granularity) for t in after})
    for kind, granularity in groups:
        olds = [t for t in before if (t.kind, t.granularity) == (kind, granularity)]
        nows = [t for t in after if (t.kind, t.granularity) == (kind, granularity)]
        if len(olds) == 1 and len(nows) == 1:
            pairs.append((olds[0], nows[0]))
            continue
        scored = []
        for a, old in enumerate(olds):
            for b, now in enumerate(nows):
                left, right = _context(before_text, old), _context(after_text, now)
                overlap = len(left & right) / len(left | right) if left | right else 0.0
                scored.append((-overlap, a, b))
        taken_a: set[int] = set()
        taken_b: set[int] = set()
        for negative, a, b in sorted(scored):
            if -negative >= 0.2 and a not in taken_a and b not in taken_b:
                taken_a.add(a)
                taken_b.add(b)
                pairs.append((olds[a], nows[b]))
    return pairs
