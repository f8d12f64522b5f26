"""What the web's buttons and the API's writes do: each one calls the stage functions the CLI
and the workers call, and says what happened as an ``ActionResult``.

- **Re-trigger a quarter**: ``worker.stages.inline.retrigger``, as ``earnwatch retrigger`` runs
  it (optionally re-fetching, re-parsing the stored bytes, re-comparing, planning alerts and
  sending them, here and now).
- **Retry an alert** / **send it again**: ``worker.stages.outbox``, then the deliver stage.
- **Push a document**: ``worker.stages.push.ingest``, then the compare stage of the chain, whose
  alerts are handed to ``Deliveries``: they are sent from a small pool of this process's
  threads, so a vendor's webhook gets its answer without waiting for Slack or SMTP. An alert
  this process does not get to send (it stopped) is pending and due, and a worker's sweep
  sends it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from pydantic import BaseModel, Field

from worker.runtime.context import Context
from worker.stages import compare, deliver, outbox
from worker.stages.chain import Stage, advance
from worker.stages.inline import RunSummary, deliver_now
from worker.stages.inline import retrigger as run_retrigger
from worker.stages.push import PushedDocument, ingest
from worker.storage.models import Alert, AlertStatus
from worker.web.security import Refused

log = logging.getLogger(__name__)


class Delivery(BaseModel):
    alert_ids: list[int]
    route: str
    status: AlertStatus
    error: str | None = None


class ActionResult(BaseModel):
    """What an action did, in words (``lines``) and ids."""

    message: str
    lines: list[str] = Field(default_factory=list)
    document_ids: list[int] = Field(default_factory=list, description="document versions stored")
    comparison_ids: list[int] = Field(default_factory=list)
    changes: int = Field(0, description="changes found against the quarter before")
    alert_ids: list[int] = Field(default_factory=list, description="alerts planned")
    deliveries: list[Delivery] = Field(default_factory=list, description="alerts sent (or tried) while the request ran")


class Deliveries:
    """A dispatcher that sends alerts from background threads of this process."""

    def __init__(self, ctx: Context, threads: int = 2) -> None:
        self.ctx = ctx
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="deliver")

    def dispatch(self, stage: Stage, ids: Sequence[int]) -> None:
        if stage is Stage.DELIVER and ids:
            self.pool.submit(self._send, list(ids))

    def _send(self, ids: list[int]) -> None:
        try:
            for outcome in deliver_now(self.ctx, ids):
                log.info("%s", outcome.summary(), extra={"alert_id": outcome.alert_ids[0] if outcome.alert_ids else None})
        except Exception:  # the alerts stay pending and due: a worker's sweep sends them
            log.exception("sending alerts %s from the web process failed; a worker will send them", ids)

    def close(self) -> None:
        self.pool.shutdown(wait=True)


def retrigger(ctx: Context, ticker: str, period: str, *, refetch: bool, resend: bool) -> ActionResult:
    summary = run_retrigger(ctx, ticker, period, refetch=refetch, resend=resend)
    result = _from_summary(summary)
    planned = len(result.alert_ids)
    result.message = f"{ticker.upper()} {period} re-run: {result.changes} changes, {planned} alert{'s' if planned != 1 else ''} planned"
    if summary.notes:
        result.message += f" ({summary.notes[-1]})"
    return result


def retry_alert(ctx: Context, alert_id: int) -> ActionResult:
    with ctx.session() as session:
        alert = session.get(Alert, alert_id)
        if alert is None:
            raise Refused(404, f"there is no alert {alert_id}; see /api/alerts")
        status = alert.status
        queued = outbox.retry_now(session, alert_id)
    if not queued:
        raise Refused(409, f"alert {alert_id} is {status.value}, not failed or waiting for a retry; to send it once more, resend it")
    return _delivered(f"alert {alert_id} tried again", deliver_now(ctx, [alert_id]))


def resend_alert(ctx: Context, alert_id: int) -> ActionResult:
    with ctx.session() as session:
        alert = session.get(Alert, alert_id)
        if alert is None:
            raise Refused(404, f"there is no alert {alert_id}; see /api/alerts")
        status = alert.status
        copy = outbox.resend(session, alert_id)
    if copy is None:
        raise Refused(409, f"alert {alert_id} is {status.value}; only a sent or failed alert can be sent again (retry a pending one)")
    result = _delivered(f"alert {alert_id} sent again as alert {copy}", deliver_now(ctx, [copy]))
    result.alert_ids = [copy]
    return result


def push(ctx: Context, pushed: PushedDocument, deliveries: Deliveries) -> ActionResult:
    stored = ingest(ctx, pushed)
    result = ActionResult(message=stored.summary(), lines=[stored.summary()])
    if stored.document_id is None:
        return result
    result.document_ids = [stored.document_id]
    step = advance(ctx, deliveries, Stage.COMPARE, stored.document_id)
    if isinstance(step.result, compare.CompareResult):
        result.comparison_ids = list(step.result.comparisons)
        result.changes = step.result.changes
        result.alert_ids = list(step.result.new_alerts)
        result.lines.append(step.result.summary())
        result.message = f"{stored.ticker} {stored.period}: stored; {step.result.changes} changes, {len(step.result.new_alerts)} alerts planned"
    return result


def _from_summary(summary: RunSummary) -> ActionResult:
    result = ActionResult(message="")
    for check in summary.checks:
        result.lines.append(check.summary())
        result.lines.extend(check.errors)
        result.document_ids.extend(check.new_documents)
    for compared in summary.comparisons:
        result.lines.append(compared.summary())
        result.comparison_ids.extend(compared.comparisons)
        result.alert_ids.extend(compared.new_alerts)
    if summary.comparisons:
        result.changes = summary.comparisons[-1].changes
    result.deliveries = [_delivery(outcome) for outcome in summary.deliveries]
    result.lines.extend(outcome.summary() for outcome in summary.deliveries)
    result.lines.extend(summary.notes)
    return result


def _delivered(message: str, outcomes: list[deliver.DeliveryOutcome]) -> ActionResult:
    deliveries = [_delivery(outcome) for outcome in outcomes]
    lines = [outcome.summary() for outcome in outcomes] or ["another worker is sending it now"]
    status = ", ".join(d.status.value for d in deliveries) or "taken by another worker"
    return ActionResult(message=f"{message}: {status}", lines=lines, deliveries=deliveries)


def _delivery(outcome: deliver.DeliveryOutcome) -> Delivery:
    return Delivery(alert_ids=list(outcome.alert_ids), route=outcome.route, status=outcome.status, error=outcome.error)
