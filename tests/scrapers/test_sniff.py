"""Telling a document's kind: the marks are found whatever the case of their words, also in a
text whose letters a case-blind search reads differently from their lower case."""

from __future__ import annotations

from earnings.document import DocumentKind
from scrapers.layout import Layout, text_blocks
from scrapers.sniff import sniff_kind


def sniffed(text: str) -> tuple[DocumentKind, str]:
    found = sniff_kind(Layout(blocks=tuple(text_blocks(text.splitlines()))))
    return found.kind, found.evidence


def test_marks_are_found_whatever_the_case_of_their_words() -> None:
    kind, evidence = sniffed("OPERATOR: WELCOME TO THE ACME FOURTH QUARTER EARNINGS CALL.\nOUR FIRST QUESTION COMES FROM JANE ROE.")
    assert kind is DocumentKind.TRANSCRIPT
    assert evidence == "operator, question queue, welcome"


def test_a_mark_written_with_a_long_s_or_a_dotless_i_is_still_found() -> None:
    # a case-blind search reads "ſ" as "s" and "ı" as "i", while their lower case is neither
    kind, evidence = sniffed("Operator: all participants are in liſten-only mode.\nOur fırst questıon comes from Jane Roe.\nPlease go ahead.")
    assert kind is DocumentKind.TRANSCRIPT
    assert evidence == "operator, listen-only, question queue"
