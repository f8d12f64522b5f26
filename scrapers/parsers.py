"""The document parsers a feed or a folder can point at, by the name a watchlist gives them.

``rss`` and ``folder`` sources say with ``documents:`` what their entries or files are; the
parse is then the same pure function the page kinds use.
"""

from __future__ import annotations

from typing import Literal

from earnings.document import CallDocument
from scrapers.press_release import parse_press_release
from scrapers.transcript import parse_transcript

DocumentType = Literal["summary_page", "transcript_page", "press_release"]


def parse_document(
    documents: DocumentType, raw: bytes, content_type: str, url: str, ticker: str, *, fiscal_year_end: int | None = None
) -> CallDocument:
    """Parse ``raw`` as a summary page, a transcript or a press release."""
    if documents == "transcript_page":
        return parse_transcript(raw, content_type, url, ticker)
    if documents == "press_release":
        return parse_press_release(raw, content_type, url, ticker, fiscal_year_end=fiscal_year_end or 12)
    from scrapers.summary_page import SummaryPage, SummaryPageOptions

    return SummaryPage().parse(raw, content_type, url, ticker, SummaryPageOptions())
