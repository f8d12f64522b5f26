"""Fiscal quarters on the calendar: which quarter a month ends, a day falls in, a report follows."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from earnings.errors import PeriodError
from earnings.period import FiscalPeriod, fiscal_quarter_of_month_end, quarter_before, quarter_containing

YEAR_ENDS = st.one_of(st.none(), st.integers(1, 12))
DAYS = st.dates(date(1901, 1, 1), date(2190, 12, 31))


def last_day(period: FiscalPeriod, fiscal_year_end: int | None) -> date:
    """The last day of a fiscal quarter, its months counted back from the fiscal year end."""
    year_end = fiscal_year_end or 12
    months = period.year * 12 + year_end - 1 - 3 * (4 - period.quarter)  # the quarter's last month, from year 0
    year, month = divmod(months, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def following(period: FiscalPeriod) -> FiscalPeriod:
    return FiscalPeriod(period.year + 1, 1) if period.quarter == 4 else FiscalPeriod(period.year, period.quarter + 1)


@pytest.mark.parametrize(
    ("year", "month", "fiscal_year_end", "period"),
    [
        (2025, 3, None, "2025Q1"),
        (2024, 12, 12, "2024Q4"),
        (2024, 12, 9, "2025Q1"),  # a fiscal year is named for the calendar year it ends in
        (2025, 6, 9, "2025Q3"),
        (2026, 3, 6, "2026Q3"),
        (2025, 9, 6, "2026Q1"),
        (2025, 1, 1, "2025Q4"),
        (2025, 4, 1, "2026Q1"),
    ],
)
def test_the_quarter_a_month_ends_is_counted_from_the_fiscal_year_end(
        year: int, month: int, fiscal_year_end: int | None, period: str) -> None:
    assert str(fiscal_quarter_of_month_end(year, month, fiscal_year_end)) == period


def test_a_month_that_ends_no_quarter_is_refused_with_the_reason() -> None:
    with pytest.raises(PeriodError, match="no fiscal quarter ends in month 4 when the fiscal year ends in month 12"):
        fiscal_quarter_of_month_end(2025, 4, None)
    with pytest.raises(PeriodError, match="month must be 1 to 12"):
        fiscal_quarter_of_month_end(2025, 13, None)


@pytest.mark.parametrize(
    ("day", "fiscal_year_end", "period"),
    [
        (date(2025, 4, 23), None, "2025Q1"),
        (date(2025, 1, 10), None, "2024Q4"),
        (date(2025, 7, 31), 9, "2025Q3"),
        (date(2025, 3, 31), None, "2024Q4"),  # the quarter ending that day has not ended before it
        (date(2025, 4, 1), None, "2025Q1"),
        # the cases scrapers/sec_edgar.py's quarter_before is tested with
        (date(2024, 10, 31), 9, "2024Q4"),
        (date(2025, 1, 30), 9, "2025Q1"),
        (date(2025, 2, 26), 1, "2025Q4"),
        (date(2025, 2, 11), 12, "2024Q4"),
        (date(2025, 5, 6), 12, "2025Q1"),
    ],
)
def test_a_document_dated_a_day_reports_the_last_quarter_ended_before_it(
        day: date, fiscal_year_end: int | None, period: str) -> None:
    assert str(quarter_before(day, fiscal_year_end)) == period


@pytest.mark.parametrize(
    ("day", "fiscal_year_end", "period"),
    [
        (date(2025, 2, 14), None, "2025Q1"),
        (date(2025, 12, 31), None, "2025Q4"),
        (date(2024, 11, 2), 9, "2025Q1"),
        (date(2026, 6, 1), 6, "2026Q4"),
        (date(2026, 7, 1), 6, "2027Q1"),
    ],
)
def test_a_day_falls_in_the_quarter_whose_months_hold_it(day: date, fiscal_year_end: int | None, period: str) -> None:
    assert str(quarter_containing(day, fiscal_year_end)) == period


@given(DAYS, YEAR_ENDS)
def test_quarter_before_ended_before_the_day_and_the_next_quarter_did_not(day: date, fiscal_year_end: int | None) -> None:
    period = quarter_before(day, fiscal_year_end)
    assert last_day(period, fiscal_year_end) < day <= last_day(following(period), fiscal_year_end)


@given(DAYS, YEAR_ENDS)
def test_quarter_containing_runs_from_the_day_after_the_last_quarter_to_its_own_end(
        day: date, fiscal_year_end: int | None) -> None:
    period = quarter_containing(day, fiscal_year_end)
    assert last_day(period.previous(), fiscal_year_end) < day <= last_day(period, fiscal_year_end)
    assert following(quarter_before(day, fiscal_year_end)) == period


@given(st.integers(1901, 2190), st.integers(1, 12), YEAR_ENDS)
def test_a_quarter_end_month_is_where_its_quarter_ends(year: int, month: int, fiscal_year_end: int | None) -> None:
    if ((fiscal_year_end or 12) - month) % 3:
        with pytest.raises(PeriodError):
            fiscal_quarter_of_month_end(year, month, fiscal_year_end)
        return
    period = fiscal_quarter_of_month_end(year, month, fiscal_year_end)
    end = date(year, month, calendar.monthrange(year, month)[1])
    assert last_day(period, fiscal_year_end) == end
    assert quarter_containing(end, fiscal_year_end) == period
