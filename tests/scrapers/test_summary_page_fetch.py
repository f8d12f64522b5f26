"""SummaryPage.fetch: a summary page or a listing of them, served by pytest-httpserver."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from earnings.period import FiscalPeriod
from scrapers.base import Fetched, Target, Validators
from scrapers.errors import FetchError, ParseError
from scrapers.fetch import Fetcher
from scrapers.summary_page import SummaryPage, SummaryPageOptions

SITE = Path(__file__).resolve().parents[2] / "worker/demo/site"
Q3 = (SITE / "alab-q3-2024.txt").read_bytes()
Q4 = (SITE / "alab-q4-2024.txt").read_bytes()

LISTING = """<!doctype html>
<html><head><title>Astera Labs earnings call summaries</title></head>
<body>
  <nav><a href="/">Home</a> <a href="/about">About</a></nav>
  <h1>ALAB earnings call summaries</h1>
  <ul>
    <li><a href="/alab/q4-2024">ALAB Q4 2024: Inventories Surge 80%</a></li>
    <li><a href="alab-q3-2024.txt">Third quarter of 2024</a></li>
    <li><a href="/alab/q4-2024#qa">Q&amp;A of Q4 2024</a></li>
    <li><a href="mailto:desk@example.org">Q4 2024 questions? Mail us</a></li>
  </ul>
</body></html>"""


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher("earnwatch-tests/1.0", timeout=2.0) as client:
        yield client


def serve_listing(httpserver: HTTPServer, body: str = LISTING) -> None:
    httpserver.expect_request("/alab/").respond_with_data(body, content_type="text/html; charset=utf-8")


def run(fetcher: Fetcher, url: str, **target: object) -> list[Fetched]:
    """The document pages fetched (the listing's own ``Fetched`` left out)."""
    return [f for f in run_all(fetcher, url, **target) if not f.listing]


def run_all(fetcher: Fetcher, url: str, **target: object) -> list[Fetched]:
    return list(SummaryPage().fetch(fetcher, Target(url=url, ticker="ALAB", **target)))  # type: ignore[arg-type]


def test_a_listing_yields_each_linked_summary_once_in_page_order(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve_listing(httpserver)
    httpserver.expect_request("/alab/q4-2024").respond_with_data(Q4, content_type="text/plain; charset=utf-8", headers={"ETag": '"q4"'})
    httpserver.expect_request("/alab/alab-q3-2024.txt").respond_with_data(Q3, content_type="text/plain")
    fetched = run(fetcher, httpserver.url_for("/alab/"))
    assert [f.url for f in fetched] == [httpserver.url_for("/alab/q4-2024"), httpserver.url_for("/alab/alab-q3-2024.txt")]
    assert [f.raw for f in fetched] == [Q4, Q3]
    assert fetched[0].etag == '"q4"'
    assert fetched[0].content_type == "text/plain; charset=utf-8"
    assert all(f.error is None and not f.unchanged for f in fetched)


def test_what_a_listing_yields_parses_into_both_quarters(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve_listing(httpserver)
    httpserver.expect_request("/alab/q4-2024").respond_with_data(Q4, content_type="text/plain")
    httpserver.expect_request("/alab/alab-q3-2024.txt").respond_with_data(Q3, content_type="text/plain")
    kind = SummaryPage()
    docs = [kind.parse(f.raw, f.content_type, f.url, "ALAB", SummaryPageOptions()) for f in run(fetcher, httpserver.url_for("/alab/"))]
    assert [d.period for d in docs] == [FiscalPeriod(2024, 4), FiscalPeriod(2024, 3)]


def test_one_link_answering_500_yields_an_error_for_that_link_and_the_other_still_arrives(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve_listing(httpserver)
    httpserver.expect_request("/alab/q4-2024").respond_with_data("boom", status=500)
    httpserver.expect_request("/alab/alab-q3-2024.txt").respond_with_data(Q3, content_type="text/plain")
    broken, good = run(fetcher, httpserver.url_for("/alab/"))
    assert broken.url == httpserver.url_for("/alab/q4-2024")
    assert isinstance(broken.error, FetchError)
    assert broken.error.permanent is False
    assert "500" in str(broken.error)
    assert good.error is None and good.raw == Q3


def test_a_listing_without_quarter_links_raises_a_parse_error_suggesting_link_pattern(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve_listing(httpserver, '<html><body><h1>Summaries</h1><a href="/a">Latest call</a><a href="/b">Older call</a></body></html>')
    with pytest.raises(ParseError, match="link_pattern") as caught:
        run(fetcher, httpserver.url_for("/alab/"))
    assert "2 links on the page" in str(caught.value)


def test_link_pattern_picks_links_the_default_would_miss(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve_listing(httpserver, '<html><body><h1>Summaries</h1><a href="/calls/latest">Latest call</a><a href="/about">About</a></body></html>')
    httpserver.expect_request("/calls/latest").respond_with_data(Q4, content_type="text/plain")
    fetched = run(fetcher, httpserver.url_for("/alab/"), options=SummaryPageOptions(link_pattern=r"/calls/"))
    assert [f.url for f in fetched] == [httpserver.url_for("/calls/latest")]


def test_a_link_pattern_that_matches_nothing_says_so(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve_listing(httpserver)
    with pytest.raises(ParseError, match=r"no links matching link_pattern '/nothing/'"):
        run(fetcher, httpserver.url_for("/alab/"), options=SummaryPageOptions(link_pattern="/nothing/"))


def test_max_documents_keeps_the_first_links_of_the_listing(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve_listing(httpserver)
    httpserver.expect_request("/alab/q4-2024").respond_with_data(Q4, content_type="text/plain")
    fetched = run(fetcher, httpserver.url_for("/alab/"), options=SummaryPageOptions(max_documents=1))
    assert [f.url for f in fetched] == [httpserver.url_for("/alab/q4-2024")]


def test_a_summary_page_given_directly_is_yielded_itself(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/alab-q4").respond_with_data(Q4, content_type="text/plain", headers={"Last-Modified": "Tue, 11 Feb 2025 21:30:00 GMT"})
    (only,) = run(fetcher, httpserver.url_for("/alab-q4"))
    assert only.url == httpserver.url_for("/alab-q4")
    assert only.raw == Q4
    assert only.last_modified == "Tue, 11 Feb 2025 21:30:00 GMT"


def test_an_unchanged_source_page_yields_one_unchanged_result_and_nothing_else(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/alab/", headers={"If-None-Match": '"list-1"'}).respond_with_data("", status=304)
    fetched = run(fetcher, httpserver.url_for("/alab/"), validators=lambda url: Validators(etag='"list-1"'))
    assert fetched == [Fetched(httpserver.url_for("/alab/"), unchanged=True)]


def test_each_linked_page_is_fetched_with_its_own_validators(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve_listing(httpserver)
    httpserver.expect_request("/alab/q4-2024", headers={"If-None-Match": '"q4"'}).respond_with_data("", status=304)
    httpserver.expect_request("/alab/alab-q3-2024.txt").respond_with_data(Q3, content_type="text/plain")
    known = {httpserver.url_for("/alab/q4-2024"): Validators(etag='"q4"')}
    q4, q3 = run(fetcher, httpserver.url_for("/alab/"), validators=lambda url: known.get(url, Validators()))
    assert q4 == Fetched(httpserver.url_for("/alab/q4-2024"), unchanged=True)
    assert q3.raw == Q3


def test_an_error_on_the_source_page_itself_is_raised(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/alab/").respond_with_data("down", status=503)
    with pytest.raises(FetchError, match="503"):
        run(fetcher, httpserver.url_for("/alab/"))


def test_broken_and_non_http_links_on_a_listing_are_skipped(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve_listing(
        httpserver,
        '<html><body><a href="http://[::1">Q4 2024</a><a href="javascript:void(0)">Q4 2024</a>'
        '<a href="ftp://example.org/q4-2024.txt">Q4 2024</a><a href="/alab/q4-2024">Q4 2024</a></body></html>',
    )
    httpserver.expect_request("/alab/q4-2024").respond_with_data(Q4, content_type="text/plain")
    assert [f.url for f in run(fetcher, httpserver.url_for("/alab/"))] == [httpserver.url_for("/alab/q4-2024")]


def test_a_listing_is_yielded_last_with_its_validators_so_they_are_kept(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/alab/").respond_with_data(LISTING, content_type="text/html", headers={"ETag": '"list-2"'})
    httpserver.expect_request("/alab/q4-2024").respond_with_data(Q4, content_type="text/plain")
    httpserver.expect_request("/alab/alab-q3-2024.txt").respond_with_data(Q3, content_type="text/plain")
    *documents, listing = run_all(fetcher, httpserver.url_for("/alab/"))
    assert len(documents) == 2 and not any(d.listing for d in documents)
    assert listing.listing and listing.url == httpserver.url_for("/alab/") and listing.etag == '"list-2"'


def test_a_listing_with_hundreds_of_quarter_links_is_refused_with_advice(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    links = "".join(f'<li><a href="/alab/{year}q{q}">Q{q} {year}</a></li>' for year in range(1900, 2030) for q in range(1, 5))
    serve_listing(httpserver, f"<html><body><h1>Archive</h1><ul>{links}</ul></body></html>")
    with pytest.raises(ParseError, match=r"has 520 matching links, more than max_links \(200\).*set link_pattern"):
        run(fetcher, httpserver.url_for("/alab/"))
    assert len(httpserver.log) == 2  # robots.txt and the listing: none of the links was fetched


def test_a_long_listing_under_max_links_follows_only_max_documents(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    links = "".join(f'<li><a href="/alab/{year}q{q}">Q{q} {year}</a></li>' for year in range(2024, 1994, -1) for q in (4, 3, 2, 1))
    serve_listing(httpserver, f"<html><body><h1>Archive</h1><ul>{links}</ul></body></html>")
    httpserver.expect_request("/alab/2024q4").respond_with_data(Q4, content_type="text/plain")
    httpserver.expect_request("/alab/2024q3").respond_with_data(Q3, content_type="text/plain")
    fetched = run(fetcher, httpserver.url_for("/alab/"), options=SummaryPageOptions(max_documents=2))
    assert [f.raw for f in fetched] == [Q4, Q3]


def test_a_listing_with_an_excerpt_under_each_link_is_still_a_listing(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    serve_listing(httpserver, """<html><body><h1>Astera Labs call notes</h1>
<div><h2><a href="/alab/q4-2024">ALAB Q4 2024 call summary</a></h2><p>Inventories rose 80% as the company prepared for the
AI accelerator ramp, and management guided gross margins to 70-74%, down from about 75% a quarter before.</p></div>
<div><h2><a href="/alab/alab-q3-2024.txt">ALAB Q3 2024 call summary</a></h2><p>Record revenue as AI connectivity demand broadened
across merchant GPUs and internal accelerator programs at the largest hyperscalers.</p></div></body></html>""")
    httpserver.expect_request("/alab/q4-2024").respond_with_data(Q4, content_type="text/plain")
    httpserver.expect_request("/alab/alab-q3-2024.txt").respond_with_data(Q3, content_type="text/plain")
    assert [f.raw for f in run(fetcher, httpserver.url_for("/alab/"))] == [Q4, Q3]


def test_a_page_naming_its_quarter_only_further_down_is_read_as_a_document(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    words = " ".join(["Revenue grew in every region while costs stayed in check."] * 8)
    page = f"<html><body><h1>Astera Labs call notes</h1><p>{words}</p><p>These are our notes on the fourth quarter of 2024.</p></body></html>"
    serve_listing(httpserver, page)
    (only,) = run(fetcher, httpserver.url_for("/alab/"))
    assert only.raw == page.encode()
