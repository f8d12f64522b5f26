"""Hostile pages through the real fetch path and the real pipeline: the source is marked
failing with a message a person can act on (or the page is read correctly), the other source in
the watchlist is still checked and stored, and what was stored before is kept unchanged."""

from __future__ import annotations

import pytest
from sqlmodel import select
from werkzeug import Response

from tests.conftest import parse_watchlist, session_scope, summary
from worker.stages.inline import check_sources
from worker.storage.models import Company, DocumentVersion, Source, UnresolvedDocument

MAX_BYTES = 600_000  # room for the 50,000-div page (about 550 kB), far below the default


def other(period: str) -> bytes:
    return summary(period).replace(b"ALAB", b"OTHR")


@pytest.fixture
def env(earnwatch_env, monkeypatch):
    monkeypatch.setenv("EARNWATCH_MAX_PAGE_BYTES", str(MAX_BYTES))
    monkeypatch.setenv("EARNWATCH_FETCH_ATTEMPTS", "1")
    return earnwatch_env


class Site:
    """Two sources on one local server: ALAB's page (made hostile by a test) and OTHR's."""

    def __init__(self, httpserver, context) -> None:
        self.pages: dict[str, Response] = {}
        httpserver.expect_request("/alab").respond_with_handler(lambda _r: self.pages["alab"])
        httpserver.expect_request("/othr").respond_with_handler(lambda _r: self.pages["othr"])
        self.ctx = context(parse_watchlist(
            f"""companies:
  - ticker: ALAB
    sources: [{{kind: summary_page, url: "{httpserver.url_for('/alab')}", every: 1m}}]
  - ticker: OTHR
    sources: [{{kind: summary_page, url: "{httpserver.url_for('/othr')}", every: 1m}}]
routes:
  - name: log
    urls: ["console://"]
"""
        ))

    def serve(self, name: str, body, content_type: str = "text/plain; charset=utf-8", **headers) -> None:
        self.pages[name] = Response(body, content_type=content_type, headers=headers)


def stored() -> dict[int, tuple]:
    with session_scope() as session:
        return {d.id or 0: (d.company_id, d.period, d.content_hash, d.raw, d.parsed, d.title) for d in session.exec(select(DocumentVersion))}


def source_of(ticker: str) -> Source:
    with session_scope() as session:
        return session.exec(select(Source).join(Company, Company.id == Source.company_id).where(Company.ticker == ticker)).one()


@pytest.fixture
def site(env, context, httpserver) -> Site:
    """ALAB Q3 and OTHR Q3 stored by a first, clean check."""
    site = Site(httpserver, context)
    site.serve("alab", summary("q3-2024"))
    site.serve("othr", other("q3-2024"))
    first = check_sources(site.ctx)
    assert [len(c.new_documents) for c in first.checks] == [1, 1] and not any(c.errors for c in first.checks)
    return site


def check_hostile(site: Site) -> tuple[Source, dict[int, tuple]]:
    before = stored()
    site.serve("othr", other("q4-2024"))
    check_sources(site.ctx)
    after = stored()
    assert {k: after[k] for k in before} == before  # nothing stored before is changed or gone
    othr = source_of("OTHR")
    assert othr.status == "ok" and othr.error is None
    assert any(v[1] == "2024Q4" and v[5].startswith("OTHR") for k, v in after.items() if k not in before)  # OTHR's new quarter
    alab = source_of("ALAB")
    assert "unexpected error" not in (alab.error or ""), alab.error
    return alab, after


def test_a_page_over_the_size_cap_fails_its_source_and_nothing_else(site: Site) -> None:
    site.serve("alab", b"ALAB Q4 2024: Huge\n" + b"- Revenue: grew.\n" * 40_000)
    alab, after = check_hostile(site)
    assert len(after) == 3  # ALAB stored nothing new
    assert alab.status == "failing"
    assert f"larger than the {MAX_BYTES:,}-byte cap" in alab.error and "/alab" in alab.error


def test_a_streamed_page_over_the_size_cap_without_a_length_fails_its_source(site: Site) -> None:
    site.serve("alab", (b"- Revenue: grew.\n" * 1000 for _ in range(50)))  # chunked: no Content-Length
    alab, _ = check_hostile(site)
    assert alab.status == "failing" and "byte cap" in alab.error


@pytest.mark.parametrize(("body", "content_type", "phrase"), [
    (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "text/html", "is a PNG image"),
    (bytes((i * 7919) % 256 for i in range(5000)), "text/html", "binary"),
    (b"%PDF-1.7\n" + bytes(range(256)) * 10, "application/pdf", "a PDF file"),
], ids=["png served as html", "random bytes", "pdf"])
def test_a_binary_page_fails_its_source_with_what_it_is(site: Site, body: bytes, content_type: str, phrase: str) -> None:
    site.serve("alab", body, content_type)
    alab, _ = check_hostile(site)
    assert alab.status == "failing" and phrase in alab.error and "not a text or HTML document" in alab.error
    with session_scope() as session:  # kept, with its one-line error, for a better reader to try again
        (kept,) = session.exec(select(UnresolvedDocument).where(UnresolvedDocument.source_id == alab.id)).all()
    assert kept.raw == body and phrase in kept.error and "\n" not in kept.error


def test_a_summary_nested_fifty_thousand_divs_deep_is_read(site: Site) -> None:
    depth = 50_000
    page = ("<html><head><title>ALAB Q4 2024: Deep</title></head><body><h1>ALAB Q4 2024: Deep</h1>" + "<div>" * depth
            + "<ul><li><strong>Inventory buildup risk:</strong> Inventories increased 80% sequentially.</li>"
            + "<li><strong>Gross margin:</strong> Management expects gross margins of 70% to 74%.</li></ul>"
            + "</div>" * depth + "</body></html>").encode()
    site.serve("alab", page, "text/html; charset=utf-8")
    alab, after = check_hostile(site)
    assert alab.status == "ok", alab.error
    new = next(v for v in after.values() if v[1] == "2024Q4" and "Deep" in v[5])
    assert [s["topic"] for s in new[4]["statements"]] == ["Inventory buildup risk", "Gross margin"]


def test_a_page_nested_deeply_with_no_summary_fails_with_what_to_do(site: Site) -> None:
    site.serve("alab", ("<html><body>" + "<div>" * 50_000 + "text" + "</div>" * 50_000 + "</body></html>").encode(), "text/html")
    alab, _ = check_hostile(site)
    assert alab.status == "failing" and "set link_pattern" in alab.error


def test_scripts_and_styles_around_a_real_summary_do_not_become_statements(site: Site) -> None:
    noise = "".join(
        f"<script>var q{i} = 'Q: what?'; document.write('<li>Risk {i}: script text is not content</li>');</script>"
        f"<style>.c{i}::before {{ content: 'A: style text is not content'; }}</style>"
        for i in range(300)
    )
    page = (f"<html><head><title>ALAB Q4 2024: Scripts</title>{noise}</head><body>{noise}<h1>ALAB Q4 2024: Scripts</h1>{noise}"
            "<ul><li><strong>Inventory buildup risk:</strong> Inventories increased 80% sequentially.</li>"
            f"{noise}<li><strong>Gross margin:</strong> Management expects gross margins of 70% to 74%.</li></ul>"
            f"<h3>Margins</h3><p>Q: Where do margins go?</p><p>A: We expect them to stabilize around 70%.</p>{noise}</body></html>").encode()
    assert len(page) < MAX_BYTES
    site.serve("alab", page, "text/html; charset=utf-8")
    alab, after = check_hostile(site)
    assert alab.status == "ok", alab.error
    new = next(v for v in after.values() if "Scripts" in v[5])
    texts = " ".join(s["text"] + s["topic"] + s["question"] for s in new[4]["statements"])
    assert "script text" not in texts and "style text" not in texts and "document.write" not in texts
    assert [s["section"] for s in new[4]["statements"]] == ["risks", "highlights", "qa"]


def test_a_windows_1252_page_labelled_utf_8_is_read_with_its_real_characters(site: Site) -> None:
    text = "ALAB Q4 2024: Caf\u00e9 \u201cquotes\u201d\n- Gross margin: Management expects margins of 70\u201374% \u2014 stable.\n"
    site.serve("alab", text.encode("cp1252"), "text/plain; charset=utf-8")
    alab, after = check_hostile(site)
    assert alab.status == "ok", alab.error
    new = next(v for v in after.values() if "Caf" in v[5])
    assert new[5] == "ALAB Q4 2024: Caf\u00e9 \u201cquotes\u201d"
    assert new[4]["statements"][0]["text"] == "Gross margin: Management expects margins of 70\u201374% \u2014 stable."


@pytest.mark.parametrize("padding", [b"", b" "], ids=["odd length", "even length"])
def test_a_utf_8_page_labelled_utf_16_is_read_as_utf_8(site: Site, padding: bytes) -> None:
    # an even-length body decodes "successfully" as UTF-16 into CJK noise; a UTF-16 label on
    # bytes with no NUL in them is wrong, and is not used
    site.serve("alab", summary("q4-2024") + padding, "text/plain; charset=utf-16")
    alab, after = check_hostile(site)
    assert alab.status == "ok", alab.error
    assert any(v[5].startswith("ALAB Q4 2024: Inventories Surge") for v in after.values())


def test_a_utf_16_page_without_a_byte_order_mark_labelled_utf_8_fails_with_what_to_check(site: Site) -> None:
    site.serve("alab", summary("q4-2024").decode().encode("utf-16-le"), "text/plain; charset=utf-8")
    alab, after = check_hostile(site)
    assert len(after) == 3 and alab.status == "failing"
    assert "looks like binary data" in alab.error and "charset" in alab.error and "/alab" in alab.error
