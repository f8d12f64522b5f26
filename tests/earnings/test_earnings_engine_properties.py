"""Properties of the engine on whole documents of every kind: itself, any order, any text."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from earnings.compare import compare
from earnings.document import FORWARD_LOOKING, OUTLOOK, PREPARED_REMARKS, QA, CallDocument, Statement
from earnings.errors import DocumentError
from earnings.period import FiscalPeriod
from worker.documents import load_document

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
NAMES = ["hlvr-2025q3-transcript.txt", "crvn-2025q2-transcript.txt", "qln-2025q3-release.html",
         "mrfn-2025q2-release.html", "brwf-2025q2-summary.txt", "tsln-2025q3-summary.txt"]
DOCUMENTS = {name: load_document(str(DOCS / name)) for name in NAMES}
SECTIONS = [QA, PREPARED_REMARKS, OUTLOOK, FORWARD_LOOKING, "highlights", "results"]


@pytest.mark.parametrize("name", NAMES)
def test_every_corpus_document_compared_with_itself_has_no_changes(name: str) -> None:
    document = DOCUMENTS[name]
    report = compare(document, document)
    assert report.changes == ()
    assert (report.similarity["cosine"], report.similarity["jaccard"]) == (1.0, 1.0)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NAMES), st.randoms(use_true_random=False))
def test_any_order_of_a_documents_statements_is_no_change(name: str, rnd) -> None:
    document = DOCUMENTS[name]
    statements = list(document.statements)
    rnd.shuffle(statements)
    assert compare(dataclasses.replace(document, statements=tuple(statements)), document).changes == ()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NAMES), st.randoms(use_true_random=False))
def test_the_order_of_the_new_documents_passages_does_not_change_what_is_found(name: str, rnd) -> None:
    older = {"hlvr-2025q3-transcript.txt": "hlvr-2025q2-transcript.txt", "crvn-2025q2-transcript.txt": "crvn-2025q1-transcript.txt",
             "qln-2025q3-release.html": "qln-2025q2-release.html", "mrfn-2025q2-release.html": "mrfn-2025q1-release.html",
             "brwf-2025q2-summary.txt": "brwf-2025q1-summary.txt", "tsln-2025q3-summary.txt": "tsln-2025q2-summary.txt"}
    new, base = DOCUMENTS[name], load_document(str(DOCS / older[name]))
    passages = _passages(new.statements)
    rnd.shuffle(passages)
    shuffled = dataclasses.replace(new, statements=tuple(s for passage in passages for s in passage))
    # answers, bullets and paragraphs in another order; within one, sentences lean on the one before
    # ("part of that", "we now expect them to"), so a passage keeps its order. Passages of new risk
    # are joined by their order, so the kinds and figures are what must not move.
    found = {(c.kind, c.figures_after) for c in compare(shuffled, base).changes}
    assert found == {(c.kind, c.figures_after) for c in compare(new, base).changes}


def _passages(statements: tuple[Statement, ...]) -> list[list[Statement]]:
    """Runs of statements in one section, under one topic, by one speaker."""
    out: list[list[Statement]] = []
    for s in statements:
        if out and (out[-1][-1].section, out[-1][-1].topic, out[-1][-1].speaker) == (s.section, s.topic, s.speaker):
            out[-1].append(s)
        else:
            out.append([s])
    return out


_words = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "Zs", "S"]), max_size=200)


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(_words, st.sampled_from(SECTIONS), st.sampled_from(["", "Outlook", "Risk", "Jane Doe, CFO"])),
                min_size=0, max_size=12),
       st.lists(st.tuples(_words, st.sampled_from(SECTIONS), st.sampled_from(["", "Outlook", "Risk"])), max_size=12))
def test_any_statements_give_a_report_or_a_document_error(new: list, old: list) -> None:
    def document(items: list, period: FiscalPeriod) -> CallDocument:
        return CallDocument(ticker="ACME", period=period, title="ACME",
                            statements=tuple(Statement(text=t, section=s, topic=topic) for t, s, topic in items))

    try:
        report = compare(document(new, FiscalPeriod(2025, 3)), document(old, FiscalPeriod(2025, 2)))
    except DocumentError:
        assert not any(t.strip() for t, _, _ in new) or not any(t.strip() for t, _, _ in old)
        return
    assert all(0 <= c.severity <= 100 and c.reason for c in report.changes)
    assert report == compare(document(new, FiscalPeriod(2025, 3)), document(old, FiscalPeriod(2025, 2)))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["Revenue", "Gross margin", "Operating expenses", "EPS"]),
       st.integers(40, 80), st.integers(1, 8), st.integers(-30, 30))
def test_a_guided_range_moves_the_way_its_midpoint_moves(metric: str, low: int, width: int, shift: int) -> None:
    unit = "%" if metric == "Gross margin" else " million"
    prefix = "" if unit == "%" else "$"

    def say(a: int, b: int) -> Statement:
        return Statement(text=f"We expect full-year 2025 {metric.lower()} of {prefix}{a}{unit} to {prefix}{b}{unit}.",
                         section=OUTLOOK, topic="Outlook")

    filler = Statement(text="Customers kept ordering across all regions.", section="results")
    base = CallDocument("ACME", FiscalPeriod(2025, 2), "t", (filler, say(low, low + width)))
    new = CallDocument("ACME", FiscalPeriod(2025, 3), "t", (filler, say(low + shift, low + shift + width)))
    kinds = [c.kind for c in compare(new, base).changes]
    if shift == 0:
        assert kinds == []
    elif abs(shift) >= 5:
        assert kinds == (["guidance_raised"] if shift > 0 else ["guidance_lowered"])
