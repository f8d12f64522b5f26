"""Sentences as an earnings document writes them: syntok, with its habits mended."""

from __future__ import annotations

import pytest

from scrapers.sentences import split_sentences


@pytest.mark.parametrize(("text", "sentences"), [
    ("We expect EPS of $4.30 to $4.40. With that, we will take questions.",
     ["We expect EPS of $4.30 to $4.40.", "With that, we will take questions."]),
    ("Please see our Form 10-K. We will now begin.", ["Please see our Form 10-K.", "We will now begin."]),
    ("Thanks, Sofia. 2024 was a record year for Acme.", ["Thanks, Sofia.", "2024 was a record year for Acme."]),
    ("We expect revenue of $5 billion in 2025. 2026 will be better.",
     ["We expect revenue of $5 billion in 2025.", "2026 will be better."]),
    ("Revenue was up 5% vs. 2023 levels at Acme Inc. and its peers.", ["Revenue was up 5% vs. 2023 levels at Acme Inc. and its peers."]),
    ("BOZEMAN, Mont. - November 4, 2025 - Acme today reported results.",
     ["BOZEMAN, Mont. - November 4, 2025 - Acme today reported results."]),
    ("We don't see any change.", ["We don't see any change."]),  # written as said, never "do not"
    ("Revenue grew to $113.1 million, up 47%.", ["Revenue grew to $113.1 million, up 47%."]),
])
def test_sentences_end_where_an_earnings_document_ends_them(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences
