"""``earnwatch alerts …``: list the outbox, retry failed alerts, send a test through a route."""

from __future__ import annotations

import json
from enum import Enum
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from config.secrets import mask_secrets, mask_url

app = typer.Typer(help="The alerts: list them, retry failed ones, test a route.", no_args_is_help=True)
console = Console()
errors = Console(stderr=True)


class Status(str, Enum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


def _iso(value) -> str | None:
    return value.isoformat(timespec="seconds").replace("+00:00", "Z") if value else None


@app.command("list")
def list_alerts(
    status: Annotated[Status | None, typer.Option(help="only alerts with this status")] = None,
    limit: Annotated[int, typer.Option(help="the newest this many")] = 50,
    format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table,
) -> None:
    """The newest alerts with their status, attempts and last error (secrets masked)."""
    from sqlmodel import col, select

    from config import ConfigError
    from worker.storage.db import session_scope
    from worker.storage.models import Alert
    from worker.runtime import current_watchlist

    try:
        current_watchlist()  # its ${VAR} values and URL tokens are then masked below
    except ConfigError:
        pass
    with session_scope() as session:
        query = select(Alert).order_by(col(Alert.id).desc()).limit(limit)
        if status:
            query = query.where(Alert.status == status.value)
        rows = [
            {
                "id": a.id, "status": a.status, "route": a.route, "kind": a.kind, "title": a.title,
                "correction": a.correction, "attempts": a.attempts, "created_at": _iso(a.created_at),
                "next_attempt_at": _iso(a.next_attempt_at) if a.status == "pending" else None,
                "sent_at": _iso(a.sent_at), "last_error": a.last_error,
            }
            for a in session.exec(query)
        ]
    if format is TableOrJson.json:
        print(mask_secrets(json.dumps(rows, indent=2, ensure_ascii=False)))
        return
    table = Table("id", "status", "route", "alert", "tries", "when", "last error")
    colour = {"sent": "green", "failed": "red", "pending": "yellow", "sending": "cyan"}
    for r in rows:
        when = r["sent_at"] or (f"next {r['next_attempt_at']}" if r["next_attempt_at"] else r["created_at"])
        table.add_row(
            str(r["id"]), f"[{colour[r['status']]}]{r['status']}[/]", r["route"], mask_secrets(r["title"] or r["kind"]),
            str(r["attempts"]), when or "", mask_secrets(r["last_error"] or ""),
        )
    console.print(table if rows else "no alerts" + (f" with status {status.value}" if status else ""))


@app.command()
def retry(
    alert_id: Annotated[int | None, typer.Argument(metavar="ID", help="the failed alert to send again")] = None,
    all_failed: Annotated[bool, typer.Option("--all-failed", help="every failed alert")] = False,
) -> None:
    """Send failed alerts again, now, in the foreground (each still goes out at most once)."""
    from worker.stages import deliver as delivery
    from worker.storage.db import session_scope
    from worker.stages.inline import deliver_now
    from worker.runtime import current_watchlist

    if (alert_id is None) == (not all_failed):
        errors.print("[bold red]error:[/] give an alert ID or --all-failed (not both)")
        raise typer.Exit(2)
    with session_scope() as session:
        ids = delivery.failed_alert_ids(session) if all_failed else [alert_id]
        queued = [i for i in ids if delivery.retry(session, i)]
    if not queued:
        errors.print(f"[bold red]error:[/] {'no failed alerts' if all_failed else f'alert {alert_id} is not a failed alert'}; see `earnwatch alerts list --status failed`")
        raise typer.Exit(2)
    outcomes = deliver_now(current_watchlist(), queued)
    for outcome in outcomes:
        console.print(f"• {mask_secrets(outcome)}", highlight=False)
    if any(not o.endswith(": sent") for o in outcomes):
        raise typer.Exit(1)


@app.command()
def test(route: Annotated[str, typer.Argument(help="a route name from the watchlist")]) -> None:
    """Send a sample alert through every target of ROUTE and say how each went."""
    from alerts import DeliveryError
    from alerts.channels import send
    from alerts.render import render
    from alerts.sample import sample_report
    from worker.runtime import current_watchlist

    watchlist = current_watchlist()
    entry = watchlist.route(route)
    if entry is None:
        known = ", ".join(r.name for r in watchlist.routes) or "none"
        errors.print(f"[bold red]error:[/] no route {route!r} in the watchlist (routes: {known})")
        raise typer.Exit(2)
    message = render(sample_report(), url="https://example.org/earnwatch-test", company_name="earnwatch test alert")
    failed = False
    for url in entry.urls:
        try:
            send(url, message)
            console.print(f"[green]sent[/] to {mask_url(url)}", highlight=False)
        except DeliveryError as exc:
            failed = True
            console.print(f"[red]failed[/]: {mask_secrets(str(exc))}", highlight=False)
    if failed:
        raise typer.Exit(1)
