"""Figures and target times read from prose."""

from __future__ import annotations

import pytest

from earnings.figures import extract_figures, extract_target_time, format_figure
from earnings.period import FiscalPeriod

Q3_2024 = FiscalPeriod(2024, 3)
Q4_2024 = FiscalPeriod(2024, 4)


@pytest.mark.parametrize(
    ("text", "metric", "low", "high", "unit", "approximate"),
    [
        ("Management expects gross margins to stabilize around 70–74%.", "gross_margin", 70, 74, "%", True),
        ("gross margins of approximately 75% in Q4", "gross_margin", 75, 75, "%", True),
        ("guided Q4 revenue of $126 million to $130 million", "revenue", 126e6, 130e6, "USD", False),
        ("revenue of $151 to $155 million for the quarter", "revenue", 151e6, 155e6, "USD", False),
        ("a tax rate between 34 and 36 percent", "tax_rate", 34, 36, "%", False),
        ("we expect $1.2 billion in revenue", "revenue", 1.2e9, 1.2e9, "USD", False),
        ("gross margin to expand 150 basis points", "gross_margin", 150, 150, "bp", False),
        ("a long-term 40% operating margin target", "operating_margin", 40, 40, "%", False),
        ("operating expenses of $76M-$80M", "operating_expenses", 76e6, 80e6, "USD", False),
        ("capex of about $2.5B", "capex", 2.5e9, 2.5e9, "USD", True),
        ("EPS of $0.41 to $0.43 per share", "eps", 0.41, 0.43, "USD", False),
        ("adjusted EBITDA margin of ~30%", "ebitda_margin", 30, 30, "%", True),
    ],
)
def test_a_figure_is_read_with_its_metric_range_unit_and_approximation(
    text: str, metric: str, low: float, high: float, unit: str, approximate: bool
) -> None:
    [figure] = extract_figures(text)
    assert (figure.metric, figure.low, figure.high, figure.unit, figure.approximate) == (
        metric, pytest.approx(low), pytest.approx(high), unit, approximate)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("gross margins of approximately 75% in Q4", "Q4 2024"),
        ("operating expenses of $80 million for Q1", "Q1 2025"),
        ("revenue of $1.2 billion for the full year", "2024"),
        ("revenue of $2 billion in fiscal 2026", "2026"),
        ("a 40% operating margin by 2028", "2028"),
        ("with the long-term model of 70% gross margin", "long term"),
        ("gross margin of 70% in the first half of 2025", "H1 2025"),
        ("gross margin of 70%", ""),
    ],
)
def test_a_figure_carries_the_period_it_is_stated_for(text: str, period: str) -> None:
    [figure] = extract_figures(text, Q3_2024)
    assert figure.period == period


def test_a_growth_rate_next_to_a_money_metric_is_that_metrics_growth() -> None:
    figures = extract_figures("Revenue grew 47% sequentially to $113.1 million.")
    assert [(f.metric, f.unit, f.low) for f in figures] == [
        ("revenue_growth", "%", 47), ("revenue", "USD", pytest.approx(113.1e6))]


def test_plain_numbers_and_years_are_not_figures() -> None:
    assert extract_figures("design wins for 200- and 400-gig offerings in 2025 and Q3 2024") == []


def test_a_from_to_pair_is_two_figures_not_a_range() -> None:
    figures = extract_figures("gross margin rose from 60% to 65%")
    assert [(f.low, f.high) for f in figures] == [(60, 60), (65, 65)]


def test_a_figure_is_shown_compactly_in_a_reason() -> None:
    [approx, span, money, bp] = extract_figures(
        "gross margin of about 75%, then 70–74%, revenue of $126 million to $130 million, up 150 bps")
    assert [format_figure(f) for f in (approx, span, money, bp)] == ["~75%", "70–74%", "$126M–$130M", "150 bp"]


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
    times = [extract_target_time(t, Q4_2024) for t in ("by 2028", "by end-Q1", "later in the year", "in 2026")]
    assert [t.label for t in sorted(times)] == ["Q1 2025", "H2 2025", "2026", "2028"]


def test_a_deadline_is_the_target_time_even_after_another_date() -> None:
    target = extract_target_time("first revenue expected in 2025, and the largest product line by 2027")
    assert target is not None and target.label == "2027"


def test_text_without_a_time_has_no_target_time() -> None:
    assert extract_target_time("Q3 saw initial inflection and margins stayed healthy") is None


@pytest.mark.parametrize(
    ("text", "metric", "low", "high"),
    [
        ("Management expects 2026 revenue growth in the low double-digits.", "revenue_growth", 10, 13),
        ("comparable sales growth in the low single digits", "revenue_growth", 1, 3),
        ("we expect mid-teens EBITDA growth", "ebitda_growth", 14, 16),
        ("pricing on new orders is up high-single digits", "", 7, 9),
    ],
)
def test_growth_said_in_words_is_an_approximate_range(text: str, metric: str, low: float, high: float) -> None:
    [figure] = extract_figures(text)
    assert (figure.metric, figure.low, figure.high, figure.unit, figure.approximate) == (metric, low, high, "%", True)
