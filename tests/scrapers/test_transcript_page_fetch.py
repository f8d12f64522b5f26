"""TranscriptPage: a transcript page, or a listing of them, served by pytest-httpserver."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from earnings.document import PREPARED_REMARKS, QA
from earnings.period import FiscalPeriod
from scrapers.base import Target
from scrapers.fetch import Fetcher
from scrapers.transcript_page import TranscriptPage, TranscriptPageOptions

SOURCES = Path(__file__).resolve().parent / "sources" / "transcripts"
TRANSCRIPT = (SOURCES / "hlvr-q3-2025.html").read_bytes()
LISTING = (SOURCES / "listing.html").read_bytes()
Q3_PATH = "/earnings/call-transcripts/2025/10/29/halvorsen-robotics-hlvr-q3-2025-earnings-call-transcript/"
Q2_PATH = "/earnings/call-transcripts/2025/07/30/halvorsen-robotics-hlvr-q2-2025-earnings-call-transcript/"


def fetch(httpserver: HTTPServer, path: str, **options):
    with Fetcher("earnwatch-tests/1.0", timeout=2.0, backoff=0.01) as fetcher:
        target = Target(url=httpserver.url_for(path), ticker="HLVR", options=TranscriptPageOptions(**options))
        return list(TranscriptPage().fetch(fetcher, target))


def test_a_transcript_page_given_directly_parses_into_remarks_and_answers(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/t").respond_with_data(TRANSCRIPT, content_type="text/html; charset=utf-8")
    (page,) = fetch(httpserver, "/t")
    doc = TranscriptPage().parse(page.raw, page.content_type, page.url, "HLVR", TranscriptPageOptions())
    assert (doc.ticker, doc.period, doc.kind) == ("HLVR", FiscalPeriod(2025, 3), "transcript")
    assert any("full-year revenue of $1.10 billion" in s.text for s in doc.section(PREPARED_REMARKS))
    [answer, *_] = doc.section(QA)
    assert answer.question == "How should we think about gross margin next quarter?"


def test_a_transcript_listing_follows_its_quarter_links_then_yields_itself(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/hlvr/transcripts").respond_with_data(LISTING, content_type="text/html", headers={"ETag": '"l1"'})
    httpserver.expect_request(Q3_PATH).respond_with_data(TRANSCRIPT, content_type="text/html")
    httpserver.expect_request(Q2_PATH).respond_with_data("gone", status=404)
    q3, q2, listing = fetch(httpserver, "/hlvr/transcripts")
    assert q3.url == httpserver.url_for(Q3_PATH) and q3.raw == TRANSCRIPT
    assert q2.error is not None and "not found" in str(q2.error)
    assert listing.listing and listing.etag == '"l1"'
