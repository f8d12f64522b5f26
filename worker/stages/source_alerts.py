"""Operator alerts about sources: one when a source has failed for longer than
``EARNWATCH_SOURCE_ALERT_AFTER``, and one more when it works again.

They are alert rows like any other (sent to the route named by ``EARNWATCH_OPERATOR_ROUTE``),
so they are delivered exactly once, retried, and listed by ``earnwatch alerts list``. The
dedupe key names the source and when its failure began: one failure, one pair of alerts.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from config.secrets import Masker
from worker.storage.models import Alert, AlertKind, Company, Source, SourceStatus, utcnow


def plan_source_alerts(session: Session, route: str, after: float, masker: Masker, now: datetime | None = None) -> list[int]:
    """Plan the down and back-up alerts that are due; returns the ids of new alert rows."""
    if not route:
        return []
    now = now or utcnow()
    planned = []
    failing = session.exec(
        select(Source, Company)
        .join(Company, col(Company.id) == col(Source.company_id))
        .where(col(Source.active), col(Source.status) == SourceStatus.FAILING, col(Source.failing_since).is_not(None))
    ).all()
    for source, company in failing:
        assert source.failing_since is not None
        since = _utc(source.failing_since)
        if now - since < timedelta(seconds=after):
            continue
        lines = [
            f"{company.ticker} {source.url} has failed since {_stamp(since)} ({_duration(now - since)}, {source.failures} checks).",
            f"Last error: {masker.mask(source.error or 'none recorded')}",
            "earnwatch keeps checking it with backoff; `earnwatch status` shows every source.",
        ]
        title = f"Source failing for {_duration(now - since)}: {company.ticker} {source.url}"
        report = {"source_id": source.id, "failing_since": _stamp(since), "lines": lines}
        planned += _add(session, Alert(kind=AlertKind.SOURCE_DOWN, route=route, dedupe_key=f"source-down:{source.id}:{_stamp(since)}", report=report, title=title[:500]))

    downs = session.exec(select(Alert).where(Alert.kind == AlertKind.SOURCE_DOWN)).all()
    ups = set(session.exec(select(Alert.dedupe_key).where(Alert.kind == AlertKind.SOURCE_UP)).all())
    for down in downs:
        key = f"source-up:{down.dedupe_key}"
        if key in ups:
            continue
        recovered = session.get(Source, down.report["source_id"])
        owner = session.get(Company, recovered.company_id) if recovered is not None else None
        if recovered is None or owner is None or recovered.status != SourceStatus.OK:
            continue
        source, company = recovered, owner
        lines = [f"{company.ticker} {source.url} works again (it had failed since {down.report['failing_since']})."]
        title = f"Source recovered: {company.ticker} {source.url}"
        planned += _add(session, Alert(kind=AlertKind.SOURCE_UP, route=route, dedupe_key=key, report={"source_id": source.id, "lines": lines}, title=title[:500]))
    return planned


def _add(session: Session, alert: Alert) -> list[int]:
    try:
        with session.begin_nested():
            session.add(alert)
    except IntegrityError:  # planned already, by this sweep's predecessor or another scheduler
        return []
    return [alert.id] if alert.id is not None else []


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _stamp(value: datetime) -> str:
    return _utc(value).isoformat(timespec="seconds").replace("+00:00", "Z")


def _duration(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m"
