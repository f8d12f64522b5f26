"""``earnwatch alerts …``: list the outbox, retry failed alerts, send a test through a route."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

import typer

from worker.cli.output import TableOrJson, console, fail, plain, row, say, state, table
from worker.storage.states import AlertStatus

app = typer.Typer(help="The alerts: list them, retry failed ones, test a route.", no_args_is_help=True)
COLOUR = {AlertStatus.SENT: "green", AlertStatus.FAILED: "red", AlertStatus.PENDING: "yellow", AlertStatus.SENDING: "cyan"}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z") if value else None


@app.command("list")
def list_alerts(
    ctx: typer.Context,
    status: Annotated[AlertStatus | None, typer.Option(help="only alerts with this status")] = None,
    limit: Annotated[int, typer.Option(help="the newest this many")] = 50,
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
) -> None:
    """The newest alerts with their status, attempts and last error (secrets masked)."""
    from sqlmodel import col, select

    from worker.storage.models import Alert

    context = state(ctx).context()
    mask = context.masker.mask  # the watchlist's ${VAR} values and URL tokens, if it reads
    with context.session() as session:
        query = select(Alert).order_by(col(Alert.id).desc()).limit(limit)
        if status:
            query = query.where(Alert.status == status)
        rows = [
            {
                "id": a.id, "status": a.status.value, "route": a.route, "kind": a.kind.value, "title": a.title,
                "correction": a.correction, "attempts": a.attempts, "created_at": _iso(a.created_at),
                "next_attempt_at": _iso(a.next_attempt_at) if a.status == AlertStatus.PENDING else None,
                "sent_at": _iso(a.sent_at), "last_error": a.last_error,
            }
            for a in session.exec(query)
        ]
    if format is TableOrJson.json:
        print(mask(json.dumps(rows, indent=2, ensure_ascii=False)))
        return
    if not rows:
        say("no alerts" + (f" with status {status.value}" if status else ""))
        return
    grid = table("id", "status", "route", "alert", "tries", "when", "last error")
    for r in rows:
        when = r["sent_at"] or (f"next {r['next_attempt_at']}" if r["next_attempt_at"] else r["created_at"])
        row(
            grid, r["id"], plain(r["status"], COLOUR[AlertStatus(str(r["status"]))]), r["route"], mask(str(r["title"] or r["kind"])),
            r["attempts"], when or "", mask(str(r["last_error"] or "")),
        )
    console.print(grid)


@app.command()
def retry(
    ctx: typer.Context,
    alert_id: Annotated[int | None, typer.Argument(metavar="ID", help="the failed alert to send again")] = None,
    all_failed: Annotated[bool, typer.Option("--all-failed", help="every failed alert")] = False,
) -> None:
    """Send failed alerts again, now, in the foreground (each still goes out at most once)."""
    from worker.stages import deliver
    from worker.stages.inline import deliver_now

    st = state(ctx)
    if (alert_id is None) == (not all_failed):
        fail(st, "give an alert ID or --all-failed (not both)")
    context = st.context()
    with context.session() as session:
        ids = deliver.failed_alert_ids(session) if all_failed else [alert_id]
        queued = [i for i in ids if i is not None and deliver.retry(session, i)]
    if not queued:
        fail(st, f"{'no failed alerts' if all_failed else f'alert {alert_id} is not a failed alert'}; see `earnwatch alerts list --status failed`")
    outcomes = deliver_now(context, queued)
    for outcome in outcomes:
        say("• ", (context.masker.mask(outcome.summary()), "" if outcome.sent else "red"))
    if not all(outcome.sent for outcome in outcomes):
        raise typer.Exit(1)


@app.command()
def test(ctx: typer.Context, route: Annotated[str, typer.Argument(help="a route name from the watchlist")]) -> None:
    """Send a sample alert through every target of ROUTE and say how each went."""
    from alerts import DeliveryError
    from alerts.channels import send
    from alerts.render import render
    from alerts.sample import sample_report
    from alerts.targets import mask_url

    st = state(ctx)
    context = st.context()
    watchlist = context.watchlist
    entry = watchlist.route(route)
    if entry is None:
        known = ", ".join(r.name for r in watchlist.routes) or "none"
        fail(st, f"no route {route!r} in the watchlist (routes: {known})")
    message = render(sample_report(), url="https://example.org/earnwatch-test", company_name="earnwatch test alert")
    failed = False
    for url in entry.urls:
        try:
            send(url, message, timeout=context.settings.alert_send_timeout)
            say(("sent", "green"), f" to {context.masker.mask(mask_url(url))}")
        except DeliveryError as exc:
            failed = True
            say(("failed", "red"), f": {context.masker.mask(str(exc))}")
    if failed:
        raise typer.Exit(1)


@app.command("show")
def show(
    ctx: typer.Context,
    alert_id: Annotated[int, typer.Argument(metavar="ID", help="the alert")],
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
) -> None:
    """One alert: its status, every delivery attempt with its error, and what it says."""
    from alerts.terminal import redline
    from earnings.report import ChangeReport
    from worker.storage import queries

    st = state(ctx)
    context = st.context()
    mask = context.masker.mask
    with context.session() as session:
        found = queries.alert(session, alert_id)
    if found is None:
        fail(st, f"there is no alert {alert_id}; see `earnwatch alerts list`")
    if format is TableOrJson.json:
        print(mask(found.model_dump_json(indent=2)))
        return
    say((f"alert {found.id}", "bold"), "  ", (found.status.value, COLOUR[found.status]), f"  to {found.route}")
    say(mask(found.title or found.kind.value))
    if found.ticker:
        say(f"quarter: {found.ticker} {found.period}")
    say(f"attempts: {found.attempts}; created {_iso(found.created_at)}"
        + (f"; next try {_iso(found.next_attempt_at)}" if found.next_attempt_at else "")
        + (f"; sent {_iso(found.sent_at)}" if found.sent_at else ""))
    if found.last_error:
        say(("last error: ", "red"), mask(found.last_error))
    if found.history:
        grid = table("when", "outcome", "error")
        for attempt in found.history:
            row(grid, _iso(attempt.at), "sent" if attempt.ok else "failed", mask(attempt.error or ""))
        console.print(grid)
    for line in found.lines:
        say("  ", mask(line))
    if found.changes and found.ticker:
        report = ChangeReport.from_dict({
            "company": found.ticker, "period": found.period or "", "baseline_period": found.baseline_period or "",
            "changes": [c.model_dump() for c in found.changes],
        })
        print(mask(redline(report)))  # the redline strips control codes from scraped text
    if found.status is AlertStatus.FAILED:
        say(f"send it again with `earnwatch alerts retry {found.id}`")
