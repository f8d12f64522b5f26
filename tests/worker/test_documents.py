"""``load_document``: one document from a file or a URL, read as ``earnwatch diff`` reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.errors import ParseError, ResponseTooLargeError
from worker.documents import load_document

CASES = Path(__file__).resolve().parents[1] / "scrapers" / "reader_cases"


def test_a_file_is_read_as_the_kind_its_content_says_with_its_company_and_quarter() -> None:
    doc = load_document(str(CASES / "acme-2026q1-full-submission.txt"))
    assert (doc.kind, doc.ticker, str(doc.period)) == ("press_release", "ACMC", "2026Q1")
    assert doc.url == (CASES / "acme-2026q1-full-submission.txt").resolve().as_uri()


def test_a_file_that_names_no_quarter_is_still_read(tmp_path) -> None:
    undated = tmp_path / "undated.html"
    undated.write_bytes((CASES / "vantor-undated-release.html").read_bytes())
    doc = load_document(str(undated))
    assert (doc.period, doc.found["period"], doc.ticker) == (None, "not found", "VNTR")


def test_a_local_file_past_the_fetch_cap_is_refused(earnwatch_env, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("EARNWATCH_MAX_PAGE_BYTES", "1000")
    big = tmp_path / "big.txt"
    big.write_bytes(b"Acme Q1 2025 call summary\n" + b"- Revenue rose 5% to $10 million.\n" * 100)
    with pytest.raises(ResponseTooLargeError, match=r"big.txt is larger than the 1,000-byte cap \(EARNWATCH_MAX_PAGE_BYTES\)"):
        load_document(str(big))


def test_a_missing_file_says_what_to_give() -> None:
    with pytest.raises(ParseError, match="cannot read /nowhere/x.txt: No such file or directory; give a file path or an http"):
        load_document("/nowhere/x.txt")
