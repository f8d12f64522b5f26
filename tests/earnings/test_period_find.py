"""``find_fiscal_period``: the quarter a document reports, read from how people write quarters.

The phrases are written for these tests (none is copied from a real document).
"""

from __future__ import annotations

import pytest

from earnings.period import Basis, FiscalPeriod, PeriodMatch, find_fiscal_period, infer_year

NAMED, DATE, MONTH, INFERRED = Basis.NAMED, Basis.DATE, Basis.MONTH, Basis.YEAR_INFERRED

# (text, fiscal_year_end, the period expected or None, its basis)
FORMS = [
    # codes
    ("Q4 2024", None, "2024Q4", NAMED),
    ("Q4'24 revenue rose", None, "2024Q4", NAMED),
    ("Q3’25 highlights", None, "2025Q3", NAMED),
    ("Q4 FY2024", None, "2024Q4", NAMED),
    ("Q4 FY24", None, "2024Q4", NAMED),
    ("Q4 FY 2024", None, "2024Q4", NAMED),
    ("FY25 Q1 highlights", None, "2025Q1", NAMED),
    ("FY2025 Q1", None, "2025Q1", NAMED),
    ("4Q24", None, "2024Q4", NAMED),
    ("4Q 2024", None, "2024Q4", NAMED),
    ("2024Q4", None, "2024Q4", NAMED),
    ("2024-Q4", None, "2024Q4", NAMED),
    ("Q1 fiscal 2025", None, "2025Q1", NAMED),
    ("Fiscal Q3 2025", None, "2025Q3", NAMED),
    ("fiscal 2025 Q3", None, "2025Q3", NAMED),
    ("F3Q25", 9, "2025Q3", NAMED),
    ("FQ3 2025", 9, "2025Q3", NAMED),
    ("Q3 of fiscal 2025", None, "2025Q3", NAMED),
    ("Q1 of 2025", None, "2025Q1", NAMED),
    ("q2 fy26 results were ahead of plan", None, "2026Q2", NAMED),
    ("Q2 Fiscal 2025 Earnings Call", None, "2025Q2", NAMED),
    # spelled out
    ("fourth quarter 2024", None, "2024Q4", NAMED),
    ("fourth-quarter 2024 sales", None, "2024Q4", NAMED),
    ("fourth quarter of 2024", None, "2024Q4", NAMED),
    ("fourth quarter of fiscal 2024", None, "2024Q4", NAMED),
    ("fourth quarter fiscal 2026", 6, "2026Q4", NAMED),
    ("Fourth Quarter Fiscal 2026", 6, "2026Q4", NAMED),
    ("FOURTH QUARTER 2024 RESULTS", None, "2024Q4", NAMED),
    ("fourth quarter and full year 2024", None, "2024Q4", NAMED),
    ("fourth quarter and full year fiscal 2024", None, "2024Q4", NAMED),
    ("fourth quarter and fiscal year 2024", None, "2024Q4", NAMED),
    ("the fourth quarter of fiscal year 2024", None, "2024Q4", NAMED),
    ("Widgetco Announces Results for the Second Quarter of Fiscal Year 2026", 9, "2026Q2", NAMED),
    ("fiscal 2026 second quarter", 9, "2026Q2", NAMED),
    ("fiscal year 2026 second quarter", 9, "2026Q2", NAMED),
    ("fiscal 2024 fourth quarter and full year", 6, "2024Q4", NAMED),
    ("second fiscal quarter of 2026", 9, "2026Q2", NAMED),
    ("1st quarter 2025", None, "2025Q1", NAMED),
    ("Initech's 2024 fourth quarter results", None, "2024Q4", NAMED),
    ("thanks for dialing in to our fourth quarter 24 earnings call", None, "2024Q4", NAMED),
    ("hello and welcome to the second quarter 25 results call", None, "2025Q2", NAMED),
    # labelled lines
    ("Fiscal Quarter/Year: Q1 2025", None, "2025Q1", NAMED),
    ("Quarter: Fiscal Q3 2025 (June quarter)", 9, "2025Q3", NAMED),
    ("Period: Q4 FY2024 and full-year 2024", None, "2024Q4", NAMED),
    ("**Reporting period:** Q2 2025", None, "2025Q2", NAMED),
    # quarter-end dates
    ("for the three months ended June 30, 2026", None, "2026Q2", DATE),
    ("the quarter ended March 28, 2026", None, "2026Q1", DATE),
    ("the quarter ended March 28, 2026", 9, "2026Q2", DATE),
    ("the quarter ended December 28, 2024", 9, "2025Q1", DATE),
    ("the quarter ended March 29, 2026", 6, "2026Q3", DATE),
    ("13 weeks ended March 29, 2025", None, "2025Q1", DATE),
    ("thirteen weeks ended October 1, 2023", 9, "2023Q4", DATE),  # first week: the month before
    ("three months ended January 2, 2026", None, "2025Q4", DATE),
    ("THREE MONTHS ENDED SEPTEMBER 27, 2025", 6, "2026Q1", DATE),
    ("three months ended Sept. 30, 2025", None, "2025Q3", DATE),
    ("three and six months ended June 30, 2026", None, "2026Q2", DATE),
    ("three-month period ended 30 June 2026", None, "2026Q2", DATE),
    ("for the quarter ending March 31, 2026", None, "2026Q1", DATE),
    ("quarter and year ended December 31, 2024", None, "2024Q4", DATE),
    ("second fiscal quarter ended March 31, 2026", 9, "2026Q2", DATE),
    # the ordinal gives the quarter, the date the fiscal year, even with no fiscal year end given
    ("second fiscal quarter ended March 31, 2026", None, "2026Q2", DATE),
    ("first quarter ended December 28, 2024", None, "2025Q1", DATE),
    ("for its fiscal 2026 third quarter ended June 27, 2026", 9, "2026Q3", NAMED),
    ("its fourth quarter and fiscal year 2026, which ended June 28, 2026", 6, "2026Q4", NAMED),
    # a fiscal label written out is taken as written, whatever the date says
    ("fiscal 2025 second quarter ended March 29, 2026", 9, "2025Q2", NAMED),
    # month-named quarters
    ("March quarter 2025", None, "2025Q1", MONTH),
    ("the December quarter and full year 2024", None, "2024Q4", MONTH),
    ("June quarter 2025", 9, "2025Q3", MONTH),
    ("December quarter 2024", 9, "2025Q1", MONTH),
    ("the Sept. quarter of 2025", None, "2025Q3", MONTH),
    ("welcome to the september quarter 2025 call", 9, "2025Q4", MONTH),
    # a quarter without a year takes the nearest year of its sentence
    ("Our June quarter results put the 2025 plan on track.", None, "2025Q2", INFERRED),
    ("Hello and thank you for joining our third quarter call. Full year 2025 revenue should grow.", None,
     "2025Q3", INFERRED),
]

NOT_A_QUARTER = [
    "Revenue was up 8% from a year ago.",
    "Year over year growth accelerated.",
    "We will now begin the Q&A session.",
    "In the quarter, margins improved.",
    "First half sales rose and second half sales should too.",
    "We reaffirm our 2025 guidance.",
    "FY2025 revenue was a record.",
    "Page 3 of 12",
    "- 4 -",
    "Third-party sellers grew their share.",
    "This was our fourth consecutive quarter of growth.",
    "The quarter ahead looks busy.",
    "Q5 2024 does not exist",
    "In Q4 10 new stores opened.",  # no year: "10" is not one
    "We expect third quarter revenue of $2 billion.",
    "Guidance for Q3 2025 is unchanged.",
    "Our outlook for the September quarter 2025 assumes steady demand.",
    "Margins were higher than in the fourth quarter of 2023.",
    "Compared with Q4 2023, costs fell.",
    "Details are in our Form 10-Q for the quarter ended March 31, 2025.",
    "the three months ended June 45, 2025",
    "Transatlantic revenue led for the second quarter 2025 in a row.",
    "",
]


@pytest.mark.parametrize(("text", "fiscal_year_end", "expected", "basis"), FORMS)
def test_every_way_of_writing_a_quarter_is_read(text: str, fiscal_year_end: int | None, expected: str,
                                                basis: Basis) -> None:
    found = find_fiscal_period(text, fiscal_year_end)
    assert found is not None, text
    assert (str(found.period), found.basis) == (expected, basis)
    assert text[found.start:found.end] == found.text


@pytest.mark.parametrize("text", NOT_A_QUARTER)
def test_words_that_name_no_reported_quarter_give_none(text: str) -> None:
    assert find_fiscal_period(text) is None


# (text, the period expected): several quarters named; the reported one wins
SEVERAL = [
    ("Acme reports first quarter 2025 results. The board declared a second-quarter dividend of $0.25 per share.",
     "2025Q1"),
    ("The board approved a second-quarter 2025 dividend. Acme reported first quarter 2025 results today.", "2025Q1"),
    ("Our Canadian plants opened in the first quarter of 2019 and now lead the group. "
     "Acme today reported results for the fourth quarter of 2024.", "2024Q4"),
    ("Sales hit their highest level since the first quarter of 2019. Today we reported fourth quarter 2024 results.",
     "2024Q4"),
    ("Acme reported third quarter 2025 results today. Risk factors are described in our Form 10-Q "
     "for the quarter ended June 30, 2025.", "2025Q3"),
    ("Please see our Form 10-Q for the quarter ended March 31, 2025 for risk factors. "
     "Revenue for the quarter ended June 30, 2025 rose 4%.", "2025Q2"),
    ("Our outlook for the September quarter 2025 assumes steady demand. We reported June quarter 2025 revenue of $1 billion.",
     "2025Q2"),
    ("We expect third quarter 2025 revenue of $5 billion; second quarter 2025 results beat our plan.", "2025Q2"),
    ("Guidance for Q3 2025: revenue of $10 million. Q2 2025 results: revenue of $9 million.", "2025Q2"),
    ("Call: Q1 FY2025; management also previewed Q2 FY2025 and gave full-year 2025 ranges", "2025Q1"),
    ("Globex Q3 2025 Earnings Call Transcript\nOperator: costs rose compared with the second quarter of 2024.", "2025Q3"),
    ("Initech Reports Second Quarter Fiscal 2026 Results\n\nIn the first quarter of fiscal 2026 we changed suppliers.",
     "2026Q2"),
    ("In the first quarter of 2025 we changed suppliers, and today we reported second quarter results.", "2025Q2"),
    ("The company reported Q2 2025 results and previewed Q3 2025 guidance.", "2025Q2"),
    ("In the third quarter 2025 we expect growth to slow. Second quarter 2025 sales rose 3%.", "2025Q2"),
    ("Revenue grew versus Q4 2023; the fourth quarter 2024 earnings call starts now.", "2024Q4"),
    ("Sales were better than expected in the first quarter of 2025, ahead of the second quarter 2025 outlook.",
     "2025Q1"),
    ("- Cost outlook: lower freight helped Q1 2025; Q2 2025 margins face tariffs", "2025Q1"),
    ("FactSet EPS of $3.99 beats by $0.36, reaffirms fiscal 2023 outlook (first quarter fiscal 2023)", "2023Q1"),
]


@pytest.mark.parametrize(("text", "expected"), SEVERAL)
def test_the_reported_quarter_wins_over_forward_past_and_aside_mentions(text: str, expected: str) -> None:
    found = find_fiscal_period(text)
    assert found is not None and str(found.period) == expected


def test_a_match_says_which_words_it_read_and_where() -> None:
    text = "Acme reports fiscal 2026 second quarter results"
    assert find_fiscal_period(text, 9) == PeriodMatch(FiscalPeriod(2026, 2), "fiscal 2026 second quarter", 13, NAMED)


def test_a_quarter_without_a_year_takes_the_callers_year_before_guessing() -> None:
    text = "Earlier today we reported June quarter results. Since 2019 we have grown, and in 2024 we grew most."
    assert str(find_fiscal_period(text, context_year=2025).period) == "2025Q2"
    assert find_fiscal_period(text, context_year=2025).basis == INFERRED
    assert str(find_fiscal_period(text).period) == "2024Q2"  # infer_year's guess, without the caller's year


def test_a_quarter_without_a_year_is_skipped_when_no_year_can_be_found() -> None:
    assert find_fiscal_period("Good morning and welcome to our second quarter earnings call.") is None


def test_a_year_compared_against_in_the_sentence_is_not_the_quarters_year() -> None:
    text = "We reported second quarter results today, with sales up 4% versus 2024, and we are raising our full year 2025 plan."
    assert str(find_fiscal_period(text).period) == "2025Q2"


def test_a_month_named_quarter_without_a_year_is_numbered_by_the_fiscal_year_end() -> None:
    text = "Thanks for joining our December quarter results call. In fiscal 2025 we plan to open ten stores."
    found = find_fiscal_period(text, 9)
    assert (str(found.period), found.basis) == ("2025Q1", INFERRED)


def test_a_transcript_that_starts_mid_introduction_is_read_from_its_body() -> None:
    text = ("and our finance chief. After prepared remarks we will take questions from analysts. "
            "Thank you, and good morning. Earlier today we reported June quarter results, with record revenue. "
            "Demand held up through the spring. Earnings were flat with 2024 on fuel costs. Looking beyond 2025, "
            "we see margins widening. Will the new lounges open in 2025 or 2026? We hope to open two in 2025.")
    found = find_fiscal_period(text)
    assert (str(found.period), found.basis, found.text) == ("2025Q2", INFERRED, "June quarter")
    assert find_fiscal_period(text[:80]) is None  # the opening alone names no quarter


def test_a_fourth_quarter_without_a_year_in_a_call_about_the_new_year_is_last_years() -> None:
    text = ("Earlier today we reported fourth quarter results. In 2024 we opened 300 stores, and in 2024 sales rose. "
            "For 2025 we expect growth, in 2025 we will add stores, and our 2025 plan is set.")
    assert infer_year(text) == 2025
    assert str(find_fiscal_period(text).period) == "2024Q4"
    assert str(find_fiscal_period(text.replace("fourth", "first")).period) == "2025Q1"


def test_a_month_that_ends_no_quarter_of_the_fiscal_year_gives_none() -> None:
    assert find_fiscal_period("the quarter ended April 30, 2025", 12) is None
    assert str(find_fiscal_period("the quarter ended April 30, 2025", 1).period) == "2026Q1"


def test_a_fiscal_year_end_that_is_no_month_is_refused() -> None:
    with pytest.raises(ValueError, match="fiscal_year_end is a month"):
        find_fiscal_period("Q3 2025", 13)


def test_a_long_transcript_is_read_for_its_opening_quarter() -> None:
    filler = "Revenue rose in every region and we kept costs in check while investing in stores. " * 30
    body = ("Good morning and welcome to the Acme Foods third quarter 2025 earnings conference call. " + filler
            + "Compared with the third quarter of 2024, margins rose. " + filler
            + "For the fourth quarter we expect sales growth of 3%. " + filler)
    found = find_fiscal_period(body)
    assert (str(found.period), found.text) == ("2025Q3", "third quarter 2025")


# (text, the year expected)
YEARS = [
    ("We raised our full year 2025 outlook; 2024 was hard and 2023 harder.", 2025),
    ("In 2025 we will open stores. Compared to 2024, costs fell. Since 2019 we doubled.", 2025),
    ("The 2026 guidance is new. 2025 was good.", 2026),
    ("2024 and 2025", 2025),  # a tie goes to the later year
    ("FY25 was strong; this year (2025) we grew", 2025),
    ("The 1979 act still shapes the market, and 2025 plans are set.", 2025),
    ("We will grow in 2026 and beyond; for 2025 we see steady sales.", 2025),
    ("Wealth is higher than we were in 2019, and in 2025 we grow, with 2024 behind us.", 2025),
    ("Our 2025 results were strong and in 2025 we grew; this year in 2086 we hope to do better.", 2025),
    ("Revenue was $2,025 million and margins 20.24%.", None),
    ("No years here.", None),
]


@pytest.mark.parametrize(("text", "year"), YEARS)
def test_the_year_a_text_is_about_is_the_one_written_most_as_the_current_year(text: str, year: int | None) -> None:
    assert infer_year(text) == year
