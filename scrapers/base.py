"""The contract every source kind follows, and the values it hands the pipeline.

A kind is a small class with a name, an ``Options`` model (its own watchlist keys, beyond the
common ``kind``, ``url`` and ``every``) and two methods:

- ``fetch(fetcher, target)`` discovers the source's document pages and fetches each new or
  changed one, yielding one ``Fetched`` per page. Errors for one page are yielded, not raised,
  so one bad page never hides the others; an error for the source as a whole is raised.
- ``parse(raw, content_type, url, ticker, options)`` turns stored bytes into a
  ``CallDocument``. It is pure, so history can be re-parsed without the network. Every kind
  reads through the one reader, ``scrapers.reader.read_document``: the base class does it, with
  ``ReadHints`` from ``hints`` (the watchlist's ticker, ``fiscal_year_end`` and ``documents``);
  a kind that knows more (CSS selectors, a filing's report date) extends ``hints``.

A kind that reads a listing (a page of links, a feed, a filings index) yields, after the
documents it led to, one ``Fetched(listing=True)`` for the listing itself, so that its
validators are kept for the next conditional request. ``schemes`` are the URL schemes the
kind accepts in the watchlist ("" is a plain file path).

A listing that answers 304 yields ``Fetched(unchanged=True)`` for itself and then fetches,
each with its own validators, the documents the caller says are due for a re-check
(``Target.recheck``), so a corrected document behind an unchanged listing is still found.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, ClassVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from earnings.document import CallDocument, DocumentKind
from scrapers.errors import ScrapeError
from scrapers.reading import ReadHints

if TYPE_CHECKING:
    from scrapers.fetch import Fetcher


# The names earlier watchlists gave the kinds of document (``documents: summary_page``).
_OLD_DOCUMENT_NAMES = {"summary_page": DocumentKind.SUMMARY, "transcript_page": DocumentKind.TRANSCRIPT}


def _document_kind(value: object) -> object:
    return _OLD_DOCUMENT_NAMES.get(value, value) if isinstance(value, str) else value


Documents = Annotated[DocumentKind | None, BeforeValidator(_document_kind)]


@dataclass(frozen=True)
class Endpoints:
    """Base URLs of the services a kind talks to, from the settings (tests point them at a
    local server)."""

    sec_www: str = "https://www.sec.gov"
    sec_data: str = "https://data.sec.gov"


class SourceOptions(BaseModel):
    """Watchlist keys every kind accepts; a kind's ``Options`` extends this model."""

    model_config = ConfigDict(extra="forbid")

    respect_robots: bool = Field(True, description="honour the site's robots.txt; false only with the site's permission")
    fiscal_year_end: int | None = Field(
        None, ge=1, le=12, description="month the company's fiscal year ends (default: the company's, else 12)"
    )
    documents: Documents = Field(
        None, description="what the source's documents are (summary, transcript or press_release); "
        "default: told from each document's content"
    )


class NoOptions(SourceOptions):
    """A kind with no settings of its own."""


@dataclass(frozen=True)
class Validators:
    """What we were told last time about a URL, for a conditional request."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Target:
    """One configured source, as a kind sees it."""

    url: str
    ticker: str
    options: BaseModel = field(default_factory=NoOptions)
    company_name: str = ""
    # Validators remembered for a URL (ETag, Last-Modified); empty when never fetched.
    validators: Callable[[str], Validators] = lambda url: Validators()
    # True when a URL was read before without error (an immutable filing need not be again).
    seen: Callable[[str], bool] = lambda url: False
    # Documents a listing led to before that are due to be asked for again, even when the
    # listing itself is unchanged (304).
    recheck: tuple[str, ...] = ()
    endpoints: Endpoints = field(default_factory=Endpoints)


@dataclass(frozen=True)
class Fetched:
    """One document page as fetched: new content, unchanged (304), or an error for that page."""

    url: str
    raw: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    unchanged: bool = False
    error: ScrapeError | None = None
    listing: bool = False  # a listing page: only its validators are kept, nothing is parsed


class SourceKind:
    """Base class of a source kind. Subclasses set ``name`` and implement both methods."""

    name: ClassVar[str]
    Options: ClassVar[type[BaseModel]] = NoOptions
    schemes: ClassVar[tuple[str, ...]] = ("http", "https")
    # The url a watchlist entry gets when it gives none ("{ticker}" is filled in); None: required.
    default_url: ClassVar[str | None] = None

    def fetch(self, fetcher: Fetcher, target: Target) -> Iterator[Fetched]:
        raise NotImplementedError

    def parse(
        self, raw: bytes, content_type: str, url: str, ticker: str, options: BaseModel
    ) -> CallDocument:
        """Read one stored document (pure): ``ParseError`` when it cannot be read, and
        ``PeriodNotFoundError`` when its quarter cannot be found (kept as unresolved)."""
        from scrapers.reader import read_document  # the readers, bs4 and syntok: loaded when a document is read

        return read_document(raw, self.hints(content_type, url, ticker, options))

    def hints(self, content_type: str, url: str, ticker: str, options: BaseModel) -> ReadHints:
        """What the source knows about a document of its own: the company (the watchlist's
        ticker, so a document about another company is refused), the fiscal year end and,
        when ``documents`` says, the kind."""
        documents = getattr(options, "documents", None)
        return ReadHints(
            content_type=content_type, url=url, ticker=ticker.strip().upper(),
            kind=DocumentKind(documents) if documents else None,  # a model built without validation may hold a str
            fiscal_year_end=getattr(options, "fiscal_year_end", None), company_must_match=bool(ticker.strip()),
        )
