"""The reader on results press releases (8-K Exhibit 99.1): results, outlook, forward-looking
and boilerplate sections, the quarter from the words, the fiscal year end or the filing date.
(Every layout the reader knows is a case in ``reader_cases.yaml``; these check the details.)"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from earnings.document import NOT_JUDGED, DocumentKind, Section
from earnings.period import FiscalPeriod
from scrapers.errors import ParseError, PeriodNotFoundError
from scrapers.reader import read_document
from scrapers.reading import ReadHints

RELEASE = """<html><body>
<p><b>Quillon Networks Reports Third Quarter Fiscal 2025 Results</b></p>
<p>SUNNYVALE, Calif., Aug. 21, 2025 -- Quillon Networks, Inc. (NASDAQ: QLN) today announced results for its
third quarter of fiscal 2025, ended July 26, 2025.</p>
<ul><li>Revenue of $412.3 million, up 18% year over year.</li><li>GAAP gross margin of 61.2%.</li></ul>
<p>"Demand from service providers was strong," said Dana Ruiz, CEO.</p>
<p><b>Business Outlook</b></p>
<p>For the fourth quarter of fiscal 2025, Quillon expects revenue of $425 million to $440 million and
non-GAAP gross margin of 60% to 62%.</p>
<p><b>Conference Call</b></p>
<p>Quillon will host a call at 1:30 p.m. PT today.</p>
<p><b>Forward-Looking Statements</b></p>
<p>This press release contains forward-looking statements, including statements about revenue and gross margin
expectations. Actual results could differ materially due to supply constraints and customer concentration.</p>
<p><b>About Quillon Networks</b></p><p>Quillon builds routers for service providers.</p>
<table><tr><td>Revenue</td><td>412.3</td></tr></table>
</body></html>"""


def parse(text: str, ticker: str = "", **hints):
    return read_document(text.encode(), ReadHints(content_type="text/html", url="https://example.org/pr", ticker=ticker,
                                                  company_must_match=bool(ticker), **hints))


def test_a_release_is_read_into_results_outlook_and_forward_looking() -> None:
    doc = parse(RELEASE)
    assert (doc.ticker, doc.company_name, str(doc.period), doc.kind) == ("QLN", "Quillon Networks, Inc", "2025Q3", "press_release")
    assert doc.title == doc.headline == "Quillon Networks Reports Third Quarter Fiscal 2025 Results"
    [outlook] = doc.section(Section.OUTLOOK)
    assert "$425 million to $440 million" in outlook.text and outlook.topic == "Business Outlook"
    assert len(doc.section(Section.FORWARD_LOOKING)) == 2
    assert "Revenue of $412.3 million, up 18% year over year." in [s.text for s in doc.section(Section.RESULTS)]
    assert [s.text for s in doc.section(Section.COMMENTARY)] == ['"Demand from service providers was strong," said Dana Ruiz, CEO.']


def test_calls_contacts_and_about_are_boilerplate_and_layout_tables_are_not_statements() -> None:
    doc = parse(RELEASE)
    judged = " ".join(s.text for s in doc.statements if s.section not in NOT_JUDGED)
    assert "1:30 p.m." not in judged and "builds routers" not in judged
    assert {s.topic for s in doc.section(Section.BOILERPLATE)} == {"Conference Call", "About Quillon Networks"}
    assert "412.3</td>" not in doc.text and not any(s.cells for s in doc.statements)


def test_a_given_period_wins() -> None:
    doc = parse(RELEASE, period=FiscalPeriod(2025, 2))
    assert (doc.period, doc.found["period"]) == (FiscalPeriod(2025, 2), "given")


@pytest.mark.parametrize(
    ("text", "fiscal_year_end", "period"),
    [
        ("Results for the fourth quarter and full year 2024", 12, "2024Q4"),
        ("third quarter of fiscal 2025", 12, "2025Q3"),
        ("for the three months ended December 31, 2024", 12, "2024Q4"),
        ("for the three months ended September 27, 2025", 6, "2026Q1"),
        ("for the quarter ended January 2, 2026", 12, "2025Q4"),
        ("Q2 FY2026 results", 12, "2026Q2"),
    ],
)
def test_the_quarter_is_read_from_the_words_and_the_fiscal_year_end(text: str, fiscal_year_end: int, period: str) -> None:
    release = RELEASE.replace("Third Quarter Fiscal 2025", "Results").replace("third quarter of fiscal 2025, ended July 26, 2025",
                                                                           text.replace("Results for the ", ""))
    release = release.replace("For the fourth quarter of fiscal 2025", "For the next period")
    doc = parse(release, fiscal_year_end=fiscal_year_end)
    assert str(doc.period) == period, doc.found


def test_a_release_about_another_company_is_refused() -> None:
    with pytest.raises(ParseError, match="is about QLN, not ACME"):
        parse(RELEASE, ticker="ACME")


def test_a_release_that_names_no_ticker_belongs_to_the_source_that_found_it() -> None:
    doc = parse(RELEASE.replace(" (NASDAQ: QLN)", "").replace("Quillon Networks", "Acme Holdings"), ticker="ACME")
    assert (doc.ticker, doc.company_name, doc.found["company"]) == ("ACME", "Acme Holdings, Inc", "given")


NO_QUARTER = (RELEASE.replace("Third Quarter Fiscal 2025", "Results").replace("third quarter of fiscal 2025, ended July 26, 2025", "the period")
              .replace("fourth quarter of fiscal 2025", "next period"))


def test_a_release_without_a_quarter_asks_for_the_fiscal_year_end_or_the_period() -> None:
    with pytest.raises(PeriodNotFoundError, match="names no fiscal quarter.*set the source's fiscal_year_end, or give the period"):
        parse(NO_QUARTER)


def test_a_release_without_a_quarter_takes_it_from_the_filing_date_and_the_fiscal_year_end() -> None:
    doc = parse(NO_QUARTER, report_date="2025-08-21", fiscal_year_end=10)
    assert (str(doc.period), doc.found["period"]) == ("2025Q3", "date: last quarter ended before 2025-08-21")


@pytest.mark.parametrize("report_date", ["not-a-date", "0001-01-05", "2024-13-45"])
def test_a_filing_date_that_is_no_usable_date_says_so(report_date: str) -> None:
    with pytest.raises(PeriodNotFoundError, match=f"the report date '{report_date}' is not a usable date"):
        parse(NO_QUARTER, report_date=report_date)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=600).map(str.encode))
def test_any_bytes_give_a_document_or_a_parse_error(raw: bytes) -> None:
    try:
        doc = read_document(raw, ReadHints(content_type="text/html", url="https://example.org/pr", ticker="QLN",
                                           kind=DocumentKind.PRESS_RELEASE))
    except ParseError:
        return
    assert doc.statements


def test_sub_headline_bullets_are_the_releases_highlights_not_its_headline() -> None:
    bullets = RELEASE.replace("<p>SUNNYVALE", "<ul><li>Increases fiscal 2025 revenue guidance to $4,205 million - $4,280 million, "
                                              "an increase of $90 million at midpoint</li></ul><p>SUNNYVALE", 1)
    doc = parse(bullets)
    [raised] = [s for s in doc.statements if s.text.startswith("Increases fiscal 2025")]
    assert raised.section == Section.RESULTS


def test_a_lead_in_that_says_why_the_outlook_changed_is_a_statement_and_context_of_its_table() -> None:
    lead = ("The company is updating its full-year 2025 outlook to reflect continued pressure on consumer spending "
            "and higher cocoa costs:")
    doc = parse(RELEASE.replace("<p>For the fourth quarter of fiscal 2025, Quillon expects revenue",
                                f"<p>{lead}</p><p>For the fourth quarter of fiscal 2025, Quillon expects revenue")
                .replace("<p>For the fourth quarter", "<p>For the fourth quarter", 1))
    [said] = [s for s in doc.statements if s.text == lead]
    assert said.section == Section.OUTLOOK


def test_a_lead_in_that_only_leads_in_is_no_statement() -> None:
    doc = parse(RELEASE.replace("<p>For the fourth quarter of fiscal 2025, Quillon expects revenue",
                                "<p>For the fourth quarter of fiscal 2025, Quillon expects:</p><p>Revenue"))
    assert not [s for s in doc.statements if s.text.endswith("expects:")]
