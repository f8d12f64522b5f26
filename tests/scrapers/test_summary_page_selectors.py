"""SummaryPage with CSS selectors, for summary sites laid out differently."""

from __future__ import annotations

import pytest

from earnings.document import Section
from earnings.period import FiscalPeriod
from scrapers.errors import ParseError, PeriodNotFoundError
from scrapers.summary_page import SummaryPage, SummaryPageOptions

PAGE = b"""<!doctype html><html><head><title>Astera Labs | Earnings Digest</title></head><body>
<nav><a href="/">Digest</a></nav>
<div class="hero"><h1>Earnings Digest</h1><p class="kicker">Weekly newsletter</p></div>
<main>
  <header class="call-header">
    <h2 class="call-title">Astera Labs: Inventories Surge 80% Ahead of AI Accelerator Ramp</h2>
    <div class="meta"><span class="fiscal-period">Fiscal Q4 2024</span> <time datetime="2025-02-11">Feb 11</time></div>
  </header>
  <section class="call-body">
    <ul><li><strong>Revenue:</strong> Revenue rose 25% sequentially to $141.1 million.</li>
        <li><strong>Inventory buildup risk:</strong> Inventories increased 80% sequentially in Q4.</li></ul>
    <h3>Margin Outlook</h3>
    <p>Q: What gross margin should we expect?</p>
    <p>A: Management expects gross margins to stabilize around 70-74%.</p>
  </section>
  <aside class="related"><ul><li><strong>Also read:</strong> Our Q3 2024 digest.</li></ul></aside>
  <section class="newsletter"><ul><li><strong>Subscribe:</strong> Get the digest every week.</li></ul></section>
</main></body></html>"""

OPTIONS = SummaryPageOptions(title_selector=".call-title", body_selector=".call-body", period_selector=".fiscal-period")


def test_selectors_pick_the_title_the_body_and_the_quarter() -> None:
    doc = SummaryPage().parse(PAGE, "text/html", "https://digest.example.org/alab", "ALAB", OPTIONS)
    assert (doc.ticker, doc.period) == ("ALAB", FiscalPeriod(2024, 4))
    assert doc.found["period"] == "period_selector '.fiscal-period': 'Fiscal Q4 2024'"
    assert doc.title.startswith("Astera Labs: Inventories Surge 80%")
    assert [s.topic for s in doc.statements if s.section != Section.QA] == ["Revenue", "Inventory buildup risk"]
    [answer] = doc.section(Section.QA)
    assert answer.topic == "Margin Outlook" and answer.question == "What gross margin should we expect?"
    assert "Subscribe" not in doc.text and "Also read" not in doc.text


def test_without_selectors_the_quarter_is_read_from_the_first_lines_but_the_whole_page_is_read() -> None:
    doc = SummaryPage().parse(PAGE, "text/html", "https://digest.example.org/alab", "ALAB", SummaryPageOptions())
    assert doc.period == FiscalPeriod(2024, 4) and doc.found["period"].startswith("first lines")
    assert "Subscribe" in doc.text  # the newsletter box is read too: body_selector leaves it out


def test_a_period_selector_that_finds_no_quarter_says_which_selector() -> None:
    options = SummaryPageOptions(period_selector=".kicker", body_selector=".call-body")
    with pytest.raises(PeriodNotFoundError, match=r"no quarter in the text picked by period_selector '.kicker' \('Weekly newsletter'\)"):
        SummaryPage().parse(PAGE, "text/html", "https://digest.example.org/alab", "ALAB", options)


def test_a_body_selector_matching_nothing_points_at_it() -> None:
    options = SummaryPageOptions(period_selector=".fiscal-period", body_selector=".no-such-body")
    with pytest.raises(ParseError, match="check body_selector '.no-such-body'"):
        SummaryPage().parse(PAGE, "text/html", "https://digest.example.org/alab", "ALAB", options)


def test_a_selected_title_naming_another_ticker_is_still_refused() -> None:
    page = PAGE.replace(b"Astera Labs: Inventories", b"NVDA Q4 2024: Inventories")
    with pytest.raises(ParseError, match="is about NVDA, not ALAB"):
        SummaryPage().parse(page, "text/html", "https://digest.example.org/alab", "ALAB", OPTIONS)


def test_a_period_selector_may_point_into_the_page_chrome() -> None:
    page = PAGE.replace(b'<span class="fiscal-period">Fiscal Q4 2024</span>', b"").replace(
        b'<nav><a href="/">Digest</a></nav>', b'<nav><a href="/">Digest</a> &rsaquo; <span class="crumb-period">Q4 FY2024</span></nav>')
    options = SummaryPageOptions(title_selector=".call-title", body_selector=".call-body", period_selector=".crumb-period")
    assert SummaryPage().parse(page, "text/html", "https://digest.example.org/alab", "ALAB", options).period == FiscalPeriod(2024, 4)
