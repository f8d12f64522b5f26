"""``transcript_page``: an HTML (or text) earnings-call transcript, or a listing linking to them.

The transcript itself (speakers, prepared remarks, Q&A) is read by
``scrapers.transcript.parse_transcript``. A page whose title names a quarter ("Novatera
Systems (NVTR) Q3 2025 Earnings Call Transcript") is a transcript; any other page is a listing
whose quarter links (or ``link_pattern`` links) are followed, newest first.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from earnings.document import CallDocument
from earnings.period import FiscalPeriod
from scrapers.base import Fetched, SourceKind, Target
from scrapers.blocks import page_title
from scrapers.fetch import Fetcher
from scrapers.listing import ListingOptions, follow
from scrapers.transcript import parse_transcript


class TranscriptPageOptions(ListingOptions):
    """Watchlist keys of a ``transcript_page`` source: a listing's ``link_pattern``,
    ``max_documents`` and ``max_links``."""


class TranscriptPage(SourceKind):
    """A transcript page, or a listing of transcript pages."""

    name = "transcript_page"
    Options = TranscriptPageOptions

    def fetch(self, fetcher: Fetcher, target: Target) -> Iterator[Fetched]:
        options = target.options if isinstance(target.options, ListingOptions) else TranscriptPageOptions()
        yield from follow(fetcher, target, options, lambda page: FiscalPeriod.find(page_title(page)) is not None, "transcript page")

    def parse(self, raw: bytes, content_type: str, url: str, ticker: str, options: BaseModel) -> CallDocument:
        return parse_transcript(raw, content_type, url, ticker)
