"""The reader through every source kind, the reader on its own with any hints, the feed and SEC
JSON readers, the fetcher's URL handling and the engine, fed arbitrary input: a result, or the
package's own error with a one-line message, never another exception.

The per-kind "any bytes" tests in tests/scrapers cover plain bytes; these go through every
registered source kind (with its options) and ``read_document`` with random hints, with HTML
built from random tags, markdown, SGML-wrapped exhibits and speaker lines.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earnings.compare import compare
from earnings.document import CallDocument, DocumentKind
from earnings.errors import DocumentError
from earnings.period import FiscalPeriod
from earnings.report import ChangeReport
from scrapers import sec_edgar
from scrapers.errors import ParseError, ScrapeError, UnsafeURLError
from scrapers.fetch import Fetcher
from scrapers.reader import read_document
from scrapers.reading import ReadHints
from scrapers.registry import SOURCE_KINDS
from scrapers.rss import RssOptions, entry_links
from scrapers.sec_edgar import SecEdgarOptions
from scrapers.summary_page import SummaryPageOptions

pytestmark = pytest.mark.filterwarnings("ignore::bs4.XMLParsedAsHTMLWarning")
BOUNDED = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
URL = "https://example.org/page"

TAGS = ["html", "head", "body", "title", "h1", "h2", "h3", "h4", "p", "li", "ul", "div", "span", "strong", "a", "table",
        "tr", "td", "pre", "script", "style", "meta", "br", "dt", "dd", "time", "article", "nav", "footer", "font", "base",
        "noscript", "template", "svg", "iframe", "form"]
ATTRS = ["", ' href="/q4-2024"', ' href="javascript:x"', ' href="http://[broken"', ' charset="utf-16"',
         ' http-equiv="content-type" content="text/html; charset=shift_jis"', ' property="article:published_time" content="2024-13-45"',
         ' datetime="2024-02-30"', ' class="summary"', ' href="http://a..b/q4-2024"']
WORDS = ["ALAB", "Q4 2024", "ALAB Q4 2024: Headline", ":", "- ", "Revenue: rose 12%.", "Q: margins?",
         "A: We expect gross margin of 70% in 2025.", "Jane Doe -- Chief Financial Officer", "Operator", "Questions & Answers",
         "Prepared Remarks", "Thank you. Revenue was $10 million, up 5% from last quarter.", "(NASDAQ: ALAB)",
         "three months ended December 31, 2024", "fourth quarter of fiscal 2024", "Outlook", "Forward-Looking Statements",
         "\n", "é", "\x00", "\ufffd", "—", "&amp;", "&#0;", "&#xD800;", "<!--", "-->", "<![CDATA[", "<?xml version='1.0'?>",
         "<!DOCTYPE html>", "\u2028", "\ud800", "Exhibit 99.1", "<DOCUMENT>", "<TYPE>EX-99.1", "<TEXT>", "</TEXT>",
         "</DOCUMENT>", "**Fiscal Quarter/Year:** Q1 2025", "## Guidance", "1) Headline Financial Results", "  - child: 5%",
         "[Operator]", "Jane Doe: We expect revenue of $5 million.", "Third Quarter 2026 | Full Year 2026", "| Revenue | $5 | $20 |",
         "Acme Reports First Quarter 2026 Financial Results", "Our first question comes from Sam Lee with Citi.",
         "I'll turn the call over to Jane.", "This call contains forward-looking statements.", "coming soon"]


def _html(depth: int = 0) -> st.SearchStrategy[str]:
    leaf = st.one_of(st.sampled_from(WORDS), st.text(max_size=30))
    if depth >= 5:
        return leaf
    element = st.tuples(st.sampled_from(TAGS), st.sampled_from(ATTRS), st.deferred(lambda: _html(depth + 1)), st.booleans()).map(
        lambda t: f"<{t[0]}{t[1]}>{t[2]}" + (f"</{t[0]}>" if t[3] else ""))
    return st.lists(st.one_of(leaf, element), max_size=5).map("".join)


def _encoded(pair: tuple[str, str]) -> bytes:
    text, encoding = pair
    return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")


RAW = st.one_of(
    st.binary(max_size=500),
    st.tuples(_html(), st.sampled_from(["utf-8", "utf-16", "cp1252", "shift_jis"])).map(_encoded),
    st.lists(st.sampled_from(WORDS), max_size=40).map(lambda parts: "\n".join(parts).encode("utf-8", "surrogatepass")),
)
CONTENT_TYPES = st.sampled_from([
    "", "text/plain", "text/html", "text/markdown", "application/xhtml+xml", "text/html; charset=utf-16",
    "text/html; charset=bogus", "application/octet-stream", "image/png",
    # what sec_edgar adds to a stored exhibit, including values a changed SEC JSON could put there
    "text/html; earnwatch-report-date=2024-01-31; earnwatch-fiscal-year-end=12",
    "text/html; earnwatch-report-date=not-a-date; earnwatch-fiscal-year-end=12",
    "text/html; earnwatch-report-date=0001-01-05; earnwatch-fiscal-year-end=12",
    "text/html; earnwatch-fiscal-year-end=²",
])
SELECTORS = st.sampled_from([None, "h1", "div p", ":has(li)", "li:nth-child(2)", "body > *", "*", "h1 ~ *", ".summary"])


def _options(kind: str, data) -> object:
    cls = SOURCE_KINDS[kind]
    common = {"documents": data.draw(st.sampled_from([None, "summary", "transcript", "press_release", "summary_page", "transcript_page"])),
              "fiscal_year_end": data.draw(st.sampled_from([None, 1, 3, 6, 9, 12]))}
    if kind == "summary_page":
        return SummaryPageOptions(title_selector=data.draw(SELECTORS), body_selector=data.draw(SELECTORS),
                                  period_selector=data.draw(SELECTORS), **common)
    return cls.Options(**common)


def _one_line_error(exc: ScrapeError) -> None:
    assert str(exc) and "\n" not in str(exc), repr(str(exc))


def _parse_or_none(kind: str, raw: bytes, content_type: str, ticker: str, options) -> CallDocument | None:
    try:
        document = SOURCE_KINDS[kind]().parse(raw, content_type, URL, ticker, options)
    except ScrapeError as exc:
        _one_line_error(exc)
        assert isinstance(exc, ParseError) and exc.permanent
        return None
    assert isinstance(document, CallDocument) and document.statements and document.period is not None  # what a store needs
    assert document.ticker == ticker.upper() or not ticker
    json.dumps(document.to_dict())  # what the database keeps
    assert CallDocument.from_dict(document.to_dict()) == document
    return document


@BOUNDED
@given(kind=st.sampled_from(sorted(SOURCE_KINDS)), raw=RAW, content_type=CONTENT_TYPES,
       ticker=st.sampled_from(["ALAB", "", "alab"]), data=st.data())
def test_every_kind_parses_any_input_into_a_document_or_a_parse_error(kind, raw, content_type, ticker, data) -> None:
    _parse_or_none(kind, raw, content_type, ticker, _options(kind, data))


HINTS = st.builds(
    ReadHints,
    content_type=CONTENT_TYPES, url=st.sampled_from(["", URL]), ticker=st.sampled_from(["", "ALAB", "acme", "BRK.B"]),
    kind=st.sampled_from([None, *DocumentKind]), period=st.sampled_from([None, FiscalPeriod(2024, 4)]),
    fiscal_year_end=st.sampled_from([None, 1, 6, 9, 12]),
    report_date=st.sampled_from([None, "2025-02-11", "0001-01-05", "9999-12-31", "not-a-date", ""]),
    require_period=st.booleans(), company_must_match=st.booleans(),
    selectors=st.dictionaries(st.sampled_from(["title", "body", "period"]), SELECTORS.filter(bool), max_size=3),
)


@BOUNDED
@given(raw=RAW, hints=HINTS)
def test_the_reader_reads_any_input_with_any_hints_into_a_document_or_a_one_line_parse_error(raw: bytes, hints: ReadHints) -> None:
    try:
        document = read_document(raw, hints)
    except ScrapeError as exc:
        _one_line_error(exc)
        assert isinstance(exc, ParseError)
        return
    assert document.statements and document.kind in set(DocumentKind)
    assert document.period is not None or not hints.require_period
    assert not hints.kind or document.kind == hints.kind
    assert not hints.period or document.period == hints.period
    json.dumps(document.to_dict())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(kind=st.sampled_from(sorted(SOURCE_KINDS)), new=RAW, old=RAW, data=st.data())
def test_the_engine_on_any_two_parsed_documents_gives_a_report_or_a_document_error(kind, new, old, data) -> None:
    options = _options(kind, data)
    documents = [_parse_or_none(kind, raw, "text/html", "ALAB", options) for raw in (new, old)]
    # mostly junk fails to parse; a real summary keeps the engine's side exercised
    documents = [d or _parse_or_none("summary_page", b"ALAB Q3 2024: x\n- Revenue: rose 5% to $10 million.\n", "text/plain", "ALAB",
                                     SummaryPageOptions()) for d in documents]
    try:
        report = compare(documents[0], documents[1])
    except DocumentError:
        return
    assert isinstance(report, ChangeReport)
    assert all(0 <= change.severity <= 100 and change.reason for change in report.changes)


FEED_PIECES = st.sampled_from([
    '<?xml version="1.0"?>', "<rss version='2.0'>", "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<entry>",
    "</entry>", '<feed xmlns="http://www.w3.org/2005/Atom">', "</feed>", "<link>https://example.org/q4-2024</link>",
    '<link href="https://example.org/q3-2024"/>', "<link>javascript:alert(1)</link>", "<link>http://[broken</link>",
    "<link>ftp://example.org/x</link>", "<title>ALAB Q4 2024</title>", "<title>&#xD800;</title>", "&#0;", "&bogus;",
    "<![CDATA[", "]]>", "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;", "\x00", "é", "<", ">",
])


@BOUNDED
@given(raw=st.one_of(st.binary(max_size=400), st.lists(FEED_PIECES, max_size=30).map(lambda p: "".join(p).encode())),
       content_type=st.sampled_from(["", "application/rss+xml", "application/atom+xml", "text/html", "text/xml; charset=utf-16"]),
       pattern=st.sampled_from([None, "q4", "(", "x{0}"]).filter(lambda p: p != "("))
def test_any_feed_gives_its_http_links_or_a_parse_error(raw: bytes, content_type: str, pattern: str | None) -> None:
    try:
        found = entry_links(raw, content_type, "https://example.org/feed.xml", RssOptions(link_pattern=pattern))
    except ParseError as exc:
        assert "https://example.org/feed.xml" in str(exc)
        return
    assert found and all(url.startswith(("http://", "https://")) for url in found)


def test_an_empty_feed_is_a_parse_error_not_a_crash() -> None:
    with pytest.raises(ParseError, match="not an RSS or Atom feed"):
        entry_links(b"", "application/rss+xml", "https://example.org/feed.xml", RssOptions())


def test_a_feed_with_a_surrogate_character_reference_is_a_parse_error() -> None:
    raw = b"<rss version='2.0'><channel><item><title>&#xD800;</title><link>https://example.org/q4</link></item></channel></rss>"
    with pytest.raises(ParseError, match="could not be read as an RSS or Atom feed"):
        entry_links(raw, "application/rss+xml", "https://example.org/feed.xml", RssOptions())


# --- the SEC's JSON, in shapes it was never meant to have --------------------------------------

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=False), st.text(max_size=12),
                     st.sampled_from(["8-K", "2.02", "2.02,9.01", "0001234567-24-000001", "2024-01-31", "²", "¹²³⁴", "1231",
                                      "320193", "AAPL", "ex991.htm", "http://[broken/ex991.htm"]))
_KEYS = st.sampled_from(["filings", "recent", "accessionNumber", "filingDate", "reportDate", "form", "items", "fiscalYearEnd",
                         "cik_str", "ticker", "title", "0", "1", "directory", "item", "name", "type"])
_ANY_JSON = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=6), max_leaves=25)
_ARRAYS = st.one_of(st.lists(_SCALARS, max_size=3), _ANY_JSON)
_RECENT = st.fixed_dictionaries({}, optional={f: _ARRAYS for f in ("accessionNumber", "filingDate", "reportDate", "form", "items")})
SUBMISSIONS = st.fixed_dictionaries({"filings": st.one_of(st.fixed_dictionaries({"recent": st.one_of(_RECENT, _ANY_JSON)}), _ANY_JSON)},
                                    optional={"fiscalYearEnd": _SCALARS})
TICKERS = st.dictionaries(st.text(max_size=3), st.one_of(st.fixed_dictionaries({"cik_str": _SCALARS, "ticker": _SCALARS}), _ANY_JSON), max_size=4)
INDEX = st.fixed_dictionaries({"directory": st.one_of(
    st.fixed_dictionaries({"item": st.one_of(st.lists(st.one_of(st.fixed_dictionaries({"name": _SCALARS}), _ANY_JSON), max_size=4), _ANY_JSON)}),
    _ANY_JSON)})
JSON_BYTES = st.one_of(st.one_of(_ANY_JSON, SUBMISSIONS, TICKERS, INDEX).map(lambda d: json.dumps(d).encode()), st.binary(max_size=200),
                       st.just(b"[" * 100_000), st.just(b"\xff\xfe{}"))


@BOUNDED
@given(raw=JSON_BYTES, form=st.sampled_from(["8-K", "8-k/a", "10-Q"]))
def test_any_sec_json_gives_filings_or_a_clear_scrape_error(raw: bytes, form: str) -> None:
    readers = {
        "company_tickers.json": lambda: sec_edgar.ciks_by_ticker(raw, "https://www.sec.gov/files/company_tickers.json"),
        "submissions": lambda: sec_edgar.earnings_filings(raw, "https://data.sec.gov/submissions/CIK0000000001.json", SecEdgarOptions(forms=[form])),
        "index.json": lambda: sec_edgar.exhibit_from_index_json(raw, "https://www.sec.gov/Archives/1/", "https://www.sec.gov/Archives/1/x-index.htm", "EX-99.1"),
    }
    for reader in readers.values():
        try:
            reader()
        except ScrapeError as exc:
            assert "sec.gov" in str(exc) and exc.url
    # a found CIK is a number, whatever the file held
    try:
        assert all(isinstance(cik, int) for cik in sec_edgar.ciks_by_ticker(raw, "u").values())
    except ScrapeError:
        pass


@pytest.mark.parametrize("raw", [
    b'{"0": {"cik_str": "\\u00b2", "ticker": "AAPL"}}',  # "²".isdigit() is True, int("²") fails
    b'{"filings": {"recent": {"accessionNumber": [], "filingDate": [], "reportDate": [], "form": [], "items": []}}, "fiscalYearEnd": "\\u00b9\\u00b2\\u00b3\\u2074"}',
    b"[" * 100_000,
], ids=["superscript cik", "superscript fiscal year end", "nested too deeply"])
def test_sec_json_edge_cases_are_clear_errors_or_ignored(raw: bytes) -> None:
    try:
        sec_edgar.ciks_by_ticker(raw, "https://www.sec.gov/files/company_tickers.json")
    except ScrapeError:
        pass
    try:
        filings, year_end = sec_edgar.earnings_filings(raw, "https://data.sec.gov/submissions/x.json", SecEdgarOptions())
    except ScrapeError:
        return
    assert filings == [] and year_end is None


@pytest.mark.parametrize("href", ["http://[broken/ex991.htm", "/ix?doc=http://[x"])
def test_an_exhibit_link_that_is_no_url_is_a_parse_error(href: str) -> None:
    page = (f'<table class="tableFile"><tr><td>1</td><td>Press release</td><td><a href="{href}">ex991.htm</a></td>'
            "<td>EX-99.1</td></tr></table>").encode()
    with pytest.raises(ParseError, match="not a valid URL"):
        sec_edgar.exhibit_link(page, "https://www.sec.gov/Archives/edgar/data/1/2/", "EX-99.1")


@pytest.mark.parametrize("report_date", ["not-a-date", "0001-01-05", "2024-13-45"])
def test_a_release_with_no_quarter_and_a_bad_report_date_is_unresolved_not_a_crash(report_date: str) -> None:
    raw = b"<html><body><h1>Acme Reports Results</h1><p>" + b"Revenue was strong and customers kept ordering. " * 5 + b"</p></body></html>"
    content_type = f"text/html; earnwatch-report-date={report_date}; earnwatch-fiscal-year-end=12"
    with pytest.raises(ScrapeError, match="report date"):
        SOURCE_KINDS["sec_edgar"]().parse(raw, content_type, URL, "ACME", SecEdgarOptions())


# --- links a hostile listing or feed can hold ------------------------------------------------------


@pytest.mark.parametrize("url", ["http://a..b/q4-2024", "http://.example/q4-2024", "http://xn--a/q4-2024", "http://" + "a" * 300 + "/q4",
                                 "http://xn--ls8h.la/q4", "http://example.org/\ud800"])
def test_a_link_the_idna_codec_refuses_is_an_unsafe_url_error(url: str) -> None:
    with Fetcher("earnwatch-tests (tests@example.org)", timeout=2, attempts=1, respect_robots=False) as fetcher:
        with pytest.raises(UnsafeURLError, match="not a valid URL"):
            fetcher.get(url)
