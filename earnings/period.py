"""Fiscal quarters: ``FiscalPeriod(2024, 4)`` is written ``2024Q4`` and shown ``Q4 2024``.

Also the fiscal calendar (``fiscal_quarter_of_month_end``, ``quarter_containing``,
``quarter_before``: a fiscal year is named for the calendar year it ends in) and
``find_fiscal_period``, the quarter a document says it reports, with the words that say so
and where. The forms and cue words it reads are data, in ``earnings/period_patterns.py``.
Everything here is pure; a bad argument (a month that ends no quarter, a fiscal year end that
is no month) raises ``PeriodError``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from earnings import period_patterns as _P
from earnings.errors import PeriodError

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}

# Each pattern captures the quarter and the year; the year may be two digits.
_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)\s*-?\s*Q(?P<q>[1-4])\b", re.I),  # 2024Q4, 2024-Q4
    re.compile(r"\bQ(?P<q>[1-4])\s*[-/' ]?\s*(?:FY\s*)?(?P<year>(?:19|20)\d\d|\d\d)\b", re.I),  # Q4 2024, Q4'24
    re.compile(r"\bFY\s*'?(?P<year>(?:19|20)\d\d|\d\d)\s*Q(?P<q>[1-4])\b", re.I),  # FY25 Q1
    re.compile(r"\b(?P<q>[1-4])Q\s*'?(?P<year>(?:19|20)\d\d|\d\d)\b", re.I),  # 4Q24, 4Q 2024
    re.compile(
        r"\b(?P<word>first|second|third|fourth)[- ]quarter(?:\s+of)?\s+(?:fiscal\s+(?:year\s+)?)?"
        r"(?P<year>(?:19|20)\d\d)\b",
        re.I,
    ),
]


@dataclass(frozen=True, order=True)
class FiscalPeriod:
    """One fiscal quarter of one company's fiscal year."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        if not 1 <= self.quarter <= 4:
            raise PeriodError(f"quarter must be 1 to 4, not {self.quarter}")
        if not 1900 <= self.year <= 2199:
            raise PeriodError(f"fiscal year {self.year} is out of range")

    @classmethod
    def parse(cls, text: str) -> FiscalPeriod:
        """Read a quarter written by a person: ``2024Q4``, ``Q4 2024``, ``4Q24``, ``FY25 Q1``."""
        found = cls.find(text)
        if found is None:
            raise PeriodError(
                f"{text!r} is not a fiscal quarter; write it as 2024Q4 or 'Q4 2024'"
            )
        return found

    @classmethod
    def find(cls, text: str) -> FiscalPeriod | None:
        """The first quarter named anywhere in ``text``, or None."""
        best: tuple[int, FiscalPeriod] | None = None
        for pattern in _PATTERNS:
            match = pattern.search(text)
            if match is None:
                continue
            groups = match.groupdict()
            quarter = _ORDINALS[groups["word"].lower()] if groups.get("word") else int(groups["q"])
            year = two_digit_year(int(groups["year"]))
            if best is None or match.start() < best[0]:
                best = (match.start(), cls(year, quarter))
        return best[1] if best else None

    def previous(self) -> FiscalPeriod:
        return FiscalPeriod(self.year - 1, 4) if self.quarter == 1 else FiscalPeriod(self.year, self.quarter - 1)

    def year_ago(self) -> FiscalPeriod:
        return FiscalPeriod(self.year - 1, self.quarter)

    @property
    def label(self) -> str:
        return f"Q{self.quarter} {self.year}"

    def __str__(self) -> str:
        return f"{self.year}Q{self.quarter}"


# --- fiscal quarters on the calendar -------------------------------------------------------------


def fiscal_quarter_of_month_end(year: int, month: int, fiscal_year_end: int | None) -> FiscalPeriod:
    """The fiscal quarter that ends with calendar month ``month`` of ``year``.

    ``fiscal_year_end`` is the month the fiscal year ends in (None: December); the fiscal year
    is named by the calendar year it ends in: with ``fiscal_year_end=9`` December 2024 ends
    2025Q1. ``PeriodError`` when no fiscal quarter ends in that month.
    """
    year_end = _year_end(fiscal_year_end)
    if not 1 <= month <= 12:
        raise PeriodError(f"month must be 1 to 12, not {month}")
    steps = (year_end - month) % 12
    if steps % 3:
        raise PeriodError(
            f"no fiscal quarter ends in month {month} when the fiscal year ends in month {year_end}; "
            "check the company's fiscal year end")
    return FiscalPeriod(year if month <= year_end else year + 1, 4 - steps // 3)


def quarter_containing(day: date, fiscal_year_end: int | None = None) -> FiscalPeriod:
    """The fiscal quarter whose calendar months include ``day`` (quarters end on month ends;
    a 52/53-week calendar's first days of a month are not moved back)."""
    year_end = _year_end(fiscal_year_end)
    ahead = (year_end - day.month) % 3
    year, month = divmod(day.year * 12 + day.month - 1 + ahead, 12)
    return fiscal_quarter_of_month_end(year, month + 1, year_end)


def quarter_before(day: date, fiscal_year_end: int | None = None) -> FiscalPeriod:
    """The last fiscal quarter that ended before ``day``: the quarter a release or call dated
    ``day`` reports (2025-04-23 → 2025Q1; 2025-01-10 → 2024Q4; with ``fiscal_year_end=9``,
    2025-07-31 → 2025Q3). Quarters are taken to end on the last day of their last month."""
    year_end = _year_end(fiscal_year_end)
    months = day.year * 12 + day.month - 2  # the month before ``day``'s, counted from year 0
    months -= (months % 12 + 1 - year_end) % 3
    year, month = divmod(months, 12)
    return fiscal_quarter_of_month_end(year, month + 1, year_end)


def two_digit_year(year: int) -> int:
    """A year written with two digits ("FY25", "Q4'99") as POSIX ``strptime`` reads ``%y``:
    00–68 are 2000–2068, 69–99 are 1969–1999. A four-digit year is returned as it is."""
    if year >= 100:
        return year
    return year + (2000 if year < 69 else 1900)


def _year_end(fiscal_year_end: int | None) -> int:
    if fiscal_year_end is None:
        return 12
    if not 1 <= fiscal_year_end <= 12:
        raise PeriodError(f"fiscal_year_end is a month, 1 to 12, not {fiscal_year_end}")
    return fiscal_year_end


# --- finding the quarter a document reports ----------------------------------------------------


class Basis(StrEnum):
    """How a ``PeriodMatch`` knows its period."""

    NAMED = "named"  # quarter and fiscal year written: "fiscal 2026 second quarter", "Q4 FY24"
    DATE = "date"  # read from a quarter-end date and the fiscal year end: "three months ended June 30, 2026"
    MONTH = "month"  # a month-named quarter: "March quarter 2025"
    YEAR_INFERRED = "year_inferred"  # quarter written, year taken from context: "June quarter results"


@dataclass(frozen=True)
class PeriodMatch:
    """The quarter a text reports, the words that say so and where they start."""

    period: FiscalPeriod
    text: str
    start: int
    basis: Basis

    @property
    def end(self) -> int:
        return self.start + len(self.text)


class _Role(StrEnum):
    """What the words around a mention say it is."""

    REPORT = "report"  # "reports third quarter results", "welcome to the Q3 call", "quarter ended …"
    TITLE = "title"  # in a title line or after a label ("Period: Q4 FY2024")
    PLAIN = "plain"  # no cue either way
    FORWARD = "forward"  # "outlook for the September quarter", "Q3 guidance"
    PAST = "past"  # "compared with the first quarter of 2019", "up from Q3 2024"
    ASIDE = "aside"  # "Form 10-Q for the quarter ended …", "second-quarter dividend"


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    quarter: int | None = None  # written as an ordinal or a digit
    month: int | None = None  # month-named quarter
    fiscal_year: int | None = None  # written with "fiscal"/"FY", or bare after an ordinal
    calendar_year: int | None = None  # written bare after a month name
    ended: tuple[int, int, int] | None = None  # a quarter-end date (year, month, day)


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_MONTH_NUMBERS = {name: number for number, names in enumerate(
    ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july", "aug august",
     "sep sept september", "oct october", "nov november", "dec december"], 1) for name in names.split()}
_FLAGS = re.IGNORECASE | re.VERBOSE
# (anchor, reach, the form's ``before`` part alone, the whole form). ``before`` is searched with the
# text cut just after the anchor's first character, which it must be followed by: ``\b`` then
# still sees that character.
_FORMS = tuple((_P.FORM_ANCHORS[name], _P.BEFORE_REACH[name], re.compile(rf"(?:{before})(?=[\s\S]\Z)", _FLAGS),
                re.compile(before + after, _FLAGS)) for name, (before, after) in _P.FORMS.items())
_CLAUSE_REACH = 90  # characters of a mention's clause read for cue words
_SENTENCE_REACH = 300
_LABEL_REACH = 60
_TITLE_AREA = 600  # a short line starting this near the top of a multi-line text is a title
_TITLE_LENGTH = 200
_RUN_GAP = 2  # infer_year: years this close together belong to one run
_Q4_SHARE = 3  # a yearless fourth quarter takes the year before when it has a third of the weight

# A full stop after these is no end of a sentence ("vs. Q3 2024", "Apple Inc. today").
_NOT_A_STOP = r"(?<!\bvs.)(?<!\binc.)(?<!\bno.)(?<!\bco.)(?<!\bcorp.)(?<!\bltd.)(?<!\bst.)(?<!\bu\.s.)"
_CLAUSE_STOP = re.compile(rf"[.!?;:]{_NOT_A_STOP}(?=\s|$)|[\n•]|[–—](?=\s)", re.I)
_LINE_STOP = re.compile(r"[\n;|]")
_SENTENCE_STOP = re.compile(rf"[.!?]{_NOT_A_STOP}(?=\s|$)|\n", re.I)
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")
_CUES = {phrase: kind for kind, phrases in _P.BEFORE_CUES.items() for phrase in phrases if not phrase.endswith("*")}
_CUE_PREFIXES = tuple((phrase[:-1], kind) for kind, phrases in _P.BEFORE_CUES.items()
                      for phrase in phrases if phrase.endswith("*"))
_ANY_CUE_PREFIX = tuple(prefix for prefix, _ in _CUE_PREFIXES)
_GOVERNING_FORWARD = frozenset(_P.GOVERNING_FORWARD)
_GOVERNING_FILLER = frozenset(_P.GOVERNING_FILLER)
_NEXT = re.compile(rf"{_P.NEXT_FILLER}(?:(?P<report>{_P.NEXT_REPORT})|(?P<forward>{_P.NEXT_FORWARD})"
                   rf"|(?P<aside>{_P.NEXT_ASIDE})|(?P<past>{_P.NEXT_PAST}))\b", re.I)
_AFTER_FORWARD = re.compile(_P.AFTER_FORWARD, re.I)
_LABEL = re.compile(_P.LABEL, re.I)
_YEARS = (re.compile(r"19\d\d"), re.compile(r"20\d\d"))  # a literal start scans fast; _years() checks the edges
_FY_YEARS = tuple(re.compile(rf"{fy}\s*'?(\d\d)\b") for fy in ("FY", "fy", "Fy"))
_YEAR_CUES = {phrase: kind for kind, phrases in _P.YEAR_CUES.items() for phrase in phrases}
_YEAR_STRONG_AFTER = frozenset(_P.YEAR_STRONG_AFTER)
_YEAR_WEAK_AFTER = frozenset(_P.YEAR_WEAK_AFTER)
_YEAR_COMPARED = frozenset(_P.YEAR_COMPARED)
_ASIDE = re.compile(_P.BEFORE_ASIDE, re.I)
_TIER = {_Role.REPORT: 0, _Role.TITLE: 0, _Role.PLAIN: 2}  # the rank of a mention's kind; +1 when its year is inferred


def find_fiscal_period(text: str, fiscal_year_end: int | None = None, *,
                       context_year: int | None = None) -> PeriodMatch | None:
    """The fiscal quarter ``text`` says it reports, or None.

    ``fiscal_year_end`` is the month (1-12) the company's fiscal year ends in (None: December);
    it numbers a quarter read from a date ("three months ended June 30, 2026") or a month
    ("June quarter 2025"). A fiscal year is named by the calendar year it ends in, and a quarter
    ending in a month's first week ("October 1, 2023") belongs to the month before. A fiscal
    label written out ("fiscal 2025 second quarter") is taken as written; with an ordinal and a
    date but no year ("second fiscal quarter ended March 31, 2026") the ordinal gives the quarter
    and the date the fiscal year.

    **Choosing among several mentions.** Each mention of a quarter is judged by the words of its
    own clause (up to ~90 characters back to a full stop, semicolon, colon, bullet or line
    break, and on to the next one), the first of these that applies deciding:

    1. A safe-harbor cue before it in the clause ("Form 10-Q", "annual report", "filed with")
       makes it an *aside*: "… our Form 10-Q for the quarter ended March 31, 2025".
    2. An expectation word governing it, with only fillers ("the", "our", "for") between,
       makes it *forward*: "we expect fourth quarter results …", "guidance for Q3".
    3. The noun it qualifies, right after it (fillers such as "and full year" or "fiscal" may
       come between): "… results", "… earnings call", "… conference call", "… ended" mark a
       *reported* quarter; "… guidance", "… outlook" a *forward* one; "… dividend" an aside;
       "… of last year", "… a year ago" a *past* one.
    4. A label before it ("Period:", "Quarter:", "Fiscal Quarter/Year:") makes it a *title*.
    5. The nearest cue word before it in its clause: "reported", "reports", "announced",
       "welcome to", "results for" mark it reported; "will", "next", "plan", "into" forward;
       "compared with", "versus", "than", "since", "from", "prior" past.
    6. A forward verb just after it ("in the third quarter we expect") makes it forward.
    7. A quarter-end date ("quarter ended …"), or "for the"/"during the" before it, make it
       reported; a short line near the top of a multi-line text (a headline) makes it a title;
       anything else is *plain*.

    Forward, past and aside mentions are never the answer. Of the rest the first in the text
    wins, in this order of kinds: reported or title with a year written (or read from a date
    or month), then reported or title with the year inferred, then plain with a year, then plain
    with the year inferred. So a reported quarter named anywhere beats a plain mention before
    it ("the first quarter of 2019" in passing), and a headline or label beats the body.

    A quarter named without a year ("June quarter results", "second quarter results") takes
    the nearest year of its own sentence (not one compared against, nor one inside a forward
    or past mention), else ``context_year`` (a fiscal year the caller knows, e.g. from the call
    date with ``quarter_before``), else ``infer_year(text)``, except that a fourth quarter takes
    the year before ``infer_year``'s answer when the text gives that year a third of the weight
    (a Q4 call is held in the new year and talks mostly of its outlook). Its basis is then
    YEAR_INFERRED; when no year can be found the mention is skipped.
    """
    year_end = _year_end(fiscal_year_end)
    judged: list[tuple[_Mention, _Role, tuple[FiscalPeriod, Basis] | None]] = []
    for mention in _mentions(text):
        role = _role(text, mention)
        named = _period(mention, year_end) if role in _TIER else None
        if named is not None and _TIER[role] == 0:  # reported or title, year known: nothing ranks higher
            return PeriodMatch(named[0], text[mention.start:mention.end], mention.start, named[1])
        judged.append((mention, role, named))
    excluded = [(mention.start, mention.end) for mention, role, _ in judged if role not in _TIER]
    ranked = sorted(((_TIER[role] + (named is None), mention.start), mention, named)
                    for mention, role, named in judged if role in _TIER)
    scores: list[dict[int, float]] = []  # the years of the text, scored once if needed
    for _, mention, named in ranked:
        if named is None:
            quarter = _yearless_quarter(mention, year_end)
            year = _sentence_year(text, mention, excluded) or context_year
            if year is None and quarter is not None:
                if not scores:
                    scores.append(_year_scores(text))
                year = _document_year(scores[0], quarter)
                if quarter == 4 and year is not None and guides_first_quarter(text, year):
                    year -= 1  # a fourth-quarter call that guides "the first quarter of 2025" reports Q4 2024
            if quarter is None or year is None or not 1900 <= year <= 2199:
                continue
            named = (FiscalPeriod(year, quarter), Basis.YEAR_INFERRED)
        return PeriodMatch(named[0], text[mention.start:mention.end], mention.start, named[1])
    return None


_FIRST_QUARTER_OF = re.compile(r"\b(?:first[-\s]quarter|q1|1q)\s+(?:of\s+)?(?:fiscal\s+(?:year\s+)?)?(?P<year>(?:19|20)\d\d)\b", re.I)
_LOOKS_AHEAD = re.compile(r"\b(?:expect\w*|anticipat\w+|guid\w+|outlook|forecast\w*|project\w*|will|going\s+to)\b(?:[^.!?]|\.(?=\d)){0,80}$", re.I)


def guides_first_quarter(text: str, year: int) -> bool:
    """Whether ``text`` looks ahead to the first quarter of ``year`` ("we expect revenue of $11.7 to
    $12.7 billion in the first quarter of 2025"): what a call on the fourth quarter before it does."""
    return any(int(m["year"]) == year and _LOOKS_AHEAD.search(text, max(0, m.start() - 120), m.start())
               for m in _FIRST_QUARTER_OF.finditer(text))


def infer_year(text: str) -> int | None:
    """The fiscal year ``text`` is most about, for a quarter it names without one; None if it
    writes no year.

    Every year written (1900-2099, and "FY25") scores 1; 3 when the words around it make it
    the year being talked about ("full year 2025", "fiscal 2025", "FY25", "in 2025", "for
    2025", "this year (2025)", "2025 guidance", "2025 results"); 0.25 when it is compared
    against or looked towards ("compared to 2024", "versus 2024", "since 2019", "beyond 2025",
    "into 2026"). The years written fall into runs with no gap wider than two years ("2019"
    and "2024, 2025, 2026" are two runs); the run with the most weight is the present, so a
    year of history ("since 2019", "the 1979 act") or a slip of speech-to-text ("this year
    in 2086") does not win on its own. Within that run the year with the highest total wins;
    a tie goes to the later year.

    Limits: it counts words, it does not understand them. A fourth-quarter call spends much
    of its time on next year's outlook, so it may answer the next year; a calendar year is
    taken for a fiscal year, which is one off for part of a non-December fiscal year. When
    the caller knows the date of the document, ``quarter_before(date).year`` is the better
    guess: pass it as ``context_year`` to ``find_fiscal_period``.
    """
    return _document_year(_year_scores(text), None)


def _year_scores(text: str) -> dict[int, float]:
    scores: dict[int, float] = {}
    for year, start, end in _years(text, 0, len(text)):
        scores[year] = scores.get(year, 0.0) + _year_weight(text, start, end)
    return scores


def _present(scores: dict[int, float]) -> list[int]:
    """The run of years (no gap wider than two) with the most weight; a tie goes to the later run."""
    runs: list[list[int]] = []
    for year in sorted(scores):
        if runs and year - runs[-1][-1] <= _RUN_GAP:
            runs[-1].append(year)
        else:
            runs.append([year])
    return max(runs, key=lambda run: (sum(scores[year] for year in run), run[-1]))


def _document_year(scores: dict[int, float], quarter: int | None) -> int | None:
    """``infer_year``'s answer, for ``quarter`` named without a year. A fourth quarter is
    reported early in the next year, when a text talks mostly of the new year's outlook; so
    when the year before the answer carries at least a third of its weight, the fourth quarter
    is that year's (``earnings/timeref.py`` reads "this year" in a Q4 document the same way)."""
    if not scores:
        return None
    year = max(_present(scores), key=lambda y: (scores[y], y))
    if quarter == 4 and scores.get(year - 1, 0.0) * _Q4_SHARE >= scores[year]:
        return year - 1
    return year


def _years(text: str, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """(year, start, end) of each year written in ``text[lo:hi]``: "2025" standing alone (not
    "$2,025", "12025", "2025%", "2025.5") and "FY25", in order."""
    found = []
    for pattern in _YEARS:
        for m in pattern.finditer(text, lo, hi):
            start, end = m.span()
            if (start and (text[start - 1].isalnum() or text[start - 1] in "$£€,.")) or (
                    end < len(text) and (text[end].isalnum() or text[end] == "%"
                                         or (text[end] in ".," and text[end + 1:end + 2].isdigit()))):
                continue
            found.append((int(m.group()), start, end))
    found.extend((two_digit_year(int(m.group(1))), m.start(), m.end()) for pattern in _FY_YEARS
                 for m in pattern.finditer(text, lo, hi) if not (m.start() and text[m.start() - 1].isalnum()))
    return sorted(found, key=lambda item: item[1])


def _year_weight(text: str, start: int, end: int) -> float:
    """3 for a year being talked about, 0.25 for one compared against, else 1 (see ``infer_year``)."""
    if text[start].isalpha():  # "FY25"
        return 3.0
    after = _TOKEN.findall(text[end:end + 16].lower())[:2]
    next_words = {" ".join(after[:1]), " ".join(after)}  # "guidance", "and beyond"
    kind = _year_cue(text, start)
    if kind == "weak" or not _YEAR_WEAK_AFTER.isdisjoint(next_words):
        return 0.25
    if kind == "strong" or not _YEAR_STRONG_AFTER.isdisjoint(next_words):
        return 3.0
    return 1.0


def _year_cue(text: str, start: int) -> str | None:
    """The kind of the longest cue phrase (``YEAR_CUES``) written right before a year, or
    "weak" when a comparison word stands a few words before it."""
    words = _TOKEN.findall(text[max(0, start - 40):start].lower())
    if _YEAR_COMPARED.intersection(words[-_P.YEAR_COMPARED_REACH:]):
        return "weak"
    for size in (3, 2, 1):
        if len(words) >= size and (kind := _YEAR_CUES.get(" ".join(words[-size:]))):
            return kind
    return None


def _mentions(text: str) -> list[_Mention]:
    """Every quarter named in ``text``, in order, overlaps resolved to the earliest and longest.

    Running every form over 60 KB would take tens of milliseconds, so each form is tried only
    at its anchors, found by plain substring search: "quarter", a "q" before a digit 1-4
    ("Q3"), a digit 1-4 before a "q" ("3Q"), "ended"/"ending" (each in lower, title or upper
    case). At each, the form's ``before`` part is read backwards and the whole form matched once.
    """
    anchors = _anchors(text)
    found: list[_Mention] = []
    for anchor, reach, before, form in _FORMS:
        for at in anchors[anchor]:
            lead = before.search(text, max(0, at - reach), at + 1)
            m = form.match(text, lead.start()) if lead else None
            if m is not None and m.end() > at and (mention := _read(m)) is not None:
                found.append(mention)
    found.sort(key=lambda m: (m.start, -m.end))
    kept: list[_Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept


def _find_all(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _anchors(text: str) -> dict[str, list[int]]:
    def every(word: str) -> list[int]:
        return sorted(at for spelling in {word, word.title(), word.upper()} for at in _find_all(text, spelling))

    anchors: dict[str, list[int]] = {"quarter": [], "q_digit": [], "digit_q": [],
                                     "ended": sorted(every("ended") + every("ending"))}
    for at in every("q"):
        if text.startswith(("uarter", "UARTER"), at + 1):
            anchors["quarter"].append(at)
        elif text[at + 1:at + 2] in ("1", "2", "3", "4"):
            anchors["q_digit"].append(at)
        if at and text[at - 1] in "1234":
            anchors["digit_q"].append(at - 1)
    return anchors


def _read(m: re.Match[str]) -> _Mention | None:
    groups = {name: value for name, value in m.groupdict().items() if value is not None}
    quarter = _ORDINAL_WORDS[groups["ord"].lower()] if "ord" in groups else int(groups["q"]) if "q" in groups else None
    month = _MONTH_NUMBERS.get(groups["month"].lower()) if "month" in groups else None
    fiscal = _group_year(groups, "fy")
    bare = _group_year(groups, "year")
    ended = _date(groups["date"]) if "date" in groups else None
    if "date" in groups and ended is None and quarter is None and month is None:
        return None  # "three months ended June 45, 2025"
    if quarter is not None:
        return _Mention(m.start(), m.end(), quarter=quarter, fiscal_year=fiscal or bare, ended=ended)
    return _Mention(m.start(), m.end(), month=month, fiscal_year=fiscal, calendar_year=bare, ended=ended)


def _group_year(groups: dict[str, str], prefix: str) -> int | None:
    value = next((v for name, v in groups.items() if name.startswith(prefix)), None)
    if value is None:
        return None
    return two_digit_year(int(value)) if len(value) == 2 else int(value)


def _date(written: str) -> tuple[int, int, int] | None:
    m = _P.DATE_PARTS.fullmatch(written.strip())
    if m is None:
        return None
    g = {name: value for name, value in m.groupdict().items() if value is not None}
    year = int(g.get("year") or g.get("year_b") or g["year_c"])
    mon = g.get("mon") or g.get("mon_b")
    month = _MONTH_NUMBERS[mon.lower()] if mon else int(g["mon_c"])
    day = int(g.get("day") or g.get("day_b") or g["day_c"])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return year, month, day


def _quarter_end_month(ended: tuple[int, int, int], year_end: int | None) -> tuple[int, int]:
    """(year, month) of the quarter a quarter-end date closes: a 52/53-week quarter ending in a
    month's first week ("October 1, 2023") closes the month before; so does one ending by the
    14th when, for ``year_end``, that month closes no quarter and the month before does."""
    year, month, day = ended
    before = (year - 1, 12) if month == 1 else (year, month - 1)
    if day <= 7 or (year_end and day < 15 and (year_end - month) % 3 and not (year_end - before[1]) % 3):
        return before
    return year, month


def _period(mention: _Mention, year_end: int) -> tuple[FiscalPeriod, Basis] | None:
    """The period a mention names by itself, or None when it needs a year from elsewhere (or
    reads as no quarter of this fiscal calendar)."""
    try:
        if mention.quarter is not None:
            if mention.fiscal_year is not None:
                return FiscalPeriod(mention.fiscal_year, mention.quarter), Basis.NAMED
            if mention.ended is not None:
                # The ordinal says which quarter the date closes, so it also says where the
                # fiscal year ends: the date's fiscal year needs no fiscal_year_end.
                year, month = _quarter_end_month(mention.ended, None)
                implied_end = (month - 1 + 3 * (4 - mention.quarter)) % 12 + 1
                return FiscalPeriod(year if month <= implied_end else year + 1, mention.quarter), Basis.DATE
            return None
        if mention.month is not None:
            if mention.fiscal_year is not None:
                quarter = fiscal_quarter_of_month_end(2000, mention.month, year_end).quarter
                return FiscalPeriod(mention.fiscal_year, quarter), Basis.MONTH
            said_year = mention.calendar_year or (mention.ended[0] if mention.ended else None)
            return (fiscal_quarter_of_month_end(said_year, mention.month, year_end), Basis.MONTH) if said_year else None
        if mention.ended is not None:
            return fiscal_quarter_of_month_end(*_quarter_end_month(mention.ended, year_end), year_end), Basis.DATE
    except PeriodError:  # a month that ends no quarter of this fiscal year, or a year out of range
        return None
    return None


def _yearless_quarter(mention: _Mention, year_end: int) -> int | None:
    if mention.quarter is not None:
        return mention.quarter
    if mention.month is not None and not (year_end - mention.month) % 3:
        return fiscal_quarter_of_month_end(2000, mention.month, year_end).quarter
    return None


def _clause_left(text: str, start: int) -> str:
    lo = max(0, start - _CLAUSE_REACH)
    stops = list(_CLAUSE_STOP.finditer(text, lo, start))
    left = text[stops[-1].end() if stops else lo:start]
    # a mention that opens a parenthesis labels what comes before it: "reaffirms fiscal 2023
    # outlook (first quarter fiscal 2023)" is no forward mention
    return "" if left.rstrip().endswith("(") else left


def _clause_right(text: str, end: int) -> str:
    stop = _CLAUSE_STOP.search(text, end, end + _CLAUSE_REACH)
    return text[end:stop.start() if stop else end + _CLAUSE_REACH]


def _role(text: str, mention: _Mention) -> _Role:
    """What the words of its clause say a mention is (the order is explained in ``find_fiscal_period``)."""
    left, right = _clause_left(text, mention.start), _clause_right(text, mention.end)
    if _ASIDE.search(left):  # a safe-harbor sentence: "our Form 10-Q for the quarter ended …"
        return _Role.ASIDE
    words = _TOKEN.findall(left.lower())
    if _governed_by_forward(words):
        return _Role.FORWARD
    nearest, weak = _cues(words)
    if (nxt := _NEXT.match(right)) and nxt.lastgroup:
        return _Role(nxt.lastgroup)
    if _is_labelled(text, mention.start):
        return _Role.TITLE
    if nearest is not None:
        return _Role(nearest)
    if _AFTER_FORWARD.match(right):
        return _Role.FORWARD
    if mention.ended is not None or weak:
        return _Role.REPORT
    if _is_title_line(text, mention.start):
        return _Role.TITLE
    return _Role.PLAIN


def _governed_by_forward(words: list[str]) -> bool:
    """Whether the last word before a mention, fillers aside, is an expectation word."""
    for word in reversed(words[-5:]):
        if word not in _GOVERNING_FILLER:
            return word in _GOVERNING_FORWARD
    return False


def _cues(words: list[str]) -> tuple[str | None, bool]:
    """(the kind of the nearest strong cue, whether a weak report cue is there) among the
    words of a clause before a mention; a phrase of up to three words, longest first."""
    weak = False
    for i in range(len(words) - 1, -1, -1):
        for size in (3, 2, 1):
            if i + 1 < size:
                continue
            phrase = words[i] if size == 1 else " ".join(words[i + 1 - size:i + 1])
            kind = _CUES.get(phrase)
            if kind is None and size == 1 and phrase.startswith(_ANY_CUE_PREFIX):
                kind = next(k for prefix, k in _CUE_PREFIXES if phrase.startswith(prefix))
            if kind == "weak_report":
                weak = True
                break
            if kind == "neutral":
                return None, weak
            if kind is not None:
                return kind, weak
    return None, weak


def _is_labelled(text: str, start: int) -> bool:
    """Whether a label ("Period:", "Fiscal Quarter/Year:") stands before a mention on its line."""
    lo = max(0, start - _LABEL_REACH)
    stops = list(_LINE_STOP.finditer(text, lo, start))
    before = text[stops[-1].end() if stops else lo:start]
    return before.rstrip(" *").endswith((":", "–", "—")) and _LABEL.search(before) is not None


def _is_title_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if line_end < 0:
        if line_start == 0:
            return False  # one line: a title passed alone, or a transcript's one paragraph
        line_end = len(text)
    return line_start < _TITLE_AREA and line_end - line_start <= _TITLE_LENGTH


def _sentence_year(text: str, mention: _Mention, excluded: list[tuple[int, int]]) -> int | None:
    """The year written nearest a mention in its own sentence, leaving out years compared
    against ("versus 2024") and years inside forward, past or aside mentions."""
    lo = max(0, mention.start - _SENTENCE_REACH)
    stops = list(_SENTENCE_STOP.finditer(text, lo, mention.start))
    lo = stops[-1].end() if stops else lo
    stop = _SENTENCE_STOP.search(text, mention.end, mention.end + _SENTENCE_REACH)
    hi = stop.start() if stop else min(len(text), mention.end + _SENTENCE_REACH)
    best: tuple[int, int] | None = None
    for year, start, end in _years(text, lo, hi):
        if any(s <= start < e for s, e in excluded) or _year_cue(text, start) == "weak":
            continue
        distance = mention.start - end if start < mention.start else start - mention.end
        if best is None or distance < best[0]:
            best = (distance, year)
    return best[1] if best else None