"""The whole flow in one process: check sources, compare what is new, deliver the alerts.

``earnwatch scrape``, ``earnwatch retrigger`` and ``earnwatch demo`` run it in the foreground;
the Celery tasks run the same functions one stage at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlmodel import col, select

from config.settings import get_settings
from config.watchlist import Watchlist
from earnings.period import FiscalPeriod
from scrapers.errors import ScrapeError
from scrapers.registry import source_kind
from worker.stages import compare as comparing, deliver as delivery, scrape as scraping
from worker.storage.db import session_scope
from worker.storage.models import Company, DocumentVersion, Source
from worker.runtime import make_fetcher
from worker.stages.sync import sync_watchlist


class PipelineError(Exception):
    """A request the pipeline cannot carry out (an unknown ticker, no stored quarter)."""


@dataclass
class RunSummary:
    checks: list[scraping.CheckResult] = field(default_factory=list)
    comparisons: list[comparing.CompareResult] = field(default_factory=list)
    deliveries: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def check_sources(watchlist: Watchlist, tickers: Iterable[str] = (), on_source: Callable[[str], None] | None = None) -> RunSummary:
    """Check every active source (of ``tickers``, or all) now, then compare and deliver."""
    wanted = {t.upper() for t in tickers}
    with session_scope() as session:
        sync_watchlist(session, watchlist)
        rows = session.exec(
            select(Source.id, Source.url, Company.ticker)
            .join(Company, Company.id == Source.company_id)
            .where(Source.active, Company.active)
            .order_by(Company.ticker, Source.id)
        ).all()
    unknown = wanted - {ticker for _, _, ticker in rows}
    if unknown:
        raise PipelineError(f"no active source for {', '.join(sorted(unknown))}; check the watchlist")
    summary = RunSummary()
    chosen = [(source_id, f"{ticker} {url}") for source_id, url, ticker in rows if not wanted or ticker in wanted]
    summary.checks = check_many(chosen, on_source)
    new_documents = [d for check in summary.checks for d in check.new_documents]
    _compare_and_deliver(watchlist, new_documents, summary)
    return summary


def check_many(sources: list[tuple[int, str]], on_source: Callable[[str], None] | None = None) -> list[scraping.CheckResult]:
    """Check ``(source id, label)`` sources with a pool of threads (``EARNWATCH_FETCH_CONCURRENCY``);
    each check reads, fetches and parses, then writes in its own short transaction. Results
    come back in the order given."""
    settings = get_settings()
    workers = max(1, min(settings.fetch_concurrency, len(sources)))

    def check(source: tuple[int, str]) -> scraping.CheckResult:
        if on_source:
            on_source(source[1])
        return scraping.check_source(source[0], fetcher, backoff_max=settings.source_backoff_max)

    with make_fetcher(max_connections=workers) as fetcher, ThreadPoolExecutor(workers, thread_name_prefix="check") as pool:
        return list(pool.map(check, sources))


def retrigger(watchlist: Watchlist, ticker: str, quarter: str, *, refetch: bool = False, resend: bool = False) -> RunSummary:
    """Re-run one quarter: optionally re-fetch, re-parse the stored bytes, re-compare, plan
    alerts and deliver them. Dedupe keeps a delivered alert from going again unless ``resend``."""
    period = str(FiscalPeriod.parse(quarter))
    summary = check_sources(watchlist, [ticker]) if refetch else RunSummary()
    with session_scope() as session:
        company = session.exec(select(Company).where(Company.ticker == ticker.upper())).first()
        if company is None:
            raise PipelineError(f"{ticker.upper()} is not a company earnwatch has seen; add it to the watchlist and run `earnwatch scrape`")
        document = comparing.latest_version(session, company.id, period)
        if document is None:
            stored = session.exec(
                select(DocumentVersion.period).where(DocumentVersion.company_id == company.id).distinct()
            ).all()
            raise PipelineError(
                f"no {ticker.upper()} document for {period} is stored (stored: {', '.join(sorted(stored)) or 'none'}); "
                "use --refetch to fetch the sources first"
            )
        if reparse(session, document):
            summary.notes.append(f"re-parsed {document.url}")
        document_id = document.id
    _compare_and_deliver(watchlist, [document_id], summary, resend=resend, force=True)
    return summary


def reparse(session, document: DocumentVersion) -> bool:
    """Parse the stored raw bytes again with today's parser; True if the result changed."""
    source = session.get(Source, document.source_id) if document.source_id else None
    if source is None:
        return False
    kind = source_kind(source.kind)
    company = session.get(Company, document.company_id)
    try:
        parsed = kind.parse(document.raw, document.content_type, document.url, company.ticker, kind.Options.model_validate(source.options))
    except ScrapeError as exc:
        raise PipelineError(f"the stored page {document.url} no longer parses: {exc}") from None
    if parsed.to_dict() == document.parsed:
        return False
    document.parsed, document.title = parsed.to_dict(), parsed.title
    session.add(document)
    return True


def _compare_and_deliver(watchlist: Watchlist, document_ids: list[int], summary: RunSummary, *, resend: bool = False, force: bool = False) -> None:
    with session_scope() as session:
        ordered = session.exec(
            select(DocumentVersion.id).where(col(DocumentVersion.id).in_(document_ids)).order_by(DocumentVersion.period, DocumentVersion.id)
        ).all()
    alert_ids = []
    for document_id in ordered:
        with session_scope() as session:
            result = comparing.compare_document(session, document_id, watchlist, resend=resend)
        summary.comparisons.append(result)
        alert_ids += result.new_alerts
    if force and not alert_ids and any(c.changes for c in summary.comparisons):
        summary.notes.append("every alert for this report was already planned; use --resend to send it again")
    summary.deliveries += deliver_now(watchlist, alert_ids)


def deliver_now(watchlist: Watchlist, alert_ids: Iterable[int]) -> list[str]:
    settings = get_settings()
    outcomes = []
    for alert_id in alert_ids:
        with session_scope() as session:
            claimed = delivery.claim(session, alert_id)
        if not claimed:
            continue
        with session_scope() as session:
            outcomes.append(
                delivery.send_claimed(
                    session, alert_id, watchlist, max_attempts=settings.alert_max_attempts, retry_base=settings.alert_retry_base
                )
            )
    return outcomes
