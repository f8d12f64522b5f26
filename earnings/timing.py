"""The ``guidance_timing`` rule: a target date that moved.

A milestone statement names something to be reached (a launch, a release, production, a return
to growth, positive transactions, an approval) and when ("by 2027", "in the second half",
"next year"), or says it is late ("delayed", "pushed out"). A new milestone statement is paired
with the baseline's statement about the same subject (they share a word that names it, and
read alike); the target moved when

* the two spans of time do not overlap ("by 2027" then "by 2028"), or
* the baseline said only that it was delayed, and the new document dates it.

A date said more precisely within its span ("production in 2026", then "in the second half of
2026") has not moved; a state to be held over the span has, when it is now said only of its
later part ("positive transactions in 2025", then "in the second half of the year").

A relative time is read against each document's own quarter, so a rolling "next quarter" never
moves.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from earnings.content import content_words
from earnings.document import Section
from earnings.memo import kept, kept_per_document
from earnings.period import FiscalPeriod
from earnings.reading import Reading
from earnings.report import GUIDANCE_TIMING, Change
from earnings.rules import case_blind, severities
from earnings.timeref import HALF, LONG_TERM, TimeRef, find_time_refs

_MILESTONE = case_blind(r"\b(?:launch\w*|releas\w*|introduc\w*|roll(?:ing)?[-\s]?out|production|ship\w*|deliver(?:y|ies)|availab\w*|approv\w*"
    r"|complet\w*|start\w*|begin\w*|open(?:ing)?|return(?:ing)?\s+to|turn(?:ing)?\s+positive|positive\s+(?:transaction|comp|growth|free\s+cash)"
    r"|break[-\s]?even|profitab\w*|close\w*\s+(?:the\s+)?(?:deal|acquisition|transaction)|ramp\w*|target(?:s|ed)?|in\s+service|on\s+track"
    r"|run[-\s]rate|full\s+(?:savings|benefits?|capacity)|reach(?:es|ed|ing)?\s+(?:full|its|their|our|the))\b")
# States held over a span, not events at a date: narrowing one to a later part of its span moves it.
_STATE = case_blind(r"\b(?:return(?:ing)?\s+to|turn(?:ing)?\s+positive|positive\s+(?:transaction|comp|growth|free\s+cash)\w*"
                    r"|break[-\s]?even|profitab\w*|grow(?:th|ing)?\s+again)\b")
_NARROWED = 0.5  # the later part of a span: starting at least half a year later
_AHEAD = case_blind(r"\b(?:expect\w*|anticipat\w*|target\w*|plan(?:s|ned|ning)?|will|'ll|should|on\s+track|aim\w*|intend\w*"
                    r"|schedul\w*|project\w*|look\s+forward|going\s+to|believe|confident)\b")
_DELAYED = case_blind(r"\b(?:delay\w*|pushed\s+(?:out|back)|postpon\w*|slipp\w*|later\s+than\s+(?:planned|expected))\b")
_EPSILON = 1e-9
_SIMILAR = 55.0
_SIMILAR_EARLIER = 75.0  # a target moved earlier is rare news: the two must read much alike
_SUBJECT_WORDS = 2  # rare words two clauses must share to be about the same thing
_RARE = 8  # a word in this many statements or fewer (or in one in twenty) names a subject
_SPLIT = re.compile(r";\s+|(?<=[.!?])\s+|,\s+(?=but\s)")
_ONGOING = case_blind(r"into\b")  # "growth into 2025" goes on into a year; it names no date to reach
_FEW_WORDS = 4  # a clause naming fewer words than this leans on the one before ("part of that …")
_BACK_REFERENCE = case_blind(r"\b(?:them|they|it|those)\b")  # "… coherent optics; we now expect them to ship …"
_SKIP = frozenset({Section.RECAP, Section.FORWARD_LOOKING, Section.BOILERPLATE, Section.HEADLINE, Section.METADATA, Section.FINANCIALS})
_FIGURE = case_blind(r"[$%€£]|\d+(?:\.\d+)?\s*(?:million|billion|basis\s+points|bps)\b")
_STOP = frozenset("this that with from have will year years quarter half first second third fourth next last full fiscal "
                  "company business growth continue expect expected today time also would could should their there about "
                  "based across estimate estimated remain remains track open opened opening early late begin beginning "
                  "group five three four several plan plans planned accelerate approximately around within process "
                  "learnings additional existing rollout rolling deliver delivering drive driving build building total "
                  "anticipate anticipated anticipates believe believes intend intends target targets project projected "
                  "guidance outlook including include includes".split())


@dataclass(frozen=True)
class _Clause:
    reading: Reading
    text: str
    words: frozenset[str]
    targets: tuple[TimeRef, ...]
    delayed: bool


def _clauses(reading: Reading, period: FiscalPeriod | None, year_end: int, before: Reading | None = None) -> list[_Clause]:
    """The clauses of a statement, each with its target times: times after the document's own
    quarter ("during the first quarter" in a first-quarter call is what happened, not a target).
    A clause of few words ("and the full run rate in 2026") or one that refers back ("we now
    expect them to begin shipping") is about what the clause before it (or the statement before)
    named, so it has that one's words too."""
    out: list[_Clause] = []
    previous = _words(before.text) if before is not None and _same_turn(before, reading) else frozenset()
    for part, words, refs, leans, delayed in _parts(reading.text, period, year_end):
        if refs is not None:
            out.append(_Clause(reading, part, words | previous if leans else words, refs, delayed))
        previous = words
    return out


@kept
def _parts(text: str, period: FiscalPeriod | None, year_end: int) -> tuple[tuple[str, frozenset[str], tuple[TimeRef, ...] | None, bool, bool], ...]:
    """``_clauses`` of a text, before the statement before it lends its words: each part with
    its words and, for a part of three words or more, its targets, whether it leans on the part
    before, and whether it says delayed (None, False, False for a shorter part)."""
    out: list[tuple[str, frozenset[str], tuple[TimeRef, ...] | None, bool, bool]] = []
    now = _at(period) + 0.25 if period else 0.0
    for part in _SPLIT.split(text):
        words = _words(part)
        if len(part.split()) >= 3:
            refs = [r for r in find_time_refs(part, period, strict=False, fiscal_year_end=year_end)
                    if (r.target or r.granularity == HALF) and r.granularity != LONG_TERM and r.until > now + _EPSILON
                    and _AHEAD.search(part) and not _ONGOING.match(r.text)]
            leans = bool(len(words) < _FEW_WORDS or _BACK_REFERENCE.search(part))
            out.append((part, words, tuple(refs), leans, bool(_DELAYED.search(part))))
        else:
            out.append((part, words, None, False, False))
    return tuple(out)


# Whether a text looks ahead, says delayed, names a milestone: each asked only when the ones
# before it leave the answer open (a new statement needs a milestone and a look ahead, a
# baseline one a look ahead or a delay), and kept by text.
@kept
def _looks_ahead(text: str) -> bool:
    return _AHEAD.search(text) is not None


@kept
def _says_delayed(text: str) -> bool:
    return _DELAYED.search(text) is not None


@kept
def _names_milestone(text: str) -> bool:
    return _MILESTONE.search(text) is not None


def _same_turn(a: Reading, b: Reading) -> bool:
    """Two statements of one passage: the same section, topic and speaker."""
    return (a.section, a.statement.topic, a.statement.speaker) == (b.section, b.statement.topic, b.statement.speaker)


@kept
def _stems(content: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w[:6] for w in content)


@kept
def _words(text: str) -> frozenset[str]:
    return frozenset(w[:6] for w in content_words(text) if len(w) >= 4 and not w.isdigit() and w not in _STOP)


# What depends on the baseline alone is built once per baseline: a worker compares each quarter
# with the one before.
@kept_per_document
def _candidates(base: Sequence[Reading], period: FiscalPeriod | None, year_end: int) -> tuple[tuple[_Clause, ...], frozenset[str]]:
    """The baseline's clauses a new milestone may be paired with, and their texts: those that say
    a milestone was delayed, or that date one as a new clause must ("a $200 million benefit this
    year" dates a figure, not a milestone)."""
    candidates = tuple(c for k, r in enumerate(base) if r.section not in _SKIP and (_looks_ahead(r.text) or _says_delayed(r.text))
                       for c in _clauses(r, period, year_end, base[k - 1] if k else None)
                       if c.delayed or (c.targets and _MILESTONE.search(c.text) and not _FIGURE.search(c.text)))
    return candidates, frozenset(c.text for c in candidates)


@kept_per_document
def _stem_counts(readings: Sequence[Reading]) -> dict[str, int]:
    """In how many of ``readings`` each content stem is."""
    counts: dict[str, int] = {}
    for reading in readings:
        for word in _stems(reading.content):
            counts[word] = counts.get(word, 0) + 1
    return counts


def timing_changes(new: Sequence[Reading], base: Sequence[Reading], new_period: FiscalPeriod | None,
                   base_period: FiscalPeriod | None, year_end: int = 12) -> list[Change]:
    """Target dates that moved (see the module docstring)."""
    changes: list[Change] = []
    candidates, repeated = _candidates(base, base_period, year_end)
    frequency = dict(_stem_counts(base))
    for reading in new:
        for word in _stems(reading.content):
            frequency[word] = frequency.get(word, 0) + 1
    rare_at = max(_RARE, (len(new) + len(base)) // 10)
    postings: dict[str, list[int]] = {}
    for k, other in enumerate(candidates):
        for word in other.words:
            if frequency.get(word, 0) <= rare_at:
                postings.setdefault(word, []).append(k)
    done: set[str] = set()
    for k, reading in enumerate(new):
        if reading.section in _SKIP or not _names_milestone(reading.text) or not _looks_ahead(reading.text):
            continue
        for clause in _clauses(reading, new_period, year_end, new[k - 1] if k else None):
            if not clause.targets or not _MILESTONE.search(clause.text) or _FIGURE.search(clause.text) or clause.text in repeated:
                continue  # a clause said word for word last quarter has not moved
            best, score = None, 0.0
            sharing: dict[int, int] = {}
            for word in clause.words:
                for k in postings.get(word, ()):
                    sharing[k] = sharing.get(k, 0) + 1
            for k, count in sharing.items():
                other = candidates[k]
                if count < _SUBJECT_WORDS or other.text in done:
                    continue
                rare = [w for w in clause.words & other.words if frequency.get(w, 0) <= rare_at]
                value = fuzz.token_set_ratio(" ".join(sorted(clause.words)), " ".join(sorted(other.words))) + 10 * len(rare)
                if value > score:
                    best, score = other, value
            if best is None or score < _SIMILAR:
                continue
            change = _moved(best, clause, new_period, base_period, score)
            if change is not None:
                done.add(best.text)
                changes.append(change)
    return changes


def _milestone_target(clause: _Clause) -> TimeRef:
    """The target time of a clause: the one nearest after its milestone words ("return to
    positive transaction growth the second half"), else the first."""
    m = _MILESTONE.search(clause.text)
    if m is not None:
        after = [t for t in clause.targets if t.start >= m.start()]
        if after:
            return min(after, key=lambda t: t.start)
    return clause.targets[0]


def _target_like(before: _Clause, after: _Clause) -> TimeRef:
    """Of the baseline clause's targets, the one said of what the new clause is about: "first
    production revenue expected in 2025, and … the largest product line by 2027" against "the
    flagship line by 2028" is 2027: the target whose words (those since the target before it) are
most among the words of the new clause's own target."""
    if len(before.targets) == 1:
        return before.targets[0]
    target = _milestone_target(after)
    since = max((r.end for r in after.targets if r.end <= target.start), default=0)
    about = _words(f"{before.reading.statement.topic} {after.reading.statement.topic}")  # what both are about
    theirs = _words(after.text[since:target.end]) - about
    best, shared, start = _milestone_target(before), 0.0, 0
    for ref in sorted(before.targets, key=lambda r: r.start):
        words = _words(before.text[start:ref.end]) - about
        share = len(words & theirs) / len(words) if words else 0.0
        if share > shared:
            best, shared = ref, share
        start = ref.end
    return best


def _moved(before: _Clause, after: _Clause, new_period: FiscalPeriod | None, base_period: FiscalPeriod | None,
           score: float = 100.0) -> Change | None:
    table = severities().kinds[GUIDANCE_TIMING]
    target = _milestone_target(after)
    if not before.targets:
        return Change(kind=GUIDANCE_TIMING, topic=_topic(before, after), before=before.reading.text, after=after.reading.text,
                      severity=int(table["base"]),
                      reason=f"target now dated: \u201c{_quote(after.text, target)}\u201d; before, it was only said to be delayed")
    previous = _target_like(before, after)
    if abs(previous.value - target.value) < _EPSILON and previous.granularity == target.granularity:
        return None
    if not (previous.absolute or target.absolute) and new_period and base_period:
        if abs((previous.value - _at(base_period)) - (target.value - _at(new_period))) < _EPSILON:
            return None  # the same relative time re-anchored a quarter on
    # a state to be reached ("positive transaction comps in 2025") said now only of the later part
    # of the span ("in the second half of the year") has lost the earlier part: it moved
    narrowed_later = (_STATE.search(before.text) is not None and _STATE.search(after.text) is not None
                      and target.value >= previous.value + _NARROWED - _EPSILON and target.until <= previous.until + _EPSILON)
    if target.value >= previous.until - _EPSILON or narrowed_later:
        later = True
    elif target.until <= previous.value + _EPSILON and score >= _SIMILAR_EARLIER:
        later = False
    else:
        return None
    years = abs(target.value - previous.value)
    severity = min(int(table["cap"]), round(table["base"] + table["per_year"] * years)) if later else int(table["earlier"])
    return Change(kind=GUIDANCE_TIMING, topic=_topic(before, after), before=before.reading.text, after=after.reading.text, severity=severity,
                  reason=f"target moved {'later' if later else 'earlier'}, {previous.label} \u2192 {target.label}: "
                         f"\u201c{_quote(before.text, previous)}\u201d \u2192 \u201c{_quote(after.text, target)}\u201d")


def _topic(before: _Clause, after: _Clause) -> str:
    return after.reading.label or before.reading.label or "target date"


def _at(period: FiscalPeriod) -> float:
    return period.year + (period.quarter - 1) / 4


def _quote(text: str, ref: TimeRef, words: int = 5) -> str:
    lead = text[:ref.start].split()[-words:]
    return " ".join([*lead, ref.text]).strip(" ,;")
