"""A document pushed over HTTP (a vendor's webhook, ``POST /api/documents``): read and stored
like a scraped one, then handed to the compare stage of the same chain.

``ingest`` is the ingest step of a push: it fetches the URL when no text was given (through
the process's fetcher: its size cap, pacing and robots.txt), reads the bytes with the one
reader (``read_document``; the period and kind given win over what the reader would find),
and stores a new document version once per (company, period, content hash), exactly as the
scrape stage does. The version has no source; its raw bytes are kept like any other. A
re-push of the same text stores nothing and compares nothing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from config import ConfigError
from earnings.document import DocumentKind
from earnings.period import FiscalPeriod
from scrapers.base import Fetched
from scrapers.reader import read_document
from scrapers.reading import ReadHints
from worker.errors import PipelineError
from worker.runtime.context import Context
from worker.stages.scrape import store_document
from worker.stages.sync import mark_synced, sync_if_changed
from worker.storage.models import Company
from worker.storage.queries import PUSHED_SCHEME, find_company


@dataclass(frozen=True)
class PushedDocument:
    """What a vendor sent: the company, optionally the quarter and kind, and the text or a URL."""

    ticker: str
    text: bytes = b""
    url: str = ""
    content_type: str = ""
    period: str = ""
    kind: DocumentKind | None = None


@dataclass
class PushResult:
    ticker: str
    period: str
    url: str
    document_id: int | None  # None: this very version was stored before
    title: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def stored(self) -> bool:
        return self.document_id is not None

    def summary(self) -> str:
        what = f"stored as document {self.document_id}" if self.stored else "already stored; nothing new to compare"
        return f"{self.ticker} {self.period} {self.url}: {what}"


def ingest(ctx: Context, pushed: PushedDocument) -> PushResult:
    """Read and store one pushed document (see the module docstring). ``PipelineError`` for a
    company earnwatch does not watch; ``ScrapeError`` (and ``PeriodError``) for a document that
    cannot be read, a URL that cannot be fetched or a period that is no quarter."""
    period = FiscalPeriod.parse(pushed.period) if pushed.period.strip() else None
    with ctx.session() as session:
        watchlist = sync_if_changed(ctx, session)  # a company just added to the watchlist can be pushed to
        company = find_company(session, pushed.ticker)
        if company is None or company.id is None or not company.active:
            raise PipelineError(f"{pushed.ticker.upper()} is not a company earnwatch watches; add it to the watchlist first")
        company_id, ticker, name = company.id, company.ticker, company.name
    mark_synced(ctx, watchlist)
    raw, content_type, url = pushed.text, pushed.content_type, pushed.url.strip()
    if not raw:
        if not url:
            raise PipelineError("give the document's text, or a URL to fetch it from")
        response = ctx.fetcher.for_source(respect_robots=True).get(url)
        raw, content_type, url = response.content, response.content_type, response.url
    cap = ctx.settings.max_page_bytes
    if len(raw) > cap:
        raise PipelineError(f"the document is {len(raw):,} bytes, larger than the {cap:,}-byte cap (EARNWATCH_MAX_PAGE_BYTES)")
    content_hash = hashlib.sha256(raw).hexdigest()
    url = url or f"{PUSHED_SCHEME}{ticker}/{content_hash[:16]}"
    hints = ReadHints(
        content_type=content_type, url=url, ticker=ticker, company_name=name, kind=pushed.kind, period=period,
        fiscal_year_end=_fiscal_year_end(ctx, ticker),
    )
    document = read_document(raw, hints)
    with ctx.session() as session:
        if session.get(Company, company_id) is None:
            raise PipelineError(f"{ticker} was removed while the document was read; add it to the watchlist again")
        document_id = store_document(session, company_id, None, document, Fetched(url, raw=raw, content_type=content_type), content_hash)
    return PushResult(ticker, str(document.period), url, document_id, document.title)


def _fiscal_year_end(ctx: Context, ticker: str) -> int | None:
    try:
        entry = next((c for c in ctx.watchlist.companies if c.ticker == ticker), None)
    except ConfigError:  # a broken watchlist file: the document still names its quarter itself
        return None
    return entry.fiscal_year_end if entry else None
