"""Actions a person takes on one alert of the outbox (the web's buttons, the API): try it now,
or send it once more. The deliver stage still sends it, claimed as always, so even an alert a
worker is about to send goes out once."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from worker.storage.models import Alert, AlertStatus, utcnow


def retry_now(session: Session, alert_id: int) -> bool:
    """Make a failed alert, or a pending one waiting for its next try, due now; False for an
    alert that is sent, being sent, or not there. A failed alert starts its attempts again."""
    now = utcnow()
    failed = session.execute(
        update(Alert).where(col(Alert.id) == alert_id, col(Alert.status) == AlertStatus.FAILED)
        .values(status=AlertStatus.PENDING, next_attempt_at=now, attempts=0)
    )
    if failed.rowcount == 1:  # type: ignore[attr-defined]
        return True
    waiting = session.execute(
        update(Alert).where(col(Alert.id) == alert_id, col(Alert.status) == AlertStatus.PENDING, col(Alert.next_attempt_at) > now)
        .values(next_attempt_at=now)
    )
    if waiting.rowcount == 1:  # type: ignore[attr-defined]
        return True
    alert = session.get(Alert, alert_id)
    return alert is not None and alert.status == AlertStatus.PENDING  # already due


def resend(session: Session, alert_id: int, now: datetime | None = None) -> int | None:
    """A new alert with the same message for the same route, due now (its own dedupe key, so
    it goes out once more); None when ``alert_id`` is not a sent or failed alert."""
    original = session.get(Alert, alert_id)
    if original is None or original.status not in (AlertStatus.SENT, AlertStatus.FAILED):
        return None
    now = now or utcnow()
    copy = Alert(
        comparison_id=original.comparison_id, kind=original.kind, route=original.route, report=original.report,
        title=original.title, correction=original.correction, next_attempt_at=now,
        dedupe_key=f"{original.dedupe_key[:48]}:resend:{original.id}:{now.isoformat()}"[:128],
    )
    session.add(copy)
    session.flush()
    return copy.id
