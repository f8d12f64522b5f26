"""Quantities and times read from prose, and how a figure is written in a reason."""

from __future__ import annotations

import pytest

from earnings.figures import format_value, quantities
from earnings.period import FiscalPeriod
from earnings.spoken import in_digits
from earnings.timeref import extract_target_time

Q3_2024 = FiscalPeriod(2024, 3)
Q4_2024 = FiscalPeriod(2024, 4)


@pytest.mark.parametrize(
    ("text", "low", "high", "unit", "approximate"),
    [
        ("around 70–74%", 70, 74, "%", True),
        ("$126 million to $130 million", 126e6, 130e6, "USD", False),
        ("$151 to $155 million", 151e6, 155e6, "USD", False),
        ("between 34 and 36 percent", 34, 36, "%", False),
        ("up 150 basis points", 150, 150, "bp", False),
        ("$76M-$80M", 76e6, 80e6, "USD", False),
        ("about $2.5B", 2.5e9, 2.5e9, "USD", True),
        ("¥120 billion", 120e9, 120e9, "JPY", False),
        ("£30 million", 30e6, 30e6, "GBP", False),
        ("1.5x", 1.5, 1.5, "x", False),
        ("$640 million, plus or minus $20 million", 620e6, 660e6, "USD", False),
        ("47%, plus or minus 100 basis points", 46, 48, "%", False),
        ("$3.2 billion ± $0.1 billion", 3.1e9, 3.3e9, "USD", False),
    ],
)
def test_a_quantity_is_read_with_its_range_unit_and_approximation(text: str, low: float, high: float, unit: str,
                                                                 approximate: bool) -> None:
    [found] = quantities(text)
    assert (found.low, found.high, found.unit, found.approximate) == (pytest.approx(low), pytest.approx(high), unit, approximate)


def test_plain_numbers_and_years_are_not_quantities() -> None:
    assert quantities("design wins for 200- and 400-gig offerings in 2025 and Q3 2024") == []


def test_a_from_to_pair_is_two_quantities_not_a_range() -> None:
    assert [(q.low, q.high) for q in quantities("gross margin rose from 60% to 65%")] == [(60, 60), (65, 65)]


def test_a_bound_is_kept() -> None:
    [more] = quantities("EPS of more than $7.35")
    [less] = quantities("less than 1% growth")
    assert (more.low, more.bound, less.high, less.bound) == (7.35, "min", 1, "max")


def test_n_or_fewer_things_is_a_ceiling_and_n_or_more_a_floor() -> None:
    [fewer] = quantities("12 or fewer incremental aircraft")
    [more] = quantities("300 or more new stores")
    [plain] = quantities("300 new stores")
    assert (fewer.high, fewer.bound, more.low, more.bound, plain.bound) == (12, "max", 300, "min", "")


@pytest.mark.parametrize(
    ("spoken", "written"),
    [
        ("revenue of one point two billion dollars", "revenue of 1.2 billion dollars"),
        ("a margin of thirty two percent", "a margin of 32 percent"),
        ("about fifty basis points", "about 50 basis points"),
    ],
)
def test_numbers_spoken_by_speech_to_text_are_written_in_digits(spoken: str, written: str) -> None:
    assert in_digits(spoken) == written
    assert len(quantities(written)) == 1


@pytest.mark.parametrize(
    ("low", "high", "unit", "approximate", "bound", "shown"),
    [
        (75, 75, "%", True, "", "~75%"),
        (70, 74, "%", False, "", "70–74%"),
        (126e6, 130e6, "USD", False, "", "$126M–$130M"),
        (2.335e9, 2.375e9, "USD", False, "", "$2.335B–$2.375B"),
        (150, 150, "bp", False, "", "150 bp"),
        (7.35, 7.35, "USD", False, "min", ">$7.35"),
        (1, 1, "%", False, "max", "<1%"),
    ],
)
def test_a_value_is_written_compactly_in_a_reason(low, high, unit, approximate, bound, shown) -> None:
    assert format_value(low, high, unit, approximate=approximate, bound=bound) == shown


@pytest.mark.parametrize(
    ("text", "reference", "label", "value"),
    [
        ("can become the largest product line by 2028", None, "2028", 2028.0),
        ("products launching in 2026", None, "2026", 2026.0),
        ("a ramp in the first half of 2025", None, "H1 2025", 2025.0),
        ("to transition to 800 gig later in the year", Q4_2024, "H2 2025", 2025.5),
        ("the final specification is expected by end-Q1", Q4_2024, "Q1 2025", 2025.0),
        ("broaden the customer base next year", Q3_2024, "2025", 2025.0),
    ],
)
def test_a_target_time_has_a_sortable_value(text: str, reference: FiscalPeriod | None, label: str, value: float) -> None:
    target = extract_target_time(text, reference)
    assert target is not None
    assert (target.label, target.value) == (label, value)


def test_target_times_sort_in_time_order() -> None:
    times = [t for t in (extract_target_time(x, Q4_2024) for x in ("by 2028", "by end-Q1", "later in the year", "in 2026")) if t is not None]
    assert [t.label for t in sorted(times)] == ["Q1 2025", "H2 2025", "2026", "2028"]


def test_text_without_a_time_has_no_target_time() -> None:
    assert extract_target_time("Q3 saw initial inflection and margins stayed healthy") is None


def test_a_range_below_zero_is_written_with_to() -> None:
    assert format_value(-4.5, -1.5, "%") == "-4.5% to -1.5%"
    assert format_value(-1.5, 1.5, "%") == "-1.5% to 1.5%"
    assert format_value(2, 4, "%") == "2–4%"


def test_a_move_from_one_value_to_another_keeps_its_order_when_it_falls() -> None:
    old, new = quantities("The gross tariff impact was reduced from $60 million to $20 million.")
    assert (old.low, old.high, new.low, new.high) == (60e6, 60e6, 20e6, 20e6)
    old, new = quantities("Margin rose from 60% to 65%.")
    assert (old.low, new.low) == (60.0, 65.0)


@pytest.mark.parametrize(("said", "size"), [
    ("an impact of a few hundred million dollars", 300e6),
    ("a couple hundred million dollars of cost", 200e6),
])
def test_a_rough_size_in_words_is_read_as_an_analyst_reads_it(said: str, size: float) -> None:
    [q] = quantities(in_digits(said))
    assert (q.low, q.unit, q.approximate) == (size, "USD", True)
