"""Following a listing page to the documents it links to (shared by the page-based kinds).

A source URL is either a document itself or a listing. ``follow`` fetches it once: a document
is yielded as is; from a listing the chosen links (newest first, in page order) are fetched,
each with its own validators, and then the listing itself is yielded with ``listing=True`` so
that its validators are kept.

``is_document`` tells them apart by the content, whatever kind of document it is: a page whose
text is mostly the text of its links, or whose links name two quarters or more while its title
names none, is a listing; any other page that names a quarter in its title or first lines is a
document. A page that is neither, and has no links to follow, is read
as a document when it holds enough text (the reader then finds its quarter in the body, or keeps
it unresolved with a clear error).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Annotated

from pydantic import AfterValidator, Field

from earnings.period import find_fiscal_period
from scrapers.base import Fetched, SourceOptions, Target
from scrapers.errors import ParseError, ScrapeError
from scrapers.fetch import Fetcher, Response

# What reads a page (bs4 and soupsieve, ~8 MB) is imported where a page is read: a check whose
# pages all answer 304 needs none of it.
if TYPE_CHECKING:
    from scrapers.blocks import Link
    from scrapers.decoding import Page

_LINK_SHARE = 0.5  # a page with more of its text in links than this is a listing
_FIRST_BLOCKS = 8  # the title and first lines, where a document names its quarter
_ENOUGH_WORDS = 50  # a page with no links to follow is read as a document when it has this many
_CHROME = ("script", "style", "nav", "noscript", "template", "form", "iframe", "svg", "head")


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
    from scrapers.blocks import links
    from scrapers.decoding import decode_page

    try:
        page = decode_page(response.content, response.content_type, target.url)
    except ParseError:  # empty or binary: no listing, so an unreadable document, read (and kept) as one
        yield fetched(target.url, response)
        return
    if is_document(page):
        yield fetched(target.url, response)
        return
    on_page = links(page, response.url)
    chosen = choose(on_page, options, {target.url, response.url})
    if not chosen:
        share, words = link_share(page)
        if share < _LINK_SHARE and words >= _ENOUGH_WORDS:
            yield fetched(target.url, response)  # a document that names its quarter further down, if at all
            return
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
    from scrapers.blocks import names_quarter, pattern_filter

    wanted: Callable[[Link], bool] = pattern_filter(options.link_pattern) if options.link_pattern else names_quarter
    return [link for link in found if link.url not in exclude and wanted(link)]


def _no_links_message(url: str, options: ListingOptions, total: int, what: str) -> str:
    if options.link_pattern:
        return (
            f"listing page {url} has no links matching link_pattern {options.link_pattern!r} "
            f"({total} links on the page); check link_pattern for this source"
        )
    return (
        f"{url} is neither a {what} (its title and first lines name no quarter) nor a listing with links "
        f'naming a quarter like "Q4 2024" ({total} links on the page); '
        f"if the {what} links are named differently, set link_pattern for this source"
    )


def is_document(page: Page) -> bool:
    """Whether a page is a document rather than a listing (see the module docstring)."""
    from scrapers.layout import read_layout

    if link_share(page)[0] >= _LINK_SHARE:
        return False
    layout = read_layout(page)
    title = "\n".join([layout.html_title, *(b.text for b in layout.blocks[:1])])
    if find_fiscal_period(title) is None and len(_quarters_linked(page)) >= 2:
        return False  # a listing whose entries have excerpts: "Acme Q3 2025 call summary" and a paragraph, twice
    first = "\n".join([layout.html_title, *(b.text for b in layout.blocks[:_FIRST_BLOCKS])])
    return find_fiscal_period(first) is not None


def _quarters_linked(page: Page) -> set[str]:
    """The distinct quarters the page's links name in their text."""
    from scrapers.blocks import links

    found = (find_fiscal_period(link.text) for link in links(page, "https://listing.invalid/"))
    return {str(match.period) for match in found if match is not None}


def link_share(page: Page) -> tuple[float, int]:
    """The share of a page's text (page chrome aside) that is the text of links, and its words."""
    if not page.is_html:
        return 0.0, len(page.text.split())
    from bs4 import BeautifulSoup

    from scrapers.layout import clean, unwrap_sgml

    soup = BeautifulSoup(unwrap_sgml(page.text), "lxml")
    for tag in soup.find_all(_CHROME):
        tag.decompose()
    text = clean(soup.get_text(" "))
    linked = sum(len(clean(a.get_text(" "))) for a in soup.find_all("a"))
    return (linked / len(text) if text else 0.0), len(text.split())
