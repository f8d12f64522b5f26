"""Delivering planned alerts exactly once: claim, send, record; retry later on failure.

An alert is claimed with a conditional update (pending → sending) that must change exactly
one row, so two workers never send the same alert. A failed attempt is recorded and the next
attempt time is kept in the row, where the periodic sweep finds it (no long Celery countdowns,
which Redis can run twice). Targets of a route that already received the alert are not sent
to again on a retry.
"""

from __future__ import annotations

import logging
import random
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from alerts import DeliveryError
from alerts.channels import send
from alerts.render import render
from config.secrets import mask_secrets
from config.watchlist import Watchlist
from earnings.report import ChangeReport
from worker.models import Alert, AlertAttempt, Comparison, Company, DocumentVersion, utcnow

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)  # a claim older than this belonged to a worker that died


def claim(session: Session, alert_id: int) -> bool:
    """Move one due alert from pending to sending; False if it is not due or already taken."""
    now = utcnow()
    result = session.execute(
        update(Alert)
        .where(Alert.id == alert_id, Alert.status == "pending", Alert.next_attempt_at <= now)
        .values(status="sending", claimed_at=now)
    )
    return result.rowcount == 1


def send_claimed(session: Session, alert_id: int, watchlist: Watchlist, *, max_attempts: int, retry_base: float) -> str:
    """Send a claimed alert to every target of its route and record the outcome."""
    alert = session.get(Alert, alert_id)
    report = ChangeReport.from_dict(alert.report)
    comparison = session.get(Comparison, alert.comparison_id)
    document = session.get(DocumentVersion, comparison.document_id)
    company = session.get(Company, document.company_id)
    message = render(report, url=document.url, company_name=company.name)

    route = watchlist.route(alert.route)
    errors: list[DeliveryError] = []
    if route is None:
        errors.append(DeliveryError(f"route {alert.route!r} is no longer in the watchlist", permanent=True))
    else:
        done = set(alert.delivered)
        for index, url in enumerate(route.urls):
            if index in done:
                continue
            try:
                send(url, message)
                done.add(index)
            except DeliveryError as exc:
                errors.append(exc)
        alert.delivered = sorted(done)

    now = utcnow()
    alert.attempts += 1
    error_text = "; ".join(mask_secrets(str(e)) for e in errors) or None
    session.add(AlertAttempt(alert_id=alert.id, at=now, ok=not errors, error=error_text))
    alert.last_error = error_text
    if not errors:
        alert.status, alert.sent_at = "sent", now
    elif alert.attempts >= max_attempts or all(e.permanent for e in errors):
        alert.status = "failed"
    else:
        delay = retry_base * 2 ** (alert.attempts - 1)
        alert.status, alert.next_attempt_at = "pending", now + timedelta(seconds=delay * random.uniform(0.8, 1.2))
    session.add(alert)
    if errors:
        log.warning("alert %s to %s: %s (%s)", alert.id, alert.route, error_text, alert.status)
    return f"alert {alert.id} to {alert.route}: {alert.status}"


def due_alert_ids(session: Session, now=None) -> list[int]:
    """Alerts to hand to a delivery task: pending and due, or claimed by a worker that died."""
    now = now or utcnow()
    session.execute(
        update(Alert)
        .where(Alert.status == "sending", Alert.claimed_at < now - LEASE)
        .values(status="pending")
    )
    return list(
        session.exec(
            select(Alert.id)
            .where(Alert.status == "pending", Alert.next_attempt_at <= now)
            .order_by(col(Alert.id))
            .limit(500)
        )
    )


def retry(session: Session, alert_id: int) -> bool:
    """Put a failed alert back in the queue, due now (``earnwatch alerts retry``)."""
    result = session.execute(
        update(Alert)
        .where(Alert.id == alert_id, Alert.status == "failed")
        .values(status="pending", next_attempt_at=utcnow(), attempts=0)
    )
    return result.rowcount == 1
