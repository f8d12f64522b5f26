"""Celery tasks: thin wrappers that take ids, call one plain function, and enqueue the next stage.

Every task is safe to run twice (unique keys, conditional claims): tasks acknowledge late, so a
worker that dies mid-task leaves the task to run again.
"""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError

from config.settings import get_settings
from config.watchlist import Watchlist
from worker.stages import compare as comparing, deliver as delivery, scrape as scraping
from worker.queue.app import app
from worker.storage.db import session_scope
from worker.runtime.locks import once_per
from worker.runtime import current_watchlist, make_fetcher
from worker.stages.source_alerts import plan_source_alerts
from worker.stages.sync import sync_watchlist

log = logging.getLogger(__name__)
RETRY = {"autoretry_for": (DBAPIError,), "retry_backoff": 2, "retry_backoff_max": 60, "max_retries": 8}


# The watchlist this process last mirrored into the database: a sweep every tick would
# otherwise read and compare every company and source row each time. ``current_watchlist``
# returns a new object when the file changes.
_synced: Watchlist | None = None


@app.task(**RETRY)
def sweep() -> str:
    """Enqueue every source whose check is due and every alert whose delivery is due."""
    global _synced
    if not once_per("sweep", get_settings().scheduler_tick * 0.8):
        return "skipped: a sweep already ran this tick (is a second beat running?)"
    settings = get_settings()
    watchlist = current_watchlist()
    with session_scope() as session:
        if watchlist is not _synced:
            sync_watchlist(session, watchlist)
        sources = scraping.claim_due_sources(session)
        plan_source_alerts(session, settings.operator_route, settings.source_alert_after)
        alerts = delivery.due_alert_ids(session)
    _synced = watchlist  # only once the transaction has committed
    for source_id in sources:
        scrape_source.delay(source_id)
    for alert_id in alerts:
        deliver_alert.delay(alert_id)
    return f"{len(sources)} sources and {len(alerts)} alerts enqueued"


@app.task(**RETRY)
def scrape_source(source_id: int) -> str:
    with make_fetcher() as fetcher:
        result = scraping.check_source(source_id, fetcher, backoff_max=get_settings().source_backoff_max)
    log.info("%s", result.summary(), extra={"source_id": source_id, "errors": len(result.errors)})
    for document_id in result.new_documents:
        compare_document.delay(document_id)
    return result.summary()


@app.task(**RETRY)
def compare_document(document_id: int) -> str:
    with session_scope() as session:
        result = comparing.compare_document(session, document_id, current_watchlist())
    log.info("%s", result.summary(), extra={"document_id": document_id, "alert_ids": result.new_alerts})
    for alert_id in result.new_alerts:
        deliver_alert.delay(alert_id)
    return result.summary()


@app.task(**RETRY)
def deliver_alert(alert_id: int) -> str:
    # The claim is committed before sending, so that no other worker can take the alert
    # while this one talks to the network.
    with session_scope() as session:
        if not delivery.claim(session, alert_id):
            return f"alert {alert_id}: not due or already taken"
    settings = get_settings()
    with session_scope() as session:
        outcome = delivery.send_claimed(
            session, alert_id, current_watchlist(),
            max_attempts=settings.alert_max_attempts, retry_base=settings.alert_retry_base,
        )
    log.info("%s", outcome, extra={"alert_id": alert_id})
    return outcome
