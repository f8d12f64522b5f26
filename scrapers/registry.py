"""The source kinds earnwatch knows, by the name a watchlist gives them (``kind:``)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from importlib import import_module

from scrapers.base import SourceKind

# Where each kind's class is: a kind's module is imported when the kind is first asked for, so a
# watchlist of summary pages loads neither feedparser (rss) nor the SEC's code (and bs4).
_WHERE = {
    "summary_page": ("scrapers.summary_page", "SummaryPage"),
    "transcript_page": ("scrapers.transcript_page", "TranscriptPage"),
    "sec_edgar": ("scrapers.sec_edgar", "SecEdgar"),
    "rss": ("scrapers.rss", "RssFeed"),
    "folder": ("scrapers.folder", "Folder"),
}


class _Kinds(Mapping[str, type[SourceKind]]):
    def __getitem__(self, name: str) -> type[SourceKind]:
        module, cls = _WHERE[name]
        kind: type[SourceKind] = getattr(import_module(module), cls)
        return kind

    def __iter__(self) -> Iterator[str]:
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


SOURCE_KINDS: Mapping[str, type[SourceKind]] = _Kinds()


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
