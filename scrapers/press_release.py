"""``parse_press_release``: an earnings press release (as filed as EX-99.1) into a ``CallDocument``.

A release has a title ("Novatera Reports Third Quarter Fiscal 2025 Results"), a dateline
paragraph naming the company and the quarter, the results narrative (bullets, quotes), an
outlook or guidance section, and the forward-looking-statements paragraph; then contacts,
"About" and the financial tables, which are not read.

Statements are the sentences of the narrative (section ``results``), of the outlook (section
``outlook``) and of the safe-harbor paragraph (section ``forward_looking``), each with the
heading above it as topic.

The quarter comes from ``period`` when given, else from the title and first paragraphs:
"third quarter of fiscal 2025", "Q3 2025", or "three months ended December 31, 2024" read
with the company's fiscal year end (``fiscal_year_end``, a month; December by default).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from earnings.document import FORWARD_LOOKING, OUTLOOK, CallDocument, Statement
from earnings.figures import statement_sentences
from earnings.period import FiscalPeriod
from scrapers.blocks import Block, clean, outline
from scrapers.decoding import Page, decode_page
from scrapers.errors import ParseError, PeriodNotFoundError
from scrapers.transcript import title_ticker

RESULTS = "results"

_OUTLOOK = re.compile(r"\b(?:outlook|guidance|financial\s+targets?|expectations)\b", re.I)
_FORWARD = re.compile(r"\b(?:forward[-\s]looking\s+statements?|safe\s+harbor|cautionary\s+(?:note|statement|language))\b", re.I)
_SKIP = re.compile(
    r"^(?:about\s|conference\s+call|webcast|earnings\s+call|(?:use\s+of\s+|about\s+)?non-gaap|investor\s+(?:contact|relations)"
    r"|media\s+contact|contacts?\b|source\b|(?:condensed\s+)?consolidated|reconciliation|supplemental|###)", re.I)
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_ENDED = re.compile(
    r"\b(?:three|3)[-\s]months?\s+ended\s+(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)", re.I)
_QUARTER_ENDED = re.compile(
    r"\bquarter\s+ended\s+(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)", re.I)
_QUARTER_AND_YEAR = re.compile(
    r"\b(?P<word>first|second|third|fourth)\s+quarter\s+(?:and\s+(?:full|fiscal)[-\s](?:fiscal\s+)?year\s+)?"
    r"(?:of\s+)?(?:fiscal\s+)?(?:year\s+)?(?P<year>(?:19|20)\d\d)\b", re.I)
_ORDINAL = {"first": 1, "second": 2, "third": 3, "fourth": 4}
_HEADING_WORDS = 10
_FIGURE = re.compile(r"[$%;]|\d+\.\d|\b\d{1,3}(?:,\d{3})+\b")
_LEAD_WORDS = 20  # the first paragraph this long is the dateline: short lines before it are sub-headlines
_RESULTS_HEADING = re.compile(r"\b(?:highlights|results|financial|summary)\b", re.I)
_HEAD_BLOCKS = 8


def parse_press_release(raw: bytes, content_type: str, url: str, ticker: str, *,
                        period: FiscalPeriod | None = None, fiscal_year_end: int = 12) -> CallDocument:
    """Read one earnings press release into a ``CallDocument`` (pure; ``ParseError`` for
    anything else). With an empty ``ticker`` the company is the one the release names
    ("(NASDAQ: NVTR)")."""
    page = decode_page(raw, content_type, url)
    title, blocks = _outline(page)
    head = " ".join([title, *(b.text for b in blocks[:_HEAD_BLOCKS])])
    found = period or find_period(title, fiscal_year_end) or find_period(head, fiscal_year_end)
    if found is None:
        raise PeriodNotFoundError(
            f"press release {url} names no fiscal quarter in its title or first paragraphs ({title[:120]!r}); "
            'expected "third quarter of fiscal 2025" or "three months ended September 30, 2025", '
            "or pass the period for this source",
            url=url,
        )
    company = title_ticker(head, title, ticker, url)
    statements = _statements(blocks)
    if not statements:
        raise ParseError(f"press release {url} ({title[:120]!r}) has no narrative paragraphs to read", url=url)
    return CallDocument(
        ticker=company, period=found, title=title, statements=tuple(statements), kind="press_release",
        url=url, published=None, headline=title,
    )


def find_period(text: str, fiscal_year_end: int = 12) -> FiscalPeriod | None:
    """The quarter a release reports: the earliest of a named quarter ("fourth quarter and full
    year 2024", "Q3 FY2025") and a "three months ended <date>" read with the fiscal year end."""
    found: list[tuple[int, FiscalPeriod]] = []
    if m := _QUARTER_AND_YEAR.search(text):
        found.append((m.start(), FiscalPeriod(int(m["year"]), _ORDINAL[m["word"].lower()])))
    for pattern in (_ENDED, _QUARTER_ENDED):
        if (m := pattern.search(text)) and (ended := _quarter_ended(m, fiscal_year_end)):
            found.append((m.start(), ended))
    named = FiscalPeriod.find(text)
    if named is not None and not found:
        return named
    return min(found, key=lambda item: item[0])[1] if found else None


def _quarter_ended(m: re.Match[str], fiscal_year_end: int) -> FiscalPeriod | None:
    month = _MONTHS.get(m["month"].lower().rstrip("."))
    if month is None:
        return None
    year, day = int(m["year"]), int(m["day"])
    if day < 15:  # a 52/53-week quarter ending early in a month ends the month before
        month, year = (12, year - 1) if month == 1 else (month - 1, year)
    steps = (fiscal_year_end - month) % 12
    if steps % 3:
        return None
    quarter = 4 - steps // 3
    fiscal_year = year if month <= fiscal_year_end else year + 1
    return FiscalPeriod(fiscal_year, quarter)


def _outline(page: Page) -> tuple[str, list[Block]]:
    """The title and blocks; EDGAR pages built of ``<div>``s and ``<font>``s are read line by line."""
    shape = outline(page)
    blocks = list(shape.blocks)
    if page.is_html:
        soup = BeautifulSoup(page.text, "lxml")
        for tag in soup.find_all(["script", "style", "table"]):
            tag.decompose()
        lines = [clean(line) for line in soup.get_text("\n").splitlines()]
        lines = [line for line in lines if line]
        if sum(len(b.text) for b in blocks) < 0.5 * sum(len(line) for line in lines):
            title = _headline(lines) or shape.title
            return title, [Block("text", line) for line in lines if line != title]
    if shape.title and (_HEADLINE.search(shape.title) or find_period(shape.title)):
        return shape.title, blocks
    title = _headline([b.text for b in blocks]) or shape.title
    return title, [b for b in blocks if b.text != title]


_HEADLINE = re.compile(r"\b(?:reports?|announces?|results)\b", re.I)


def _headline(lines: list[str]) -> str:
    """The release's headline among its first lines: one that reports results or names a quarter."""
    for line in lines[:12]:
        if len(line.split()) >= 3 and (_HEADLINE.search(line) or find_period(line)):
            return line
    return next((line for line in lines if len(line.split()) >= 3), "")


def _heading(block: Block) -> str | None:
    """The block's text when it reads as a heading: a heading tag, or a short line without a full stop."""
    text = block.text.strip()
    if block.kind == "heading":
        return text
    if (block.kind == "text" and len(text.split()) <= _HEADING_WORDS and not text.endswith((".", ",", ";", '"'))
            and not _FIGURE.search(text)):
        return text
    return None


def _statements(blocks: list[Block]) -> list[Statement]:
    statements: list[Statement] = []
    section, topic, skipping, started = RESULTS, "", False, False
    for block in blocks:
        started = started or len(block.text.split()) >= _LEAD_WORDS
        heading = _heading(block) if started else None
        if heading is not None:
            if _FORWARD.search(heading):
                section, topic, skipping = FORWARD_LOOKING, heading, False
            elif _SKIP.match(heading):
                skipping = True
            elif _OUTLOOK.search(heading):
                section, topic, skipping = OUTLOOK, heading, False
            else:  # a sub-heading of the outlook ("Fourth Quarter Fiscal 2025") stays in the outlook
                keep = section == OUTLOOK and not skipping and not _RESULTS_HEADING.search(heading)
                section = OUTLOOK if keep else RESULTS
                topic, skipping = heading.rstrip(":"), False
            continue
        text = block.text
        if _FORWARD.match(text) or (_FORWARD.search(text[:200]) and "statements" in text[:200].lower()
                                     and section != FORWARD_LOOKING and not skipping and len(text) > 200):
            section, skipping = FORWARD_LOOKING, False
        if skipping or _SKIP.match(text):
            continue
        # "Full year 2025 net revenue: $2.06 billion to $2.09 billion": the label is part of what is said
        m = re.match(r"^([^:.]{2,60}):\s+(\S.*)$", text) if block.kind == "bullet" else None
        label = m.group(1) if m else topic
        for sentence in statement_sentences(text):
            if len(sentence.split()) >= 4:
                statements.append(Statement(text=sentence, section=section, topic=label))
    return statements
