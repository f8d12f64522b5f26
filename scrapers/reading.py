"""The contract of a document reader, and what a caller may tell the reader.

A reader reads one kind of document (``earnings.document.DocumentKind``): it is a small class
with a ``kind`` and one method, ``read(layout, hints) -> Body``, pure and deterministic. The
registry of readers and the one entry point, ``read_document``, are in ``scrapers.reader``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from earnings.document import DocumentKind, Statement
from earnings.period import FiscalPeriod

if TYPE_CHECKING:
    from scrapers.layout import Layout


@dataclass(frozen=True)
class ReadHints:
    """What the caller knows about a document; every field is optional.

    ``ticker`` and ``company_name`` come from the watchlist (a source belongs to a company);
    ``kind`` and ``period`` override what the reader would find; ``fiscal_year_end`` (a month)
    numbers a quarter read from a date; ``report_date`` (ISO) is the filing's or call's date,
    the last resort for the quarter; ``require_period`` makes a document whose quarter cannot be
    found an error (stored documents need one; ``earnwatch diff`` does not). An empty
    ``content_type`` means unknown: HTML is then recognised by its opening tags.
    ``company_must_match`` refuses a document whose title or first lines clearly name another
    company's ticker (a source's listing that links to other companies' documents);
    ``selectors`` are a summary page's CSS selectors: ``title``, ``body`` and ``period`` (the
    text naming the quarter; when set, the only place the quarter is looked for).
    """

    content_type: str = ""
    url: str = ""
    ticker: str = ""
    company_name: str = ""
    kind: DocumentKind | None = None
    period: FiscalPeriod | None = None
    fiscal_year_end: int | None = None
    report_date: str | None = None
    require_period: bool = True
    selectors: dict[str, str] = field(default_factory=dict)  # summary pages: title, body, period
    company_must_match: bool = False


@dataclass(frozen=True)
class Body:
    """What a reader found: the title, the statements, and the text near the top (``head``)
    where the company and the quarter are looked for first."""

    title: str
    statements: tuple[Statement, ...]
    head: str = ""
    headline: str = ""
    published: str | None = None
    period_text: str = ""  # text a reader knows names the quarter (a "Period:" line, a selector)


class Reader:
    """Base class of a document reader. Subclasses set ``kind`` and implement ``read``."""

    kind: ClassVar[DocumentKind]

    def read(self, layout: Layout, hints: ReadHints) -> Body:
        raise NotImplementedError
