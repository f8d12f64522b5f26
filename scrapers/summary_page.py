"""``summary_page``: an earnings-call summary page, or a listing page linking to several.

A summary page (plain text or HTML) looks like::

    ALAB Q4 2024: Inventories Surge 80% Ahead of AI Accelerator Ramp
    - Label: highlight text              (bullets; "-" alone is a separator)
    Topic heading
    Q: the analyst's question?
    A: management's answer. -            (the trailing " -" is a separator)
    Closing boilerplate line.            (dropped)

In HTML the title is the ``<h1>`` (or ``<title>``), bullets are ``<li>`` (often
``<strong>Label:</strong> text``) and each ``<h2>``/``<h3>`` topic is followed by "Q: …" and
"A: …" paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import soupsieve
from pydantic import BaseModel, Field, field_validator

from earnings.document import HIGHLIGHTS, QA, CallDocument, Statement
from earnings.period import FiscalPeriod
from scrapers.base import Fetched, NoOptions, SourceKind, Target
from scrapers.blocks import Block, page_title, selected_outline, selected_text
from scrapers.decoding import Page, decode_page
from scrapers.errors import ParseError, PeriodNotFoundError
from scrapers.fetch import Fetcher
from scrapers.listing import ListingOptions, follow

_LABEL = re.compile(r"^(?P<label>[^:.!?]{1,100}?)\s*:\s+(?P<text>\S.*)$")
_QUESTION = re.compile(r"^(?:Q|Question)\s*:\s*(?P<text>.*)$", re.I)
_ANSWER = re.compile(r"^(?:A|Answer)\s*:\s*(?P<text>.*)$", re.I)
_TRAILING_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]$")
_TITLE_SPLIT = re.compile(r":\s+")
_TICKERISH = re.compile(r"^[A-Z][A-Z0-9.\-]{0,9}$")
_MAX_LABEL_WORDS = 10


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
            try:
                soupsieve.compile(value)
            except soupsieve.SelectorSyntaxError as exc:
                raise ValueError(f"{value!r} is not a valid CSS selector: {exc}") from None
        return value

    @property
    def selectors(self) -> bool:
        return bool(self.title_selector or self.body_selector or self.period_selector)


class SummaryPage(SourceKind):
    """A summary page, or a listing whose quarter links (newest first) are summary pages."""

    name = "summary_page"
    Options = SummaryPageOptions

    def fetch(self, fetcher: Fetcher, target: Target) -> Iterator[Fetched]:
        """Yield the page itself if it is a summary, else one ``Fetched`` per matching link and
        then the listing (``listing=True``). See ``scrapers.listing.follow``."""
        options = _options(target.options)
        yield from follow(fetcher, target, options, lambda page: _period(page, options) is not None, "summary page")

    def parse(self, raw: bytes, content_type: str, url: str, ticker: str, options: BaseModel) -> CallDocument:
        """Read one summary page into a ``CallDocument`` (pure; ``ParseError`` for anything else).

        The title must name ``ticker`` (case-insensitive); with an empty ``ticker`` the company
        is the title's leading ticker. With CSS selectors set, a title naming no ticker at all
        is taken to be about ``ticker``.
        """
        opts = _options(options)
        page = decode_page(raw, content_type, url)
        shape = selected_outline(page, opts.title_selector, opts.body_selector)
        title = shape.title
        period = _period(page, opts, title)
        if period is None:
            shown = f" ({title[:120]!r})" if title else ""
            where = f"in the text picked by period_selector {opts.period_selector!r}" if opts.period_selector else "in its title"
            raise PeriodNotFoundError(
                f'summary page {url} has no quarter ("Q<n> <year>") {where}{shown}; '
                "check the URL points at a summary page, or set period_selector for this source",
                url=url,
            )
        prefix, headline = (*_TITLE_SPLIT.split(title, maxsplit=1), "")[:2]
        found_ticker = _check_ticker(prefix, title, ticker, url, lenient=opts.selectors)
        statements = _statements(shape.blocks, topics_from_text=not page.is_html)
        if not statements:
            raise ParseError(
                f"summary page {url} ({title[:120]!r}) has no highlights and no Q&A; "
                'expected "- Label: text" bullets and "Q:"/"A:" lines'
                + ("; check body_selector for this source" if opts.body_selector else ""),
                url=url,
            )
        return CallDocument(
            ticker=found_ticker,
            period=period,
            title=title,
            statements=tuple(statements),
            kind="summary",
            url=url,
            published=shape.published,
            headline=headline.strip(),
        )


def _options(options: BaseModel) -> SummaryPageOptions:
    if isinstance(options, SummaryPageOptions):
        return options
    if isinstance(options, NoOptions):
        return SummaryPageOptions()
    return SummaryPageOptions.model_validate(options.model_dump())


def _period(page: Page, options: SummaryPageOptions, title: str | None = None) -> FiscalPeriod | None:
    if options.period_selector:
        return FiscalPeriod.find(selected_text(page, options.period_selector))
    if title is None:
        title = selected_outline(page, options.title_selector, None).title if options.title_selector else page_title(page)
    return FiscalPeriod.find(title)


def _check_ticker(prefix: str, title: str, ticker: str, url: str, *, lenient: bool = False) -> str:
    """The company the title names: ``ticker`` if given (else the title's leading ticker)."""
    wanted = ticker.strip().upper()
    tokens = [tok.strip("()[],") for tok in prefix.split()]
    symbols = {tok.rsplit(":", 1)[-1].upper() for tok in tokens}  # "NASDAQ:ALAB" names ALAB
    if wanted and wanted in symbols:
        return wanted
    first = tokens[0].rsplit(":", 1)[-1] if tokens else ""
    named = first if _TICKERISH.match(first) and FiscalPeriod.find(first) is None else ""
    if named and not wanted:
        return named
    if named:
        raise ParseError(f"page {url} is about {named}, not {wanted} (title {title[:120]!r})", url=url)
    if lenient and wanted:
        return wanted
    if not wanted:
        raise ParseError(
            f"page {url} does not start its title with a ticker ({title[:120]!r}); "
            'expected a title like "ALAB Q4 2024: headline"',
            url=url,
        )
    raise ParseError(
        f"page {url} does not name {wanted} in its title ({title[:120]!r}); "
        f'expected a title like "{wanted} Q4 2024: headline"',
        url=url,
    )


def _statements(blocks: tuple[Block, ...], *, topics_from_text: bool) -> list[Statement]:
    """Bullets become highlights; each "A:" becomes a Q&A statement under the current topic.

    In plain text any other line is a candidate topic heading (so a trailing boilerplate line,
    followed by no Q&A, is dropped); in HTML only headings are topics.
    """
    statements: list[Statement] = []
    topic = question = ""
    for block in blocks:
        if block.kind == "bullet":
            label, text = _split_label(block.text)
            if text:
                statements.append(Statement(text=text, section=HIGHLIGHTS, topic=label))
        elif block.kind == "heading":
            topic, question = block.text, ""
        elif match := _QUESTION.match(block.text):
            question = match["text"].strip()
        elif match := _ANSWER.match(block.text):
            answer = _TRAILING_SEPARATOR.sub("", match["text"].strip())
            if answer.strip("-\u2013\u2014 "):
                statements.append(Statement(text=answer, section=QA, topic=topic, question=question))
            question = ""
        elif topics_from_text:
            topic, question = block.text, ""
    return statements


def _split_label(text: str) -> tuple[str, str]:
    match = _LABEL.match(text)
    if match and len(match["label"].split()) <= _MAX_LABEL_WORDS:
        return match["label"].strip(), match["text"].strip()
    return "", text.strip()
