"""RssFeed: RSS 2.0 and Atom feeds linking to documents, and things that are not feeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from earnings.period import FiscalPeriod
from scrapers.base import Target, Validators
from scrapers.errors import ParseError
from scrapers.fetch import Fetcher
from scrapers.rss import RssFeed, RssOptions, entry_links

ROOT = Path(__file__).resolve().parents[2]
FEEDS = Path(__file__).resolve().parent / "sources" / "feeds"
Q3 = (ROOT / "worker/demo/site/alab-q3-2024.txt").read_bytes()
Q4 = (ROOT / "worker/demo/site/alab-q4-2024.txt").read_bytes()
TRANSCRIPT = (Path(__file__).resolve().parent / "sources/transcripts/hlvr-q3-2025.html").read_bytes()


def fetch(httpserver: HTTPServer, path: str, ticker: str = "ALAB", validators=None, **options):
    with Fetcher("earnwatch-tests/1.0", timeout=2.0, backoff=0.01) as fetcher:
        target = Target(url=httpserver.url_for(path), ticker=ticker, options=RssOptions(**options),
                        validators=validators or (lambda url: Validators()))
        return list(RssFeed().fetch(fetcher, target))


def test_an_rss_feed_yields_each_linked_summary_then_the_feed_with_its_validators(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/alab/feed.xml").respond_with_data(
        (FEEDS / "summaries.rss").read_bytes(), content_type="application/rss+xml", headers={"Last-Modified": "Wed, 12 Feb 2025 08:00:00 GMT"}
    )
    httpserver.expect_request("/alab/summaries/q4-2024.txt").respond_with_data(Q4, content_type="text/plain")
    httpserver.expect_request("/alab/summaries/q3-2024.txt").respond_with_data(Q3, content_type="text/plain")
    q4, q3, feed = fetch(httpserver, "/alab/feed.xml")
    kind = RssFeed()
    assert [kind.parse(f.raw, f.content_type, f.url, "ALAB", RssOptions()).period for f in (q4, q3)] == [FiscalPeriod(2024, 4), FiscalPeriod(2024, 3)]
    assert feed.listing and feed.last_modified == "Wed, 12 Feb 2025 08:00:00 GMT"


def test_an_atom_feed_of_transcripts_is_parsed_as_transcripts(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hlvr/feed.atom").respond_with_data((FEEDS / "transcripts.atom").read_bytes(), content_type="application/atom+xml")
    httpserver.expect_request("/hlvr/q3-2025-transcript").respond_with_data(TRANSCRIPT, content_type="text/html")
    transcript, _feed = fetch(httpserver, "/hlvr/feed.atom", ticker="HLVR", documents="transcript_page")
    doc = RssFeed().parse(transcript.raw, transcript.content_type, transcript.url, "HLVR", RssOptions(documents="transcript_page"))
    assert (doc.kind, doc.period) == ("transcript", FiscalPeriod(2025, 3))


def test_an_unchanged_feed_answers_304_and_nothing_else_is_fetched(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/alab/feed.xml", headers={"If-None-Match": '"f1"'}).respond_with_data("", status=304)
    (only,) = fetch(httpserver, "/alab/feed.xml", validators=lambda url: Validators(etag='"f1"'))
    assert only.unchanged


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"<!doctype html><html><body><h1>Summaries</h1><p>Welcome</p></body></html>", "text/html"),
        (b'{"items": []}', "application/json"),
        (b"\x89PNG\r\n\x1a\n\x00\x00binary", "application/rss+xml"),
    ],
    ids=["an html page", "json", "binary"],
)
def test_something_that_is_not_a_feed_is_a_parse_error_saying_so(body: bytes, content_type: str) -> None:
    with pytest.raises(ParseError, match="is not an RSS or Atom feed.*check the URL points at the feed"):
        entry_links(body, content_type, "https://example.org/feed", RssOptions())


def test_link_pattern_filters_entries_and_a_feed_with_none_left_says_so() -> None:
    raw = (FEEDS / "summaries.rss").read_bytes()
    assert entry_links(raw, "application/rss+xml", "https://example.org/alab/feed.xml", RssOptions(link_pattern="q3")) == [
        "https://example.org/alab/summaries/q3-2024.txt"
    ]
    with pytest.raises(ParseError, match="2 entries but none matching link_pattern"):
        entry_links(raw, "application/rss+xml", "https://example.org/alab/feed.xml", RssOptions(link_pattern="q1-2031"))
