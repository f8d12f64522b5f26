"""The compare stage: a stored document against its baselines, and the alerts it plans, in one
transaction. ``CompareResult.new_alerts`` are the ids the deliver stage takes next."""

from __future__ import annotations

import hashlib
import logging
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from alerts.routing import plan
from config.watchlist import Watchlist
from earnings.compare import compare
from earnings.document import CallDocument
from earnings.period import FiscalPeriod
from earnings.report import ChangeReport
from worker.runtime.watchlist import compare_options
from worker.storage import versions
from worker.storage.models import Alert, AlertKind, AlertStatus, Company, Comparison, DocumentVersion, utcnow
from worker.text import plural

log = logging.getLogger(__name__)
_WITHDRAWN_FOR = 4  # quarters looked back for the last guide given before a withdrawal


@dataclass
class CompareResult:
    document_id: int
    ticker: str = ""
    period: str = ""
    url: str = ""
    comparisons: list[int] = field(default_factory=list)
    changes: int = 0
    new_alerts: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.ticker} {self.period} {self.url}".strip() or f"document {self.document_id}"

    def summary(self) -> str:
        return f"{self.label}: {plural(self.changes, 'change')}, {plural(len(self.new_alerts), 'alert')} planned"


def in_period_order(session: Session, document_ids: list[int]) -> list[int]:
    """``document_ids`` oldest quarter first, so each is compared with what came before it."""
    found = session.exec(
        select(col(DocumentVersion.id))
        .where(col(DocumentVersion.id).in_(document_ids))
        .order_by(col(DocumentVersion.period), col(DocumentVersion.id))
    ).all()
    return [document_id for document_id in found if document_id is not None]


def baselines(session: Session, document: DocumentVersion) -> list[DocumentVersion]:
    """The previous stored quarter (its latest version), then the same quarter a year earlier
    when it is stored and is not already that one."""
    previous = versions.latest_before(session, document.company_id, document.period)
    found = [previous] if previous else []
    year_ago = versions.latest_version(session, document.company_id, str(FiscalPeriod.parse(document.period).year_ago()))
    if year_ago and (not previous or year_ago.period != previous.period):
        found.append(year_ago)
    return found


def compare_document(session: Session, document_id: int, watchlist: Watchlist, *, resend: bool = False) -> CompareResult:
    """Compare one document version with its baselines, store the reports, and plan alerts
    for the previous-quarter report when this is the company's newest quarter. What counts as
    a change is the watchlist's ``compare:`` choice for the company (``compare_options``).

    The same report never yields a second alert for a route (the dedupe key), unless
    ``resend`` asks for one more.
    """
    document = session.get(DocumentVersion, document_id)
    company = session.get(Company, document.company_id) if document is not None else None
    if document is None or company is None:
        return CompareResult(document_id)
    result = CompareResult(document_id, company.ticker, document.period, document.url)
    new = CallDocument.from_dict(document.parsed)
    newest_period = session.exec(
        select(DocumentVersion.period)
        .where(DocumentVersion.company_id == company.id, col(DocumentVersion.suspect).is_(False))
        .order_by(col(DocumentVersion.period).desc())
    ).first()
    options = compare_options(watchlist, company.ticker)

    for index, base in enumerate(baselines(session, document)):
        report = compare(new, CallDocument.from_dict(base.parsed), options, _earlier(session, base) if index == 0 else ())
        comparison = _store_comparison(session, document, base, report)
        assert comparison.id is not None
        result.comparisons.append(comparison.id)
        if index == 0:
            result.changes = len(report.changes)
            if document.period == newest_period and report.changes:
                result.new_alerts += _plan_alerts(session, comparison, report, company, watchlist, resend)
    return result


def _earlier(session: Session, base: DocumentVersion) -> Iterator[CallDocument]:
    """The quarters before the baseline, latest first, loaded only if asked for: the engine asks
    when the baseline withdrew guidance, for the last guide given before it."""
    for version in versions.quarters_before(session, base.company_id, base.period, _WITHDRAWN_FOR):
        yield CallDocument.from_dict(version.parsed)


def _store_comparison(session: Session, document: DocumentVersion, base: DocumentVersion, report: ChangeReport) -> Comparison:
    comparison = session.exec(
        select(Comparison).where(Comparison.document_id == document.id, Comparison.baseline_id == base.id)
    ).first()
    fingerprint = report.fingerprint()
    if comparison is None:
        assert document.id is not None and base.id is not None
        comparison = Comparison(document_id=document.id, baseline_id=base.id, report={}, fingerprint="")
    if comparison.fingerprint != fingerprint:
        comparison.report, comparison.fingerprint = report.to_dict(), fingerprint
        comparison.change_count, comparison.updated_at = len(report.changes), utcnow()
        comparison.cosine = report.similarity.get("cosine")
    try:
        with session.begin_nested():
            session.add(comparison)
    except IntegrityError:  # stored by another worker in the meantime
        comparison = session.exec(
            select(Comparison).where(Comparison.document_id == document.id, Comparison.baseline_id == base.id)
        ).one()
    return comparison


def _plan_alerts(session: Session, comparison: Comparison, report: ChangeReport, company: Company, watchlist: Watchlist, resend: bool) -> list[int]:
    """One alert row per route that wants the report, in the caller's transaction (the outbox).

    The dedupe key (route + what the report says) stops a second copy; a report that differs
    from what the route was already sent for this quarter (a parser fix, a corrected page) is
    planned as a correction. A route with a digest holds its alerts until its window ends.
    """
    document = session.get(DocumentVersion, comparison.document_id)
    assert document is not None and company.id is not None
    planned: list[int] = []
    for route, part in plan(watchlist.routes, report, company.tags):
        from alerts.render import headline  # with jinja2 (~20 ms to import): only once a route wants a report

        base_key = hashlib.sha256(f"{route.name}\n{part.fingerprint()}".encode()).hexdigest()
        key = f"{base_key[:48]}:resend:{utcnow().isoformat()}" if resend else base_key
        sent = _sent_keys(session, company.id, document.period, route.name)
        alert = Alert(
            comparison_id=comparison.id,
            route=route.name,
            dedupe_key=key,
            report=part.to_dict(),
            correction=bool(sent) and not any(k[:48] == base_key[:48] for k in sent),
        )
        alert.title = (f"Correction: {headline(part)}" if alert.correction else headline(part))[:500]
        if route.digest:
            alert.digest_until = digest_window_end(utcnow(), route.digest)
            alert.next_attempt_at = alert.digest_until
        try:
            with session.begin_nested():
                session.add(alert)
        except IntegrityError:
            continue  # this route already has this report
        assert alert.id is not None
        planned.append(alert.id)
    return planned


def _sent_keys(session: Session, company_id: int, period: str, route: str) -> list[str]:
    """Dedupe keys of the report alerts this route was sent for one company's quarter."""
    return list(
        session.exec(
            select(Alert.dedupe_key)
            .join(Comparison, col(Comparison.id) == col(Alert.comparison_id))
            .join(DocumentVersion, col(DocumentVersion.id) == col(Comparison.document_id))
            .where(
                DocumentVersion.company_id == company_id,
                DocumentVersion.period == period,
                Alert.route == route,
                Alert.kind == AlertKind.REPORT,
                Alert.status == AlertStatus.SENT,
            )
        )
    )


def digest_window_end(now: datetime, seconds: float) -> datetime:
    """The end of the digest window ``now`` falls in: windows are aligned to the epoch, so every
    worker agrees on them."""
    start = math.floor(now.timestamp() / seconds) * seconds
    return datetime.fromtimestamp(start + seconds, tz=UTC)
