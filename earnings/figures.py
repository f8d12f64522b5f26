"""Numbers a document states, read as ``Figure`` values with their metric and period.

``extract_figures("gross margins of approximately 75% in Q4")`` gives
``[Figure("gross_margin", 75, 75, "%", "approximately 75%", period="Q4", approximate=True)]``.

Read: percentages ("70–74%", "between 34 and 36 percent"), money with a scale ("$1.2 billion",
"$126 million to $130 million", "$151 to $155 million", "$126M"), basis points and multiples
("3x"), and growth said in words ("low double-digits" is read as about 10–13%, "mid-teens" 14–16%). Plain numbers ("400-gig", years) are not figures. Money is kept in dollars.

The metric is the metric phrase right after the number ("40% operating margin", "$1.2 billion
in revenue"), else the nearest one before it in the same sentence ("gross margins of ... 75%");
a percentage next to a money metric with growth words is that metric's growth ("revenue up
13%" -> ``revenue_growth``). The period is the nearest time reference in the sentence
(see ``earnings.timeref``), resolved against ``reference`` when given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from earnings.lexicon import GROWTH_WORDS, METRIC_KIND, METRIC_PATTERN, metric_of, tokens
from earnings.period import FiscalPeriod
from earnings.report import Figure
from earnings.timeref import TimeRef, extract_target_time, find_time_refs

__all__ = ["Mention", "extract_figures", "extract_target_time", "figure_mentions", "format_figure", "sentences", "statement_sentences"]

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s*(?:million|billion|thousand|trillion)\b|(?:mn|mm|bn|m|b|k)\b)"
_DASH = r"\s*(?:–|—|-|to)\s*"
_PCT = r"\s*(?:%|percent\b|per\s?cent\b)"
_BP = r"\s*(?:basis[-\s]points?|bps|bp)\b"

_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mm": 1e6, "mn": 1e6,
           "billion": 1e9, "b": 1e9, "bn": 1e9, "trillion": 1e12}

# (unit, pattern); every pattern names its numbers a and b and its scales sa and sb.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((unit, re.compile(p, re.I)) for unit, p in (
    ("USD", rf"between\s+\$\s?(?P<a>{_NUM})(?P<sa>{_SCALE})?(?:{_DASH}|\s+and\s+)\$?\s?(?P<b>{_NUM})(?P<sb>{_SCALE})?"),
    ("USD", rf"\$\s?(?P<a>{_NUM})(?P<sa>{_SCALE})?(?:{_DASH}\$?\s?(?P<b>{_NUM})(?P<sb>{_SCALE})?)?"),
    ("USD", rf"\b(?P<a>{_NUM})(?:{_DASH}(?P<b>{_NUM}))?(?P<sb>\s*(?:million|billion))\s*(?:dollars|USD)\b"),
    ("%", rf"between\s+(?P<a>{_NUM})(?:{_PCT})?(?:{_DASH}|\s+and\s+)(?P<b>{_NUM}){_PCT}"),
    ("%", rf"\b(?P<a>{_NUM})(?:(?:{_PCT})?{_DASH}(?P<b>{_NUM}))?{_PCT}"),
    ("bp", rf"between\s+(?P<a>{_NUM})(?:{_BP})?(?:{_DASH}|\s+and\s+)(?P<b>{_NUM}){_BP}"),
    ("bp", rf"\b(?P<a>{_NUM})(?:(?:{_BP})?{_DASH}(?P<b>{_NUM}))?{_BP}"),
    ("x", rf"\b(?P<a>{_NUM})(?:{_DASH}(?P<b>{_NUM}))?\s?x\b"),
))
# A sentence can hold a figure of a unit only if it holds one of these (a cheap first test).
_UNIT_CUES = {"USD": ("$", "million", "billion"), "%": ("%", "percent", "per cent"), "bp": ("bp", "basis")}
_MULTIPLE = re.compile(r"\d\s?x\b", re.I)
# Growth said in words: "low double-digits" is about 10-13%, "mid-teens" 14-16%.
_VERBAL = re.compile(r"\b(?P<level>low|mid|high)[-\s]+(?:(?P<size>single|double)[-\s]+digits?|teens)\b", re.I)
_VERBAL_RANGES = {
    ("low", "single"): (1.0, 3.0), ("mid", "single"): (4.0, 6.0), ("high", "single"): (7.0, 9.0),
    ("low", "double"): (10.0, 13.0), ("mid", "double"): (14.0, 16.0), ("high", "double"): (17.0, 19.0),
    ("low", "teens"): (11.0, 13.0), ("mid", "teens"): (14.0, 16.0), ("high", "teens"): (17.0, 19.0),
}
_APPROX = re.compile(r"(?:approximately|approx\.|about|around|roughly|nearly|almost|close\s+to|circa|some|~)\s*$", re.I)
_DIGIT = re.compile(r"\d")
_FROM = re.compile(r"\bfrom\s*$", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9$(\"“‘'])|\n+")
# Words allowed between a number and the metric after it: "$1.2 billion in revenue".
_AFTER_GAP = re.compile(r"\s*(?:(?:in|for|on)\s+)?(?:(?:adjusted|non-gaap|gaap|long[-\s]term|annual|quarterly|total)\s+)*", re.I)
_LOOSE_GAP = re.compile(r"[^.;,]{0,25}")
_SHARE_OF = re.compile(r"\s*of\s+(?:(?:total|our|its|the|their|this|that|group|company|annual|[\w]+['’]s)\s+){0,3}", re.I)


@dataclass(frozen=True)
class Mention:
    """A figure where it was found: the sentence holding it and its span in that sentence."""

    figure: Figure
    sentence: str
    start: int
    end: int


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``; decimals ("$113.1 million") do not end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for brk in _SENTENCE_END.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def sentences(text: str) -> list[str]:
    """``text`` split into sentences."""
    return [text[a:b].strip() for a, b in sentence_spans(text)]


_ABBREVIATION = re.compile(
    r"(?:\b(?:inc|corp|co|ltd|llc|plc|calif|mass|wash|fla|ill|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
    r"|no|mr|mrs|ms|dr|st|vs|approx|est|fig|e\.g|i\.e)|\b[A-Z]|\b(?:U\.S|U\.K|N\.A))\.$", re.I)


def statement_sentences(text: str) -> list[str]:
    """``sentences(text)``, with no break after an abbreviation ("Inc.", "Calif.", "Aug. 21")."""
    merged: list[str] = []
    for sentence in sentences(text):
        if merged and _ABBREVIATION.search(merged[-1]):
            merged[-1] = f"{merged[-1]} {sentence}"
        else:
            merged.append(sentence)
    return merged


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _scale(text: str | None) -> float:
    return _SCALES[text.strip().lower()] if text else 1.0


def _spans(sentence: str) -> list[tuple[int, int, str, re.Match[str]]]:
    """Non-overlapping number matches, earliest first, the longest at a position."""
    lowered = sentence.lower()
    units = {u for u, cues in _UNIT_CUES.items() if any(c in lowered for c in cues)}
    if _MULTIPLE.search(sentence):
        units.add("x")
    found = [(m.start(), -m.end(), unit, m) for unit, pattern in _PATTERNS if unit in units
             for m in pattern.finditer(sentence)]
    found.sort(key=lambda item: (item[0], item[1]))
    spans: list[tuple[int, int, str, re.Match[str]]] = []
    for start, neg_end, unit, m in found:
        if not spans or start >= spans[-1][1]:
            spans.append((start, -neg_end, unit, m))
    return spans


def _values(unit: str, m: re.Match[str]) -> list[tuple[float, float]]:
    """The (low, high) values of a match; "from 20% to 25%" is two figures, not a range."""
    a = _number(m.group("a"))
    b = _number(m.group("b")) if m.group("b") else None
    if unit == "USD":
        scale_b = _scale(m.groupdict().get("sb"))
        scale_a = _scale(m.groupdict().get("sa")) if m.groupdict().get("sa") else scale_b
        a, b = a * scale_a, (b * scale_b if b is not None else None)
    if b is None:
        return [(a, a)]
    if _FROM.search(m.string[: m.start()]):
        return [(a, a), (b, b)]
    return [(min(a, b), max(a, b))]


def _texts(m: re.Match[str], count: int, first: int) -> list[str]:
    """The text of each figure of a match: "from 20% to 25%" gives "20%" and "25%"."""
    if count == 1:
        return [m.string[first:m.end()].strip()]
    return [m.string[m.start():m.end("a")] + ("%" if "%" in m.group(0) else ""), m.string[m.start("b"):m.end()]]


def _metric(sentence: str, start: int, end: int, unit: str, metrics: list[re.Match[str]]) -> str:
    """The metric a number at ``sentence[start:end]`` belongs to, or "" (``metrics``: the
    metric phrases of the sentence)."""
    after = [m for m in metrics if m.start() >= end]
    before = [m for m in metrics if m.end() <= start]
    if unit == "%" and after and METRIC_KIND[metric_of(after[0])] == "money" and _SHARE_OF.fullmatch(
            sentence, end, after[0].start()):
        # "6% of revenue", "60% of the year's free cash flow" is a share of an amount, not the
        # amount: only a metric before it is what is measured
        after = []
    chosen = None
    if after and _AFTER_GAP.fullmatch(sentence, end, after[0].start()):
        chosen = after[0]
    elif before:
        chosen = before[-1]
    elif after and _LOOSE_GAP.fullmatch(sentence, end, after[0].start()):
        chosen = after[0]
    if chosen is None:
        return ""
    metric = metric_of(chosen)
    if unit == "%" and METRIC_KIND[metric] == "money":
        lo, hi = sorted((chosen.end(), start)) if chosen.end() <= start else (end, chosen.start())
        near = tokens(sentence[lo:hi]) + tokens(sentence[max(0, start - 30):start]) + tokens(
            sentence[chosen.end():chosen.end() + 8])  # "EBITDA growth"
        if any(w in GROWTH_WORDS for w in near):
            return f"{metric}_growth"
    return metric


def _period(refs: list[TimeRef], start: int, end: int, text: str = "") -> str:
    """The label of the time reference nearest a figure; one after the figure counts only when no
    comma parts them ("$3.20 to $3.30, reflecting the strong first half" is for no half)."""
    refs = [r for r in refs if r.end <= start or "," not in text[end:r.start]] if text else refs
    if not refs:
        return ""

    def distance(ref: TimeRef) -> int:
        return start - ref.end if ref.end <= start else max(0, ref.start - end)

    return min(refs, key=lambda ref: (distance(ref), ref.start)).label


def figure_mentions(text: str, reference: FiscalPeriod | None = None,
                    time_refs: list[TimeRef] | None = None) -> list[Mention]:
    """Every figure in ``text`` with the sentence it is in, in order of appearance.

    ``time_refs``, when given, are ``find_time_refs(text, reference, strict=False)`` already
    computed by the caller.
    """
    mentions: list[Mention] = []
    verbal = "digit" in text or "teens" in text
    if not verbal and not _DIGIT.search(text):
        return mentions
    refs = find_time_refs(text, reference, strict=False) if time_refs is None else time_refs
    for lo, hi in sentence_spans(text):
        sentence = text[lo:hi]
        spans = _spans(sentence) if _DIGIT.search(sentence) else []
        words = [(m.start(), m.end(), _VERBAL_RANGES[_verbal_key(m)], m.group(0)) for m in _VERBAL.finditer(sentence)] \
            if verbal else []
        if not spans and not words:
            continue
        metrics = list(METRIC_PATTERN.finditer(sentence))
        near = [r for r in refs if lo <= r.start and r.end <= hi]
        found: list[tuple[int, Mention]] = []
        for start, end, unit, m in spans:
            prefix = _APPROX.search(sentence, max(0, start - 16), start)
            first = prefix.start() if prefix else start
            metric = _metric(sentence, start, end, unit, metrics)
            period = _period(near, lo + start, lo + end, text)
            values = _values(unit, m)
            for (low, high), shown in zip(values, _texts(m, len(values), first)):
                figure = Figure(metric, low, high, unit, shown, period, prefix is not None)
                found.append((start, Mention(figure, sentence, first, end)))
        for start, end, (low, high), shown in words:  # "low double-digits": an approximate range
            figure = Figure(_metric(sentence, start, end, "%", metrics), low, high, "%", shown,
                            _period(near, lo + start, lo + end, text), True)
            found.append((start, Mention(figure, sentence, start, end)))
        mentions += [mention for _, mention in sorted(found, key=lambda item: item[0])]
    return mentions


def _verbal_key(m: re.Match[str]) -> tuple[str, str]:
    return m.group("level").lower(), (m.group("size") or "teens").lower()


def extract_figures(text: str, reference: FiscalPeriod | None = None) -> list[Figure]:
    """Every figure in ``text``; periods are resolved against ``reference`` when given."""
    return [m.figure for m in figure_mentions(text, reference)]


def format_figure(figure: Figure) -> str:
    """A figure as a reason shows it: "~75%", "70–74%", "$126M–$130M", "150 bp"."""
    def one(value: float) -> str:
        if figure.unit == "USD":
            for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
                if abs(value) >= scale:
                    return f"${value / scale:,.4g}{suffix}"
            return f"${value:,.2f}"
        return f"{value:,.4g}"

    body = one(figure.low) if figure.low == figure.high else f"{one(figure.low)}–{one(figure.high)}"
    suffix = {"%": "%", "bp": " bp", "x": "x"}.get(figure.unit, "")
    # a range is already approximate: "around 70–74%" reads "70–74%"
    return f"{'~' if figure.approximate and figure.low == figure.high else ''}{body}{suffix}"
