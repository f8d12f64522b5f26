"""Time references in prose: "by 2028", "in Q4", "first half of 2025", "later in the year".

Each reference becomes a ``TimeRef`` with a sortable ``value`` (a year plus the fraction of
the year where the span starts) and a ``granularity`` so that only like is compared with like.
Relative references ("next year", "end-Q1", "later in the year") are resolved against the
document's fiscal quarter when one is given; a call about quarter Q4 is held early in the next
year, so "this year" in a Q4 document means the following fiscal year.

``strict`` scanning keeps only references that read as targets (a preposition such as "by",
"in", "into" before an absolute year or quarter); permissive scanning also keeps bare ones
("guided Q4 revenue") and is what the figure extractor uses to find a figure's period.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from earnings.period import FiscalPeriod, two_digit_year
from earnings.memo import kept
from earnings.rules import case_blind

YEAR = "year"
HALF = "half"
QUARTER = "quarter"
PART = "part"  # early / mid / late in a year
LONG_TERM = "long_term"

DEADLINE = "deadline"
POINT = "point"

_DEADLINE_PREPS = {"by", "until", "till", "before", "through", "within", "toward", "towards"}
_ORDINAL = {"first": 1, "1st": 1, "front": 1, "second": 2, "2nd": 2, "back": 2, "third": 3, "fourth": 4}
_PART_VALUE = {"early": 0.0, "mid": 0.35, "late": 0.7}
_LENGTH = {YEAR: 1.0, HALF: 0.5, QUARTER: 0.25, PART: 0.3, LONG_TERM: 0.0}

_PREP = (r"(?P<prep>by|in|into|during|for|through|throughout|until|till|before|after|from|within"
         r"|toward|towards|starting(?:\s+in)?|beginning(?:\s+in)?|as\s+of)\s+")
_PART = r"(?P<part>(?:the\s+)?end[-\s]of[-\s](?:the\s+)?|end[-\s]|early[-\s]|mid[-\s]|late[-\s])"
_YR = r"(?:19|20)\d\d"
_BODY = "|".join([
    rf"(?P<fy>full[-\s](?:fiscal\s+)?year)(?:\s+(?:of\s+)?(?:fiscal\s+)?(?P<fyy>{_YR}))?",
    # "for the year." (the document's own fiscal year, as "this year"), not "the year ago quarter"
    # "for the year of around 12%", "for the year to be", "for the year at about": what follows is its figure
    r"(?P<fy3>(?<=for\s)the\s+(?:fiscal\s+)?year)(?=\s*(?:[.,;:)]|$|\s+as\s+a\s+whole\b"
    r"|\s+(?:of|at|to\s+be|is|are|was|will|should|would|we)\s+(?:(?:about|around|approximately|roughly|between|in|the|~)\s+)*[-$€£¥~\d]"
    # "for the year we now expect earnings per share of": a run-on call's new sentence, on the year
    r"|\s+(?:we|i)\s+(?:now\s+|still\s+|currently\s+|continue\s+to\s+)?(?:expect|anticipate|project|forecast|are\s+expecting|see)\b))",
    rf"(?P<half>first|second|1st|2nd|back|front)\s+half(?:(?:\s+of)?\s+(?:the\s+)?(?:fiscal\s+|calendar\s+)?(?:year\s+)?(?P<hy>{_YR})"
    r"|\s+of\s+(?:this|the|the\s+current)\s+(?:fiscal\s+|calendar\s+)?year\b)?",
    rf"\bh(?P<hn>[12])(?:\s*(?:fy\s*)?'?(?P<hy2>{_YR}|\d\d\b))?",
    rf"(?:\bf?q(?P<q>[1-4])\b|\b(?P<nq>[1-4])q\b|(?P<qw>first|second|third|fourth)[-\s]quarter)(?:\s+(?:of\s+)?(?:fiscal\s+(?:year\s+)?|fy\s*)?'?(?P<qy>{_YR})|\s+(?:fiscal\s+(?:year\s+)?|fy\s*)'?(?P<qy2>\d\d)\b)?",  # "Q2 FY25"
    rf"(?P<mq>march|june|september|sept|sep|december|dec|mar|jun)[-\s]quarter(?:\s+(?:of\s+)?'?(?P<mqy>{_YR}))?",
    r"(?P<qrel>next|this|current|coming|following)\s+quarter\b",
    r"(?P<later>later|earlier)\s+(?:in\s+)?(?:the|this)\s+year",
    rf"(?P<eoy>(?:the\s+)?end\s+of\s+(?:the|this)\s+year|year[-\s]end)(?:\s+(?:of\s+)?(?P<ey>{_YR}))?",
    r"(?P<yrel>next|this|current|coming|following)\s+(?:fiscal\s+)?year\b",
    rf"(?P<fq>fiscal\s+(?:year\s+)?|fy\s*'?|cy\s*'?|calendar\s+(?:year\s+)?)?(?P<y>{_YR})\b",
    r"(?P<fy2>fy|cy)\s*'?(?P<y2>\d\d)\b",
    r"(?P<lt>long(?:er)?[-\s](?:term|range)|(?:medium|mid)[-\s]?term(?!\s+elections?)|multi[-\s]year|over\s+the\s+next\s+(?:few|several|couple\s+of|two|three|four|five|[2-5])\s+years)",
])
# Every time reference holds one of these; see _matches.
_ANCHOR = case_blind(r"\b(?=[0-9qhfcytrm])(?:(?:19|20)\d\d|f?[qh][1-4]\b|[1-4]q\b|(?:fy|cy)\s*'?\d\d|half|quarter|years?|term|range|midterm)")
_WORD_ANCHORS = frozenset({"year", "years", "quarter", "half", "term", "range"})
# A word anchor starts a reference only after one of these ("full year", "next quarter", "first half",
# "long term", "end of the year", "later in the year"), or as "year-end".
_LEAD = case_blind(r"(?:full|this|current|next|coming|following|fiscal|calendar|the|first|second|third|fourth|march|june|september|sept|sep|december|dec|mar|jun|few|several|couple\s+of|two|three|four|five|medium|mid|multi"
                   r"|1st|2nd|back|front|long|longer)[-\s]+(?:fiscal\s+|calendar\s+)?$")
_YEAR_END = case_blind(r"[-\s]end\b")
_IN_A_ROW = case_blind(r"\s+(?:in\s+a\s+row|straight|running)\b")
_REACH_BACK = 48
_REACH_ON = 40
# The lookahead (every letter a reference can start with) lets the scan skip words quickly.
_TIME = case_blind(rf"\b(?=[a-z0-9])(?:{_PREP})?(?:the\s+)?{_PART}?(?:{_BODY})")


@dataclass(frozen=True, order=True)
class TimeRef:
    """One time reference; orders by ``value`` (``math.inf`` for "long term")."""

    value: float
    granularity: str = field(compare=False)
    kind: str = field(compare=False)  # DEADLINE ("by 2028", "end-Q1") or POINT ("in 2026")
    label: str = field(compare=False)  # "2028", "H1 2025", "Q1 2025", "late 2026", "long term"
    text: str = field(compare=False)
    start: int = field(compare=False)
    end: int = field(compare=False)
    explicit: bool = field(compare=False, default=True)  # preceded by a preposition or "end"
    absolute: bool = field(compare=False, default=True)  # the year is written, not inferred
    target: bool = field(compare=False, default=True)  # kept by strict scanning

    @property
    def until(self) -> float:
        """Where the span of time ends: "2026" runs to 2027.0, "H1 2025" to 2025.5."""
        return self.value + _LENGTH[self.granularity]


def current_year(reference: FiscalPeriod | None) -> int:
    """The fiscal year "this year" means in a document about ``reference`` (0 when unknown)."""
    if reference is None:
        return 0
    return reference.year + 1 if reference.quarter == 4 else reference.year


def _quarter_year(quarter: int, reference: FiscalPeriod | None) -> int:
    """The year of a quarter named without one: the reported quarter or the next like it."""
    if reference is None:
        return 0
    return reference.year if quarter >= reference.quarter else reference.year + 1


def _two_digit(text: str | None) -> int | None:
    if not text:
        return None
    return two_digit_year(int(text))


def _with_year(label: str, year: int) -> str:
    return f"{label} {year}" if year else label


_MONTHS = {"mar": 3, "march": 3, "jun": 6, "june": 6, "sep": 9, "sept": 9, "september": 9, "dec": 12, "december": 12}


def _month_quarter(month: int, fiscal_year_end: int) -> int:
    """The fiscal quarter that ends in ``month`` (the December quarter is Q1 when the fiscal
    year ends in September)."""
    return 4 - ((fiscal_year_end - month) % 12) // 3


def _read(m: re.Match[str], reference: FiscalPeriod | None, fiscal_year_end: int = 12) -> tuple[float, str, str]:
    """(value, granularity, label) of one match."""
    g = m.groupdict()
    this_year = current_year(reference)
    part = (g["part"] or "").lower().replace("the", "").strip(" -")
    if g["fy"] or g["fy3"]:
        year = _two_digit(g["fyy"]) or this_year
        return float(year), YEAR, str(year) if year else "full year"
    if g["half"] or g["hn"]:
        half = _ORDINAL[g["half"].lower()] if g["half"] else int(g["hn"])
        year = _two_digit(g["hy"] or g["hy2"]) or this_year
        return year + (half - 1) / 2, HALF, _with_year(f"H{half}", year)
    if g["mq"]:
        month = _MONTHS[g["mq"].lower()]
        quarter = _month_quarter(month, fiscal_year_end)
        calendar_year = _two_digit(g["mqy"])
        year = (calendar_year + (1 if month > fiscal_year_end else 0)) if calendar_year else _quarter_year(quarter, reference)
        return year + (quarter - 1) / 4, QUARTER, _with_year(f"Q{quarter}", year)
    if g["q"] or g["qw"] or g["nq"]:
        quarter = int(g["q"] or g["nq"]) if (g["q"] or g["nq"]) else _ORDINAL[g["qw"].lower()]
        year = _two_digit(g["qy"] or g["qy2"]) or _quarter_year(quarter, reference)
        return year + (quarter - 1) / 4, QUARTER, _with_year(f"Q{quarter}", year)
    if g["qrel"]:
        if reference is None:
            return 0.0, QUARTER, "next quarter"
        # the quarter after the reported one, which is the one the call is held in
        year, quarter = (reference.year + 1, 1) if reference.quarter == 4 else (reference.year, reference.quarter + 1)
        return year + (quarter - 1) / 4, QUARTER, f"Q{quarter} {year}"
    if g["later"]:
        half = 2 if g["later"].lower() == "later" else 1
        return this_year + (half - 1) / 2, HALF, _with_year(f"H{half}", this_year)
    if g["eoy"]:
        # "by the end of the year", "year-end", "year-end 2026": the late part of the year, not the whole of it
        end_year = _two_digit(g["ey"]) or this_year
        return end_year + _PART_VALUE["late"], PART, f"late {end_year}" if end_year else "year end"
    if "end" in part and (g["yrel"] or g["y"] or g["y2"] or g["fy"]):
        year = (_two_digit(g["y"]) if g["y"] else None) or (_two_digit(g["y2"]) if g["y2"] else None) or this_year
        return year + _PART_VALUE["late"], PART, f"late {year}" if year else "year end"
    if g["yrel"]:
        year = this_year + (1 if g["yrel"].lower() in {"next", "coming", "following"} else 0)
        if not this_year:
            return float(year), YEAR, f"{g['yrel'].lower()} year"
        return float(year), YEAR, str(year)
    if g["y"] or g["y2"]:
        year = int(g["y"]) if g["y"] else (_two_digit(g["y2"]) or 0)
        if part in _PART_VALUE:
            return year + _PART_VALUE[part], PART, f"{part} {year}"
        return float(year), YEAR, str(year)
    return math.inf, LONG_TERM, "long term"


def _matches(text: str) -> Iterator[re.Match[str]]:
    """``_TIME.finditer(text)``, faster: every match holds an anchor word ("2026", "Q1",
    "half", "quarter", "year", "term"), so the full pattern is tried only near anchors."""
    done = 0
    for anchor in _ANCHOR.finditer(text):
        if anchor.start() < done:
            continue
        word = anchor.group(0).lower()
        if word in _WORD_ANCHORS and not (
                _LEAD.search(text, max(0, anchor.start() - 24), anchor.start())
                or (word == "year" and _YEAR_END.match(text, anchor.end()))):
            continue  # "a year ago", "year over year", "the quarter": no time reference here
        m = _TIME.search(text, max(done, anchor.start() - _REACH_BACK), anchor.end() + _REACH_ON)
        if m is not None and m.end() > anchor.start():
            done = m.end()
            yield m


def find_time_refs(text: str, reference: FiscalPeriod | None = None, *, strict: bool = True,
                   fiscal_year_end: int = 12) -> list[TimeRef]:
    """Every time reference in ``text``, in order of appearance.

    With ``strict``, bare absolute years and quarters ("Q4 set a baseline", "2024") are left
    out: only those after a preposition or "end"/"early"/"mid"/"late" read as targets.
    """
    return list(_time_refs(text, reference, strict, fiscal_year_end))


@kept
def _time_refs(text: str, reference: FiscalPeriod | None, strict: bool, fiscal_year_end: int) -> tuple[TimeRef, ...]:
    found: list[TimeRef] = []
    for m in _matches(text):
        if _IN_A_ROW.match(text, m.end()):
            continue  # "for the second quarter in a row" counts quarters, it names none
        g = m.groupdict()
        prep = (g["prep"] or "").lower().split()[0] if g["prep"] else ""
        explicit = bool(prep or g["part"])
        target = explicit or not (g["q"] or g["qw"] or g["nq"] or g["mq"] or (g["y"] and not g["fq"]))
        if strict and not target:
            continue
        value, granularity, label = _read(m, reference, fiscal_year_end)
        part = (g["part"] or "").lower()
        deadline = prep in _DEADLINE_PREPS or "end" in part or bool(g["eoy"])
        absolute = bool(g["fyy"] or g["hy"] or g["hy2"] or g["qy"] or g["qy2"] or g["mqy"] or g["y"] or g["y2"])
        found.append(TimeRef(value, granularity, DEADLINE if deadline else POINT, label,
                             m.group(0).strip(), m.start(), m.end(), explicit, absolute, target))
    return tuple(found)


def extract_target_time(text: str, reference: FiscalPeriod | None = None) -> TimeRef | None:
    """The time a target is set for: the first deadline ("by 2028", "end-Q1"), else the first
    explicit reference ("in 2026", "later in the year"), else None.

    ``TimeRef`` orders by its ``value``, so two targets compare with ``<``.
    """
    refs = [r for r in find_time_refs(text, reference) if r.granularity != LONG_TERM]
    for ref in refs:
        if ref.kind == DEADLINE:
            return ref
    return refs[0] if refs else None
