"""What ``earnwatch status`` shows: per company its sources and stored quarters; alert counts.

Four queries whatever the size of the watchlist, and two for each version held as suspect."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from worker.storage import versions
from worker.storage.models import Alert, AlertStatus, Company, DocumentVersion, Source, UnresolvedDocument


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z") if value else None


def status(session: Session) -> dict[str, Any]:
    companies = session.exec(select(Company).where(col(Company.active)).order_by(col(Company.ticker))).all()
    sources: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for s in session.exec(select(Source).where(col(Source.active)).order_by(col(Source.id))):
        sources[s.company_id].append(
            {"kind": s.kind, "url": s.url, "last_checked_at": _iso(s.last_checked_at), "status": s.status.value, "error": s.error}
        )
    documents: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    latest = (
        sa_select(col(DocumentVersion.company_id), col(DocumentVersion.period), col(DocumentVersion.title), col(DocumentVersion.url), col(DocumentVersion.fetched_at))
        .where(col(DocumentVersion.suspect).is_(False))
        .order_by(col(DocumentVersion.period).desc(), *versions.latest_order())
    )
    for company_id, period, title, url, fetched_at in session.execute(latest):
        documents[company_id].setdefault(period, {"period": period, "title": title, "url": url, "fetched_at": _iso(fetched_at)})
    suspect: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for held in versions.held_versions(session):
        before = versions.latest_version(session, held.company_id, held.period)
        suspect[held.company_id].append({
            "period": held.period, "url": held.url, "seen_at": _iso(held.seen_at),
            "statements": len(held.parsed.get("statements", [])),
            "latest_statements": len(before.parsed.get("statements", [])) if before else None,
        })
    unresolved: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for u in session.exec(select(UnresolvedDocument).order_by(col(UnresolvedDocument.id))):
        unresolved[u.company_id].append({"url": u.url, "error": u.error, "fetched_at": _iso(u.fetched_at)})
    shown = [
        {
            "ticker": c.ticker,
            "name": c.name,
            "sources": sources.get(c.id, []) if c.id is not None else [],
            "documents": list(documents.get(c.id, {}).values()) if c.id is not None else [],
            "unresolved": unresolved.get(c.id, []) if c.id is not None else [],
            "suspect": suspect.get(c.id, []) if c.id is not None else [],
        }
        for c in companies
    ]
    counts = dict(session.exec(select(Alert.status, func.count()).group_by(col(Alert.status))).all())
    alerts = {status.value: counts.get(status, 0) for status in (AlertStatus.PENDING, AlertStatus.SENT, AlertStatus.FAILED)}
    alerts["pending"] += counts.get(AlertStatus.SENDING, 0)
    return {"companies": shown, "alerts": alerts}
