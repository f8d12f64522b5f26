"""SecEdgar: ticker to CIK, submissions JSON, filing index, EX-99.1, all on a local server laid
out like www.sec.gov and data.sec.gov, with fixtures in the SEC's real shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from earnings.document import OUTLOOK
from earnings.period import FiscalPeriod
from scrapers import sec_edgar
from scrapers.base import Endpoints, Target
from scrapers.errors import FetchError, ParseError, PeriodNotFoundError
from scrapers.fetch import Fetcher
from scrapers.sec_edgar import SecEdgar, SecEdgarOptions, earnings_filings, quarter_before

SEC = Path(__file__).resolve().parent / "sources" / "sec"
UA = "Earnwatch tests ops@example.org"
Q3_DIR = "/Archives/edgar/data/1900123/000190012325000041/"
Q2_DIR = "/Archives/edgar/data/1900123/000190012325000030/"


@pytest.fixture
def sec(httpserver: HTTPServer, earnwatch_env, monkeypatch) -> Iterator[HTTPServer]:
    base = httpserver.url_for("/").rstrip("/")
    monkeypatch.setenv("EARNWATCH_SEC_WWW_URL", base)
    monkeypatch.setenv("EARNWATCH_SEC_DATA_URL", base)  # for the pipeline's context
    serve = httpserver.expect_request
    serve("/files/company_tickers.json").respond_with_data((SEC / "company_tickers.json").read_bytes(), content_type="application/json")
    serve("/submissions/CIK0001900123.json").respond_with_data((SEC / "CIK0001900123.json").read_bytes(), content_type="application/json", headers={"ETag": '"subs-1"'})
    serve(f"{Q3_DIR}0001900123-25-000041-index.htm").respond_with_data((SEC / "0001900123-25-000041-index.htm").read_bytes(), content_type="text/html")
    serve(f"{Q3_DIR}qln-ex99_1.htm").respond_with_data((SEC / "qln-ex99_1-q3.htm").read_bytes(), content_type="text/html")
    serve(f"{Q2_DIR}0001900123-25-000030-index.htm").respond_with_data((SEC / "0001900123-25-000030-index.htm").read_bytes(), content_type="text/html")
    serve(f"{Q2_DIR}index.json").respond_with_data((SEC / "index-000190012325000030.json").read_bytes(), content_type="application/json")
    serve(f"{Q2_DIR}qln-ex99_1.htm").respond_with_data((SEC / "qln-ex99_1-no-quarter.htm").read_bytes(), content_type="text/html")
    yield httpserver


def local(server: HTTPServer) -> Endpoints:
    base = server.url_for("/").rstrip("/")
    return Endpoints(sec_www=base, sec_data=base)


def fetch(server: HTTPServer, user_agent: str = UA, **target):
    with Fetcher(user_agent, timeout=2.0, backoff=0.01) as fetcher:
        return list(SecEdgar().fetch(fetcher, Target(
            url="https://www.sec.gov/cgi-bin/browse-edgar?CIK=QLN", ticker="QLN", options=SecEdgarOptions(), endpoints=local(server), **target
        )))


def test_earnings_releases_are_found_through_the_ticker_the_submissions_and_each_filing_index(sec: HTTPServer) -> None:
    q3, q3_index, q2, q2_index, submissions = fetch(sec)
    assert q3.url == sec.url_for(f"{Q3_DIR}qln-ex99_1.htm") and q2.url == sec.url_for(f"{Q2_DIR}qln-ex99_1.htm")
    assert [f.listing for f in (q3, q3_index, q2, q2_index, submissions)] == [False, True, False, True, True]
    assert submissions.etag == '"subs-1"'
    assert "earnwatch-report-date=2025-08-21" in q3.content_type and "earnwatch-fiscal-year-end=10" in q3.content_type
    assert all(request.headers["User-Agent"] == UA for request, _ in sec.log)
    assert not any("000190012325000036" in request.path for request, _ in sec.log), "an 8-K without item 2.02 is not read"


def test_a_release_naming_its_quarter_keeps_it_and_one_that_does_not_takes_it_from_the_report_date(sec: HTTPServer) -> None:
    q3, _, q2, _, _ = fetch(sec)
    kind = SecEdgar()
    q3_doc = kind.parse(q3.raw, q3.content_type, q3.url, "QLN", SecEdgarOptions())
    q2_doc = kind.parse(q2.raw, q2.content_type, q2.url, "QLN", SecEdgarOptions())
    assert (q3_doc.period, q3_doc.kind) == (FiscalPeriod(2025, 3), "press_release")
    assert "$425 million to $440 million" in q3_doc.section(OUTLOOK)[0].text
    assert q2_doc.period == FiscalPeriod(2025, 2)  # announced 2025-05-22; fiscal year ends in October


def test_filings_read_before_are_not_fetched_again(sec: HTTPServer) -> None:
    (submissions,) = fetch(sec, seen=lambda url: url.endswith("-index.htm"))
    assert submissions.listing
    assert [r.path for r, _ in sec.log if "Archives" in r.path] == []


def test_without_a_contact_email_in_the_user_agent_the_sec_is_not_asked_at_all(sec: HTTPServer) -> None:
    with pytest.raises(FetchError, match=r"contact email.*EARNWATCH_USER_AGENT") as caught:
        fetch(sec, user_agent="earnwatch/0.1 (+https://github.com/earnwatch/earnwatch)")
    assert caught.value.permanent
    assert [r for r, _ in sec.log if r.path != "/robots.txt"] == []


def test_a_ticker_the_sec_does_not_list_asks_for_the_cik(sec: HTTPServer) -> None:
    with Fetcher(UA, timeout=2.0) as fetcher, pytest.raises(ParseError, match="ZZZZ is not in the SEC's ticker list.*set cik"):
        list(SecEdgar().fetch(fetcher, Target(url="https://x", ticker="ZZZZ", options=SecEdgarOptions(), endpoints=local(sec))))


@pytest.mark.parametrize(
    "body",
    [
        {"cik": "1900123", "filings": {"recent": {"accessionNumber": ["0001900123-25-000041"], "form": ["8-K"]}}},
        {"cik": "1900123", "filings": []},
        {"cik": "1900123", "filings": {"recent": {f: [] for f in ("accessionNumber", "filingDate", "reportDate", "form")} | {"items": ["2.02"]}}},
    ],
    ids=["arrays missing", "filings not an object", "arrays of unequal length"],
)
def test_a_submissions_json_whose_shape_changed_is_a_parse_error_asking_for_an_update(body) -> None:
    with pytest.raises(ParseError, match="has changed shape.*earnwatch needs an update"):
        earnings_filings(json.dumps(body).encode(), "https://data.sec.gov/submissions/CIK0001900123.json", SecEdgarOptions())


def test_company_tickers_in_another_shape_or_not_json_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="has changed shape"):
        sec_edgar.ciks_by_ticker(b'[{"cik": 1, "symbol": "QLN"}]', "https://www.sec.gov/files/company_tickers.json")
    with pytest.raises(ParseError, match="is not JSON"):
        sec_edgar.ciks_by_ticker(b"<html>Rate limited</html>", "https://www.sec.gov/files/company_tickers.json")


def test_a_release_with_no_quarter_and_no_report_date_stays_unresolved_with_advice() -> None:
    raw = (SEC / "qln-ex99_1-no-quarter.htm").read_bytes()
    with pytest.raises(PeriodNotFoundError, match="set the source's fiscal_year_end"):
        SecEdgar().parse(raw, "text/html", "https://www.sec.gov/x.htm", "QLN", SecEdgarOptions())


@pytest.mark.parametrize(
    ("announced", "year_end", "period"),
    [
        (date(2024, 10, 31), 9, "2024Q4"),  # Apple: fiscal year ends in September
        (date(2025, 1, 30), 9, "2025Q1"),
        (date(2025, 2, 26), 1, "2025Q4"),  # fiscal year ends in January, named for the year it ends
        (date(2025, 2, 11), 12, "2024Q4"),
        (date(2025, 5, 6), 12, "2025Q1"),
    ],
)
def test_the_quarter_reported_is_the_last_one_ended_before_the_announcement(announced: date, year_end: int, period: str) -> None:
    assert str(quarter_before(announced, year_end)) == period


def test_through_the_pipeline_filings_are_stored_once_and_not_fetched_again(sec: HTTPServer, context) -> None:
    from sqlmodel import select

    from tests.conftest import parse_watchlist, session_scope
    from worker.stages.inline import check_sources
    from worker.storage.models import DocumentVersion

    ctx = context(parse_watchlist("companies:\n  - ticker: QLN\n    sources: [{kind: sec_edgar}]\n"))
    first = check_sources(ctx)
    assert not first.checks[0].errors and len(first.checks[0].new_documents) == 2
    with session_scope() as session:
        assert sorted(session.exec(select(DocumentVersion.period)).all()) == ["2025Q2", "2025Q3"]
    before = len(sec.log)
    second = check_sources(ctx)
    assert not second.checks[0].errors and second.checks[0].new_documents == []
    assert [r.path for r, _ in sec.log[before:]] == ["/submissions/CIK0001900123.json"]
