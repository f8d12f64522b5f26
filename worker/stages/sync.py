"""Mirroring the watchlist into the database: companies and sources, added, updated or retired.

Rows are read once, only rows whose values differ are written, and the database is flushed
twice in all (new companies, to learn their ids; then the rest at commit), so a watchlist of
10,000 companies syncs in seconds.
"""

from __future__ import annotations

from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlmodel import Session, col, select

from config.watchlist import CompanyEntry, SourceEntry, Watchlist
from worker.runtime.context import Context
from worker.storage.models import Company, DocumentVersion, Page, Source, UnresolvedDocument, utcnow


def sync_watchlist(session: Session, watchlist: Watchlist) -> None:
    """Make the ``company`` and ``source`` rows match ``watchlist``. History is never deleted:
    a company or source that left the file is marked inactive and no longer checked."""
    if _in_step(session, watchlist):
        return
    companies = {c.ticker: c for c in session.exec(select(Company))}
    wanted_companies: set[str] = set()
    for entry in watchlist.companies:
        wanted_companies.add(entry.ticker)
        company = companies.get(entry.ticker)
        if company is None:
            company = companies[entry.ticker] = Company(ticker=entry.ticker, name=entry.name, tags=list(entry.tags))
            session.add(company)
        elif (company.name, company.tags, company.active) != _company_row(entry):
            company.name, company.tags, company.active = entry.name, list(entry.tags), True
            session.add(company)
    session.flush()  # the new companies' ids

    sources: dict[tuple[int | None, str, str], Source] = {(s.company_id, s.kind, s.url): s for s in session.exec(select(Source))}
    wanted_sources: set[tuple[int | None, str, str]] = set()
    for entry in watchlist.companies:
        company_id = companies[entry.ticker].id
        for src in entry.sources:
            url = watchlist.stored_url(src.url)  # a secret from ${VAR} is stored as ${VAR}
            key = (company_id, src.kind, url)
            wanted_sources.add(key)
            every, options = _source_row(src)
            source = sources.get(key) or _stored_with_secret(session, sources, key, src.url)
            if source is None:
                assert company_id is not None
                session.add(Source(company_id=company_id, kind=src.kind, url=url, every_seconds=every, options=options))
            elif (source.every_seconds, source.options, source.active) != (every, options, True):
                if (source.every_seconds, source.options) != (every, options):
                    source.next_check_at = min(source.next_check_at, utcnow())  # check it soon, as configured now
                source.every_seconds, source.options, source.active = every, options, True
                session.add(source)

    for ticker, company in companies.items():
        if ticker not in wanted_companies and company.active:
            company.active = False
            session.add(company)
    for key, source in sources.items():
        if key not in wanted_sources and source.active:
            source.active = False
            session.add(source)


def _company_row(entry: CompanyEntry) -> tuple[str, list[str], bool]:
    """What a company's row holds for its watchlist entry: name, tags, active."""
    return entry.name, list(entry.tags), True


def _source_row(src: SourceEntry) -> tuple[float, dict]:
    """What a source's row holds for its watchlist entry, beside its key: how often, its options."""
    return src.every, src.options.model_dump(mode="json") if src.options else {}


def _in_step(session: Session, watchlist: Watchlist) -> bool:
    """Whether the rows already match ``watchlist`` (what a cycle over an unchanged file finds),
    read as plain rows: no ORM object per company and source only to find nothing to write."""
    stored = {
        ticker: (company_id, name, tags, active)
        for company_id, ticker, name, tags, active in session.execute(
            sa_select(col(Company.id), col(Company.ticker), col(Company.name), col(Company.tags), col(Company.active))
        )
    }
    wanted: dict[tuple[int, str, str], tuple[float, dict]] = {}
    for entry in watchlist.companies:
        company = stored.get(entry.ticker)
        if company is None or company[1:] != _company_row(entry):
            return False
        for src in entry.sources:
            wanted[(company[0], src.kind, watchlist.stored_url(src.url))] = _source_row(src)
    if sum(1 for _, _, _, active in stored.values() if active) != len(watchlist.companies):
        return False  # an active company that left the file
    found = 0
    for company_id, kind, url, every, options, active in session.execute(
        sa_select(col(Source.company_id), col(Source.kind), col(Source.url), col(Source.every_seconds), col(Source.options), col(Source.active))
    ):
        want = wanted.get((company_id, kind, url))
        if want is None:
            if active:
                return False  # a source that left the file
            continue
        if not active or (every, options) != want:
            return False
        found += 1
    return found == len(wanted)


def _stored_with_secret(
    session: Session, sources: dict[tuple[int | None, str, str], Source], key: tuple[int | None, str, str], url: str
) -> Source | None:
    """A source stored (by an earlier earnwatch) with its secret in the URL: rewritten with its
    ``${VAR}``, and so are the URLs of its pages and documents."""
    company_id, kind, stored = key
    source = sources.pop((company_id, kind, url), None) if stored != url else None
    if source is None or source.id is None:
        return None
    source.url = stored
    sources[key] = source
    session.add(source)
    for table in (Page, DocumentVersion, UnresolvedDocument):
        session.execute(
            update(table).where(col(table.source_id) == source.id, col(table.url) == url).values(url=stored)  # type: ignore[attr-defined]
        )
    return source


def sync_if_changed(ctx: Context, session: Session) -> Watchlist:
    """Sync ``ctx.watchlist`` unless this process already mirrored this very watchlist (the
    context re-reads the file only when it changes). Call ``mark_synced`` after the commit."""
    watchlist = ctx.watchlist
    if watchlist is not ctx.synced:
        sync_watchlist(session, watchlist)
    return watchlist


def mark_synced(ctx: Context, watchlist: Watchlist) -> None:
    ctx.synced = watchlist
