"""``transcript_page``: an HTML (or text) earnings-call transcript, or a listing linking to them.

The transcript itself (speaker lines in any common layout, or speech-to-text with none) is read
by ``scrapers.reader.read_document``. A page that names its quarter near the top and is not
mostly links ("Acme Holdings First Quarter 2025 Earnings Conference Call") is a transcript; a
listing's quarter links (or ``link_pattern`` links) are followed, newest first
(``scrapers.listing.follow``).
"""

from __future__ import annotations

from collections.abc import Iterator

from scrapers.base import Fetched, SourceKind, Target
from scrapers.fetch import Fetcher
from scrapers.listing import ListingOptions, follow, is_document


class TranscriptPageOptions(ListingOptions):
    """Watchlist keys of a ``transcript_page`` source: a listing's ``link_pattern``,
    ``max_documents`` and ``max_links``."""


class TranscriptPage(SourceKind):
    """A transcript page, or a listing of transcript pages."""

    name = "transcript_page"
    Options = TranscriptPageOptions

    def fetch(self, fetcher: Fetcher, target: Target) -> Iterator[Fetched]:
        options = target.options if isinstance(target.options, ListingOptions) else TranscriptPageOptions()
        yield from follow(fetcher, target, options, is_document, "transcript page")
