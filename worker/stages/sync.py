"""Mirroring the watchlist into the database: companies and sources, added, updated or retired."""

from __future__ import annotations

from sqlmodel import Session, select

from config.watchlist import Watchlist
from worker.storage.models import Company, Source, utcnow


def sync_watchlist(session: Session, watchlist: Watchlist) -> None:
    """Make the ``company`` and ``source`` rows match ``watchlist``. History is never deleted:
    a company or source that left the file is marked inactive and no longer checked."""
    companies = {c.ticker: c for c in session.exec(select(Company))}
    sources = {(s.company_id, s.kind, s.url): s for s in session.exec(select(Source))}
    wanted_companies, wanted_sources = set(), set()

    for entry in watchlist.companies:
        company = companies.get(entry.ticker) or Company(ticker=entry.ticker)
        company.name, company.tags, company.active = entry.name, list(entry.tags), True
        session.add(company)
        session.flush()
        wanted_companies.add(company.id)
        for src in entry.sources:
            key = (company.id, src.kind, src.url)
            source = sources.get(key) or Source(company_id=company.id, kind=src.kind, url=src.url)
            options = src.options.model_dump(mode="json") if src.options else {}
            if source.id is not None and (source.every_seconds != src.every or source.options != options):
                source.next_check_at = min(source.next_check_at, utcnow())
            source.every_seconds, source.options, source.active = src.every, options, True
            session.add(source)
            session.flush()
            wanted_sources.add(source.id)

    for company in companies.values():
        if company.id not in wanted_companies:
            company.active = False
            session.add(company)
    for source in sources.values():
        if source.id not in wanted_sources:
            source.active = False
            session.add(source)

