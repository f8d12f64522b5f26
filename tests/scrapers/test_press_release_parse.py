"""parse_press_release: EX-99.1-style releases become CallDocuments with results, outlook and
forward-looking sections, or clear ParseErrors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from earnings.document import FORWARD_LOOKING, OUTLOOK
from earnings.period import FiscalPeriod
from scrapers.errors import ParseError, PeriodNotFoundError
from scrapers.press_release import RESULTS, find_period, parse_press_release

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


def parse(text: str, ticker: str = "", **kwargs):
    return parse_press_release(text.encode(), "text/html", "https://example.org/pr", ticker, **kwargs)


def test_a_release_is_read_into_results_outlook_and_forward_looking() -> None:
    doc = parse(RELEASE)
    assert (doc.ticker, str(doc.period), doc.kind) == ("QLN", "2025Q3", "press_release")
    assert doc.title == "Quillon Networks Reports Third Quarter Fiscal 2025 Results"
    [outlook] = doc.section(OUTLOOK)
    assert "$425 million to $440 million" in outlook.text and outlook.topic == "Business Outlook"
    assert len(doc.section(FORWARD_LOOKING)) == 2
    assert "Revenue of $412.3 million, up 18% year over year." in [s.text for s in doc.section(RESULTS)]


def test_calls_contacts_about_and_tables_are_not_statements() -> None:
    texts = " ".join(s.text for s in parse(RELEASE).statements)
    assert "1:30 p.m." not in texts and "builds routers" not in texts and "412.3</td>" not in texts


def test_a_given_period_wins() -> None:
    assert parse(RELEASE, period=FiscalPeriod(2025, 2)).period == FiscalPeriod(2025, 2)


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
    assert str(find_period(text, fiscal_year_end)) == period


def test_a_release_about_another_company_is_refused() -> None:
    with pytest.raises(ParseError, match="is about QLN, not ACME"):
        parse(RELEASE, ticker="ACME")


def test_a_release_without_a_quarter_asks_for_the_period() -> None:
    text = RELEASE.replace("Third Quarter Fiscal 2025", "Results").replace("third quarter of fiscal 2025", "the period")
    text = text.replace("fourth quarter of fiscal 2025", "next period")
    with pytest.raises(PeriodNotFoundError, match="pass the period"):
        parse(text)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=600).map(str.encode))
def test_any_bytes_give_a_document_or_a_parse_error(raw: bytes) -> None:
    try:
        doc = parse_press_release(raw, "text/html", "https://example.org/pr", "QLN")
    except ParseError:
        return
    assert doc.statements
