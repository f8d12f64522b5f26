"""``rss``: an RSS or Atom feed whose entries link to earnings documents.

The feed is read with feedparser; each entry's link (newest first, as the feed orders them,
optionally filtered by ``link_pattern``) is fetched and read by ``scrapers.reader``, which tells
a summary, a transcript and a press release apart by its content (``documents`` overrides it).
The feed itself is a listing: its validators are kept for the next conditional request.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import feedparser
from pydantic import Field

from scrapers.base import Fetched, SourceKind, SourceOptions, Target
from scrapers.errors import ParseError, UnsafeURLError
from scrapers.fetch import Fetcher, check_url
from scrapers.listing import LinkPattern, fetch_each, fetched


class RssOptions(SourceOptions):
    """Watchlist keys of an ``rss`` source."""

    link_pattern: LinkPattern = Field(None, description="regex (case-insensitive) an entry's link or title must match")
    max_documents: int = Field(8, ge=1, le=100, description="newest entries to follow")


class RssFeed(SourceKind):
    """An RSS 2.0 / RSS 1.0 / Atom feed of links to documents."""

    name = "rss"
    Options = RssOptions

    def fetch(self, fetcher: Fetcher, target: Target) -> Iterator[Fetched]:
        options = target.options if isinstance(target.options, RssOptions) else RssOptions()
        response = fetcher.get(target.url, target.validators(target.url))
        if response.not_modified:
            yield Fetched(target.url, unchanged=True)
            yield from fetch_each(fetcher, target, target.recheck)
            return
        urls = entry_links(response.content, response.content_type, target.url, options)
        yield from fetch_each(fetcher, target, urls[: options.max_documents])
        yield fetched(target.url, response, listing=True)


def entry_links(raw: bytes, content_type: str, url: str, options: RssOptions) -> list[str]:
    """The http(s) links of a feed's entries, in feed order, deduplicated (pure)."""
    # A stream, never a str: feedparser would fetch a str that looks like a URL itself.
    try:
        feed = feedparser.parse(io.BytesIO(raw), response_headers={"content-type": content_type or "application/xml", "content-location": url})
    except (ValueError, LookupError, RecursionError) as exc:  # e.g. "&#xD800;": feedparser encodes the surrogate and fails
        raise ParseError(
            f"{url} could not be read as an RSS or Atom feed ({type(exc).__name__}: {exc}); check the URL points at the feed itself",
            url=url,
        ) from None
    if not feed.get("version") and not feed.get("entries"):
        problem = getattr(feed, "bozo_exception", None)
        raise ParseError(
            f"{url} is not an RSS or Atom feed ({problem or 'no feed elements found'}); "
            "check the URL points at the feed itself, not at a web page",
            url=url,
        )
    pattern = re.compile(options.link_pattern, re.I) if options.link_pattern else None
    links: list[str] = []
    for entry in feed.entries:
        link = entry.get("link") or next((ref.get("href") for ref in entry.get("links", []) if ref.get("href")), None)
        if not link or link in links:
            continue
        try:
            check_url(link)
        except UnsafeURLError:
            continue
        if pattern and not (pattern.search(link) or pattern.search(entry.get("title", ""))):
            continue
        links.append(link)
    if not links:
        what = f"matching link_pattern {options.link_pattern!r}" if options.link_pattern else "with an http(s) link"
        raise ParseError(f"feed {url} has {len(feed.entries)} entries but none {what}; check the feed or link_pattern", url=url)
    return links
