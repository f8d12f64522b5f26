"""The deliver stage: planned alerts sent once — claim, send to each target, record; retry later on failure.

**Claim.** An alert is claimed with a conditional update (pending → sending, stamped with a claim
token and the time) that must change exactly one row, so two workers never send the same alert.
A digest alert's claim takes every due alert of the same route and window in the same update,
and they go out as one message. The claim is committed before anything is sent.

**Send.** No database transaction is open while a target is sent to (so on SQLite no write lock
is held during network I/O). The message is rendered in one short transaction; then, for each
target of the route, in three steps:

1. the claim is renewed (its time set to now, so the lease, ``EARNWATCH_ALERT_LEASE``, starts
   again) in a short transaction that also reads which targets have the message already; a
   worker that finds its claim gone stops there;
2. the target is sent to, each network step bounded by ``EARNWATCH_ALERT_SEND_TIMEOUT``, which
   the settings keep shorter than the lease;
3. right after the send succeeds, the target is recorded as delivered in a transaction of its own.

Targets are remembered by a stable identity (``alerts.targets.target_identity``: a hash of the
URL with its secrets masked), not by their place in the route, so a route edited between two
attempts neither loses nor doubles a message. An error of any type from one target is that
target's failure, recorded with the attempt; the other targets go on. Whatever is raised after
a partial send (a bug, the database going away, the process being stopped), the targets already
reached stay recorded.

**Record.** The outcome is written with a conditional update that checks the claim token. A
worker whose claim lapsed (the lease ran out, the sweep put the alert back and another worker
may have taken it) writes nothing over the row: its outcome is *superseded*, not sent. A failed
attempt is recorded on each alert of the message, and the next attempt time (exponential
backoff with jitter) is kept in the rows, where the periodic sweep finds it (no long Celery
countdowns, which Redis can run twice).

**The window that remains.** A target that accepted the message is recorded a moment later. A
worker killed between the two (or a database that fails just then) leaves that target
unrecorded, and once the lease has run out another worker sends it again: at most one repeat per
crash. The repeat carries the same idempotency key as the first (``delivery_key``; an email's
``Message-ID`` is made from it), so it is recognisably the same message. An SMTP server that
accepts a message after the client gave up waiting for its answer is the same window
(RFC 1047). Channels without an idempotency key (Slack, webhooks) show the repeat as a second
message.

``deliver`` is the whole stage for one alert; it returns a ``DeliveryOutcome``, or None when
the alert was not due or another worker had it.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Session, col, select

from alerts import DeliveryError
from alerts.channels import send
from alerts.render import Message, ReportItem, render_notice, render_reports
from alerts.targets import mask_url, target_identity
from config.secrets import Masker
from config.watchlist import Watchlist
from earnings.report import ChangeReport
from worker.runtime.context import Context
from worker.storage.models import Alert, AlertAttempt, AlertKind, AlertStatus, Company, Comparison, DocumentVersion, utcnow

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DeliveryOutcome:
    """What one delivery attempt did: the alerts of the message, their route and new status.
    ``superseded``: this worker's claim lapsed, so it left the rows to the worker that has them."""

    alert_ids: tuple[int, ...]
    route: str
    status: AlertStatus
    title: str = ""
    error: str | None = None
    superseded: bool = False

    @property
    def sent(self) -> bool:
        return self.status is AlertStatus.SENT and not self.superseded

    def summary(self) -> str:
        ids = ", ".join(map(str, self.alert_ids))
        what = f"alert{'s' if len(self.alert_ids) > 1 else ''} {ids} to {self.route}"
        if self.title:
            what += f" ({self.title})"
        if self.superseded:
            return f"{what}: superseded: this worker's claim lapsed and the alert went back to the queue; the targets it reached are recorded"
        text = f"{what}: {self.status.value}"
        if self.error and self.status is not AlertStatus.SENT:
            text += f": {self.error}" + ("; retried later" if self.status is AlertStatus.PENDING else "")
        return text


@dataclass(frozen=True)
class Target:
    """One target of a route: its URL, and the identity its delivery is remembered by."""

    identity: str
    url: str


@dataclass(frozen=True)
class Plan:
    """A claimed message, ready to send: its alerts (the lead first), what it says, where it goes;
    ``problem`` when it cannot be sent at all."""

    alert_ids: tuple[int, ...]
    attempts: dict[int, int]
    route: str
    title: str
    message: Message | None
    targets: tuple[Target, ...]
    problem: DeliveryError | None = None


def deliver(ctx: Context, alert_id: int) -> DeliveryOutcome | None:
    """Claim one alert (committed), then send it target by target and record the outcome."""
    with ctx.session() as session:
        token = claim(session, alert_id)
    if token is None:
        return None
    return send_claimed(ctx, alert_id, token)


def claim(session: Session, alert_id: int) -> str | None:
    """Move one due alert (and, for a digest, the due alerts of its route and window) from
    pending to sending; the claim's token, or None if it is not due or already taken."""
    now, token = utcnow(), uuid.uuid4().hex
    result = session.execute(
        update(Alert)
        .where(col(Alert.id) == alert_id, col(Alert.status) == AlertStatus.PENDING, col(Alert.next_attempt_at) <= now)
        .values(status=AlertStatus.SENDING, claimed_at=now, claim_token=token)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    route, window = session.exec(select(Alert.route, Alert.digest_until).where(Alert.id == alert_id)).one()
    if window is not None:
        session.execute(
            update(Alert)
            .where(
                col(Alert.route) == route,
                col(Alert.digest_until) == window,
                col(Alert.status) == AlertStatus.PENDING,
                col(Alert.next_attempt_at) <= now,
            )
            .values(status=AlertStatus.SENDING, claimed_at=now, claim_token=token)
        )
    return token


def send_claimed(ctx: Context, alert_id: int, token: str) -> DeliveryOutcome | None:
    """Send a claimed alert (with the rest of its digest) to every target of its route not yet
    reached, each send outside any transaction, and record the outcome if the claim still holds."""
    settings = ctx.settings
    with ctx.session() as session:
        plan = plan_message(session, alert_id, token, ctx.watchlist, ctx.masker)
    if plan is None:
        return None
    errors = [plan.problem] if plan.problem else []
    superseded = False
    for target in plan.targets:
        with ctx.session() as session:
            delivered = renew(session, plan, token)
        if delivered is None:
            superseded = True
            break
        if target.identity in delivered:
            continue
        assert plan.message is not None  # a plan with targets has its message
        try:
            send(target.url, plan.message, key=delivery_key(plan, target), timeout=settings.alert_send_timeout)
        except DeliveryError as exc:
            errors.append(exc)
            continue
        except Exception as exc:  # a channel's surprise is this target's failure, not the others'
            errors.append(DeliveryError(f"sending to {mask_url(target.url)} failed unexpectedly: {type(exc).__name__}: {exc}"))
            continue
        with ctx.session() as session:
            record_delivered(session, plan.alert_ids, target.identity)
    with ctx.session() as session:
        outcome = finish(
            session,
            plan,
            token,
            errors,
            ctx.masker,
            superseded=superseded,
            max_attempts=settings.alert_max_attempts,
            retry_base=settings.alert_retry_base,
        )
    if outcome.superseded or outcome.error:
        log.warning("%s", ctx.masker.mask(outcome.summary()), extra={"alert_id": alert_id})
    return outcome


def plan_message(session: Session, alert_id: int, token: str, watchlist: Watchlist, masker: Masker) -> Plan | None:
    """The message claimed with ``token`` whose lead is ``alert_id``; None if the claim is gone."""
    lead = session.get(Alert, alert_id)
    if lead is None or lead.status != AlertStatus.SENDING or lead.claim_token != token:
        return None
    group = list(session.exec(select(Alert).where(Alert.claim_token == token, Alert.status == AlertStatus.SENDING).order_by(col(Alert.id))))
    group.sort(key=lambda a: a.id != alert_id)  # the lead first
    ids = tuple(a.id for a in group if a.id is not None)
    attempts = {a.id: a.attempts for a in group if a.id is not None}
    route = watchlist.route(lead.route)
    if route is None:
        gone = DeliveryError(f"route {lead.route!r} is no longer in the watchlist; add it back and run `earnwatch alerts retry {lead.id}`", permanent=True)
        return Plan(ids, attempts, lead.route, lead.title, None, (), gone)
    try:
        message = message_for(session, group)
    except Exception as exc:  # a report that cannot be rendered will not render on a retry either
        broken = DeliveryError(
            f"the alert could not be rendered ({type(exc).__name__}: {exc}); fix it and run `earnwatch alerts retry {lead.id}`", permanent=True
        )
        return Plan(ids, attempts, lead.route, lead.title, None, (), broken)
    return Plan(ids, attempts, lead.route, lead.title, message, targets_of(route.urls, masker))


def targets_of(urls: Iterable[str], masker: Masker) -> tuple[Target, ...]:
    """A route's targets with their identities; a second target with the same identity (the
    same URL twice, or two URLs that differ only in their secrets) is told apart by its order."""
    seen: Counter[str] = Counter()
    targets = []
    for url in urls:
        identity = target_identity(url, masker)
        seen[identity] += 1
        targets.append(Target(identity if seen[identity] == 1 else f"{identity}.{seen[identity]}", url))
    return tuple(targets)


def delivery_key(plan: Plan, target: Target) -> str:
    """The idempotency key of this message to this target: the same on every attempt."""
    return f"earnwatch.alert-{min(plan.alert_ids)}.{target.identity}"


def renew(session: Session, plan: Plan, token: str) -> set[str] | None:
    """Start the lease of the claim again; the identities of the targets already reached, or
    None when the claim is no longer this worker's."""
    result = session.execute(
        update(Alert)
        .where(col(Alert.id).in_(plan.alert_ids), col(Alert.claim_token) == token, col(Alert.status) == AlertStatus.SENDING)
        .values(claimed_at=utcnow())
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        return None
    rows = session.exec(select(Alert.delivered).where(col(Alert.id).in_(plan.alert_ids))).all()
    return {name for row in rows for name in reached(row, plan.targets)}


def reached(delivered: Iterable[str | int], targets: tuple[Target, ...]) -> set[str]:
    """The identities in an alert's ``delivered``; a number there is a target's place in its
    route, as earnwatch recorded it before identities (read against the route as it is now)."""
    names = {d for d in delivered if isinstance(d, str)}
    names |= {targets[d].identity for d in delivered if isinstance(d, int) and 0 <= d < len(targets)}
    return names


def record_delivered(session: Session, alert_ids: Iterable[int], identity: str) -> None:
    """Remember that ``identity`` has the message, on every alert of it, whoever holds the claim
    now: it is a fact about the target, and keeps a later attempt from sending it again."""
    for alert in session.exec(select(Alert).where(col(Alert.id).in_(list(alert_ids))).with_for_update()):
        if identity not in alert.delivered:
            alert.delivered = [*alert.delivered, identity]
            session.add(alert)


def finish(
    session: Session,
    plan: Plan,
    token: str,
    errors: list[DeliveryError],
    masker: Masker,
    *,
    superseded: bool,
    max_attempts: int,
    retry_base: float,
) -> DeliveryOutcome:
    """Write the outcome on each alert of the message still claimed with ``token``; none left
    means another worker has them, and the outcome is superseded."""
    now = utcnow()
    error_text = "; ".join(masker.mask(str(e)) for e in errors) or None
    lead_id = plan.alert_ids[0]
    delay = timedelta(seconds=retry_base * 2 ** plan.attempts[lead_id] * random.uniform(0.8, 1.2))
    written: list[int] = []
    status = AlertStatus.SENT
    for alert_id in () if superseded else plan.alert_ids:
        attempts = plan.attempts[alert_id] + 1
        values: dict[str, object] = {"attempts": attempts, "last_error": error_text}
        if not errors:
            values.update(status=AlertStatus.SENT, sent_at=now)
        elif attempts >= max_attempts or all(e.permanent for e in errors):
            values.update(status=AlertStatus.FAILED)
        else:
            values.update(status=AlertStatus.PENDING, next_attempt_at=now + delay)
        result = session.execute(
            update(Alert).where(col(Alert.id) == alert_id, col(Alert.claim_token) == token, col(Alert.status) == AlertStatus.SENDING).values(**values)
        )
        if result.rowcount == 1:  # type: ignore[attr-defined]
            session.add(AlertAttempt(alert_id=alert_id, at=now, ok=not errors, error=error_text))
            written.append(alert_id)
            if alert_id == lead_id:
                status = values["status"]  # type: ignore[assignment]
    if not written:
        return DeliveryOutcome(plan.alert_ids, plan.route, AlertStatus.SENDING, plan.title, error_text, superseded=True)
    return DeliveryOutcome(tuple(written), plan.route, status, plan.title, error_text)


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


def due_alert_ids(session: Session, now: datetime | None = None, *, lease: float) -> list[int]:
    """Alerts to hand to a delivery task: pending and due, or claimed by a worker whose claim
    has not been renewed for ``lease`` seconds (it died, or is stuck)."""
    now = now or utcnow()
    session.execute(
        update(Alert).where(col(Alert.status) == AlertStatus.SENDING, col(Alert.claimed_at) < now - timedelta(seconds=lease)).values(status=AlertStatus.PENDING)
    )
    due = session.exec(
        select(col(Alert.id)).where(col(Alert.status) == AlertStatus.PENDING, col(Alert.next_attempt_at) <= now).order_by(col(Alert.id)).limit(500)
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
