"""Sources through the pipeline, on SQLite and PostgreSQL: listing validators kept, documents
without a quarter kept as unresolved and resolved by a re-parse, and bad input failing one
source with a message a person can act on while the others go on and nothing stored is lost."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import select
from werkzeug import Request, Response

from tests.conftest import parse_watchlist, session_scope, summary, use_database
from worker.ops.status import status
from worker.stages.inline import check_sources
from worker.stages.reparse import reparse_stored
from worker.storage.models import DocumentVersion, Page, Source, UnresolvedDocument

PAGES = Path(__file__).resolve().parents[1] / "scrapers" / "pages"
Q3, Q4 = summary("q3-2024"), summary("q4-2024")


@pytest.fixture
def env(earnwatch_env, monkeypatch, database_url):
    use_database(earnwatch_env, monkeypatch, database_url)
    return earnwatch_env


def watchlist(*companies: tuple[str, str]):
    """``(ticker, source yaml)`` pairs as a watchlist with no routes."""
    body = "".join(f"  - ticker: {ticker}\n    sources: [{source}]\n" for ticker, source in companies)
    return parse_watchlist(f"companies:\n{body}")


def sources() -> dict[str, Source]:
    with session_scope() as session:
        return {s.url: s for s in session.exec(select(Source))}


def count(model) -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def listing(*paths: str) -> str:
    items = "".join(f'<li><a href="{p}">ALAB Q{p[-6]} {p[-4:]} summary</a></li>' for p in paths)
    return f"<html><body><h1>ALAB summaries</h1><ul>{items}</ul></body></html>"


def test_a_listing_keeps_its_validators_so_an_unchanged_cycle_is_one_304(env, context, httpserver):
    def listing_page(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"l1"':
            return Response(status=304, headers={"ETag": '"l1"'})
        return Response(listing("/s/q4-2024"), content_type="text/html", headers={"ETag": '"l1"'})

    httpserver.expect_request("/alab").respond_with_handler(listing_page)
    httpserver.expect_request("/s/q4-2024").respond_with_data(Q4, content_type="text/plain")
    ctx = context(watchlist(("ALAB", f"{{kind: summary_page, url: '{httpserver.url_for('/alab')}'}}")))
    check_sources(ctx)
    with session_scope() as session:
        page = session.exec(select(Page).where(Page.url == httpserver.url_for("/alab"))).one()
    assert page.etag == '"l1"'
    before = len(httpserver.log)
    second = check_sources(ctx)
    assert [r.path for r, _ in httpserver.log[before:]] == ["/alab"]
    assert second.checks[0].unchanged == 1 and not second.checks[0].errors


def test_a_corrected_document_behind_an_unchanged_listing_is_found_on_its_own_schedule(env, context, httpserver):
    served = {"body": Q4, "etag": '"d1"'}

    def listing_page(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"l1"':
            return Response(status=304, headers={"ETag": '"l1"'})
        return Response(listing("/s/q4-2024"), content_type="text/html", headers={"ETag": '"l1"'})

    def document(request: Request) -> Response:
        if request.headers.get("If-None-Match") == served["etag"]:
            return Response(status=304, headers={"ETag": served["etag"]})
        return Response(served["body"], content_type="text/plain", headers={"ETag": served["etag"]})

    httpserver.expect_request("/alab").respond_with_handler(listing_page)
    httpserver.expect_request("/s/q4-2024").respond_with_handler(document)
    ctx = context(watchlist(("ALAB", f"{{kind: summary_page, url: '{httpserver.url_for('/alab')}'}}")))
    check_sources(ctx)
    served.update(body=Q4 + b"\n- Correction: figures restated after the call.\n", etag='"d2"')  # corrected; the listing is unchanged

    before = len(httpserver.log)
    soon = check_sources(ctx)  # not due yet: one 304 for the whole source
    assert [r.path for r, _ in httpserver.log[before:]] == ["/alab"] and soon.checks[0].new_documents == []

    with session_scope() as session:  # EARNWATCH_DOCUMENT_RECHECK (6 h) later
        page = session.exec(select(Page).where(Page.url == httpserver.url_for("/s/q4-2024"))).one()
        page.checked_at = page.checked_at - timedelta(hours=7)
        session.add(page)
    before = len(httpserver.log)
    later = check_sources(ctx)
    asked = [(r.path, r.headers.get("If-None-Match")) for r, _ in httpserver.log[before:]]
    assert asked == [("/alab", '"l1"'), ("/s/q4-2024", '"d1"')]
    assert len(later.checks[0].new_documents) == 1 and count(DocumentVersion) == 2


def test_a_listing_whose_link_failed_is_read_again_next_time(env, context, httpserver):
    httpserver.expect_request("/alab").respond_with_data(listing("/s/q4-2024"), content_type="text/html", headers={"ETag": '"l1"'})
    httpserver.expect_request("/s/q4-2024").respond_with_data("down", status=503)
    ctx = context(watchlist(("ALAB", f"{{kind: summary_page, url: '{httpserver.url_for('/alab')}'}}")))
    check_sources(ctx)
    with session_scope() as session:
        page = session.exec(select(Page).where(Page.url == httpserver.url_for("/alab"))).one()
    assert page.etag is None  # so the failed link is tried again, not hidden behind a 304


# The quarter is named only in the breadcrumb, page chrome the reader leaves out: period_selector finds it.
SELECTED = b"""<html><head><title>Astera Labs call summary</title></head><body>
<nav class="crumbs"><a href="/">Digest</a> &rsaquo; <a href="/alab">Astera Labs</a> &rsaquo; <span class="fiscal-period">Fiscal Q4 2024</span></nav>
<header><h1 class="headline">Astera Labs call summary: Inventories Surge 80%</h1></header>
<article class="summary"><ul><li><strong>Revenue:</strong> Revenue grew 24% sequentially to a record.</li></ul></article>
</body></html>"""


def test_a_document_without_a_quarter_is_kept_unresolved_and_a_reparse_resolves_it_without_the_network(env, context, httpserver):
    httpserver.expect_request("/alab").respond_with_data(listing("/s/q4-2024"), content_type="text/html")
    httpserver.expect_request("/s/q4-2024").respond_with_data(SELECTED, content_type="text/html")
    url = httpserver.url_for("/alab")
    check_sources(context(watchlist(("ALAB", f"{{kind: summary_page, url: '{url}'}}"))))
    source = sources()[url]
    assert source.status == "failing" and "set period_selector" in source.error
    with session_scope() as session:
        (company,) = status(session)["companies"]
    assert [u["url"] for u in company["unresolved"]] == [httpserver.url_for("/s/q4-2024")]
    assert "names no fiscal quarter" in company["unresolved"][0]["error"] and "set period_selector" in company["unresolved"][0]["error"]
    assert count(DocumentVersion) == 0

    requests = len(httpserver.log)
    fixed = watchlist(("ALAB", f"{{kind: summary_page, url: '{url}', period_selector: '.fiscal-period', body_selector: 'article.summary'}}"))
    result = reparse_stored(context(fixed))
    assert len(result.resolved) == 1 and result.resolved[0].startswith("2024Q4")
    assert len(httpserver.log) == requests
    assert (count(DocumentVersion), count(UnresolvedDocument)) == (1, 0)


BAD_INPUTS = {
    "empty": (b"", "text/plain", "is empty"),
    "huge": (b"ALAB Q4 2024: big\n" + b"- x: y\n" * 400_000, "text/plain", "byte cap"),
    "binary": ((PAGES / "binary.bin").read_bytes(), "application/octet-stream", "binary"),
    "pdf": ((PAGES / "report.pdf").read_bytes(), "application/pdf", "a PDF file"),
}


@pytest.mark.parametrize("bad", list(BAD_INPUTS))
def test_a_page_gone_bad_fails_its_source_with_advice_keeps_what_was_stored_and_spares_the_others(env, context, httpserver, monkeypatch, bad):
    body, content_type, phrase = BAD_INPUTS[bad]
    served = {"alab": Q4}
    httpserver.expect_request("/alab/q4-2024").respond_with_handler(lambda r: Response(served["alab"], content_type=served.get("type", "text/plain")))
    httpserver.expect_request("/other/q3-2024").respond_with_data(Q3.replace(b"ALAB", b"OTHR"), content_type="text/plain")
    monkeypatch.setenv("EARNWATCH_MAX_PAGE_BYTES", "1000000")
    ctx = context(watchlist(
        ("ALAB", f"{{kind: summary_page, url: '{httpserver.url_for('/alab/q4-2024')}'}}"),
        ("OTHR", f"{{kind: summary_page, url: '{httpserver.url_for('/other/q3-2024')}'}}"),
    ))
    assert len(BAD_INPUTS["huge"][0]) > 1_000_000
    check_sources(ctx)
    assert count(DocumentVersion) == 2
    served.update(alab=body, type=content_type)
    check_sources(ctx)
    by_url = sources()
    broken, fine = by_url[httpserver.url_for("/alab/q4-2024")], by_url[httpserver.url_for("/other/q3-2024")]
    assert broken.status == "failing" and phrase in broken.error
    assert fine.status == "ok"
    assert count(DocumentVersion) == 2


def test_a_mis_encoded_page_is_read_with_the_charset_detected(env, context, httpserver):
    latin1 = (PAGES / "alab-q2-2024-latin1.txt").read_bytes()
    httpserver.expect_request("/alab/q2").respond_with_data(latin1, content_type="text/plain; charset=utf-8")  # it is not UTF-8
    check_sources(context(watchlist(("ALAB", f"{{kind: summary_page, url: '{httpserver.url_for('/alab/q2')}'}}"))))
    with session_scope() as session:
        document = session.exec(select(DocumentVersion)).one()
    assert "Débuts" in document.title


def test_a_feed_that_is_not_xml_and_an_api_whose_shape_changed_fail_only_their_own_sources(env, context, httpserver, monkeypatch):
    monkeypatch.setenv("EARNWATCH_SEC_WWW_URL", httpserver.url_for("/").rstrip("/"))
    monkeypatch.setenv("EARNWATCH_SEC_DATA_URL", httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request("/feed").respond_with_data("<html><body><h1>Our news</h1></body></html>", content_type="text/html")
    httpserver.expect_request("/submissions/CIK0001900123.json").respond_with_data('{"cik": "1900123", "filings": {"recent": {"accessionNumber": []}}}', content_type="application/json")
    httpserver.expect_request("/alab/q4-2024").respond_with_data(Q4, content_type="text/plain")
    ctx = context(watchlist(
        ("ALAB", f"{{kind: summary_page, url: '{httpserver.url_for('/alab/q4-2024')}'}}"),
        ("FEED", f"{{kind: rss, url: '{httpserver.url_for('/feed')}'}}"),
        ("QLN", "{kind: sec_edgar, cik: 1900123}"),
    ))
    check_sources(ctx)
    by_kind = {s.kind: s for s in sources().values()}
    assert "is not an RSS or Atom feed" in by_kind["rss"].error
    assert "has changed shape" in by_kind["sec_edgar"].error and "earnwatch needs an update" in by_kind["sec_edgar"].error
    assert by_kind["summary_page"].status == "ok" and count(DocumentVersion) == 1


def test_many_sources_are_checked_at_once_each_in_its_own_transaction(env, context, httpserver):
    for n in range(30):
        httpserver.expect_request(f"/c{n}/q4-2024").respond_with_data(Q4.replace(b"ALAB", f"C{n}".encode()), content_type="text/plain")
    ctx = context(watchlist(*((f"C{n}", f"{{kind: summary_page, url: '{httpserver.url_for(f'/c{n}/q4-2024')}'}}") for n in range(30))))
    result = check_sources(ctx)
    assert sum(len(c.new_documents) for c in result.checks) == 30
    assert all(s.status == "ok" for s in sources().values())


def test_a_folder_source_stores_its_files_and_leaves_unchanged_ones_alone(env, context, tmp_path):
    drops = tmp_path / "drops"
    drops.mkdir()
    (drops / "q4.txt").write_bytes(Q4)
    ctx = context(watchlist(("ALAB", f"{{kind: folder, url: '{drops}'}}")))
    assert len(check_sources(ctx).checks[0].new_documents) == 1
    again = check_sources(ctx).checks[0]
    assert (again.new_documents, again.unchanged, again.errors) == ([], 1, [])
