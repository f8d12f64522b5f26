"""A decoded page as a flat sequence of blocks, and the links on it.

Parsers of line-oriented summaries see plain text and HTML the same way: a title, then
``Block``s in reading order. In plain text a line starting with "-", "*" or "•" is a bullet
and every other line is ``text``; in HTML ``<li>`` is a bullet, ``<h2>``-``<h4>`` (and later
``<h1>``s) are headings and paragraphs are ``text``. Page chrome (script, style, nav, footer,
aside, forms) is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from earnings.period import FiscalPeriod
from scrapers.decoding import Page

BlockKind = Literal["bullet", "heading", "text"]

_CHROME = ("script", "style", "nav", "footer", "aside", "noscript", "template", "form", "iframe", "svg")
_BLOCK_TAGS = ("h1", "h2", "h3", "h4", "li", "p", "dt", "dd", "pre")
_BULLET = re.compile(r"^\s*[-*\u2022\u2013\u2014]\s*")
_RULE = re.compile(r"^[-=_*~]{2,}$")
_SPACE = re.compile(r"\s+")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str


@dataclass(frozen=True)
class Outline:
    """A page's title (the line naming its quarter), its blocks after the title, and a date."""

    title: str
    blocks: tuple[Block, ...]
    published: str | None = None


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def outline(page: Page) -> Outline:
    """Split ``page`` into a title and blocks (see the module docstring)."""
    return _html_outline(page.text) if page.is_html else _text_outline(page.text)


def page_title(page: Page) -> str:
    """Only the title of ``page`` (cheaper to read than the whole outline for plain text)."""
    if page.is_html:
        return _html_outline(page.text).title
    return next((clean(line) for line in page.text.splitlines() if line.strip()), "")


def links(page: Page, base_url: str) -> list[Link]:
    """The http(s) links of an HTML page, resolved, without fragments, deduplicated, in page order."""
    if not page.is_html:
        return []
    soup = _soup(page.text)
    base = soup.find("base", href=True)
    if isinstance(base, Tag):
        base_url = _resolve(base_url, str(base["href"])) or base_url
    seen: set[str] = set()
    found: list[Link] = []
    for anchor in soup.find_all("a", href=True):
        url = _resolve(base_url, str(anchor["href"]))
        if url is None or url in seen:
            continue
        seen.add(url)
        found.append(Link(url=url, text=clean(anchor.get_text(" "))))
    return found


def _resolve(base_url: str, href: str) -> str | None:
    """``href`` made absolute, without its fragment; None unless it is a well-formed http(s) URL."""
    try:
        url = urldefrag(urljoin(base_url, href.strip())).url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            return None
    except ValueError:  # e.g. "http://[broken"
        return None
    return url


def names_quarter(link: Link) -> bool:
    """The default link filter: the link text or the URL's path/query names a fiscal quarter."""
    parts = urlsplit(link.url)
    where = unquote(f"{parts.path}?{parts.query}")
    return FiscalPeriod.find(link.text) is not None or FiscalPeriod.find(where) is not None


def pattern_filter(pattern: str) -> Callable[[Link], bool]:
    """A link filter: ``pattern`` (case-insensitive) found in the link's URL or text."""
    regex = re.compile(pattern, re.I)
    return lambda link: bool(regex.search(link.url) or regex.search(link.text))


def clean(text: str) -> str:
    """Collapse whitespace (including non-breaking spaces) to single spaces."""
    return _SPACE.sub(" ", text.replace("\xa0", " ")).strip()


def _text_outline(text: str) -> Outline:
    lines = [line for line in (clean(raw) for raw in text.splitlines()) if line]
    if not lines:
        return Outline(title="", blocks=())
    return Outline(title=lines[0], blocks=_line_blocks(lines[1:]))


def _line_blocks(lines: list[str]) -> tuple[Block, ...]:
    blocks = []
    for line in lines:
        if _RULE.match(line):
            continue  # "---", "===": a drawn separator
        bullet = _BULLET.match(line)
        blocks.append(Block("bullet", line[bullet.end() :]) if bullet else Block("text", line))
    return tuple(blocks)


def _soup(text: str) -> BeautifulSoup:
    soup = BeautifulSoup(text, "lxml")
    for tag in soup.find_all(_CHROME):
        tag.decompose()
    return soup


def selected_outline(page: Page, title_selector: str | None, body_selector: str | None) -> Outline:
    """Like ``outline``, with the title and the body taken from CSS selectors (HTML only)."""
    if not page.is_html or not (title_selector or body_selector):
        return outline(page)
    soup = _soup(page.text)
    plain = _html_outline(page.text, soup=soup) if not (title_selector and body_selector) else None
    title = plain.title if plain else ""
    if title_selector:
        found = soup.select_one(title_selector)
        title = clean(found.get_text(" ")) if found else ""
    if body_selector:
        roots = soup.select(body_selector)
        blocks = tuple(b for root in roots for b in _html_blocks(root, skip=None))
    else:
        blocks = plain.blocks if plain else ()
    return Outline(title=title, blocks=blocks, published=_published(soup))


def selected_text(page: Page, selector: str) -> str:
    """The text of the first element ``selector`` picks on an HTML page ("" if none)."""
    if not page.is_html:
        return ""
    found = _soup(page.text).select_one(selector)
    return clean(found.get_text(" ")) if found else ""


def _html_outline(text: str, soup: BeautifulSoup | None = None) -> Outline:
    soup = soup or _soup(text)
    h1 = next((t for t in soup.find_all("h1") if clean(t.get_text(" "))), None)
    title_tag = soup.find("title")
    candidates = [clean(t.get_text(" ")) for t in (h1, title_tag) if isinstance(t, Tag)]
    candidates = [c for c in candidates if c]
    title = next((c for c in candidates if FiscalPeriod.find(c)), candidates[0] if candidates else "")
    return Outline(title=title, blocks=_html_blocks(soup, skip=h1), published=_published(soup))


def _html_blocks(root: Tag, skip: Tag | None) -> tuple[Block, ...]:
    blocks: list[Block] = []
    for tag in root.find_all(_BLOCK_TAGS):
        if tag is skip or tag.find_parent(["li", "p", "dd", "dt", "pre"]) is not None:
            continue
        if tag.name == "pre":
            blocks += _line_blocks([line for line in (clean(raw) for raw in tag.get_text().splitlines()) if line])
            continue
        content = _tag_text(tag)
        if not content:
            continue
        if tag.name == "li":
            blocks.append(Block("bullet", _BULLET.sub("", content, count=1)))
        elif tag.name in ("h1", "h2", "h3", "h4"):
            blocks.append(Block("heading", content))
        else:
            blocks.append(Block("text", content))
    return tuple(blocks)


def _tag_text(tag: Tag) -> str:
    # "<strong>Label</strong>: text" reads "Label : text" with a separator; close that gap.
    return re.sub(r"\s+:", ":", clean(tag.get_text(" ")), count=1)


def _published(soup: BeautifulSoup) -> str | None:
    meta = soup.find("meta", attrs={"property": "article:published_time"})
    time = soup.find("time", attrs={"datetime": True})
    for value in (meta.get("content") if isinstance(meta, Tag) else None, time.get("datetime") if isinstance(time, Tag) else None):
        if isinstance(value, str) and _DATE.match(value.strip()):
            return value.strip()[:10]
    return None
