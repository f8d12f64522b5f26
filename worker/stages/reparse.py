"""Re-parsing stored raw bytes with today's parsers, without the network (``earnwatch reparse``,
``earnwatch retrigger``).

Stored document versions get their parsed form refreshed, and the parse it replaces is kept
beside it (``previous_parsed``; ``undo_reparse`` swaps them back); documents kept as unresolved
(their quarter could not be read) are stored as versions once a parser now reads their quarter.
Each document is its own transaction, so one that fails leaves the others done.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from scrapers.base import Fetched
from scrapers.errors import ScrapeError
from worker.errors import PipelineError
from worker.runtime.context import Context
from worker.stages.scrape import store_document
from worker.stages.sync import sync_watchlist
from worker.storage.models import Company, DocumentVersion, Source, UnresolvedDocument


@dataclass
class ReparseSummary:
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)


def reparse(ctx: Context, session: Session, document: DocumentVersion) -> bool:
    """Parse the stored raw bytes again with today's parser; True if the result changed."""
    source = session.get(Source, document.source_id) if document.source_id else None
    company = session.get(Company, document.company_id)
    if source is None or company is None:
        return False
    kind = ctx.kind(source.kind)
    try:
        parsed = kind.parse(document.raw, document.content_type, document.url, company.ticker, kind.Options.model_validate(source.options))
    except ScrapeError as exc:
        raise PipelineError(f"the stored page {document.url} no longer parses: {exc}") from None
    if parsed.to_dict() == document.parsed:
        return False
    # The parse replaced is kept beside the new one: `earnwatch reparse --undo` puts it back.
    document.previous_parsed = document.parsed
    document.parsed, document.title = parsed.to_dict(), parsed.title
    session.add(document)
    return True


def reparse_stored(ctx: Context, ticker: str | None = None) -> ReparseSummary:
    """Re-parse every stored document (of ``ticker``, or all) and try the unresolved ones again,
    with the sources' options as the watchlist has them now (a new ``period_selector`` or
    ``fiscal_year_end`` applies to history too)."""
    summary = ReparseSummary()
    with ctx.session() as session:
        sync_watchlist(session, ctx.watchlist)
    with ctx.session() as session:
        companies = select(Company.id).where(Company.ticker == ticker.upper()) if ticker else select(Company.id)
        document_ids = session.exec(
            select(col(DocumentVersion.id)).where(col(DocumentVersion.company_id).in_(companies)).order_by(col(DocumentVersion.id))
        ).all()
        unresolved_ids = session.exec(
            select(col(UnresolvedDocument.id)).where(col(UnresolvedDocument.company_id).in_(companies)).order_by(col(UnresolvedDocument.id))
        ).all()
    for document_id in document_ids:
        with ctx.session() as session:
            document = session.get(DocumentVersion, document_id)
            if document is None:
                continue
            try:
                changed = reparse(ctx, session, document)
            except PipelineError as exc:
                summary.failed.append(str(exc))
                continue
            if changed:
                summary.changed.append(f"{document.period} {document.url}")
            else:
                summary.unchanged += 1
    for unresolved_id in unresolved_ids:
        if unresolved_id is None:
            continue
        with ctx.session() as session:
            _resolve(ctx, session, unresolved_id, summary)
    return summary


def _resolve(ctx: Context, session: Session, unresolved_id: int, summary: ReparseSummary) -> None:
    row = session.get(UnresolvedDocument, unresolved_id)
    source = session.get(Source, row.source_id) if row else None
    company = session.get(Company, row.company_id) if row else None
    if row is None or source is None or company is None or company.id is None:
        return
    kind = ctx.kind(source.kind)
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


def undo_reparse(ctx: Context, ticker: str | None = None) -> list[str]:
    """Put back the parse each stored document had before its last re-parse (of ``ticker``, or
    all); the one undone is kept in its place, so undoing twice re-does. The versions undone."""
    undone = []
    with ctx.session() as session:
        query = select(DocumentVersion).where(col(DocumentVersion.previous_parsed).is_not(None))
        if ticker:
            query = query.where(col(DocumentVersion.company_id).in_(select(Company.id).where(Company.ticker == ticker.upper())))
        for document in session.exec(query.order_by(col(DocumentVersion.id))).all():
            before = dict(document.previous_parsed or {})
            document.previous_parsed = document.parsed
            document.parsed, document.title = before, str(before.get("title", document.title))
            session.add(document)
            undone.append(f"{document.period} {document.url}")
    return undone
