"""Properties of ``find_fiscal_period``: quarters written out round-trip, any text is safe to
read, it agrees with the press-release reader it replaces, and a long body is read fast."""

from __future__ import annotations

import calendar
import time
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from earnings.period import Basis, FiscalPeriod, find_fiscal_period, infer_year
from scrapers.press_release import find_period

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
    expected = period if "{yy}" not in form else FiscalPeriod(2000 + period.year % 100, period.quarter)
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


@given(st.dates(date(1990, 1, 1), date(2090, 12, 31)), st.integers(1, 12),
       st.sampled_from(["for the three months ended {d}", "the quarter ended {d}", "13 weeks ended {d}"]))
def test_a_quarter_end_date_is_read_as_the_press_release_reader_reads_it(day: date, fiscal_year_end: int, form: str) -> None:
    text = form.format(d=f"{MONTHS[day.month - 1]} {day.day}, {day.year}")
    theirs = find_period(text, fiscal_year_end)
    ours = find_fiscal_period(text, fiscal_year_end)
    if theirs is not None and "weeks" not in form:  # the old reader has no "13 weeks ended"
        assert ours is not None and ours.period == theirs
    if ours is not None:
        assert ours.basis == Basis.DATE


@given(PERIODS, st.sampled_from(["Results for the {o} quarter and full year {y}", "{o} quarter of fiscal {y}",
                                 "Q{q} FY{y} results", "Q{q} {y}", "{q}Q{yy}"]), st.integers(1, 12))
def test_a_named_quarter_is_read_as_the_press_release_reader_reads_it(
        period: FiscalPeriod, form: str, fiscal_year_end: int) -> None:
    text = form.format(o=ORDINALS[period.quarter - 1], q=period.quarter, y=period.year, yy=f"{period.year % 100:02d}")
    theirs = find_period(text, fiscal_year_end)
    assert theirs is not None
    assert find_fiscal_period(text, fiscal_year_end).period == theirs


def test_a_60_kb_body_is_read_in_well_under_5_ms() -> None:
    sentence = ("Revenue rose in every region this quarter, and the team kept costs in check while we invested "
                "in new stores, compared with last year when the second half was weaker. ")
    body = ("Good morning. Thanks for joining us. Earlier today we reported June quarter results. "
            + sentence * 365 + "We expect the September quarter to grow, and in 2025 we plan to open stores.")
    assert len(body) > 60_000
    assert find_fiscal_period(body, context_year=2025).period == FiscalPeriod(2025, 2)
    best = min(_timed(lambda: find_fiscal_period(body)) for _ in range(10))
    assert best < 0.005, f"{best * 1000:.1f} ms"


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start
