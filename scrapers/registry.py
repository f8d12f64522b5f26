"""The source kinds earnwatch knows, by the name a watchlist gives them (``kind:``)."""

from __future__ import annotations

from scrapers.base import SourceKind
from scrapers.folder import Folder
from scrapers.rss import RssFeed
from scrapers.sec_edgar import SecEdgar
from scrapers.summary_page import SummaryPage
from scrapers.transcript_page import TranscriptPage

SOURCE_KINDS: dict[str, type[SourceKind]] = {
    "summary_page": SummaryPage,
    "transcript_page": TranscriptPage,
    "sec_edgar": SecEdgar,
    "rss": RssFeed,
    "folder": Folder,
}


class UnknownSourceKindError(KeyError, ValueError):
    """A ``kind`` no source kind answers to; the message lists the known kinds."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


def source_kind(name: str) -> SourceKind:
    """A new instance of the kind called ``name``; ``UnknownSourceKindError`` if there is none."""
    kind = SOURCE_KINDS.get(name.strip().lower()) if isinstance(name, str) else None
    if kind is None:
        raise UnknownSourceKindError(
            f"unknown source kind {name!r}; known kinds: {', '.join(sorted(SOURCE_KINDS))}"
        )
    return kind()
