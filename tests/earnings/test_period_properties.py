"""Properties of ``find_fiscal_period``: quarters written out round-trip, by name or by the date
they end, and any text is safe to read. (Its speed on a long body is measured by
``python -m bench.engine``, not here.)"""

from __future__ import annotations

import calendar

from hypothesis import given
from hypothesis import strategies as st

from earnings.period import Basis, FiscalPeriod, find_fiscal_period, infer_year, two_digit_year
from tests.earnings.test_period_calendar import last_day

PERIODS = st.builds(FiscalPeriod, st.integers(1900, 2099), st.integers(1, 4))
YEAR_ENDS = st.one_of(st.none(), st.integers(1, 12))
ORDINALS = ["first", "second", "third", "fourth"]
MONTHS = list(calendar.month_name)[1:]

# Pieces of earnings prose, put together at random to reach every branch of the reader.
FRAGMENTS = [
    "Q3", "Q4'24", "FY25", "2025", "24", "fiscal", "fiscal year", "second", "fourth", "quarter", "quarter ended",
    "three months ended", "13 weeks ended", "June 30, 2026", "March", "December quarter", "and full year",
    "results", "earnings call", "guidance", "outlook for", "we expect", "compared with", "since", "Form 10-Q",
    "dividend", "Period:", "\n", ". ", "; ", ", ", "•", "(", ")", "-", "Q&A", "a year ago", "3Q", "F", "of",
    "reported", "welcome to the", "for the", "İ", "’", "Sept.", "45,",
]


@given(PERIODS)
def test_a_quarter_written_as_earnwatch_writes_it_is_read_back(period: FiscalPeriod) -> None:
    for written in (str(period), period.label):
        found = find_fiscal_period(written)
        assert found is not None and (found.period, found.basis, found.text) == (period, Basis.NAMED, written)


@given(PERIODS, st.sampled_from(["{o} quarter {y}", "{o} quarter of fiscal {y}", "fiscal {y} {o} quarter",
                                 "Q{q} FY{y}", "FY{y} Q{q}", "{q}Q{yy}", "Q{q} fiscal {y}"]))
def test_a_quarter_spelled_any_way_is_read_back(period: FiscalPeriod, form: str) -> None:
    written = form.format(o=ORDINALS[period.quarter - 1], q=period.quarter, y=period.year, yy=f"{period.year % 100:02d}")
    expected = period if "{yy}" not in form else FiscalPeriod(two_digit_year(period.year % 100), period.quarter)
    found = find_fiscal_period(f"Acme reports {written} results")
    assert found is not None and found.period == expected


@given(st.text(max_size=300), YEAR_ENDS, st.one_of(st.none(), st.integers(1900, 2199)))
def test_any_text_is_read_without_error(text: str, fiscal_year_end: int | None, context_year: int | None) -> None:
    found = find_fiscal_period(text, fiscal_year_end, context_year=context_year)
    if found is not None:
        assert text[found.start:found.end] == found.text
    infer_year(text)


@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map(" ".join), YEAR_ENDS)
def test_earnings_words_in_any_order_are_read_without_error(text: str, fiscal_year_end: int | None) -> None:
    found = find_fiscal_period(text, fiscal_year_end)
    if found is not None:
        assert text[found.start:found.end] == found.text
        assert 1900 <= found.period.year <= 2199


@given(st.builds(FiscalPeriod, st.integers(1901, 2099), st.integers(1, 4)), YEAR_ENDS,
       st.sampled_from(["for the three months ended {d}", "the quarter ended {d}",
                                             "Results for the 13 weeks ended {d}"]))
def test_a_quarter_named_by_the_day_it_ends_is_read_back(period: FiscalPeriod, fiscal_year_end: int | None, form: str) -> None:
    day = last_day(period, fiscal_year_end)
    found = find_fiscal_period(form.format(d=f"{MONTHS[day.month - 1]} {day.day}, {day.year}"), fiscal_year_end)
    assert found is not None and found.period == period
    assert found.basis == Basis.DATE


@given(st.builds(FiscalPeriod, st.integers(1969, 2068), st.integers(1, 4)),
       st.sampled_from(["Results for the {o} quarter and full year {y}", "{o} quarter of fiscal {y}",
                        "Q{q} FY{y} results", "Q{q} {y}", "{q}Q{yy}", "Q{q} FY{yy}"]), YEAR_ENDS)
def test_a_named_quarter_is_read_back_whatever_the_fiscal_year(
        period: FiscalPeriod, form: str, fiscal_year_end: int | None) -> None:
    text = form.format(o=ORDINALS[period.quarter - 1], q=period.quarter, y=period.year, yy=f"{period.year % 100:02d}")
    found = find_fiscal_period(text, fiscal_year_end, context_year=period.year)
    assert found is not None and found.period == period
