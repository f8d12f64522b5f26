"""Re-parsing stored raw bytes with today's parsers, without the network (``earnwatch reparse``).

Stored document versions get their parsed form refreshed; documents kept as unresolved (their
quarter could not be read) are stored as versions once a parser now reads their quarter.
Each document is its own transaction, so one that fails leaves the others done.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlmodel import col, select

from config.watchlist import Watchlist
from scrapers.base import Fetched
from scrapers.errors import ScrapeError
from scrapers.registry import source_kind
from worker.storage.db import session_scope
from worker.storage.models import Company, DocumentVersion, Source, UnresolvedDocument
from worker.stages.scrape import store_document
from worker.stages.sync import sync_watchlist


@dataclass
class ReparseSummary:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def reparse_stored(watchlist: Watchlist, ticker: str | None = None) -> ReparseSummary:
    """Re-parse every stored document (of ``ticker``, or all) and try the unresolved ones again,
    with the sources' options as the watchlist has them now (a new ``period_selector`` or
    ``fiscal_year_end`` applies to history too)."""
    from worker.stages.inline import PipelineError, reparse

    summary = ReparseSummary()
    with session_scope() as session:
        sync_watchlist(session, watchlist)
    with session_scope() as session:
        companies = select(Company.id).where(Company.ticker == ticker.upper()) if ticker else select(Company.id)
        document_ids = session.exec(
            select(DocumentVersion.id).where(col(DocumentVersion.company_id).in_(companies)).order_by(DocumentVersion.id)
        ).all()
        unresolved_ids = session.exec(
            select(UnresolvedDocument.id).where(col(UnresolvedDocument.company_id).in_(companies)).order_by(UnresolvedDocument.id)
        ).all()
    for document_id in document_ids:
        with session_scope() as session:
            document = session.get(DocumentVersion, document_id)
            try:
                changed = reparse(session, document)
            except PipelineError as exc:
                summary.failed.append(str(exc))
                continue
            if changed:
                summary.changed.append(f"{document.period} {document.url}")
            else:
                summary.unchanged += 1
    for unresolved_id in unresolved_ids:
        with session_scope() as session:
            _resolve(session, unresolved_id, summary)
    return summary


def _resolve(session, unresolved_id: int, summary: ReparseSummary) -> None:
    row = session.get(UnresolvedDocument, unresolved_id)
    source = session.get(Source, row.source_id)
    company = session.get(Company, row.company_id)
    kind = source_kind(source.kind)
    try:
        document = kind.parse(row.raw, row.content_type, row.url, company.ticker, kind.Options.model_validate(source.options))
    except ScrapeError as exc:
        row.error = str(exc)
        session.add(row)
        summary.unresolved.append(f"{row.url}: {exc}")
        return
    fetched = Fetched(row.url, raw=row.raw, content_type=row.content_type)
    store_document(session, company.id, source.id, document, fetched, hashlib.sha256(row.raw).hexdigest())
    session.delete(row)
    summary.resolved.append(f"{document.period} {row.url}")
