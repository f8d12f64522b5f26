"""What ``earnwatch status`` shows: per company its sources and stored quarters; alert counts."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from worker.storage.models import Alert, Company, DocumentVersion, Source, UnresolvedDocument


def _iso(value) -> str | None:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z") if value else None


def status(session: Session) -> dict[str, Any]:
    companies = []
    for company in session.exec(select(Company).where(Company.active).order_by(Company.ticker)):
        sources = session.exec(select(Source).where(Source.company_id == company.id, Source.active).order_by(Source.id))
        documents = session.exec(
            select(DocumentVersion.period, DocumentVersion.title, DocumentVersion.url, DocumentVersion.fetched_at)
            .where(DocumentVersion.company_id == company.id)
            .order_by(col(DocumentVersion.period).desc(), col(DocumentVersion.id).desc())
        ).all()
        latest: dict[str, Any] = {}
        for period, title, url, fetched_at in documents:
            latest.setdefault(period, {"period": period, "title": title, "url": url, "fetched_at": _iso(fetched_at)})
        companies.append(
            {
                "ticker": company.ticker,
                "name": company.name,
                "sources": [
                    {
                        "kind": s.kind,
                        "url": s.url,
                        "last_checked_at": _iso(s.last_checked_at),
                        "status": s.status,
                        "error": s.error,
                    }
                    for s in sources
                ],
                "documents": list(latest.values()),
                "unresolved": [
                    {"url": u.url, "error": u.error, "fetched_at": _iso(u.fetched_at)}
                    for u in session.exec(select(UnresolvedDocument).where(UnresolvedDocument.company_id == company.id).order_by(UnresolvedDocument.id))
                ],
            }
        )
    counts = dict(session.exec(select(Alert.status, func.count()).group_by(Alert.status)).all())
    alerts = {name: counts.get(name, 0) for name in ("pending", "sent", "failed")}
    alerts["pending"] += counts.get("sending", 0)
    return {"companies": companies, "alerts": alerts}
