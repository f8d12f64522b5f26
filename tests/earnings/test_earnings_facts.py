"""Guidance read as facts: metric, basis, period, value and unit, from prose and outlook lines."""

from __future__ import annotations

import pytest

from earnings.document import OUTLOOK, QA, Statement
from earnings.facts import read_facts
from earnings.period import FiscalPeriod
from earnings.report import Figure

Q3_2024 = FiscalPeriod(2024, 3)
Q4_2024 = FiscalPeriod(2024, 4)


def guides(text: str, period: FiscalPeriod | None = Q3_2024, *, section: str = QA, topic: str = "") -> list[Figure]:
    return list(read_facts(Statement(text=text, section=section, topic=topic), period).guides)


@pytest.mark.parametrize(
    ("text", "metric", "low", "high", "unit", "approximate"),
    [
        ("Management expects gross margins to stabilize around 70–74%.", "gross_margin", 70, 74, "%", True),
        ("We expect gross margins of approximately 75% in Q4.", "gross_margin", 75, 75, "%", True),
        ("Management guided Q4 revenue of $126 million to $130 million.", "revenue", 126e6, 130e6, "USD", False),
        ("We expect revenue of $151 to $155 million for the quarter.", "revenue", 151e6, 155e6, "USD", False),
        ("We expect a tax rate between 34 and 36 percent.", "tax_rate", 34, 36, "%", False),
        ("We expect $1.2 billion in revenue for the year.", "revenue", 1.2e9, 1.2e9, "USD", False),
        ("We expect capex of about $2.5 billion this year.", "capex", 2.5e9, 2.5e9, "USD", True),
        ("We expect diluted EPS of $0.41 to $0.43 for the quarter.", "eps", 0.41, 0.43, "USD", False),
        ("We now expect adjusted EBITDA margin of ~30% for the year.", "ebitda_margin", 30, 30, "%", True),
        ("We expect net sales of €2.1 billion to €2.2 billion for the year.", "revenue", 2.1e9, 2.2e9, "EUR", False),
        ("We expect pre-tax income of $1.5 billion to $2 billion on revenue that is about flat.", "operating_income", 1.5e9, 2e9, "USD", False),
        ("We expect net interest income of $2.1 billion to $2.2 billion next quarter.", "net_interest_income", 2.1e9, 2.2e9, "USD", False),
        ("We expect a diluted share count of approximately 152 million next quarter.", "share_count", 152e6, 152e6, "count", True),
        ("We expect subscriber net additions of 1.2 million to 1.5 million next quarter.", "net_additions", 1.2e6, 1.5e6, "count", False),
    ],
)
def test_a_guide_is_read_with_its_metric_range_unit_and_approximation(
        text: str, metric: str, low: float, high: float, unit: str, approximate: bool) -> None:
    [figure] = guides(text)
    assert (figure.metric, figure.low, figure.high, figure.unit, figure.approximate) == (
        metric, pytest.approx(low), pytest.approx(high), unit, approximate)
    assert figure.source == text


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("We expect gross margins of approximately 75% in Q4.", "Q4 2024"),
        ("We expect operating expenses of $80 million for Q1.", "Q1 2025"),
        ("We expect revenue of $1.2 billion for the full year.", "FY2024"),
        ("We expect revenue of $2 billion in fiscal 2026.", "FY2026"),
        ("We are targeting a 40% operating margin by 2028.", "FY2028"),
        ("We reiterate the long-term model of 70% gross margin.", "long term"),
        ("We expect gross margin of 70% in the first half of 2025.", "H1 2025"),
        ("For the fourth quarter, we expect revenue of $280 million to $295 million.", "Q4 2024"),
    ],
)
def test_a_guide_carries_the_period_it_is_for_read_against_the_documents_quarter(text: str, period: str) -> None:
    [figure] = guides(text)
    assert figure.period == period


def test_a_full_year_guide_in_a_fourth_quarter_call_is_for_the_next_year() -> None:
    [figure] = guides("We expect full-year revenue of $600 million.", Q4_2024)
    assert figure.period == "FY2025"


def test_reported_results_are_not_guides() -> None:
    assert guides("Revenue grew 47% sequentially to $113.1 million.") == []
    assert guides("Inventories increased 80% sequentially in Q4.") == []
    assert guides("Revenue came in above the high end of our outlook and operating margin expanded 170 basis points.") == []


def test_a_result_and_a_guide_in_one_sentence_keep_only_the_guide() -> None:
    found = guides("Revenue grew 47% to $113.1 million, and we expect Q4 revenue of $126 million to $130 million.")
    assert [(f.metric, f.low) for f in found] == [("revenue", 126e6)]


def test_the_old_range_quoted_beside_the_new_one_is_not_a_guide() -> None:
    found = guides("Compared with its previous range of $4.30 to $4.45, the company now expects full year adjusted EPS "
                   "of $4.10 to $4.25.")
    assert [(f.metric, f.low, f.high, f.basis) for f in found] == [("eps", 4.10, 4.25, "adjusted")]


def test_a_share_of_an_amount_is_not_that_amount() -> None:
    assert guides("We expect China to be about 6% of revenue this year.") == []
    assert guides("We expect the second half to generate about 60% of the year's free cash flow.") == []


@pytest.mark.parametrize(
    ("text", "metric", "low", "high"),
    [
        ("Management expects 2026 revenue growth in the low double digits.", "revenue_growth", 10, 13),
        ("We expect comparable sales growth in the low single digits.", "comparable_sales", 1, 3),
        ("We expect organic net sales to decrease 6% to 8%.", "organic_revenue_growth", -8, -6),
        ("We expect revenue to be flat to down 2% for the year.", "revenue_growth", -2, 0),
    ],
)
def test_growth_said_in_words_or_with_a_sign_is_a_range_with_that_sign(text: str, metric: str, low: float, high: float) -> None:
    [figure] = guides(text)
    assert (figure.metric, figure.low, figure.high, figure.unit) == (metric, low, high, "%")


def test_numbers_spoken_as_words_are_read_as_numbers() -> None:
    [figure] = guides("We expect revenue of about one point two billion dollars for the year.")
    assert (figure.metric, figure.low, figure.unit, figure.approximate) == ("revenue", pytest.approx(1.2e9), "USD", True)


def test_an_outlook_line_without_a_verb_is_a_guide() -> None:
    [figure] = guides("Full year 2025 net revenue: $2.06 billion to $2.09 billion", section=OUTLOOK, topic="Full Year 2025 Guidance")
    assert (figure.metric, figure.low, figure.high, figure.period) == ("revenue", pytest.approx(2.06e9), pytest.approx(2.09e9), "FY2025")


def test_a_basis_and_a_scenario_are_kept_with_the_guide() -> None:
    [figure] = guides("Excluding the impact of tariffs, we expect non-GAAP gross margin of 62% to 64% for the year.")
    assert (figure.metric, figure.basis, figure.low, figure.high) == ("gross_margin", "adjusted", 62, 64)
    assert figure.scenario


def test_a_stated_cost_of_a_harm_is_a_harm_not_a_guide() -> None:
    facts = read_facts(Statement(text="We expect tariffs to have a net adverse impact of about $1.5 billion on EBIT this year.",
                                 section=QA), Q3_2024)
    assert facts.guides == ()
    [harm] = facts.harms
    assert (harm.low, harm.unit, harm.period) == (1.5e9, "USD", "FY2024")


def test_a_figure_is_what_the_metric_before_it_is_of_not_the_base_named_after_it() -> None:
    found = guides("We expect EPS of $2.10 on revenue of $9 billion for the year.")
    assert [(f.metric, f.low) for f in found] == [("eps", 2.1), ("revenue", 9e9)]


def test_a_cost_improvement_target_is_a_cost_savings_guide_not_the_metric_named_before_it() -> None:
    found = guides("We assume industry pricing to be about flat and, lastly, a net cost improvement target of $1 billion this year.")
    assert [(f.metric, f.low) for f in found if f.unit == "USD"] == [("restructuring_savings", 1e9)]


def test_the_range_a_guide_was_raised_from_is_no_guide_and_for_the_year_is_this_fiscal_year() -> None:
    found = guides("We are raising our revenue guidance to $5.8 billion to $5.9 billion for the year, up from $5.6 billion to $5.7 billion.")
    assert [(f.low, f.high, f.period) for f in found] == [(5.8e9, 5.9e9, "FY2024")]


def test_words_that_a_guide_moved_are_a_revision() -> None:
    facts = read_facts(Statement(text="We are lowering our full-year EPS outlook.", section=QA), Q3_2024)
    assert [(r.metric, r.direction) for r in facts.revisions] == [("eps", -1)]


def test_a_question_guides_nothing() -> None:
    assert guides("Can you walk us through why you expect revenue of $500 million next quarter?") == []


def test_a_ceiling_said_with_now_is_a_cut_and_a_floor_a_raise() -> None:
    cut = read_facts(Statement(text="We now expect net restaurant openings this year of fewer than 80 units.", section=QA), Q3_2024)
    raise_ = read_facts(Statement(text="We now expect capital expenditures above $2 billion for the year.", section=QA), Q3_2024)
    assert [r.direction for r in cut.revisions] == [-1]
    assert [(r.metric, r.direction) for r in raise_.revisions] == [("capex", 1)]


def test_a_bound_without_now_or_without_a_figure_revises_nothing() -> None:
    for text in ("We expect capital expenditures of less than $2 billion for the year.",  # a first guide, not a revision
                 "We now expect pricing to more than offset the tariff costs this year."):  # no figure bounded
        assert read_facts(Statement(text=text, section=QA), Q3_2024).revisions == ()



@pytest.mark.parametrize(
    ("text", "guide", "prior"),
    [
        ("We now expect revenue growth of 3% to 5% for the year, compared with 5% to 7% previously.", (3, 5), (5, 7)),
        ("We are raising our revenue guidance to $5.8 billion to $5.9 billion for the year, up from $5.6 billion to $5.7 billion.",
         (5.8e9, 5.9e9), (5.6e9, 5.7e9)),
        ("We raised our full-year capex outlook from $1.0 billion to $1.2 billion.", (1.2e9, 1.2e9), (1e9, 1e9)),
        ("We now expect EPS of $4.10 to $4.25 for the year, compared to our prior outlook of $4.30 to $4.45.", (4.1, 4.25), (4.3, 4.45)),
        ("Raised full-year net sales guidance to $2.6B-$2.7B (prior $2.5B-$2.6B).", (2.6e9, 2.7e9), (2.5e9, 2.6e9)),
        ("Full-year operating cash flow guidance trimmed to ~$450M (was ~$500M).", (4.5e8, 4.5e8), (5e8, 5e8)),
        ("Lowered the full-year operating margin outlook to 17%-18% from 19%-20%.", (17, 18), (19, 20)),
    ],
)
def test_the_guide_a_statement_says_it_replaces_is_kept_as_its_prior(text: str, guide: tuple[float, float], prior: tuple[float, float]) -> None:
    facts = read_facts(Statement(text=text, section=QA), Q3_2024)
    assert [(g.low, g.high) for g in facts.guides] == [pytest.approx(guide)]
    [before] = facts.priors
    assert ((before.low, before.high), before.metric, before.period) == (pytest.approx(prior), facts.guides[0].metric, facts.guides[0].period)


def test_a_result_compared_with_last_year_replaces_no_guide() -> None:
    facts = read_facts(Statement(text="Revenue grew 5% to $1.2 billion, compared with $1.1 billion last year, and we expect "
                                      "full-year revenue of $5 billion.", section=QA), Q3_2024)
    assert facts.priors == ()


def test_a_cost_said_to_pressure_a_margin_by_a_figure_is_the_cost_of_that_harm() -> None:
    facts = read_facts(Statement(text="Cocoa and packaging costs remain elevated and are expected to pressure gross margin by about "
                                      "150 basis points in the first half of 2025.", section=QA), Q3_2024)
    assert [(h.metric.startswith("costs_impact"), h.low, h.unit, h.period) for h in facts.harms] == [(True, 150, "bp", "H1 2025")]
    assert facts.guides == ()


def test_a_metric_named_only_as_the_cause_is_not_what_the_figure_measures() -> None:
    [figure] = guides("We now expect pricing related to tariffs at about 3% to 4% next year.")
    assert (figure.metric, figure.low, figure.high) == ("industry_pricing", 3, 4)


def test_a_change_said_lower_is_a_fall_but_a_level_said_lower_is_that_level() -> None:
    [pricing] = guides("We are planning for lower pricing of about 3% across the industry next year.")
    assert (pricing.metric, pricing.low, pricing.high) == ("industry_pricing", -3, -3)
    [rate] = guides("We expect a lower tax rate of about 19% next year.")
    assert (rate.metric, rate.low) == ("tax_rate", 19)


def test_a_guide_said_in_words_after_the_figures_of_its_clause_is_kept() -> None:
    found = guides("We expect pricing of about 2% to 3% in the fourth quarter, with full year pricing flat.")
    assert [(f.metric, f.period, f.low, f.unit) for f in found] == [("industry_pricing", "Q4 2024", 2, "%"), ("industry_pricing", "FY2024", 0, "level")]


def test_a_guide_named_as_the_yardstick_of_a_result_is_no_guide() -> None:
    assert guides("Revenue was $212 million, above the high end of our guidance range of $200 million to $208 million, "
                  "and adjusted EPS of $0.41 beat our outlook.") == []
    [kept] = guides("We now expect revenue at the high end of our guidance range of $800 million to $820 million.")
    assert (kept.metric, kept.low, kept.high) == ("revenue", 820e6, 820e6)


def test_what_the_analysts_expect_is_no_guide_of_the_company() -> None:
    assert guides("On average, 16 analysts polled by Thomson Reuters expect the company to report earnings of $9.03 per share "
                  "on revenues of $9.36 billion for the year.") == []
    assert guides("The Street expects the company to report earnings of $2.88 per share for the quarter.") == []
    [ours] = guides("As I told analysts last quarter, we expect revenue of $5 billion in 2024.")
    assert (ours.metric, ours.period, ours.low) == ("revenue", "FY2024", 5e9)


def test_a_year_named_after_a_guide_is_its_target_unless_it_is_past() -> None:
    [this_year] = guides("We expect revenue of $5 billion in 2025.")
    assert (this_year.period, this_year.low) == ("FY2025", 5e9)
    [guided] = guides("We expect revenue of $5 billion, compared to $4.1 billion in 2023.")
    assert guided.low == 5e9


def test_a_range_of_two_figures_joined_by_and_is_one_range_and_each_keeps_its_basis() -> None:
    found = guides("For fiscal 2024, the company now projects earnings in a range of $7.88 and $8.38 per share and adjusted "
                   "earnings in a range of $9.00 and $9.50 per share on net revenues between $9.2 billion and $9.50 billion.")
    assert [(f.metric, f.basis, f.low, f.high) for f in found] == [
        ("eps", "", 7.88, 8.38), ("eps", "adjusted", 9.0, 9.5), ("revenue", "", 9.2e9, 9.5e9)]
    [eps] = guides("The company now sees 2024 EPS to be between $8.24 and $8.64.")
    assert (eps.metric, eps.period, eps.low, eps.high) == ("eps", "FY2024", 8.24, 8.64)


def test_a_business_named_before_a_metric_is_its_segment() -> None:
    [base] = guides("Base business revenues are estimated in a range of $8.35 billion to $8.45 billion for 2024.")
    assert (base.metric, base.segment) == ("revenue", "base business")
    [pro] = guides("We expect Ford Pro EBIT of $7 billion to $7.5 billion.")
    assert pro.segment == "ford pro"


def test_a_guide_said_revised_in_the_past_tense_is_the_new_guide() -> None:
    found = guides("Full-year 2024 guidance was cut to $12.77-$12.97 in EPS and $10.85-$11.00 billion in revenue.")
    assert [(f.metric, f.period, f.low, f.high) for f in found] == [("eps", "FY2024", 12.77, 12.97), ("revenue", "FY2024", 10.85e9, 11e9)]
    assert guides("Revenue increased to $5 billion and our outlook remains unchanged.") == []


def test_a_basis_is_the_one_its_metric_is_named_with() -> None:
    found = guides("Full-year guidance increased to $19.3-$19.5 billion in sales and $5.32-$5.72 in adjusted EPS, "
                   "with comparable sales now seen up 4%-6%.")
    assert [(f.metric, f.basis) for f in found] == [("revenue", ""), ("eps", "adjusted"), ("comparable_sales", "")]
    [normalized] = guides("The company lowered its full-year normalized EPS guidance to a range of $0.66 to $0.70.")
    assert normalized.basis == "adjusted"


def test_down_to_flat_is_a_range_up_to_zero() -> None:
    [organic] = guides("Full-year guidance was reaffirmed, including organic net sales change of down 1% to flat.")
    assert (organic.low, organic.high) == (-1, 0)


def test_a_cost_said_as_a_hit_with_its_size_in_points_is_a_harm() -> None:
    found = read_facts(Statement(text="Management estimates about a $240 million, or roughly 220 basis points, gross-margin hit "
                                      "this year from higher tariffs.", section=QA), Q3_2024)
    assert [(h.metric, h.low) for h in found.harms] == [("tariffs_impact", 240e6)]


def test_a_range_said_in_the_range_of_is_exact_and_organic_growth_is_a_metric() -> None:
    [eps] = guides("For fiscal 2024, the company now projects earnings in the range of $9.55 to $9.95 per share.")
    assert (eps.low, eps.high, eps.approximate) == (9.55, 9.95, False)
    [about] = guides("We expect capital spending in the range of $10 billion in 2024.")
    assert about.approximate
    [organic] = guides("We expect organic growth of 3% to 5% in 2024.")
    assert (organic.metric, organic.low, organic.high) == ("organic_revenue_growth", 3, 5)


def test_a_list_goes_on_under_the_verb_of_the_clause_before() -> None:
    found = guides("Looking ahead, for 2024, the company expects a low-single-digit increase in organic revenue; "
                   "and a mid-single-digit increase in core constant currency earnings per share.")
    assert [(f.metric, f.low, f.high) for f in found] == [("organic_revenue_growth", 1, 3), ("eps_growth", 4, 6)]


def test_a_change_said_down_after_its_figure_is_a_fall() -> None:
    [eps] = guides("For fiscal 2024, the company now expects core EPS to be 3% down from last year.")
    assert (eps.metric, eps.low, eps.basis) == ("eps_growth", -3, "adjusted")


def test_a_figure_of_a_year_past_is_the_base_a_guide_is_set_against() -> None:
    [nii] = guides("The bank now expects its 2024 net interest income to be roughly in line with the 2023 level of $47.7 billion.")
    assert (nii.metric, nii.unit, nii.low) == ("net_interest_income_growth", "level", 0)
    [growth] = guides("Net interest income held steady with guidance for a 1% to 3% increase over 2023's $47.7 billion.")
    assert (growth.metric, growth.low, growth.high) == ("net_interest_income_growth", 1, 3)


def test_arr_is_a_metric_of_its_own() -> None:
    [arr] = guides("For Q4, the ARR guidance range is 11 to 12 percent growth.")
    assert (arr.metric, arr.period, arr.low, arr.high) == ("arr_growth", "Q4 2024", 11, 12)


def test_from_one_range_to_another_is_the_old_range_and_the_new() -> None:
    facts = read_facts(Statement(text="We're guiding to organic growth of 13% to 15% for fourth quarter and raising our full-year "
                                      "guidance from 10% to 12% to 13% to 14%.", section=QA), Q3_2024)
    assert [(f.period, f.low, f.high) for f in facts.guides] == [("Q4 2024", 13, 15), ("FY2024", 13, 14)]
    assert [(f.period, f.low, f.high) for f in facts.priors] == [("FY2024", 10, 12)]


def test_a_period_named_after_a_figure_is_its_own_only_right_after_it() -> None:
    found = guides("Our fourth quarter '24 adjusted EPS guidance is $0.57 to $0.59 and we expect our full-year adjusted EPS to be $2.29 to $2.34.")
    assert [(f.period, f.low) for f in found] == [("Q4 2024", 0.57), ("FY2024", 2.29)]
    [year] = guides("We expect revenue of $5 billion for the full year.")
    assert year.period == "FY2024"


def test_an_airlines_unit_cost_is_a_metric_and_its_prior_may_carry_a_direction() -> None:
    found = read_facts(Statement(text="Guidance updated: FY 2024 GAAP CASM outlook cut to up 0.4%–2.7% (from up 4.1%–6.3%); "
                                      "CASM ex fuel down 1.5% to up 1.5%.", section=OUTLOOK), Q3_2024)
    assert [(f.metric, f.low, f.high) for f in found.guides] == [("unit_cost", 0.4, 2.7), ("non_fuel_unit_cost", -1.5, 1.5)]
    assert [(f.metric, f.low, f.high) for f in found.priors] == [("unit_cost", 4.1, 6.3)]


def test_no_guide_is_for_the_quarter_reported_or_one_before_it() -> None:
    found = guides("We intend to repurchase 100% of 2024 free cash flow (Q3 buybacks: $300M; Q2 buybacks: $250M).")
    assert [(f.metric, f.period) for f in found] == [("buybacks_share", "FY2024")]


def test_levels_said_in_one_clause_go_each_to_its_own_metric() -> None:
    found = guides("OpEx is guided down materially on restructuring savings, with utilization expected to decline slightly near-term.",
                   section=OUTLOOK)
    assert [(f.metric, f.low) for f in found] == [("opex_growth", -2), ("utilization", -1)]


def test_a_revision_said_by_its_size_gives_the_guide_it_replaces() -> None:
    facts = read_facts(Statement(text="We are lowering our full-year outlook for operating margin by 50 basis points to 12.5%.", section=QA), Q3_2024)
    assert [(f.metric, f.low) for f in facts.guides] == [("operating_margin", 12.5)]
    assert [(f.metric, f.low) for f in facts.priors] == [("operating_margin", 13.0)]


def test_a_decline_in_words_keeps_its_sign_and_a_previously_provided_range_places_the_guide() -> None:
    [comps] = guides("We now expect fiscal 2024 comparable sales to decline in the low-single digits.")
    assert (comps.low, comps.high) == (-3, -1)
    [low_end] = guides("The company now anticipates full-year revenue at the low end of its previously provided range of $5.0 billion to $5.2 billion.")
    assert (low_end.low, low_end.high) == (5e9, 5e9)


def test_plus_or_minus_a_percentage_of_an_amount_is_a_range_and_tariffs_that_raise_cogs_are_a_harm() -> None:
    [revenue] = guides("For the fourth quarter, we expect revenue of approximately $1.2 billion, plus or minus 2%.")
    assert (revenue.metric, round(revenue.low), round(revenue.high)) == ("revenue", 1_176_000_000, 1_224_000_000)
    facts = read_facts(Statement(text="We expect tariffs to increase our cost of goods sold by approximately $200 million in the "
                                      "second half.", section=QA), Q3_2024)
    assert (facts.guides, [(h.metric, h.low) for h in facts.harms]) == ((), [("tariffs_impact", 200e6)])


def test_the_size_of_a_change_beside_a_guide_is_no_guide_and_reported_names_a_basis() -> None:
    found = guides("Increases 2024 revenue guidance to $4,205 million - $4,280 million, an increase of $90 million or ~2% at midpoint.")
    assert [(f.metric, f.low, f.high) for f in found] == [("revenue", 4205e6, 4280e6)]
    [eps] = guides("Updates 2024 EPS outlook to $12.40 - $12.76, reflecting $0.40 increase compared to prior guidance midpoint.")
    assert (eps.low, eps.high) == (12.40, 12.76)
    growth = guides("Updates guidance for 2024 reported revenue growth to 7.7% - 9.7% and reported CAG Diagnostics recurring revenue "
                    "growth to 6.5% - 8.7%.")
    assert [(f.metric, f.segment, f.low) for f in growth] == [("revenue_growth", "", 7.7), ("revenue_growth", "cag diagnostics recurring", 6.5)]


def test_cost_inflation_assumptions_are_metrics_each_under_its_own_scenario() -> None:
    found = guides("Guidance: 2024 commodity inflation raised to ~4% including tariffs; store week growth ~5%, wage inflation 4–5%, "
                   "effective tax rate 15–16%.", section=OUTLOOK)
    assert [(f.metric, f.low, f.high, f.scenario) for f in found] == [
        ("commodity_inflation", 4, 4, "incl tariffs"), ("store_weeks", 5, 5, ""), ("wage_inflation", 4, 5, ""), ("tax_rate", 15, 16, "")]


def test_a_step_up_already_lapped_is_no_guide() -> None:
    found = guides("For Q4, we expect our labor costs to be in the mid-24% range, with wage inflation in the low single-digit range, "
                   "as we have now lapped the 20% step-up in California wages.")
    assert [(f.metric, f.low, f.high) for f in found] == [("labor_costs", 24.4, 24.6), ("wage_inflation", 1, 3)]


def test_a_period_goes_to_the_figure_it_is_told_with() -> None:
    [pricing] = guides("Management expects peak beef pressure in Q4 (~7%) with 1.7% pricing planned at the start of Q1 2025.")
    assert (pricing.metric, pricing.period, pricing.low) == ("industry_pricing", "Q1 2025", 1.7)


def test_oil_and_gas_volumes_cash_taxes_and_asset_sales_are_metrics() -> None:
    found = guides("Guidance narrowed: FY24 production now 2.35–2.37 MMBOED (midpoint unchanged); Q4 production guided to 2.33–2.37 MMBOED.")
    assert [(f.metric, f.period, f.low, f.high) for f in found] == [("production", "FY2024", 2.35, 2.37), ("production", "Q4 2024", 2.33, 2.37)]
    taxes = guides("Guidance tweaks: capex lowered to ~$60M, cash taxes reduced to $5–$9M, FCF raised to $103–$118M.", section=OUTLOOK)
    assert [f.metric for f in taxes] == ["capex", "cash_taxes", "free_cash_flow"]
    sales = guides("Management raised its disposition target to $5B by year-end 2026, and identified an additional >$1B run-rate "
                   "cost reductions/margin enhancements by year-end 2026.")
    assert [(f.metric, f.period) for f in sales] == [("dispositions", "late 2026"), ("restructuring_savings", "late 2026")]


def test_an_aside_between_a_metric_and_its_figure_does_not_part_them() -> None:
    [nii] = guides("Net interest income, a critical measure of what a bank earns from loans minus what it pays on deposits, held steady "
                   "with guidance for a 1% to 3% increase over 2023's $47.7 billion.")
    assert (nii.metric, nii.low, nii.high) == ("net_interest_income_growth", 1, 3)


@pytest.mark.parametrize("text", [
    "Acme raised its quarterly dividend to $0.28 per share.",
    "The board declared a quarterly dividend of $0.25 per share.",
])
def test_a_dividend_per_share_is_no_eps_guide(text: str) -> None:
    assert [g.metric for g in guides(text, section=OUTLOOK)] == []


def test_a_dividend_planned_is_guided_as_a_dividend() -> None:
    assert [g.metric for g in guides("We plan to raise the quarterly dividend to $0.30 per share next year.", section=OUTLOOK)] == ["dividend"]


def test_what_a_harm_is_said_to_cut_a_metric_by_is_the_cost_of_that_harm_not_a_guide() -> None:
    facts = read_facts(Statement(text="Export restrictions are expected to reduce FY2024 revenue by about $40 million.", section=OUTLOOK), Q3_2024)
    assert facts.guides == ()
    assert [(h.metric, h.low) for h in facts.harms] == [("export_controls_impact", 40e6)]


def test_what_a_harm_with_no_topic_cuts_a_metric_by_is_still_no_guide() -> None:
    assert guides("The divestiture will reduce revenue by about $200 million next year.", section=OUTLOOK) == []


@pytest.mark.parametrize(("text", "bases"), [
    ("We now expect full-year sales growth of 2% to 3% on a constant currency basis.", ["constant currency"]),
    ("Excluding currency, we expect sales to grow 4% to 5% this year.", ["constant currency"]),
    ("On an organic basis, we expect revenue growth of 3% to 4% for the year.", ["organic"]),
    ("We expect EPS of $3.00 to $3.10 on a GAAP basis and $3.50 to $3.60 on an adjusted basis.", ["gaap", "adjusted"]),
])
def test_a_basis_said_for_the_clause_is_the_basis_of_its_guides(text: str, bases: list[str]) -> None:
    assert [g.basis for g in guides(text)] == bases


def test_a_level_down_from_the_one_before_keeps_its_sign_and_for_the_year_of_names_the_year() -> None:
    facts = read_facts(Statement(text="We now see adjusted operating margin for the year of around 12% down from 13%.", section=QA), Q3_2024)
    assert [(g.metric, g.period, g.low) for g in facts.guides] == [("operating_margin", "FY2024", 12.0)]
    assert [p.low for p in facts.priors] == [13.0]


def test_a_growth_down_from_last_year_is_a_decline() -> None:
    assert [g.low for g in guides("We expect organic growth of about 3% down from last year.")] == [-3.0]


def test_a_hyphenated_quarter_before_a_metric_is_no_segment() -> None:
    [guide] = guides("Third-quarter revenue is expected to be in the range of $1.45 billion to $1.50 billion.", FiscalPeriod(2024, 2))
    assert (guide.segment, guide.period) == ("", "Q3 2024")


@pytest.mark.parametrize(("text", "metric", "low", "unit", "approximate", "bound"), [
    ("The Group expects an adjusted operating margin of c.15% for the year.", "operating_margin", 15.0, "%", True, ""),
    ("Free cash flow is expected to exceed €2.5 billion this year.", "free_cash_flow", 2.5e9, "EUR", False, "min"),
    ("We expect net revenue of approximately SEK 95 billion this year.", "revenue", 95e9, "SEK", True, ""),
    ("We expect 2025 revenue of RMB 12.5 billion.", "revenue", 12.5e9, "CNY", False, ""),
    ("We expect adjusted EBITA margin of 14.0–15.0% for 2025.", "operating_margin", 14.0, "%", False, ""),
])
def test_circa_exceed_other_currencies_and_ebita_are_read(text: str, metric: str, low: float, unit: str, approximate: bool,
                                                          bound: str) -> None:
    [guide] = guides(text)
    assert (guide.metric, guide.low, guide.unit, guide.approximate, guide.bound, guide.segment) == (metric, low, unit, approximate, bound, "")


def test_a_range_from_another_range_right_after_it_is_the_old_range_not_a_move_from_to() -> None:
    facts = read_facts(Statement(text="Hexa lowered its adjusted EPS outlook to $4.80 to $5.00 from $5.10 to $5.40.", section=QA), Q3_2024)
    assert [(g.low, g.high) for g in facts.guides] == [(4.8, 5.0)]
    assert [(p.low, p.high) for p in facts.priors] == [(5.1, 5.4)]


@pytest.mark.parametrize(("text", "metric"), [
    ("We expect the net charge-off ratio to be in the range of 3.5% to 3.7% for the year.", "net_charge_off_rate"),
    ("We expect RevPAR growth of 0% to 2% for 2025.", "revpar_growth"),
    ("We expect a CET1 ratio of around 13% at year end.", "cet1_ratio"),
    ("We now expect core FFO per share of $2.10 to $2.14 for the year.", "ffo"),
    ("We expect gross bookings of $40 billion to $41 billion in the fourth quarter.", "gross_bookings"),
    ("We expect book-to-bill above 1.1x for the year.", "book_to_bill"),
])
def test_sector_kpis_are_metrics_of_their_own(text: str, metric: str) -> None:
    assert [g.metric for g in guides(text)] == [metric]


def test_a_long_term_target_dated_by_a_year_is_for_that_year() -> None:
    [guide] = [g for g in guides("Our long-term target of 20% operating margin by 2028 is unchanged.") if g.unit == "%"]
    assert guide.period == "FY2028"


def test_a_quarter_with_a_two_digit_fiscal_year_is_that_quarter() -> None:
    [guide] = guides("Q2 FY25 revenue guidance: $5.77 to $5.82 billion", FiscalPeriod(2025, 1))
    assert guide.period == "Q2 2025"


def test_a_figure_expected_for_a_period_named_after_it_is_a_guide() -> None:
    [guide] = guides("Margins: Non-GAAP operating margin of approximately 45.5% expected for Q3", FiscalPeriod(2025, 2))
    assert (guide.metric, guide.period, guide.low) == ("operating_margin", "Q3 2025", 45.5)


@pytest.mark.parametrize(("text", "metric"), [
    ("Postpaid net customer additions expected between 5.5 and 6 million.", "net_additions"),
    ("Medical care ratio expected at 87.5% plus or minus 50 basis points.", "medical_care_ratio"),
])
def test_a_note_expected_between_or_at_a_figure_guides_it(text: str, metric: str) -> None:
    assert [g.metric for g in guides(text)] == [metric]


def test_better_than_expected_is_no_guide() -> None:
    assert guides("Revenue was $5 billion, better than expected $4.8 billion.") == []


def test_percentages_that_are_the_parts_of_a_whole_are_no_guides() -> None:
    assert guides("We expect the restructuring charges to be about 60% cash, 40% non-cash.", section=OUTLOOK) == []


def test_what_the_company_plans_to_cut_by_a_figure_is_no_harm() -> None:
    facts = read_facts(Statement(text="We plan to reduce total operational hours by approximately 25 million hours next year.",
                                 section=OUTLOOK), Q3_2024)
    assert facts.harms == ()


def test_a_news_recap_of_a_forecast_cut_reads_the_forecast_it_replaces_and_no_change_sizes() -> None:
    facts = read_facts(Statement(
        text="Toyota cut its operating profit forecast to 3.2 trillion yen from 3.8 trillion yen as tariffs are estimated to "
             "have a negative impact of 1.4 trillion yen, although the company expects to improve the operating balance by "
             "899.5 billion yen through cost reductions.", section=QA), Q3_2024)
    assert [(g.metric, g.low) for g in facts.guides] == [("operating_income", 3.2e12)]
    assert [(p.metric, p.low) for p in facts.priors] == [("operating_income", 3.8e12)]
    assert [h.low for h in facts.harms] == [1.4e12]


@pytest.mark.parametrize(("text", "low"), [
    ("Operating profit is forecast to slump 20.8% to 3.8 trillion yen.", -20.8),
    ("The company projects a net profit of 2.66 trillion yen, down from the previously forecast 3.1 trillion yen.", 2.66e12),
])
def test_a_slump_is_a_decline_and_a_previously_forecast_figure_is_the_prior(text: str, low: float) -> None:
    assert guides(text)[0].low == low


@pytest.mark.parametrize("text", [
    "Looking at your second half outlook, you guys are expecting around $600 million of operating income there.",
    "So you're assuming capex of about $2 billion next year, and I wanted to understand the pacing.",
])
def test_an_analyst_saying_back_what_the_company_expects_is_no_guide(text: str) -> None:
    assert guides(text) == []


def test_the_size_of_a_tailwind_is_no_level_of_the_metric() -> None:
    assert guides("For operating income, we expect a $90 million tailwind next year from lower fuel prices.", section=OUTLOOK) == []


def test_a_change_in_a_named_units_metric_is_that_metric_not_the_one_named_before() -> None:
    [guide] = guides("At $2.10 of adjusted EPS, the midpoint of our range, we anticipate a 4% increase in Services segment revenue.")
    assert (guide.metric, guide.low) == ("revenue_growth", 4)


@pytest.mark.parametrize("text", ["Over the midterm we are targeting organic growth of mid-single digits.",
                                  "We target mid-term organic growth of mid-single digits."])
def test_a_midterm_target_is_a_long_term_guide(text: str) -> None:
    assert [g.period for g in guides(text)] == ["long term"]


def test_the_size_of_a_harm_to_a_metric_is_no_level_of_it() -> None:
    assert guides("After every mitigating lever, we estimate the net profit impact this year could be $50 million to $150 million.") == []


def test_would_it_be_fair_to_say_is_an_analysts_question() -> None:
    assert guides("Would it be fair to say your commercial margins are now maybe in the 2% range.") == []


@pytest.mark.parametrize(("text", "metric", "direction"), [
    ("These actions have enabled us to lower capital guidance for the year by $300 million.", "capex", -1),
    ("Strong execution enabled us to raise Pipeline's full-year EBITDA guidance range by $25 million.", "ebitda", 1),
])
def test_to_lower_or_raise_a_guide_by_an_amount_is_a_revision(text: str, metric: str, direction: int) -> None:
    facts = read_facts(Statement(text=text, section=QA), Q3_2024)
    assert [(r.metric, r.direction) for r in facts.revisions] == [(metric, direction)]


def test_what_a_regulator_requires_is_no_guide() -> None:
    assert guides("Once final, our required CET1 regulatory minimum plus buffers would be 9.1%.") == []
    assert [g.metric for g in guides("We expect our CET1 ratio to be about 11% by year end.")] == ["cet1_ratio"]


def test_a_guide_said_as_outlined_on_the_last_call_is_the_guide_told_before() -> None:
    facts = read_facts(Statement(text="As outlined during our last call, we expect production to grow 5% in the second half.",
                                 section=QA), Q3_2024)
    assert facts.guides == () and [p.low for p in facts.priors] == [5]


def test_a_figure_for_a_quarter_not_yet_begun_is_a_guide_whatever_verb_says_it() -> None:
    [guide] = guides("This translates to a Q1 adjusted EPS range of $2.40 to $2.90, which includes about $90 million of savings.", Q4_2024)
    assert (guide.metric, guide.period, guide.low, guide.high) == ("eps", "Q1 2025", 2.40, 2.90)


@pytest.mark.parametrize("text", ["Our sales were strong this quarter, growing three times faster than the market.",
                                  "Q4 adjusted EPS was $2.40, which includes about $90 million of savings."])
def test_a_figure_of_the_quarter_reported_is_no_guide(text: str) -> None:
    assert guides(text, Q4_2024) == []


def test_an_amount_in_headwinds_is_the_cost_of_the_harm_named() -> None:
    facts = read_facts(Statement(text="We're forecasting $90 million in headwinds from exports next year, driven by tariffs.", section=QA),
                       Q3_2024)
    assert [(h.metric, h.low) for h in facts.harms] == [("tariffs_impact", 90e6)]


def test_an_increment_is_no_level() -> None:
    assert guides("So it's an incremental operating cash flow of around $120 million once the new plant starts up.") == []
