"""The ``guidance_timing`` rule: a target time that moved ("by 2027" -> "by 2028").

In counterpart statements (at least one of them guidance), the target times with no equal on
the other side are paired: the only two of one kind and granularity ("by 2027" with "by
2028"), then any two led by alike words ("volume production by late 2026" with "volume
production in the first half of 2027"). A pair is a move only when the two spans of time do
not overlap ("in 2026" -> "in H2 2026" is no move) and, when either time is relative ("in
Q4", "later in the year"), its horizon from each document's own quarter differs too: a rolling
"next quarter" outlook never moves, nor do the same relative words ("for the full year").
"""

from __future__ import annotations

from collections.abc import Sequence

from earnings.align import content_words
from earnings.classify import GUIDANCE, Reading
from earnings.document import FORWARD_LOOKING
from earnings.period import FiscalPeriod
from earnings.report import GUIDANCE_TIMING, Change
from earnings.timeref import DEADLINE, TimeRef

_SAME_GROUP_OVERLAP = 0.2  # context overlap to pair two times of one kind and granularity
_CROSS_GROUP_OVERLAP = 0.3  # ... of different ones
_EPSILON = 1e-9


def timing_changes(new: Sequence[Reading], base: Sequence[Reading], pairs: dict[int, int],
                   new_period: FiscalPeriod, base_period: FiscalPeriod) -> list[Change]:
    """Target times that moved between counterpart statements."""
    changes: list[Change] = []
    moves: set[tuple[str, str]] = set()  # a move said twice (remarks, then an answer) is one change
    for i, j in sorted(pairs.items()):
        after_r, before_r = new[i], base[j]
        if GUIDANCE not in (after_r.kind, before_r.kind) or FORWARD_LOOKING in (
                after_r.statement.section, before_r.statement.section):
            continue  # the safe-harbor paragraph names the periods it covers, not targets
        after = [t for t in after_r.targets if not any(_same(t, b) for b in before_r.targets)]
        before = [b for b in before_r.targets if not any(_same(t, b) for t in after_r.targets)]
        found = _pair_targets(before, after, before_r.statement.text, after_r.statement.text)
        if after and not before_r.targets:
            # the baseline said it in two sentences ("...savings of $35 million. We should see
            # the full run rate in 2026."): the next or previous sentence of the same passage
            neighbour = _neighbour_with_targets(base, j, set(pairs.values()))
            if neighbour is not None:
                before_r = neighbour
                found = _pair_by_context(neighbour.targets, after, neighbour.statement.text, after_r.statement.text)
        for old, now in found:
            if not (old.absolute or now.absolute) and _words(old.text) == _words(now.text):
                continue  # the same relative words ("for the full year") re-anchored a quarter on
            if not (old.absolute and now.absolute) and abs(
                    _horizon(old, base_period) - _horizon(now, new_period)) < _EPSILON:
                continue  # a rolling horizon ("in Q4" then "in Q1") is not a moved target
            if now.value >= old.until - _EPSILON:
                later = True
            elif now.until <= old.value + _EPSILON:
                later = False
            else:
                continue  # the spans overlap: said differently, not moved
            years = abs(now.value - old.value)
            if (old.label, now.label) in moves:
                continue
            moves.add((old.label, now.label))
            changes.append(Change(
                kind=GUIDANCE_TIMING, topic=after_r.statement.topic or before_r.statement.topic,
                before=before_r.statement.text, after=after_r.statement.text,
                severity=min(80, round(45 + 15 * years)) if later else 35,
                reason=f"target moved {'later' if later else 'earlier'}: "
                       f"\u201c{_quote(before_r.statement.text, old)}\u201d -> "
                       f"\u201c{_quote(after_r.statement.text, now)}\u201d",
            ))
    return changes


def _neighbour_with_targets(base: Sequence[Reading], j: int, paired: set[int]) -> Reading | None:
    here = base[j].statement
    for k in (j + 1, j - 1):
        if 0 <= k < len(base) and k not in paired and base[k].targets:
            near = base[k].statement
            if (near.section, near.topic) == (here.section, here.topic):
                return base[k]
    return None


def _pair_by_context(before: Sequence[TimeRef], after: Sequence[TimeRef], before_text: str,
                     after_text: str) -> list[tuple[TimeRef, TimeRef]]:
    """Pairs led by alike words only (for targets read from a neighbouring sentence)."""
    scored = []
    for a, old in enumerate(before):
        for b, now in enumerate(after):
            overlap = _overlap(before_text, old, after_text, now)
            if overlap >= _SAME_GROUP_OVERLAP and (old.kind, old.granularity) == (now.kind, now.granularity):
                scored.append((-overlap, a, b))
    return _best_pairs(scored, before, after)


def _overlap(before_text: str, old: TimeRef, after_text: str, now: TimeRef) -> float:
    """Jaccard overlap of the words around two time references."""
    left, right = _context(before_text, old), _context(after_text, now)
    return len(left & right) / len(left | right) if left | right else 0.0


def _best_pairs(scored: list[tuple[float, int, int]], before: Sequence[TimeRef], after: Sequence[TimeRef]) -> list[tuple[TimeRef, TimeRef]]:
    """One-to-one pairs, best score first (``scored`` holds (-score, before index, after index))."""
    pairs, taken_a, taken_b = [], set(), set()
    for _, a, b in sorted(scored):
        if a not in taken_a and b not in taken_b:
            taken_a.add(a)
            taken_b.add(b)
            pairs.append((before[a], after[b]))
    return pairs


def _horizon(ref: TimeRef, period: FiscalPeriod) -> float:
    return ref.value - (period.year + (period.quarter - 1) / 4)


def _words(text: str) -> str:
    return " ".join(text.lower().split())


def _quote(text: str, ref: TimeRef, words: int = 5) -> str:
    """The few words leading to a target and the target: "the largest product line by 2027"."""
    lead = text[:ref.start].split()[-words:]
    return " ".join([*lead, ref.text]).strip(" ,;")


def _same(a: TimeRef, b: TimeRef) -> bool:
    return a.granularity == b.granularity and abs(a.value - b.value) < _EPSILON


def _context(text: str, ref: TimeRef) -> set[str]:
    """The content words leading to a time reference."""
    return set(content_words(text[max(0, ref.start - 80):ref.start])[-8:])


def _pair_targets(before: list[TimeRef], after: list[TimeRef], before_text: str,
                  after_text: str) -> list[tuple[TimeRef, TimeRef]]:
    """Pairs of unmatched targets: the only two of a kind and granularity, then by context."""
    pairs: list[tuple[TimeRef, TimeRef]] = []
    olds, nows = list(before), list(after)
    for group in sorted({(t.kind, t.granularity) for t in olds} & {(t.kind, t.granularity) for t in nows}):
        same_olds = [t for t in olds if (t.kind, t.granularity) == group]
        same_nows = [t for t in nows if (t.kind, t.granularity) == group]
        if len(same_olds) == 1 and len(same_nows) == 1:
            pairs.append((same_olds[0], same_nows[0]))
            olds.remove(same_olds[0])
            nows.remove(same_nows[0])

    deadlines_old = [t for t in olds if t.kind == DEADLINE]
    deadlines_new = [t for t in nows if t.kind == DEADLINE]
    if len(deadlines_old) == 1 and len(deadlines_new) == 1:  # one deadline each side: that one moved
        pairs.append((deadlines_old[0], deadlines_new[0]))
        olds.remove(deadlines_old[0])
        nows.remove(deadlines_new[0])
    scored = []
    for a, old in enumerate(olds):
        for b, now in enumerate(nows):
            overlap = _overlap(before_text, old, after_text, now)
            same_group = (old.kind, old.granularity) == (now.kind, now.granularity)
            if overlap >= (_SAME_GROUP_OVERLAP if same_group else _CROSS_GROUP_OVERLAP):
                scored.append((-overlap, a, b))
    return pairs + _best_pairs(scored, olds, nows)
