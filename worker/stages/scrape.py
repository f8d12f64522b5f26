"""The scrape stage: which sources are due, and fetching, parsing and storing what one holds.

``check_source`` returns a ``CheckResult`` whose ``new_documents`` are the ids the compare
stage takes next.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import random
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from billiard.exceptions import SoftTimeLimitExceeded
from pydantic import BaseModel
from sqlalchemy import Row, bindparam, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from config.watchlist import Watchlist
from earnings.document import CallDocument
from scrapers.base import Fetched, SourceKind, Target, Validators
from scrapers.errors import ParseError, ScrapeError
from worker.runtime.context import Context
from worker.storage import versions
from worker.storage.models import Company, Page, Source, SourceStatus, UnresolvedDocument, as_utc, utcnow
from worker.text import plural

log = logging.getLogger(__name__)
MAX_ERRORS_SHOWN = 3
_CHUNK = 500  # ids per IN (...): well under SQLite's limit of bound parameters
T = TypeVar("T")


def batches(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class CheckResult:
    """What one check of one source found."""

    source_id: int
    ticker: str = ""
    url: str = ""
    new_documents: list[int] = field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.ticker} {self.url}".strip() or f"source {self.source_id}"

    def summary(self) -> str:
        text = f"{self.label}: {len(self.new_documents)} new, {self.unchanged} unchanged"
        return text + (f", {len(self.errors)} failed" if self.errors else "")


def claim_due_sources(session: Session, lease: float, now: datetime | None = None, *, limit: int = 500) -> list[int]:
    """Ids of active sources whose check is due and not already queued or running, each leased
    for ``lease`` seconds, in one conditional UPDATE.

    The lease is what keeps a source from being enqueued again while its check waits in a
    queue or runs; the check clears it when it ends (``_store``), and a dead worker's lease
    expires. The UPDATE repeats the conditions, so of two schedulers (or a re-read row under
    PostgreSQL's read committed) exactly one takes each source.
    """
    now = now or utcnow()
    free = or_(col(Source.lease_until).is_(None), col(Source.lease_until) <= now)
    due = (
        select(Source.id)
        .join(Company, col(Company.id) == col(Source.company_id))
        .where(col(Source.active), col(Company.active), col(Source.next_check_at) <= now, free)
        .order_by(col(Source.next_check_at))
        .limit(limit)
    )
    claimed = session.execute(
        update(Source)
        .where(col(Source.id).in_(due.scalar_subquery()), col(Source.next_check_at) <= now, free)
        .values(lease_until=now + timedelta(seconds=lease))
        .returning(col(Source.id))
        .execution_options(synchronize_session=False)
    )
    return sorted(source_id for (source_id,) in claimed if source_id is not None)


def release_sources(session: Session, source_ids: Sequence[int]) -> None:
    """Free the leases of sources whose checks could not be handed to a worker, so the next
    sweep takes them again instead of leaving them for the whole lease."""
    if source_ids:
        session.execute(update(Source).where(col(Source.id).in_(source_ids)).values(lease_until=None).execution_options(synchronize_session=False))


@dataclass
class _Plan:
    """What a check needs to know before it goes to the network (read in a short transaction)."""

    source_id: int
    company_id: int
    ticker: str
    url: str
    kind: SourceKind
    options: BaseModel
    target: Target
    hashes: dict[str, str | None]
    page_ids: dict[str, int]
    every_seconds: float
    leased: bool  # enqueued by a sweep: the check that ends schedules the next one


@dataclass
class _Item:
    """One fetched page, parsed (or not) outside any transaction."""

    fetched: Fetched
    content_hash: str | None = None
    document: CallDocument | None = None
    error: ScrapeError | None = None


@dataclass
class Checked:
    """A check's network half, done outside any transaction: what was fetched and parsed."""

    plan: _Plan
    items: list[_Item]
    error: str | None
    duration: float

    @property
    def unchanged(self) -> bool:
        """Every page answered 304 and is known: the store is two bulk UPDATEs."""
        return self.error is None and all(
            item.fetched.unchanged and item.fetched.error is None and item.fetched.url in self.plan.page_ids for item in self.items
        )


def check_source(ctx: Context, source_id: int) -> CheckResult:
    """Fetch every new or changed document of one source and store each new version.

    A short read, then fetching and parsing outside any transaction (``fetch_source``), then a
    short write (``store_checks``), so many threads or workers can check sources at once.
    Errors are caught here, per page and per source, and recorded on the source row: one bad
    source or page never stops the others, and nothing already stored is touched.
    """
    checked = fetch_source(ctx, source_id)
    if checked is None:
        return CheckResult(source_id)
    with ctx.session() as session:
        (result,) = store_checks(ctx, session, [checked])
    return result


def fetch_source(ctx: Context, source_id: int) -> Checked | None:
    """Read what the check needs, then fetch and parse (no write); None if the source is gone."""
    with ctx.read_session() as session:
        plan = plan_checks(ctx, session, [source_id]).get(source_id)
    if plan is None:
        return None
    return fetch_planned(ctx, plan)


def fetch_planned(ctx: Context, plan: _Plan) -> Checked:
    """Fetch and parse what ``plan_checks`` planned (no database)."""
    started = time.monotonic()
    items, error = _collect(ctx, plan)
    return Checked(plan, items, error, time.monotonic() - started)


def store_checks(ctx: Context, session: Session, checks: Sequence[Checked]) -> list[CheckResult]:
    """Store the outcomes of many checks in the caller's one transaction: the sources found
    unchanged in two bulk UPDATEs (whatever their history holds), the others row by row."""
    quiet = [checked for checked in checks if checked.unchanged]
    results = {checked.plan.source_id: _store_unchanged(checked) for checked in quiet}
    if quiet:
        _touch_unchanged(session, quiet)
    for checked in checks:
        if not checked.unchanged:
            plan = checked.plan
            results[plan.source_id] = result = _store(ctx, session, plan, checked.items, checked.error, checked.duration)
            if result.errors:
                log.warning("%s failed: %s", result.label, "; ".join(result.errors[:MAX_ERRORS_SHOWN]), extra={"source_id": plan.source_id})
    return [results[checked.plan.source_id] for checked in checks]


def _store_unchanged(checked: Checked) -> CheckResult:
    plan = checked.plan
    return CheckResult(plan.source_id, plan.ticker, plan.url, unchanged=len(checked.items))


def _touch_unchanged(session: Session, quiet: list[Checked]) -> None:
    now = utcnow()
    page_ids = [checked.plan.page_ids[item.fetched.url] for checked in quiet for item in checked.items]
    for chunk in batches(page_ids, _CHUNK):
        session.execute(update(Page).where(col(Page.id).in_(chunk)).values(checked_at=now).execution_options(synchronize_session=False))
    table = Source.__table__  # type: ignore[attr-defined]
    healthy = {
        "status": SourceStatus.OK, "error": None, "failures": 0, "failing_since": None, "lease_until": None, "last_checked_at": now,
        "checks": table.c.checks + 1, "last_check_seconds": bindparam("b_seconds"),
    }
    leased = [c for c in quiet if c.plan.leased]
    if leased:
        session.execute(
            update(table).where(table.c.id == bindparam("b_id")).values(**healthy, next_check_at=bindparam("b_next")),
            [{"b_id": c.plan.source_id, "b_next": next_check(now, c.plan.every_seconds), "b_seconds": c.duration} for c in leased],
        )
    checked_now = [c for c in quiet if not c.plan.leased]  # `earnwatch scrape`: the schedule stays as it was
    if checked_now:
        session.execute(
            update(table).where(table.c.id == bindparam("b_id")).values(**healthy),
            [{"b_id": c.plan.source_id, "b_seconds": c.duration} for c in checked_now],
        )


# What planning reads of each row: plain rows, not ORM objects (three per source, each with its
# instance state and a place in the session's identity map, only to be read once and dropped).
_SOURCE_COLUMNS = tuple(col(c) for c in (Source.id, Source.company_id, Source.kind, Source.url, Source.options, Source.every_seconds, Source.lease_until))
_COMPANY_COLUMNS = tuple(col(c) for c in (Company.id, Company.ticker, Company.name))
_PAGE_COLUMNS = tuple(col(c) for c in (Page.id, Page.source_id, Page.url, Page.etag, Page.last_modified, Page.content_hash, Page.error, Page.checked_at))


def plan_checks(ctx: Context, session: Session, source_ids: Sequence[int]) -> dict[int, _Plan]:
    """What the checks of these sources need before they go to the network, read in a few
    queries whatever their number (the inline dispatcher plans a whole cycle at once); a source
    that is gone or inactive has no plan."""
    plans: dict[int, _Plan] = {}
    watchlist = ctx.watchlist
    shared = _Shared(ctx)
    recheck_before = utcnow() - timedelta(seconds=ctx.settings.document_recheck)
    for ids in batches(source_ids, _CHUNK):
        sources = session.execute(sa_select(*_SOURCE_COLUMNS).where(col(Source.id).in_(ids), col(Source.active))).all()
        companies = {c.id: c for c in session.execute(sa_select(*_COMPANY_COLUMNS).where(col(Company.id).in_({s.company_id for s in sources})))}
        pages: dict[int, list[Row[Any]]] = defaultdict(list)
        for page in session.execute(sa_select(*_PAGE_COLUMNS).where(col(Page.source_id).in_([s.id for s in sources]))):
            pages[page.source_id].append(page)
        held = versions.suspect_hashes_of(session, list(companies))
        for source in sources:
            company = companies.get(source.company_id)
            if company is not None:
                plans[source.id] = _plan_of(shared, watchlist, source, company, pages[source.id], held.get(source.company_id, set()), recheck_before)
    return plans


class _Shared:
    """What the plans of one cycle share: a source's options are read once for all the sources
    that have the same (most have none of their own; a model is ~1 KB), and the endpoints."""

    def __init__(self, ctx: Context) -> None:
        self.ctx, self.endpoints = ctx, ctx.endpoints
        self._options: dict[tuple[str, str], BaseModel] = {}

    def options(self, kind: SourceKind, stored: Any) -> BaseModel:
        key = (kind.name, json.dumps(stored, sort_keys=True))
        found = self._options.get(key)
        if found is None:
            found = self._options[key] = kind.Options.model_validate(stored)
        return found


def _plan_of(
    shared: _Shared, watchlist: Watchlist, source: Row[Any], company: Row[Any], rows: list[Row[Any]], held: set[str], recheck_before: datetime,
) -> _Plan:
    ctx = shared.ctx
    kind = ctx.kind(source.kind)
    options = shared.options(kind, source.options)
    source_url = watchlist.fetch_url(source.url)  # stored with ${VAR}: the secret only for the fetch
    pages = {watchlist.fetch_url(p.url): p for p in rows}
    known = {url: (p.etag, p.last_modified, p.content_hash if p.error is None else None) for url, p in pages.items()}
    known = versions.forget_held(held, known)  # a held version is read again to confirm it

    def validators(url: str) -> Validators:
        etag, last_modified, _ = known.get(url, (None, None, None))
        return Validators(etag, last_modified)

    stale = sorted(
        ((url, page) for url, page in pages.items() if url != source_url and page.content_hash is not None),
        key=lambda item: as_utc(item[1].checked_at),
    )
    recheck = tuple(url for url, page in stale if as_utc(page.checked_at) <= recheck_before)
    target = Target(
        url=source_url, ticker=company.ticker, options=options, company_name=company.name,
        validators=validators, seen=lambda url: known.get(url, (None, None, None))[2] is not None,
        recheck=recheck[: getattr(options, "max_documents", 8)], endpoints=shared.endpoints,
    )
    hashes = {url: page[2] for url, page in known.items()}
    page_ids = {url: page.id for url, page in pages.items() if page.id is not None}
    return _Plan(
        source.id, company.id, company.ticker, source.url, kind, options, target, hashes, page_ids, source.every_seconds,
        leased=source.lease_until is not None,
    )


def _collect(ctx: Context, plan: _Plan) -> tuple[list[_Item], str | None]:
    """Fetch and parse (no database): the items, and an error for the source as a whole."""
    items: list[_Item] = []
    bound = ctx.fetcher.for_source(respect_robots=getattr(plan.options, "respect_robots", True))
    try:
        for fetched in plan.kind.fetch(bound, plan.target):
            items.append(_parse(plan, fetched))
    except ScrapeError as exc:
        return items, _describe(ctx, exc, plan.url)
    except SoftTimeLimitExceeded:  # the task's time limit (worker.queue.app): record what was found
        limit = ctx.settings.task_soft_time_limit
        return items, f"{plan.url}: gave up after {limit:g} s: too slow (the check's time limit, EARNWATCH_TASK_SOFT_TIME_LIMIT)"
    except Exception as exc:  # a bug in one kind must not stop the other sources
        log.exception("checking %s %s failed", plan.ticker, plan.url)
        return items, ctx.masker.mask(f"{plan.url}: unexpected error {type(exc).__name__}: {exc}; please report it")
    return items, None


def _parse(plan: _Plan, fetched: Fetched) -> _Item:
    if fetched.error is not None or fetched.unchanged:
        return _Item(fetched)
    content_hash = hashlib.sha256(fetched.raw).hexdigest()
    if fetched.listing or content_hash == plan.hashes.get(fetched.url):
        return _Item(fetched, content_hash)
    try:
        document = plan.kind.parse(fetched.raw, fetched.content_type, fetched.url, plan.ticker, plan.options)
    except ScrapeError as exc:
        return _Item(fetched, content_hash, error=exc)
    except Exception as exc:  # a parser bug: this page fails, the others go on
        log.exception("parsing %s failed", fetched.url)
        return _Item(fetched, content_hash, error=ScrapeError(f"{fetched.url}: unexpected error {type(exc).__name__}: {exc}; please report it"))
    return _Item(fetched, content_hash, document=document)


def _store(ctx: Context, session: Session, plan: _Plan, items: list[_Item], error: str | None, duration: float) -> CheckResult:
    result = CheckResult(plan.source_id, plan.ticker, plan.url)
    source = session.get(Source, plan.source_id)
    if source is None:
        return result
    pages = {p.url: p for p in session.exec(select(Page).where(Page.source_id == plan.source_id))}
    items = [stored_form(ctx.watchlist, item) for item in items]  # URLs are stored with ${VAR}, not the secret
    for item in items:
        _store_item(ctx, session, plan, item, pages, result)
    if error:
        result.errors.insert(0, error)
    _record_health(source, result, ctx.settings.source_backoff_max, reschedule=plan.leased)
    source.checks, source.last_check_seconds = source.checks + 1, duration
    session.add(source)
    return result


def _store_item(ctx: Context, session: Session, plan: _Plan, item: _Item, pages: dict[str, Page], result: CheckResult) -> None:
    fetched = item.fetched
    page = pages.get(fetched.url) or Page(source_id=plan.source_id, url=fetched.url)
    pages[fetched.url] = page
    page.checked_at = utcnow()
    failure = fetched.error or item.error
    if failure is not None:
        page.error = _describe(ctx, failure, fetched.url)
        result.errors.append(page.error)
        if isinstance(failure, ParseError) and item.content_hash:  # no quarter, or unreadable: a better reader may read it
            keep_unresolved(session, plan, fetched, item.content_hash, page.error)
        session.add(page)
        return  # validators are not kept, so the page is read again next time
    if fetched.unchanged:
        result.unchanged += 1
        session.add(page)
        return
    if fetched.listing:
        if result.errors:  # a linked page failed: read the listing again next time
            session.add(page)
            return
    elif item.document is None:  # the same bytes as stored last time
        result.unchanged += 1
    else:
        assert item.content_hash is not None
        doc_id = store_document(session, plan.company_id, plan.source_id, item.document, fetched, item.content_hash)
        if doc_id is not None:
            result.new_documents.append(doc_id)
        else:
            result.unchanged += 1
    page.content_hash, page.error = item.content_hash, None
    page.etag, page.last_modified = fetched.etag or page.etag, fetched.last_modified or page.last_modified
    session.add(page)


def stored_form(watchlist: Watchlist, item: _Item) -> _Item:
    """``item`` with its URL as it is stored: each ``${VAR}`` value written back as ``${VAR}``."""
    url = watchlist.stored_url(item.fetched.url)
    return item if url == item.fetched.url else dataclasses.replace(item, fetched=dataclasses.replace(item.fetched, url=url))


def keep_unresolved(session: Session, plan: _Plan, fetched: Fetched, content_hash: str, error: str) -> None:
    """Keep a document that cannot be read or whose quarter cannot be found, once per (source,
    url, content), so that ``earnwatch reparse`` can try it again with a better reader."""
    exists = session.exec(
        select(UnresolvedDocument).where(
            UnresolvedDocument.source_id == plan.source_id,
            UnresolvedDocument.url == fetched.url,
            UnresolvedDocument.content_hash == content_hash,
        )
    ).first()
    if exists is not None:
        exists.error = error
        session.add(exists)
        return
    row = UnresolvedDocument(
        company_id=plan.company_id, source_id=plan.source_id, url=fetched.url, content_hash=content_hash,
        content_type=fetched.content_type, raw=fetched.raw, error=error,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another worker kept it a moment ago
        pass


def store_document(
    session: Session, company_id: int, source_id: int | None, document: CallDocument, fetched: Fetched, content_hash: str
) -> int | None:
    """Store a document version (``worker.storage.versions``); the id to compare, or None."""
    new = versions.NewVersion(fetched.url, fetched.content_type, fetched.raw, content_hash)
    return versions.store_version(session, company_id, source_id, document, new)


def _record_health(source: Source, result: CheckResult, backoff_max: float, *, reschedule: bool) -> None:
    now = utcnow()
    source.last_checked_at = now
    if result.errors:
        shown = result.errors[:MAX_ERRORS_SHOWN]
        more = len(result.errors) - len(shown)
        source.error = "; ".join(shown) + (f"; and {plural(more, 'more error', 'more errors')}" if more else "")
        source.failures += 1
        source.failing_since = source.failing_since or now
        source.status = SourceStatus.FAILING
        wait = min(source.every_seconds * 2 ** (source.failures - 1), max(backoff_max, source.every_seconds))
        source.next_check_at = now + timedelta(seconds=wait * random.uniform(1.0, 1.2))
    else:
        source.status, source.error, source.failures, source.failing_since = SourceStatus.OK, None, 0, None
        if reschedule:  # a check the sweep enqueued; one run by hand leaves the schedule alone
            source.next_check_at = next_check(now, source.every_seconds)
    source.lease_until = None  # the check has ended: the sweep may enqueue it again when due


def next_check(now: datetime, every: float) -> datetime:
    """When a source checked at ``now`` is due again: ``every`` seconds on, with jitter (so
    sources added together spread out)."""
    return now + timedelta(seconds=every + random.uniform(0, min(every * 0.1, 60)))


def _describe(ctx: Context, exc: ScrapeError, url: str) -> str:
    message = str(exc)
    if exc.url is None and url not in message:
        message = f"{url}: {message}"
    return ctx.masker.mask(message)

