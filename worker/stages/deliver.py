"""The deliver stage: planned alerts sent exactly once — claim, send, record; retry later on failure.

An alert is claimed with a conditional update (pending → sending, stamped with a claim token)
that must change exactly one row, so two workers never send the same alert. A digest alert's
claim takes every due alert of the same route and window in the same update, and they go out
as one message. The claim is committed before anything is sent, so no other worker can take
the alert while this one talks to the network. A failed attempt is recorded on each alert of
the message, and the next attempt time (exponential backoff with jitter) is kept in the rows,
where the periodic sweep finds it (no long Celery countdowns, which Redis can run twice).
Targets of a route that already received the message are not sent to again on a retry.

``deliver`` is the whole stage for one alert; it returns a ``DeliveryOutcome``, or None when
the alert was not due or another worker had it.
"""

from __future__ import annotations

import logging
import random
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from alerts import DeliveryError
from alerts.channels import send
from alerts.render import Message, ReportItem, render_notice, render_reports
from config.secrets import Masker
from config.watchlist import Watchlist
from earnings.report import ChangeReport
from worker.runtime.context import Context
from worker.storage.models import Alert, AlertAttempt, AlertKind, AlertStatus, Company, Comparison, DocumentVersion, utcnow

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)  # a claim older than this belonged to a worker that died


@dataclass(frozen=True)
class DeliveryOutcome:
    """What one delivery attempt did: the alerts of the message, their route and new status."""

    alert_ids: tuple[int, ...]
    route: str
    status: AlertStatus
    title: str = ""
    error: str | None = None

    @property
    def sent(self) -> bool:
        return self.status is AlertStatus.SENT

    def summary(self) -> str:
        ids = ", ".join(map(str, self.alert_ids))
        what = f"alert{'s' if len(self.alert_ids) > 1 else ''} {ids} to {self.route}"
        if self.title:
            what += f" ({self.title})"
        text = f"{what}: {self.status.value}"
        if self.error and self.status is not AlertStatus.SENT:
            text += f": {self.error}" + ("; retried later" if self.status is AlertStatus.PENDING else "")
        return text


def deliver(ctx: Context, alert_id: int) -> DeliveryOutcome | None:
    """Claim one alert (committed), then send it and record the outcome (another transaction)."""
    with ctx.session() as session:
        if not claim(session, alert_id):
            return None
    with ctx.session() as session:
        return send_claimed(
            session, alert_id, ctx.watchlist, ctx.masker,
            max_attempts=ctx.settings.alert_max_attempts, retry_base=ctx.settings.alert_retry_base,
        )


def claim(session: Session, alert_id: int) -> bool:
    """Move one due alert (and, for a digest, the due alerts of its route and window) from
    pending to sending; False if it is not due or already taken."""
    now, token = utcnow(), uuid.uuid4().hex
    result = session.execute(
        update(Alert)
        .where(col(Alert.id) == alert_id, col(Alert.status) == AlertStatus.PENDING, col(Alert.next_attempt_at) <= now)
        .values(status=AlertStatus.SENDING, claimed_at=now, claim_token=token)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    route, window = session.exec(select(Alert.route, Alert.digest_until).where(Alert.id == alert_id)).one()
    if window is not None:
        session.execute(
            update(Alert)
            .where(
                col(Alert.route) == route, col(Alert.digest_until) == window,
                col(Alert.status) == AlertStatus.PENDING, col(Alert.next_attempt_at) <= now,
            )
            .values(status=AlertStatus.SENDING, claimed_at=now, claim_token=token)
        )
    return True


def send_claimed(
    session: Session, alert_id: int, watchlist: Watchlist, masker: Masker, *, max_attempts: int, retry_base: float
) -> DeliveryOutcome | None:
    """Send a claimed alert (with the rest of its digest) to every target of its route and
    record the outcome on each alert of the message."""
    lead = session.get(Alert, alert_id)
    if lead is None or lead.status != AlertStatus.SENDING:
        return None
    group = list(
        session.exec(
            select(Alert).where(Alert.claim_token == lead.claim_token, Alert.status == AlertStatus.SENDING).order_by(col(Alert.id))
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
    error_text = "; ".join(masker.mask(str(e)) for e in errors) or None
    delay = retry_base * 2 ** lead.attempts * random.uniform(0.8, 1.2)
    for alert in group:
        alert.attempts += 1
        alert.delivered = sorted(done)
        alert.last_error = error_text
        assert alert.id is not None
        session.add(AlertAttempt(alert_id=alert.id, at=now, ok=not errors, error=error_text))
        if not errors:
            alert.status, alert.sent_at = AlertStatus.SENT, now
        elif alert.attempts >= max_attempts or all(e.permanent for e in errors):
            alert.status = AlertStatus.FAILED
        else:
            alert.status, alert.next_attempt_at = AlertStatus.PENDING, now + timedelta(seconds=delay)
        session.add(alert)
    outcome = DeliveryOutcome(tuple(a.id for a in group if a.id is not None), lead.route, lead.status, lead.title, error_text)
    if errors:
        log.warning("%s", outcome.summary(), extra={"alert_id": lead.id})
    return outcome


def message_for(session: Session, alerts: list[Alert]) -> Message:
    """The one message for these alerts: a report, a digest of reports, or an operator notice."""
    notices = [a for a in alerts if a.kind != AlertKind.REPORT]
    if notices:
        lines = [line for a in notices for line in a.report.get("lines", [])]
        title = notices[0].title if len(notices) == 1 else f"{len(notices)} source notices"
        return render_notice(title, lines)
    items = []
    for alert in alerts:
        comparison = session.get(Comparison, alert.comparison_id)
        document = session.get(DocumentVersion, comparison.document_id) if comparison else None
        company = session.get(Company, document.company_id) if document else None
        items.append(ReportItem(ChangeReport.from_dict(alert.report), document.url if document else None, company.name if company else "", alert.correction))
    return render_reports(items)


def due_alert_ids(session: Session, now: datetime | None = None) -> list[int]:
    """Alerts to hand to a delivery task: pending and due, or claimed by a worker that died."""
    now = now or utcnow()
    session.execute(
        update(Alert)
        .where(col(Alert.status) == AlertStatus.SENDING, col(Alert.claimed_at) < now - LEASE)
        .values(status=AlertStatus.PENDING)
    )
    due = session.exec(
        select(col(Alert.id))
        .where(col(Alert.status) == AlertStatus.PENDING, col(Alert.next_attempt_at) <= now)
        .order_by(col(Alert.id))
        .limit(500)
    )
    return [alert_id for alert_id in due if alert_id is not None]


def retry(session: Session, alert_id: int) -> bool:
    """Put a failed alert back in the queue, due now (``earnwatch alerts retry``)."""
    result = session.execute(
        update(Alert)
        .where(col(Alert.id) == alert_id, col(Alert.status) == AlertStatus.FAILED)
        .values(status=AlertStatus.PENDING, next_attempt_at=utcnow(), attempts=0)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def failed_alert_ids(session: Session) -> list[int]:
    failed = session.exec(select(col(Alert.id)).where(col(Alert.status) == AlertStatus.FAILED).order_by(col(Alert.id)))
    return [alert_id for alert_id in failed if alert_id is not None]
