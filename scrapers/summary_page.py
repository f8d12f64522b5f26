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
from collections.abc import Callable, Iterator

from pydantic import BaseModel, ConfigDict, Field, field_validator

from earnings.document import HIGHLIGHTS, QA, CallDocument, Statement
from earnings.period import FiscalPeriod
from scrapers.base import Fetched, NoOptions, SourceKind, Target
from scrapers.blocks import Block, Link, links, names_quarter, outline, page_title, pattern_filter
from scrapers.decoding import decode_page
from scrapers.errors import ParseError, PeriodNotFoundError, ScrapeError
from scrapers.fetch import Fetcher, Response

_LABEL = re.compile(r"^(?P<label>[^:.!?]{1,100}?)\s*:\s+(?P<text>\S.*)$")
_QUESTION = re.compile(r"^(?:Q|Question)\s*:\s*(?P<text>.*)$", re.I)
_ANSWER = re.compile(r"^(?:A|Answer)\s*:\s*(?P<text>.*)$", re.I)
_TRAILING_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]$")
_TITLE_SPLIT = re.compile(r":\s+")
_TICKERISH = re.compile(r"^[A-Z][A-Z0-9.\-]{0,9}$")
_MAX_LABEL_WORDS = 10


class SummaryPageOptions(BaseModel):
    """Watchlist keys of a ``summary_page`` source."""

    model_config = ConfigDict(extra="forbid")

    link_pattern: str | None = Field(
        None,
        description="regex (case-insensitive) a link's href or text must match on a listing page; "
        'default: links naming a quarter ("Q4 2024", "2024q4", "q4-2024")',
    )
    max_documents: int = Field(8, ge=1, le=100, description="newest links to follow from a listing, in page order")

    @field_validator("link_pattern")
    @classmethod
    def _compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"link_pattern {value!r} is not a valid regular expression: {exc}") from None
        return value


class SummaryPage(SourceKind):
    """A summary page, or a listing whose quarter links (newest first) are summary pages."""

    name = "summary_page"
    Options = SummaryPageOptions

    def fetch(self, fetcher: Fetcher, target: Target) -> Iterator[Fetched]:
        """Yield the page itself if it is a summary, else one ``Fetched`` per matching link.

        An error fetching ``target.url`` (or a listing without matching links) is raised; an
        error fetching one linked page is yielded as ``Fetched(url, error=...)``.
        """
        options = _options(target.options)
        response = fetcher.get(target.url, target.validators(target.url))
        if response.not_modified:
            yield Fetched(target.url, unchanged=True)
            return
        page = decode_page(response.content, response.content_type, target.url)
        if FiscalPeriod.find(page_title(page)) is not None:
            yield _fetched(target.url, response)
            return
        on_page = links(page, response.url)
        chosen = _document_links(on_page, options, {target.url, response.url})
        if not chosen:
            raise ParseError(_no_links_message(target.url, options, len(on_page)), url=target.url)
        for link in chosen[: options.max_documents]:
            try:
                linked = fetcher.get(link.url, target.validators(link.url))
            except ScrapeError as exc:
                yield Fetched(link.url, error=exc)
                continue
            yield Fetched(link.url, unchanged=True) if linked.not_modified else _fetched(link.url, linked)

    def parse(self, raw: bytes, content_type: str, url: str, ticker: str, options: BaseModel) -> CallDocument:
        """Read one summary page into a ``CallDocument`` (pure; ``ParseError`` for anything else).

        The title must name ``ticker`` (case-insensitive); with an empty ``ticker`` the company
        is the title's leading ticker.
        """
        page = decode_page(raw, content_type, url)
        shape = outline(page)
        title = shape.title
        period = FiscalPeriod.find(title)
        if period is None:
            shown = f" ({title[:120]!r})" if title else ""
            raise PeriodNotFoundError(
                f'summary page {url} has no quarter ("Q<n> <year>") in its title{shown}; '
                "check the URL points at a summary page",
                url=url,
            )
        prefix, headline = (*_TITLE_SPLIT.split(title, maxsplit=1), "")[:2]
        found_ticker = _check_ticker(prefix, title, ticker, url)
        statements = _statements(shape.blocks, topics_from_text=not page.is_html)
        if not statements:
            raise ParseError(
                f"summary page {url} ({title[:120]!r}) has no highlights and no Q&A; "
                'expected "- Label: text" bullets and "Q:"/"A:" lines',
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


def _fetched(url: str, response: Response) -> Fetched:
    return Fetched(
        url=url,
        raw=response.content,
        content_type=response.content_type,
        etag=response.etag,
        last_modified=response.last_modified,
    )


def _document_links(found: list[Link], options: SummaryPageOptions, exclude: set[str]) -> list[Link]:
    wanted: Callable[[Link], bool] = pattern_filter(options.link_pattern) if options.link_pattern else names_quarter
    return [link for link in found if link.url not in exclude and wanted(link)]


def _no_links_message(url: str, options: SummaryPageOptions, total: int) -> str:
    if options.link_pattern:
        return (
            f"listing page {url} has no links matching link_pattern {options.link_pattern!r} "
            f"({total} links on the page); check link_pattern for this source"
        )
    return (
        f"{url} is neither a summary page (its title names no quarter) nor a listing with links "
        f'naming a quarter like "Q4 2024" ({total} links on the page); '
        "if the summary links are named differently, set link_pattern for this source"
    )


def _check_ticker(prefix: str, title: str, ticker: str, url: str) -> str:
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
