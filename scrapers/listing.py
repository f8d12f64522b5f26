"""Following a listing page to the documents it links to (shared by the page-based kinds).

A source URL is either a document itself or a listing. ``follow`` fetches it once: a document
is yielded as is; from a listing the chosen links (newest first, in page order) are fetched,
each with its own validators, and then the listing itself is yielded with ``listing=True`` so
that its validators are kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Annotated

from pydantic import AfterValidator, Field

from scrapers.base import Fetched, SourceOptions, Target
from scrapers.blocks import Link, links, names_quarter, pattern_filter
from scrapers.decoding import Page, decode_page
from scrapers.errors import ParseError, ScrapeError
from scrapers.fetch import Fetcher, Response


def _compiles(value: str | None) -> str | None:
    if value is not None:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"link_pattern {value!r} is not a valid regular expression: {exc}") from None
    return value


LinkPattern = Annotated[str | None, AfterValidator(_compiles)]


class ListingOptions(SourceOptions):
    """Keys of a kind whose URL may be a listing page."""

    link_pattern: LinkPattern = Field(
        None,
        description="regex (case-insensitive) a link's href or text must match on a listing page; "
        'default: links naming a quarter ("Q4 2024", "2024q4", "q4-2024")',
    )
    max_documents: int = Field(8, ge=1, le=100, description="newest links to follow from a listing, in page order")
    max_links: int = Field(
        200, ge=1, le=5000, description="a listing with more matching links than this is refused as not a listing of documents"
    )


def fetched(url: str, response: Response, *, listing: bool = False) -> Fetched:
    return Fetched(
        url=url,
        raw=response.content,
        content_type=response.content_type,
        etag=response.etag,
        last_modified=response.last_modified,
        listing=listing,
    )


def follow(
    fetcher: Fetcher,
    target: Target,
    options: ListingOptions,
    is_document: Callable[[Page], bool],
    what: str,
) -> Iterator[Fetched]:
    """Yield ``target.url`` if ``is_document`` says so, else its chosen links and then itself;
    when it is unchanged (304), the documents ``target.recheck`` names.

    An error fetching ``target.url`` (or a listing without matching links, or with too many)
    is raised; an error fetching one linked page is yielded as ``Fetched(url, error=...)``.
    """
    response = fetcher.get(target.url, target.validators(target.url))
    if response.not_modified:
        yield Fetched(target.url, unchanged=True)
        yield from fetch_each(fetcher, target, target.recheck)
        return
    page = decode_page(response.content, response.content_type, target.url)
    if is_document(page):
        yield fetched(target.url, response)
        return
    on_page = links(page, response.url)
    chosen = choose(on_page, options, {target.url, response.url})
    if not chosen:
        raise ParseError(_no_links_message(target.url, options, len(on_page), what), url=target.url)
    if len(chosen) > options.max_links:
        raise ParseError(
            f"listing page {target.url} has {len(chosen)} matching links, more than max_links ({options.max_links}); "
            f"it looks like a site index rather than a list of {what}s: set link_pattern to narrow it, or raise max_links",
            url=target.url,
        )
    yield from fetch_each(fetcher, target, (link.url for link in chosen[: options.max_documents]))
    yield fetched(target.url, response, listing=True)


def fetch_each(fetcher: Fetcher, target: Target, urls: Iterable[str]) -> Iterator[Fetched]:
    """Fetch each URL with its own validators; an error is yielded for that URL alone."""
    for url in urls:
        try:
            response = fetcher.get(url, target.validators(url))
        except ScrapeError as exc:
            yield Fetched(url, error=exc)
            continue
        yield Fetched(url, unchanged=True) if response.not_modified else fetched(url, response)


def choose(found: list[Link], options: ListingOptions, exclude: set[str]) -> list[Link]:
    wanted: Callable[[Link], bool] = pattern_filter(options.link_pattern) if options.link_pattern else names_quarter
    return [link for link in found if link.url not in exclude and wanted(link)]


def _no_links_message(url: str, options: ListingOptions, total: int, what: str) -> str:
    if options.link_pattern:
        return (
            f"listing page {url} has no links matching link_pattern {options.link_pattern!r} "
            f"({total} links on the page); check link_pattern for this source"
        )
    return (
        f"{url} is neither a {what} (its title names no quarter) nor a listing with links "
        f'naming a quarter like "Q4 2024" ({total} links on the page); '
        f"if the {what} links are named differently, set link_pattern for this source"
    )
