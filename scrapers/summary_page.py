"""``summary_page``: an earnings-call summary page, or a listing page linking to several.

The summary itself, in whatever layout (the seed's "TICKER Qn YYYY: headline" with labelled
bullets and "Q:"/"A:" pairs, markdown with bold labels and numbered sections, plain bullets), is
read by ``scrapers.reader.read_document``. For sites laid out differently, CSS selectors say
where the title, the body and the text naming the quarter are; a page with no quarter near its
top (or in ``period_selector``) that is mostly links is a listing whose quarter links are
followed (``scrapers.listing.follow``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from pydantic import BaseModel, Field, field_validator

from earnings.document import CallDocument
from earnings.period import find_fiscal_period
from scrapers.base import Fetched, NoOptions, SourceKind, Target
from scrapers.errors import PeriodNotFoundError
from scrapers.fetch import Fetcher
from scrapers.listing import ListingOptions, follow, is_document
from scrapers.reading import ReadHints


class SummaryPageOptions(ListingOptions):
    """Watchlist keys of a ``summary_page`` source (beyond a listing's ``link_pattern``,
    ``max_documents`` and ``max_links``): CSS selectors for sites laid out differently."""

    title_selector: str | None = Field(None, description='CSS selector of the title, e.g. "header .headline"')
    body_selector: str | None = Field(None, description='CSS selector of the summary body, e.g. "article .summary"')
    period_selector: str | None = Field(None, description='CSS selector of the text naming the quarter, e.g. ".fiscal-period"')

    @field_validator("title_selector", "body_selector", "period_selector")
    @classmethod
    def _selector(cls, value: str | None) -> str | None:
        if value is not None:
            import soupsieve  # with bs4: loaded when a page is read, or a selector given

            try:
                soupsieve.compile(value)
            except soupsieve.SelectorSyntaxError as exc:
                raise ValueError(f"{value!r} is not a valid CSS selector: {exc}") from None
        return value

    @property
    def selectors(self) -> dict[str, str]:
        chosen = {"title": self.title_selector, "body": self.body_selector, "period": self.period_selector}
        return {name: value for name, value in chosen.items() if value}


class SummaryPage(SourceKind):
    """A summary page, or a listing whose quarter links (newest first) are summary pages."""

    name = "summary_page"
    Options = SummaryPageOptions

    def fetch(self, fetcher: Fetcher, target: Target) -> Iterator[Fetched]:
        """Yield the page itself if it is a summary, else one ``Fetched`` per matching link and
        then the listing (``listing=True``). See ``scrapers.listing.follow``."""
        options = _options(target.options)
        if options.period_selector:
            selector = options.period_selector

            def names_its_quarter(page) -> bool:
                from scrapers.layout import selected_text

                text = selected_text(page, selector)
                return bool(text) and find_fiscal_period(text, options.fiscal_year_end) is not None

            yield from follow(fetcher, target, options, names_its_quarter, "summary page")
        else:
            yield from follow(fetcher, target, options, is_document, "summary page")

    def parse(self, raw: bytes, content_type: str, url: str, ticker: str, options: BaseModel) -> CallDocument:
        try:
            return super().parse(raw, content_type, url, ticker, options)
        except PeriodNotFoundError as exc:
            if _options(options).period_selector:
                raise
            raise PeriodNotFoundError(f"{exc}; or, if the page names it where it is not read, set period_selector for this source",
                                      url=exc.url) from None

    def hints(self, content_type: str, url: str, ticker: str, options: BaseModel) -> ReadHints:
        opts = _options(options)
        return replace(super().hints(content_type, url, ticker, opts), selectors=opts.selectors)


def _options(options: BaseModel) -> SummaryPageOptions:
    if isinstance(options, SummaryPageOptions):
        return options
    if isinstance(options, NoOptions):
        return SummaryPageOptions()
    return SummaryPageOptions.model_validate(options.model_dump())
