"""The company a document names, read from its own words."""

from __future__ import annotations

import pytest

from scrapers.company import find_company


@pytest.mark.parametrize(("text", "ticker", "name"), [
    ("While reporting results on Tuesday, medical devices maker Medtronic plc. (MDT) raised its outlook.", "MDT", "Medtronic plc"),
    ("While reporting results for the second quarter on Thursday, FactSet Research Systems, Inc. (FDS) maintained its outlook.",
     "FDS", "FactSet Research Systems, Inc"),
    ("Apple Inc. (AAPL) today announced financial results.", "AAPL", "Apple Inc"),
    ("Acme Robotics (NASDAQ: ACME) reported third quarter results.", "ACME", "Acme Robotics"),
])
def test_a_name_and_ticker_are_read_without_the_words_around_them(text: str, ticker: str, name: str) -> None:
    found = find_company(text)
    assert found is not None and (found.ticker, found.name) == (ticker, name)


def test_a_release_title_names_the_company_when_no_dateline_does() -> None:
    found = find_company("IDEXX Laboratories Announces First Quarter Results\n5/1/25 6:30:00 AM ET\n- Achieves first quarter revenue growth of 4%")
    assert found is not None and found.name == "IDEXX Laboratories"
