"""Watchlist entries of each source kind: schemes per kind, defaults, keys every kind accepts."""

from __future__ import annotations

import pytest

from config import ConfigError
from worker.runtime.watchlist import parse_watchlist


def company(source: str, extra: str = "") -> str:
    return f"companies:\n  - ticker: QLN\n{extra}    sources:\n      - {source}\n"


@pytest.mark.parametrize("url", ["/srv/drops/qln", "drops/qln", "file:///srv/drops/qln"])
def test_a_folder_source_takes_a_path_or_a_file_url(url: str) -> None:
    (source,) = parse_watchlist(company(f"{{kind: folder, url: '{url}', documents: press_release}}")).companies[0].sources
    assert source.url == url and source.options.documents == "press_release"


def test_page_kinds_still_refuse_anything_but_http() -> None:
    with pytest.raises(ConfigError, match="not an http.s. URL; transcript_page sources are fetched over http or https only"):
        parse_watchlist(company("{kind: transcript_page, url: 'file:///etc/passwd'}"))
    with pytest.raises(ConfigError, match="not a folder path or file:// URL"):
        parse_watchlist(company("{kind: folder, url: 'https://example.org/drops'}"))


def test_an_sec_edgar_source_needs_no_url_and_inherits_the_companys_fiscal_year_end() -> None:
    (source,) = parse_watchlist(company("{kind: sec_edgar, max_filings: 2}", "    fiscal_year_end: 10\n")).companies[0].sources
    assert source.url == "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=QLN&type=8-K"
    assert (source.options.fiscal_year_end, source.options.max_filings) == (10, 2)


def test_sources_that_say_the_same_share_their_options_yet_each_company_keeps_its_fiscal_year_end() -> None:
    text = (
        "companies:\n"
        "  - {ticker: AAA, fiscal_year_end: 9, sources: [{kind: summary_page, url: 'https://a.org/s'}]}\n"
        "  - {ticker: BBB, sources: [{kind: summary_page, url: 'https://b.org/s'}]}\n"
        "  - {ticker: CCC, sources: [{kind: summary_page, url: 'https://c.org/s'}]}\n"
    )
    a, b, c = (company.sources[0].options for company in parse_watchlist(text).companies)
    assert (a.fiscal_year_end, b.fiscal_year_end, c.fiscal_year_end) == (9, None, None)
    assert b is c and a is not b


def test_a_source_may_opt_out_of_robots_txt_and_override_the_fiscal_year_end() -> None:
    (source,) = parse_watchlist(company("{kind: rss, url: 'https://x.org/f', respect_robots: false, fiscal_year_end: 6}", "    fiscal_year_end: 9\n")).companies[0].sources
    assert source.options.respect_robots is False and source.options.fiscal_year_end == 6


def test_a_bad_css_selector_is_named() -> None:
    with pytest.raises(ConfigError, match="'article >' is not a valid CSS selector"):
        parse_watchlist(company("{kind: summary_page, url: 'https://x.org/a', body_selector: 'article >'}"))


def test_an_unknown_key_lists_the_kinds_own_keys_then_the_common_ones() -> None:
    with pytest.raises(ConfigError, match="allowed keys: kind, url, every, link_pattern, max_documents, respect_robots, fiscal_year_end, documents"):
        parse_watchlist(company("{kind: rss, url: 'https://x.org/f', documnets: press_release}"))
