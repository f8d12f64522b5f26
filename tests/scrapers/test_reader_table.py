"""The parser table: every layout the reader knows, as data (``reader_cases.yaml``, with the
fixture files in ``reader_cases/``, the real SEC releases in ``tests/corpus/sec/`` and the seed
summaries of the demo site), read through ``scrapers.reader.read_document``.

Each case names a file and, optionally, the hints a source would give (``hints``) and the
content type (else told by the file's extension). It expects the kind, the company, the quarter
and where each was found, the count of statements in each section (all of them: a section not
listed must be empty), statements that must be there (``has``: a piece of their text, and any of
section, topic, speaker, question, context, cells, columns) and words no statement may hold
(``has_not``: the operator's and the analysts' lines, page chrome). A case with ``error`` expects
that error class and a piece of its one-line message instead.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from earnings.document import CallDocument, DocumentKind, Statement
from earnings.period import FiscalPeriod
from scrapers import errors
from scrapers.reader import read_document
from scrapers.reading import ReadHints

HERE = Path(__file__).resolve().parent
CASES: list[dict[str, Any]] = yaml.safe_load((HERE / "reader_cases.yaml").read_text(encoding="utf-8"))["cases"]
CONTENT_TYPES = {".html": "text/html", ".htm": "text/html", ".md": "text/markdown"}
FOUND = {"kind_found": "kind", "company_found": "company", "period_found": "period"}


def read(case: dict[str, Any]) -> CallDocument:
    path = HERE / case["file"]
    given = dict(case.get("hints", {}))
    if "kind" in given:
        given["kind"] = DocumentKind(given["kind"])
    if "period" in given:
        given["period"] = FiscalPeriod.parse(given["period"])
    content_type = case.get("content_type") or CONTENT_TYPES.get(path.suffix, "text/plain")
    return read_document(path.read_bytes(), ReadHints(content_type=content_type, url=path.as_uri(), **given))


def matches(statement: Statement, wanted: dict[str, Any]) -> bool:
    if wanted["text"] not in statement.text:
        return False
    for name in ("section", "topic", "speaker"):
        if name in wanted and str(getattr(statement, name)) != wanted[name]:
            return False
    if "question" in wanted and wanted["question"] not in statement.question:
        return False
    return all(tuple(wanted[name]) == getattr(statement, name) for name in ("context", "cells", "columns") if name in wanted)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_the_reader_reads_each_layout_as_the_table_says(case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(getattr(errors, case["error"])) as caught:
            read(case)
        message = str(caught.value)
        assert case["message"] in message and "\n" not in message, message
        return
    doc = read(case)
    expected = {name: case[name] for name in ("kind", "ticker", "company", "period", "title") if name in case}
    found = {"kind": str(doc.kind), "ticker": doc.ticker, "company": doc.company_name, "period": str(doc.period),
             "title": doc.title}
    assert {name: found[name] for name in expected} == expected, doc.found
    for name, key in FOUND.items():
        if name in case:
            assert doc.found[key].startswith(case[name]), f"{key}: {doc.found[key]!r}"
    assert dict(Counter(str(s.section) for s in doc.statements)) == case["sections"]
    for wanted in case.get("has", []):
        near = [s for s in doc.statements if wanted["text"] in s.text]
        assert any(matches(s, wanted) for s in near), f"no statement like {wanted}; with that text: {near}"
    for words in case.get("has_not", []):
        assert not [s.text for s in doc.statements if words in s.text], words


def test_every_fixture_file_is_a_case() -> None:
    used = {(HERE / case["file"]).resolve() for case in CASES}
    files = {p.resolve() for p in (HERE / "reader_cases").iterdir()} | {p.resolve() for p in (HERE.parent / "corpus" / "sec").glob("*.txt")}
    assert files <= used, sorted(p.name for p in files - used)
