"""Delivering planned alerts exactly once: claim, send, record; retry later on failure.

An alert is claimed with a conditional update (pending → sending, stamped with a claim token)
that must change exactly one row, so two workers never send the same alert. A digest alert's
claim takes every due alert of the same route and window in the same update, and they go out
as one message. A failed attempt is recorded on each alert of the message, and the next
attempt time (exponential backoff with jitter) is kept in the rows, where the periodic sweep
finds it (no long Celery countdowns, which Redis can run twice). Targets of a route that
already received the message are not sent to again on a retry.
"""

from __future__ import annotations

import logging
import random
import uuid
from datetime import timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from alerts import DeliveryError
from alerts.channels import send
from alerts.render import Message, ReportItem, render_notice, render_reports
from config.secrets import mask_secrets
from config.watchlist import Watchlist
from earnings.report import ChangeReport
from worker.storage.models import Alert, AlertAttempt, Comparison, Company, DocumentVersion, utcnow

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)  # a claim older than this belonged to a worker that died


def claim(session: Session, alert_id: int) -> bool:
    """Move one due alert (and, for a digest, the due alerts of its route and window) from
    pending to sending; False if it is not due or already taken."""
    now, token = utcnow(), uuid.uuid4().hex
    result = session.execute(
        update(Alert)
        .where(Alert.id == alert_id, Alert.status == "pending", Alert.next_attempt_at <= now)
        .values(status="sending", claimed_at=now, claim_token=token)
    )
    if result.rowcount != 1:
        return False
    route, window = session.exec(select(Alert.route, Alert.digest_until).where(Alert.id == alert_id)).one()
    if window is not None:
        session.execute(
            update(Alert)
            .where(Alert.route == route, Alert.digest_until == window, Alert.status == "pending", Alert.next_attempt_at <= now)
            .values(status="sending", claimed_at=now, claim_token=token)
        )
    return True


def send_claimed(session: Session, alert_id: int, watchlist: Watchlist, *, max_attempts: int, retry_base: float) -> str:
    """Send a claimed alert (with the rest of its digest) to every target of its route and
    record the outcome on each alert of the message."""
    lead = session.get(Alert, alert_id)
    if lead is None or lead.status != "sending":
        return f"alert {alert_id}: not claimed"
    group = list(
        session.exec(
            select(Alert).where(Alert.claim_token == lead.claim_token, Alert.status == "sending").order_by(col(Alert.id))
        )
    )
    route = watchlist.route(lead.route)
    errors: list[DeliveryError] = []
    done = set(lead.delivered)
    if route is None:
        errors.append(DeliveryError(f"route {lead.route!r} is no longer in the watchlist; add it back and run `earnwatch alerts retry {lead.id}`", permanent=True))
    else:
        message = message_for(session, group)
        for index, url in enumerate(route.urls):
            if index in done:
                continue
            try:
                send(url, message)
                done.add(index)
            except DeliveryError as exc:
                errors.append(exc)

    now = utcnow()
    error_text = "; ".join(mask_secrets(str(e)) for e in errors) or None
    delay = retry_base * 2 ** lead.attempts * random.uniform(0.8, 1.2)
    for alert in group:
        alert.attempts += 1
        alert.delivered = sorted(done)
        alert.last_error = error_text
        session.add(AlertAttempt(alert_id=alert.id, at=now, ok=not errors, error=error_text))
        if not errors:
            alert.status, alert.sent_at = "sent", now
        elif alert.attempts >= max_attempts or all(e.permanent for e in errors):
            alert.status = "failed"
        else:
            alert.status, alert.next_attempt_at = "pending", now + timedelta(seconds=delay)
        session.add(alert)
    if errors:
        log.warning("alert %s to %s: %s (%s)", lead.id, lead.route, error_text, lead.status)
    ids = ", ".join(str(a.id) for a in group)
    return f"alert{'s' if len(group) > 1 else ''} {ids} to {lead.route}: {lead.status}"


def message_for(session: Session, alerts: list[Alert]) -> Message:
    """The one message for these alerts: a report, a digest of reports, or an operator notice."""
    notices = [a for a in alerts if a.kind != "report"]
    if notices:
        lines = [line for a in notices for line in a.report.get("lines", [])]
        title = notices[0].title if len(notices) == 1 else f"{len(notices)} source notices"
        return render_notice(title, lines)
    items = []
    for alert in alerts:
        comparison = session.get(Comparison, alert.comparison_id)
        document = session.get(DocumentVersion, comparison.document_id)
        company = session.get(Company, document.company_id)
        items.append(ReportItem(ChangeReport.from_dict(alert.report), document.url, company.name, alert.correction))
    return render_reports(items)


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


def failed_alert_ids(session: Session) -> list[int]:
    return list(session.exec(select(Alert.id).where(Alert.status == "failed").order_by(col(Alert.id))))
