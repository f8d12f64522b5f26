"""Checking sources: which are due, and fetching, parsing and storing what one of them holds."""

from __future__ import annotations

import hashlib
import logging
import random
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from config.secrets import mask_secrets
from earnings.document import CallDocument
from scrapers.base import Fetched, Target, Validators
from scrapers.errors import ScrapeError
from scrapers.fetch import Fetcher
from scrapers.registry import source_kind
from worker.models import Company, DocumentVersion, Page, Source, utcnow

log = logging.getLogger(__name__)
MAX_ERRORS_SHOWN = 3


@dataclass
class CheckResult:
    """What one check of one source found."""

    source_id: int
    new_documents: list[int] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"source {self.source_id}: {len(self.new_documents)} new, {self.unchanged} unchanged"
        return text + (f", {len(self.errors)} failed" if self.errors else "")


def claim_due_sources(session: Session, now=None, *, limit: int = 500) -> list[int]:
    """Ids of active sources whose check is due, each claimed by moving its next check forward.

    The conditional update must change exactly one row, so two schedulers never claim the same
    source for the same interval.
    """
    now = now or utcnow()
    due = session.exec(
        select(Source.id, Source.next_check_at, Source.every_seconds)
        .join(Company, Company.id == Source.company_id)
        .where(Source.active, Company.active, Source.next_check_at <= now)
        .order_by(Source.next_check_at)
        .limit(limit)
    ).all()
    claimed = []
    for source_id, next_check_at, every in due:
        jitter = random.uniform(0, min(every * 0.1, 60))
        result = session.execute(
            update(Source)
            .where(Source.id == source_id, Source.next_check_at == next_check_at)
            .values(next_check_at=now + timedelta(seconds=every + jitter))
        )
        if result.rowcount == 1:
            claimed.append(source_id)
    return claimed


def check_source(session: Session, source_id: int, fetcher: Fetcher, *, backoff_max: float = 3600.0) -> CheckResult:
    """Fetch every new or changed document of one source and store each new version.

    Errors are caught here, per page and per source, and recorded on the source row: one bad
    source or page never stops the others, and nothing already stored is touched.
    """
    result = CheckResult(source_id)
    source = session.get(Source, source_id)
    if source is None or not source.active:
        return result
    company = session.get(Company, source.company_id)
    kind = source_kind(source.kind)
    options = kind.Options.model_validate(source.options)
    pages = {p.url: p for p in session.exec(select(Page).where(Page.source_id == source_id))}

    def validators(url: str) -> Validators:
        page = pages.get(url)
        return Validators(page.etag, page.last_modified) if page else Validators()

    target = Target(url=source.url, ticker=company.ticker, options=options, company_name=company.name, validators=validators)
    try:
        for fetched in kind.fetch(fetcher, target):
            _store_fetched(session, source, company, kind, options, fetched, pages, result)
    except ScrapeError as exc:
        result.errors.insert(0, _describe(exc, source.url))
    except Exception as exc:  # a bug in one kind must not stop the other sources
        log.exception("checking source %s failed", source_id)
        result.errors.insert(0, f"{source.url}: unexpected error {type(exc).__name__}: {exc}; please report it")
    _record_health(source, result, backoff_max)
    session.add(source)
    return result


def _store_fetched(session, source, company, kind, options, fetched: Fetched, pages, result: CheckResult) -> None:
    page = pages.get(fetched.url) or Page(source_id=source.id, url=fetched.url)
    pages[fetched.url] = page
    page.checked_at = utcnow()
    if fetched.error is not None:
        page.error = _describe(fetched.error, fetched.url)
        result.errors.append(page.error)
    elif fetched.unchanged:
        result.unchanged += 1
    else:
        content_hash = hashlib.sha256(fetched.raw).hexdigest()
        if content_hash == page.content_hash and page.error is None:
            result.unchanged += 1
        else:
            try:
                document = kind.parse(fetched.raw, fetched.content_type, fetched.url, company.ticker, options)
            except ScrapeError as exc:
                page.error = _describe(exc, fetched.url)
                result.errors.append(page.error)
                session.add(page)
                return  # validators are not kept, so the page is read again next time
            doc_id = store_document(session, company.id, source.id, document, fetched, content_hash)
            if doc_id is not None:
                result.new_documents.append(doc_id)
            else:
                result.unchanged += 1
            page.content_hash, page.error = content_hash, None
        page.etag, page.last_modified = fetched.etag or page.etag, fetched.last_modified or page.last_modified
    session.add(page)


def store_document(session, company_id: int, source_id: int | None, document: CallDocument, fetched: Fetched, content_hash: str) -> int | None:
    """Store a document version once per (company, period, content hash); None if already stored."""
    period = str(document.period)
    exists = session.exec(
        select(DocumentVersion.id).where(
            DocumentVersion.company_id == company_id,
            DocumentVersion.period == period,
            DocumentVersion.content_hash == content_hash,
        )
    ).first()
    if exists is not None:
        return None
    row = DocumentVersion(
        company_id=company_id,
        source_id=source_id,
        period=period,
        content_hash=content_hash,
        url=fetched.url,
        title=document.title,
        content_type=fetched.content_type,
        raw=fetched.raw,
        parsed=document.to_dict(),
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another worker stored the same version a moment ago
        return None
    return row.id


def _record_health(source: Source, result: CheckResult, backoff_max: float) -> None:
    now = utcnow()
    source.last_checked_at = now
    if result.errors:
        shown = result.errors[:MAX_ERRORS_SHOWN]
        more = len(result.errors) - len(shown)
        source.error = "; ".join(shown) + (f"; and {more} more" if more else "")
        source.failures += 1
        source.failing_since = source.failing_since or now
        source.status = "failing"
        wait = min(source.every_seconds * 2 ** (source.failures - 1), max(backoff_max, source.every_seconds))
        source.next_check_at = now + timedelta(seconds=wait * random.uniform(1.0, 1.2))
    else:
        source.status, source.error, source.failures, source.failing_since = "ok", None, 0, None


def _describe(exc: ScrapeError, url: str) -> str:
    message = str(exc)
    if exc.url is None and url not in message:
        message = f"{url}: {message}"
    return mask_secrets(message)
