"""``sec_edgar``: a company's earnings press releases, as filed with the SEC (8-K item 2.02, EX-99.1).

1. Ticker to CIK through ``{www}/files/company_tickers.json``
   (``{"0": {"cik_str": 320193, "ticker": "AAPL", "title": "Apple Inc."}, …}``), unless the
   source gives ``cik``. Remembered for a day per process.
2. The filings from ``{data}/submissions/CIK##########.json``: the parallel arrays under
   ``filings.recent`` (``accessionNumber``, ``filingDate``, ``reportDate``, ``form``, ``items``…),
   keeping forms in ``forms`` whose ``items`` include 2.02, newest first. This is the source's
   listing: its validators are kept, and a 304 ends the check.
3. For each filing not read before, its index page
   ``{www}/Archives/edgar/data/{cik}/{accession without dashes}/{accession}-index.htm``: the
   document table row whose Type is EX-99.1 (``index.json``'s file names are the fallback when
   the page has no table), then the exhibit itself.
4. ``parse`` reads the release through ``scrapers.reader.read_document``. When the release
   names no quarter, the quarter is the last fiscal quarter that ended before the filing's
   report date (an 8-K's report date is the day of the announcement), with the company's fiscal
   year end (``fiscal_year_end``, else the SEC's ``fiscalYearEnd``); both travel with the stored
   bytes as Content-Type parameters, so a re-parse needs no network.

The SEC's fair-access rules: a User-Agent naming the operator with a contact email (a source
is refused without one) and at most 10 requests per second across all workers (the fetcher's
``host_rates`` bucket for the SEC hosts). Base URLs come with the target
(``Target.endpoints``, from ``EARNWATCH_SEC_WWW_URL`` and ``EARNWATCH_SEC_DATA_URL``); the
ticker list is kept by the ``SecEdgar`` instance, so one per process asks for it once a day.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup, Tag
from pydantic import BaseModel, Field

from earnings.period import quarter_before  # noqa: F401 (earlier callers import it from here)
from scrapers.base import Fetched, SourceKind, SourceOptions, Target
from scrapers.errors import FetchError, ParseError, ScrapeError
from scrapers.fetch import Fetcher
from scrapers.layout import clean
from scrapers.listing import fetched
from scrapers.reading import ReadHints

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PARAM = re.compile(r";\s*earnwatch-(?P<name>report-date|fiscal-year-end)=(?P<value>[\w-]+)")
_EXHIBIT_NAME = re.compile(r"(?:ex|exhibit)-?99[-_.]?0?1(?![0-9])", re.I)
_CIK_TTL = 86400.0


class SecEdgarOptions(SourceOptions):
    """Watchlist keys of an ``sec_edgar`` source."""

    cik: int | None = Field(None, ge=1, description="the company's CIK; default: looked up from the ticker")
    forms: list[str] = Field(["8-K", "8-K/A"], min_length=1, description="form types to read")
    item: str = Field("2.02", description="8-K item a filing must include (2.02: Results of Operations)")
    exhibit: str = Field("EX-99.1", description="the exhibit type holding the press release")
    max_filings: int = Field(4, ge=1, le=40, description="newest matching filings to read")


@dataclass(frozen=True)
class Filing:
    accession: str
    filing_date: str
    report_date: str
    form: str


class SecEdgar(SourceKind):
    """Earnings press releases from SEC EDGAR."""

    name = "sec_edgar"
    Options = SecEdgarOptions
    default_url = "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK={ticker}&type=8-K"

    def __init__(self) -> None:
        self._ciks: dict[str, tuple[float, dict[str, int]]] = {}  # tickers URL -> (until, ticker -> CIK)
        self._lock = threading.Lock()

    def fetch(self, fetcher: Fetcher, target: Target) -> Iterator[Fetched]:
        www, data = target.endpoints.sec_www.rstrip("/"), target.endpoints.sec_data.rstrip("/")
        require_contact(fetcher.user_agent, target.url)
        options = target.options if isinstance(target.options, SecEdgarOptions) else SecEdgarOptions()
        cik = options.cik or self.lookup_cik(fetcher, f"{www}/files/company_tickers.json", target.ticker)
        submissions_url = f"{data}/submissions/CIK{cik:010d}.json"
        response = fetcher.get(submissions_url, target.validators(submissions_url))
        if response.not_modified:
            yield Fetched(submissions_url, unchanged=True)
            return
        filings, sec_year_end = earnings_filings(response.content, submissions_url, options)
        year_end = options.fiscal_year_end or sec_year_end
        for filing in filings[: options.max_filings]:
            folder = f"{www}/Archives/edgar/data/{cik}/{filing.accession.replace('-', '')}/"
            index_url = f"{folder}{filing.accession}-index.htm"
            if target.seen(index_url):
                continue
            try:
                yield from _read_filing(fetcher, target, options, filing, folder, index_url, year_end)
            except ScrapeError as exc:
                yield Fetched(index_url, error=exc)
        yield fetched(submissions_url, response, listing=True)

    def lookup_cik(self, fetcher: Fetcher, tickers_url: str, ticker: str) -> int:
        """The CIK of ``ticker`` from the SEC's ``company_tickers.json`` (kept for a day)."""
        with self._lock:
            cached = self._ciks.get(tickers_url)
        if cached is None or cached[0] < time.monotonic():
            response = fetcher.get(tickers_url)
            cached = (time.monotonic() + _CIK_TTL, ciks_by_ticker(response.content, tickers_url))
            with self._lock:
                self._ciks[tickers_url] = cached
        wanted = ticker.upper().replace(".", "-")
        if wanted not in cached[1]:
            raise ParseError(
                f"{ticker} is not in the SEC's ticker list {tickers_url}; set cik for this source "
                "(look it up on https://www.sec.gov/edgar/searchedgar/companysearch)",
                url=tickers_url,
            )
        return cached[1][wanted]

    def hints(self, content_type: str, url: str, ticker: str, options: BaseModel) -> ReadHints:
        """The release, its quarter read from it or else from the filing's report date."""
        opts = options if isinstance(options, SecEdgarOptions) else SecEdgarOptions.model_validate(options.model_dump())
        params = {m["name"]: m["value"] for m in _PARAM.finditer(content_type)}
        return replace(super().hints(content_type, url, ticker, opts),
                       fiscal_year_end=opts.fiscal_year_end or _int(params.get("fiscal-year-end")),
                       report_date=params.get("report-date"))


def _read_filing(
    fetcher: Fetcher, target: Target, options: SecEdgarOptions, filing: Filing, folder: str, index_url: str, year_end: int | None
) -> Iterator[Fetched]:
    index = fetcher.get(index_url)
    exhibit_url = exhibit_link(index.content, index.url, options.exhibit)
    if exhibit_url is None:
        listing = fetcher.get(f"{folder}index.json")
        exhibit_url = exhibit_from_index_json(listing.content, folder, index_url, options.exhibit)
    release = fetcher.get(exhibit_url, target.validators(exhibit_url))
    if release.not_modified:
        yield Fetched(exhibit_url, unchanged=True)
    else:
        extra = f"; earnwatch-report-date={filing.report_date or filing.filing_date}"
        if year_end:
            extra += f"; earnwatch-fiscal-year-end={year_end}"
        yield Fetched(exhibit_url, raw=release.content, content_type=(release.content_type or "text/html") + extra,
                      etag=release.etag, last_modified=release.last_modified)
    yield fetched(index_url, index, listing=True)


def has_contact(user_agent: str) -> bool:
    """True when ``user_agent`` names a contact email, as the SEC's fair-access rule asks."""
    return _EMAIL.search(user_agent) is not None


def require_contact(user_agent: str, url: str) -> None:
    """Refuse to talk to the SEC without a contact email in the User-Agent (its fair-access rule)."""
    if not has_contact(user_agent):
        raise FetchError(
            f"SEC EDGAR asks every client to name itself with a contact email; EARNWATCH_USER_AGENT is {user_agent!r}. "
            'Set it to your name and email, e.g. EARNWATCH_USER_AGENT="Acme Research ops@acme.example"',
            url=url,
            permanent=True,
        )


def ciks_by_ticker(raw: bytes, url: str) -> dict[str, int]:
    """``company_tickers.json`` as ticker -> CIK (pure)."""
    data = _json(raw, url)
    rows = data.values() if isinstance(data, dict) else []
    found = {
        str(row["ticker"]).upper(): int(row["cik_str"])
        for row in rows
        if isinstance(row, dict) and "ticker" in row and str(row.get("cik_str", "")).isdecimal()
    }
    if not found:
        raise ParseError(_shape_message(url, 'entries like {"0": {"cik_str": 320193, "ticker": "AAPL", "title": …}}'), url=url)
    return found


def earnings_filings(raw: bytes, url: str, options: SecEdgarOptions) -> tuple[list[Filing], int | None]:
    """The earnings filings listed in a submissions JSON, newest first, and the fiscal year end
    month the SEC records (pure)."""
    data = _json(raw, url)
    recent = data.get("filings", {}).get("recent") if isinstance(data, dict) and isinstance(data.get("filings"), dict) else None
    fields = ("accessionNumber", "filingDate", "reportDate", "form", "items")
    if not isinstance(recent, dict) or any(not isinstance(recent.get(f), list) for f in fields):
        missing = [f for f in fields if not isinstance((recent or {}).get(f), list)] if isinstance(recent, dict) else ["filings.recent"]
        raise ParseError(_shape_message(url, f"filings.recent with the arrays {', '.join(fields)} (missing: {', '.join(missing)})"), url=url)
    if len({len(recent[f]) for f in fields}) != 1:
        raise ParseError(_shape_message(url, "filings.recent arrays of equal length"), url=url)
    forms = {f.upper() for f in options.forms}
    filings = [
        Filing(accession=str(acc), filing_date=str(filed), report_date=str(reported or ""), form=str(form))
        for acc, filed, reported, form, items in zip(*(recent[f] for f in fields), strict=True)
        if str(form).upper() in forms and options.item in [i.strip() for i in str(items or "").split(",")]
    ]
    filings.sort(key=lambda f: f.filing_date, reverse=True)
    return filings, _year_end_month(data.get("fiscalYearEnd"))


def exhibit_link(raw: bytes, url: str, exhibit: str) -> str | None:
    """The URL of the ``exhibit`` row in a filing's ``-index.htm`` document table; None if the
    page has no document table (pure). ``ParseError`` if the table has no such exhibit."""
    soup = BeautifulSoup(raw, "lxml")
    tables = soup.select('table.tableFile, table[summary="Document Format Files"]')
    if not tables:
        return None
    for row in (row for table in tables for row in table.find_all("tr")):
        cells = row.find_all("td")
        if len(cells) >= 4 and clean(cells[3].get_text(" ")).upper() == exhibit.upper():
            anchor = cells[2].find("a", href=True)
            if isinstance(anchor, Tag):
                return _join(url, _unwrap_viewer(str(anchor["href"])))
    raise ParseError(
        f"filing {url} has no {exhibit} document; it may not include a press release (set exhibit for this source if it uses another)",
        url=url,
    )


def exhibit_from_index_json(raw: bytes, folder: str, index_url: str, exhibit: str) -> str:
    """The exhibit's URL from a filing folder's ``index.json`` (``directory.item[].name``),
    recognised by its file name, e.g. ``ex991.htm`` (pure)."""
    url = f"{folder}index.json"
    data = _json(raw, url)
    items = data.get("directory", {}).get("item") if isinstance(data, dict) and isinstance(data.get("directory"), dict) else None
    if not isinstance(items, list):
        raise ParseError(_shape_message(url, "directory.item[] with name and type"), url=url)
    names = [str(i.get("name", "")) for i in items if isinstance(i, dict)]
    found = next((n for n in names if _EXHIBIT_NAME.search(n) and n.lower().endswith((".htm", ".html", ".txt"))), None)
    if found is None:
        raise ParseError(f"filing {index_url} has no {exhibit} document table and no file named like ex99-1 in {url}", url=index_url)
    return _join(folder, found)


def _join(base: str, href: str) -> str:
    try:
        return urljoin(base, href)
    except ValueError as exc:  # "http://[broken": urljoin refuses it
        raise ParseError(f"filing {base} links its exhibit as {href!r}, which is not a valid URL ({exc})", url=base) from None


def _unwrap_viewer(href: str) -> str:
    # Inline XBRL documents are linked through the viewer: /ix?doc=/Archives/…
    return href.split("?doc=", 1)[1] if href.startswith("/ix?doc=") else href


def _year_end_month(value: Any) -> int | None:
    text = str(value or "")
    if not (len(text) == 4 and text.isdecimal()):
        return None
    month, day = int(text[:2]), int(text[2:])
    if not 1 <= month <= 12:
        return None
    return (month - 2) % 12 + 1 if day < 15 else month  # "0102": a 52/53-week year ending in December


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdecimal() and 1 <= int(value) <= 12 else None


def _json(raw: bytes, url: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: nested too deeply for json
        raise ParseError(f"{url} is not JSON ({exc}); the SEC may be down or have changed the address", url=url) from None


def _shape_message(url: str, expected: str) -> str:
    return f"the SEC's JSON at {url} has changed shape: expected {expected}; earnwatch needs an update for it (please report this)"
