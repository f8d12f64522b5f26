"""The links on a page, and the filters that choose which of them lead to documents.

Page chrome (script, style, nav, footer, aside, forms) is dropped first, so a site's menu and
footer links are never followed. The default filter follows links that name a fiscal quarter
in their text or their URL ("ALAB Q4 2024: …", "Acme First Quarter 2025 Earnings Call",
"/2024q4", "q4-2024").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

from earnings.period import FiscalPeriod, find_fiscal_period
from scrapers.decoding import Page
from scrapers.layout import clean

_CHROME = ("script", "style", "nav", "footer", "aside", "noscript", "template", "form", "iframe", "svg")


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def links(page: Page, base_url: str) -> list[Link]:
    """The http(s) links of an HTML page, resolved, without fragments, deduplicated, in page order."""
    if not page.is_html:
        return []
    from bs4 import BeautifulSoup, Tag  # only for HTML: a plain-text page has no links to read

    soup = BeautifulSoup(page.text, "lxml")
    for tag in soup.find_all(_CHROME):
        tag.decompose()
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
    return (FiscalPeriod.find(link.text) is not None or find_fiscal_period(link.text) is not None
            or FiscalPeriod.find(where) is not None)


def pattern_filter(pattern: str) -> Callable[[Link], bool]:
    """A link filter: ``pattern`` (case-insensitive) found in the link's URL or text."""
    regex = re.compile(pattern, re.I)
    return lambda link: bool(regex.search(link.url) or regex.search(link.text))
