"""The company a document is about, read from its own words.

In the service a source belongs to a company, so a document need not name it; this reading is
for documents read on their own (``earnwatch diff``, ``earnwatch read``) and to warn when two
documents compared are about different companies. It looks, near the top first:

* for a ticker with its exchange: "(Nasdaq: ACME)", "(NYSE:BRBR)", "NASDAQ: ACME";
* for a ticker in parentheses after a name: "Apple Inc. (AAPL)", "Acme (ACME) Q2 Fiscal 2025";
* for a "Ticker: ACME" or "Company: Apple Inc. (AAPL)" line, or a title that starts with the
  ticker ("ACME Q4 2024: headline");
* for the company's name in a call's welcome ("welcome to the Chipotle Mexican Grill first
  quarter 2025 conference call"), a release's first sentence ("Apple today announced"), or
  before the quarter at the start of the title ("Saltmarsh Brewing Q2 2025 call summary").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from earnings.period import FiscalPeriod

_EXCHANGES = r"(?:nasdaq(?:\s*gs|\s*gm|\s*cm)?|nyse(?:\s*american|\s*arca)?|amex|tsx(?:-?v)?|lse|asx|otc(?:qx|qb)?|cboe)"
_TICKER = r"[A-Z][A-Z0-9]{0,5}(?:[.\-][A-Z]{1,2})?"
_EXCHANGE_TICKER = re.compile(rf"\b{_EXCHANGES}\s*:\s*(?P<ticker>{_TICKER})\b", re.I)
_NAME = r"[A-Z][\w&'’.\-]*(?:,?\s+(?:[A-Z][\w&'’.\-]*|&|of|and|de|plc\.?|inc\.?|corp\.?|ltd\.?|llc))*?"
_NAMED_TICKER = re.compile(rf"(?P<name>{_NAME})\s*\(\s*(?:{_EXCHANGES}\s*:\s*)?(?P<ticker>{_TICKER})\s*\)")
_TICKER_LINE = re.compile(rf"^\W*(?:ticker|symbol|stock\s+symbol)\W*\s*:?\s*\**\s*(?:{_EXCHANGES}\s*:\s*)?(?P<ticker>{_TICKER})\b", re.I | re.M)
_WELCOME = re.compile(
    r"\bwelcome\s+(?:everyone\s+)?to\s+(?:the\s+)?(?P<name>[A-Z][\w&'’.\-]*(?:\s+[A-Z&][\w&'’.\-]*){0,5}?)(?:'s|’s)?\s+"
    r"(?:company'?s?\s+)?(?:(?:first|second|third|fourth|1st|2nd|3rd|4th)\b|Q[1-4]\b|fiscal\b|FY|20\d\d|"
    r"(?:March|June|September|December)\s+quarter|earnings|quarterly|conference)", re.I)
_ANNOUNCES = re.compile(
    r"(?:^|[\u2014\u2013-]\s*|\d{4}\s*[\u2014\u2013/-]+\s*)(?P<name>[A-Z][\w&'’.\-]*(?:,?\s+[A-Z&][\w&'’.\-]*){0,5}?)(?:\s*[®™])?"
    r"(?:\s*\([^)]{1,40}\))?\s*(?:,[^,]{1,120},\s*)?\s+(?:today\s+)?(?:announced|reported|reports|announces)\b", re.M)
# a release's title, when no dateline names the company: "IDEXX Laboratories Announces First Quarter Results"
_TITLE_ANNOUNCES = re.compile(
    r"^(?P<name>[A-Z][\w&'’.\-]*(?:,?\s+[A-Z&][\w&'’.\-]*){0,5}?)\s+(?:Announces|Reports|Reported|Announced|Posts|Delivers)\b", re.M)
_LEADING_TICKER = re.compile(rf"^\W*(?:{_EXCHANGES}\s*:\s*)?(?P<ticker>{_TICKER})\s*:?\s+(?:Q[1-4]\b|[1-4]Q\d|F[QY]\s?\d)", re.I)
_TITLE_NAME = re.compile(
    r"^\W*(?P<name>[A-Z][\w&'’.\-]*(?:,?\s+(?:[A-Z&][\w&'’.\-]*|of|and|de)){0,4}?)"
    r"(?:\s+(?:reports?|announces?|posts?|delivers?))?\s+(?:Q[1-4]\b|[1-4]Q\d|F[QY]\s?\d|fiscal\b|(?:first|second|third|fourth)\s+quarter)")
_NOT_TICKERS = frozenset({"GAAP", "USD", "EPS", "CEO", "CFO", "COO", "FY", "YOY", "YTD", "QOQ", "EBITDA", "RTD",
                          "SEC", "AI", "US", "UK", "EU", "II", "III", "IV", "TM", "R", "LLC", "INC", "THE", "A", "NA",
                          "DAUQ", "WAUQ", "ARPU", "ASR", "FCF", "NYSE", "NASDAQ", "ESG", "NOTE", "SAR"})
_NAME_NOISE = re.compile(r"^(?:the|our|and|company|we|today|this|for|in|on|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
                         r"|yesterday|(?:am|pm)?\s*et)\b,?", re.I)
_COMPANY_SUFFIX = re.compile(r"[,\s]+(?:inc|corp|corporation|co|company|ltd|plc|llc|holdings|group|sa|nv|ag)\.?$", re.I)


@dataclass(frozen=True)
class CompanyMatch:
    """A company a text names: its ticker (or ""), its name (or "") and the words that said so."""

    ticker: str
    name: str
    text: str


def find_company(text: str) -> CompanyMatch | None:
    """The company ``text`` names, best evidence first (see the module docstring)."""
    if m := _EXCHANGE_TICKER.search(text):
        named = _NAMED_TICKER.search(text, max(0, m.start() - 120), m.end() + 2)
        return CompanyMatch(m["ticker"].upper(), _name(named["name"]) if named else _name_before(text, m.start()), m.group(0))
    for m in _NAMED_TICKER.finditer(text):
        ticker = m["ticker"]
        if ticker.upper() in _NOT_TICKERS or FiscalPeriod.find(ticker) is not None or not ticker.isupper():
            continue
        return CompanyMatch(ticker, _name(m["name"]), m.group(0))
    if m := _TICKER_LINE.search(text):
        if m["ticker"].upper() not in _NOT_TICKERS:
            return CompanyMatch(m["ticker"].upper(), "", m.group(0).strip())
    if (m := _LEADING_TICKER.match(text)) and m["ticker"].isupper() and m["ticker"] not in _NOT_TICKERS:
        return CompanyMatch(m["ticker"], "", m.group(0).strip())  # "ALAB Q4 2024: headline"
    for pattern in (_WELCOME, _ANNOUNCES, _TITLE_ANNOUNCES):
        if (m := pattern.search(text)) and (name := _name(m["name"])):
            return CompanyMatch("", name, m.group(0).strip())
    if (m := _TITLE_NAME.match(text)) and (name := _name(m["name"])):
        return CompanyMatch("", name, m.group(0).strip())  # "Saltmarsh Brewing Q2 2025 call summary"
    return None




def other_ticker(ticker: str, title: str, head: str) -> CompanyMatch | None:
    """Another company's ticker that a document's title or first lines name, when they never
    name ``ticker``: "NVDA Q4 2024: …", "(NASDAQ: NVDA)", "Ticker: NVDA", "Nvidia (NVDA)" in
    the title. Only such clear marks count; a document naming no ticker is never "another's"."""
    wanted = _key(ticker)
    if not wanted or re.search(rf"(?<![\w.-]){re.escape(ticker.strip())}(?![\w-])", f"{title}\n{head}", re.I):
        return None
    marks: list[CompanyMatch] = []
    if (m := _LEADING_TICKER.match(title)) and m["ticker"].isupper():
        marks.append(CompanyMatch(m["ticker"], "", m.group(0).strip()))
    for pattern in (_EXCHANGE_TICKER, _TICKER_LINE):
        if m := pattern.search(head):
            marks.append(CompanyMatch(m["ticker"].upper(), "", m.group(0).strip()))
    for m in _NAMED_TICKER.finditer(title):
        marks.append(CompanyMatch(m["ticker"], _name(m["name"]), m.group(0).strip()))
    for mark in marks:
        if (mark.ticker.upper() not in _NOT_TICKERS and mark.ticker.isupper() and FiscalPeriod.find(mark.ticker) is None
                and _key(mark.ticker) != wanted):
            return mark
    return None


_SENTENCE_BEFORE = re.compile(r"^.*\b[A-Za-z][a-z]{2,}\.\s+(?=[A-Z])")  # "Motley Fool. Halvorsen Robotics"


def _name(raw: str) -> str:
    name = _SENTENCE_BEFORE.sub("", raw.strip(" ,.;:-"))
    words = name.split()
    while words and _NAME_NOISE.match(words[0]):
        words = words[1:]
    return " ".join(words)


def _name_before(text: str, end: int) -> str:
    """The capitalised words just before an "(NYSE: X)": "BellRing Brands, Inc."."""
    before = text[max(0, end - 80):end].rstrip(" (")
    m = re.search(rf"({_NAME})\s*$", before)
    return _name(m.group(1)) if m else ""


_ALIKE = 0.8  # "chipotlemexicangrove" against "chipotlemexicangrill" is 0.85; "generalmotors" against "generalmills" 0.72


def same_name(a: str, b: str) -> bool:
    """Whether two company names are one company's: alike once suffixes, case and punctuation
    are gone ("Apple Inc." and "APPLE"), one the start of the other ("Ford" and "Ford Motor"), or
    a word misheard in a transcript ("Chipotle Mexican Grove"): four-fifths of the letters alike."""
    left, right = _key(a), _key(b)
    if left == right or left.startswith(right) or right.startswith(left):
        return True
    return difflib.SequenceMatcher(None, left, right).ratio() >= _ALIKE


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", _COMPANY_SUFFIX.sub("", name).lower())
