"""A watchlist as a new user writes it, with no ``documents:`` anywhere: a transcript listing
page, RSS and Atom feeds of 8-K releases and drop folders of exhibits, checked through the real
pipeline (``worker.stages.inline.check_sources``: fetch, read, store, compare) against a local web
server and temporary folders. Every document is stored once, under its company and its quarter,
as the kind it is; a second check stores nothing; a re-parse of the stored history changes
nothing. The transcripts and the SGML submission are the invented fixtures of the parser table;
the releases are real SEC filings (tests/corpus/sec)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import parse_watchlist, session_scope
from worker.stages.inline import check_sources
from worker.stages.reparse import reparse_stored
from worker.storage.models import Company, DocumentVersion, Source, UnresolvedDocument

TESTS = Path(__file__).resolve().parents[1]
CASES = TESTS / "scrapers" / "reader_cases"
SEC = TESTS / "corpus" / "sec"

TRANSCRIPTS = {  # path on the site: (fixture, content type)
    "/acme/transcripts/acmc-q1-2025-earnings-call": (CASES / "acme-corp-2025q1-strong-inline.html", "text/html; charset=utf-8"),
    "/acme/transcripts/acme-q4-2024-earnings-call.txt": (CASES / "acme-2024q4-bracket-operator.txt", "text/plain"),
}
LISTING = """<!DOCTYPE html><html><head><title>Acme Corp | Investor events</title></head><body>
<nav><a href="/">Home</a> <a href="/acme/">Acme Corp</a> <a href="/q1-2025">Q1 2025 calls</a></nav>
<h1>Acme Corp earnings call transcripts</h1>
<ul>
  <li><a href="/acme/transcripts/acmc-q1-2025-earnings-call">Acme Corp (ACMC) Q1 2025 Earnings Call Transcript</a></li>
  <li><a href="/acme/transcripts/acme-q4-2024-earnings-call.txt">Acme Fourth Quarter and Full Year 2024 Earnings Conference Call</a></li>
</ul>
<footer><a href="/about">About</a> <a href="/q4-2024-archive">Archive: Q4 2024</a></footer>
</body></html>"""
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Reddit, Inc. - SEC filings</title><link>{base}/rddt/</link>
<item><title>8-K: Results of Operations and Financial Condition</title><link>{base}/rddt/8-k/000171344526000098-ex99-1.txt</link>
<pubDate>Thu, 30 Jul 2026 20:05:00 GMT</pubDate></item>
<item><title>8-K: Results of Operations and Financial Condition</title><link>{base}/rddt/8-k/000171344526000067-ex99-1.txt</link>
<pubDate>Thu, 30 Apr 2026 20:05:00 GMT</pubDate></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>BellRing Brands press releases</title><id>urn:brbr</id>
<updated>2026-08-04T20:00:00Z</updated>
<entry><title>BellRing Brands Reports Results for the Third Quarter of Fiscal Year 2026</title><id>urn:brbr:3</id>
<updated>2026-08-04T20:00:00Z</updated><link href="{base}/brbr/news/q3-fy26.txt"/></entry>
<entry><title>BellRing Brands Reports Results for the Second Quarter of Fiscal Year 2026</title><id>urn:brbr:2</id>
<updated>2026-05-05T20:00:00Z</updated><link href="{base}/brbr/news/q2-fy26.txt"/></entry>
</feed>"""
EXHIBITS = {  # path on the site: fixture
    "/rddt/8-k/000171344526000098-ex99-1.txt": SEC / "rddt-2026q2-release.txt",
    "/rddt/8-k/000171344526000067-ex99-1.txt": SEC / "rddt-2026q1-release.txt",
    "/brbr/news/q3-fy26.txt": SEC / "brbr-2026q3-release.txt",
    "/brbr/news/q2-fy26.txt": SEC / "brbr-2026q2-release.txt",
}
DROPS = {  # folder: the exhibits dropped in it
    "acmc": [CASES / "acme-2026q1-full-submission.txt"],
    "aapl": [SEC / "aapl-2026q2-release.txt", SEC / "aapl-2026q3-release.txt"],
    "strt": [SEC / "strt-2026q3-release.txt", SEC / "strt-2026q4-release.txt"],
}
STORED = {
    ("ACMC", "2024Q4"): "transcript", ("ACMC", "2025Q1"): "transcript", ("ACMC", "2026Q1"): "press_release",
    ("RDDT", "2026Q1"): "press_release", ("RDDT", "2026Q2"): "press_release",
    ("BRBR", "2026Q2"): "press_release", ("BRBR", "2026Q3"): "press_release",
    ("AAPL", "2026Q2"): "press_release", ("AAPL", "2026Q3"): "press_release",
    ("STRT", "2026Q3"): "press_release", ("STRT", "2026Q4"): "press_release",
}


@pytest.fixture
def ctx(earnwatch_env, context, httpserver, tmp_path):
    base = httpserver.url_for("/").rstrip("/")
    httpserver.expect_request("/acme/transcripts").respond_with_data(LISTING, content_type="text/html; charset=utf-8")
    for path, (fixture, content_type) in TRANSCRIPTS.items():
        httpserver.expect_request(path).respond_with_data(fixture.read_bytes(), content_type=content_type)
    httpserver.expect_request("/rddt/feed.xml").respond_with_data(RSS.format(base=base), content_type="application/rss+xml")
    httpserver.expect_request("/brbr/feed.atom").respond_with_data(ATOM.format(base=base), content_type="application/atom+xml")
    for path, fixture in EXHIBITS.items():
        httpserver.expect_request(path).respond_with_data(fixture.read_bytes(), content_type="text/plain; charset=utf-8")
    for folder, files in DROPS.items():
        (tmp_path / folder).mkdir()
        for fixture in files:
            shutil.copy(fixture, tmp_path / folder / fixture.name)
    return context(parse_watchlist(f"""companies:
  - ticker: ACMC
    name: Acme Corp
    sources:
      - {{kind: transcript_page, url: "{base}/acme/transcripts"}}
      - {{kind: folder, url: "{tmp_path / 'acmc'}"}}
  - ticker: RDDT
    sources: [{{kind: rss, url: "{base}/rddt/feed.xml"}}]
  - ticker: BRBR
    sources: [{{kind: rss, url: "{base}/brbr/feed.atom"}}]
  - ticker: AAPL
    sources: [{{kind: folder, url: "{tmp_path / 'aapl'}"}}]
  - ticker: STRT
    sources: [{{kind: folder, url: "{tmp_path / 'strt'}"}}]
"""))


def stored() -> dict[tuple[str, str], str]:
    with session_scope() as session:
        rows = session.exec(select(Company.ticker, DocumentVersion.period, DocumentVersion.parsed)
                            .join(Company, Company.id == DocumentVersion.company_id)).all()
    assert len(rows) == len({(ticker, period) for ticker, period, _ in rows}), "one version per quarter"
    return {(ticker, period): parsed["kind"] for ticker, period, parsed in rows}


def test_a_watchlist_without_documents_options_stores_every_document_under_its_quarter(ctx) -> None:
    assert not any(source.options.documents for company in ctx.watchlist.companies for source in company.sources)
    first = check_sources(ctx)
    assert [c.errors for c in first.checks] == [[]] * 6
    assert stored() == STORED
    with session_scope() as session:
        assert {s.status for s in session.exec(select(Source))} == {"ok"}
        assert session.exec(select(UnresolvedDocument)).all() == []

    again = check_sources(ctx)
    assert sum(len(c.new_documents) for c in again.checks) == 0 and not any(c.errors for c in again.checks)

    reread = reparse_stored(ctx)
    assert (reread.changed, reread.failed, reread.unchanged) == ([], [], len(STORED))
