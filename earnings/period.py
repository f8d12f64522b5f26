"""Fiscal quarters: ``FiscalPeriod(2024, 4)`` is written ``2024Q4`` and shown ``Q4 2024``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

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
            year = int(groups["year"])
            if year < 100:
                year += 2000
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


def _year_end(fiscal_year_end: int | None) -> int:
    if fiscal_year_end is None:
        return 12
    if not 1 <= fiscal_year_end <= 12:
        raise PeriodError(f"fiscal_year_end is a month, 1 to 12, not {fiscal_year_end}")
    return fiscal_year_end
