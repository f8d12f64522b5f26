"""The scheduler's sweep: mirror the watchlist, claim the sources that are due, plan operator
alerts, and find the alerts whose delivery is due; then hand all of it to a dispatcher."""

from __future__ import annotations

from dataclasses import dataclass

from worker.runtime.context import Context
from worker.stages import deliver, scrape
from worker.stages.chain import Dispatcher, Stage
from worker.stages.source_alerts import plan_source_alerts
from worker.stages.sync import mark_synced, sync_if_changed
from worker.text import plural


@dataclass(frozen=True)
class SweepResult:
    sources: tuple[int, ...]
    alerts: tuple[int, ...]

    def summary(self) -> str:
        return f"{plural(len(self.sources), 'source')} and {plural(len(self.alerts), 'alert')} enqueued"


def sweep(ctx: Context, dispatcher: Dispatcher) -> SweepResult:
    """One sweep, in one transaction; the dispatcher is given the work once it has committed."""
    settings = ctx.settings
    with ctx.session() as session:
        watchlist = sync_if_changed(ctx, session)
        sources = scrape.claim_due_sources(session, settings.source_lease)
        plan_source_alerts(session, settings.operator_route, settings.source_alert_after, ctx.masker)
        alerts = deliver.due_alert_ids(session, lease=settings.alert_lease)
    mark_synced(ctx, watchlist)
    try:
        dispatcher.dispatch(Stage.SCRAPE, sources)
    except Exception:  # the broker went away: the checks were not queued
        with ctx.session() as session:
            scrape.release_sources(session, sources)
        raise
    dispatcher.dispatch(Stage.DELIVER, alerts)
    return SweepResult(tuple(sources), tuple(alerts))
