"""``earnwatch status`` and ``check-config``: looking, without changing anything."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from worker.cli.output import TableOrJson, console, fail, plain, row, say, state, table
from worker.text import plural

LONGEST_TABLE = 50  # a watchlist longer than this is summed up, not listed


def register(app: typer.Typer) -> None:
    app.command("check-config")(check_config)
    app.command()(status)


def check_config(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(help="the watchlist to check (default: EARNWATCH_CONFIG)")] = None,
) -> None:
    """Validate a watchlist and the settings without starting anything."""
    st = state(ctx)
    if file is not None:
        st.overrides["config"] = file
    context = st.context()
    settings, watchlist = context.settings, context.watchlist
    mask = context.masker.mask
    problems = context.problems()
    if problems:
        for problem in problems[:-1]:
            say(("error:", "bold red"), " ", mask(problem))
        fail(st, problems[-1])
    companies, routes = watchlist.companies, watchlist.routes
    if len(companies) <= LONGEST_TABLE:
        grid = table("company", "sources", "tags", title=str(settings.config))
        for company in companies:
            listed = "\n".join(f"{s.kind} {watchlist.stored_url(s.url)} every {s.every:g}s" for s in company.sources)
            row(grid, company.ticker, mask(listed), ", ".join(company.tags))
        console.print(grid)
    grid = table("route", "targets", "companies/tags", "min severity")
    for route in routes:
        row(grid, route.name, "\n".join(mask(u) for u in route.urls), ", ".join(route.companies + route.tags) or "every company", route.min_severity)
    if routes:
        console.print(grid)
    sources = sum(len(c.sources) for c in companies)
    say(
        ("ok", "green"),
        f": {settings.config}: {plural(len(companies), 'company', 'companies')}, {plural(sources, 'source')}, "
        f"{plural(len(routes), 'route')}; database {mask(settings.database_url)}",
    )
    if not routes:
        say(("note:", "yellow"), " no routes: changes are stored and shown by `earnwatch status`, but nobody is told")


def status(ctx: typer.Context, format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table) -> None:
    """Per company: sources and their health, stored quarters; and the alert counts."""
    from worker.ops.status import status as read_status

    context = state(ctx).context(looking=True)
    with context.read_session() as session:
        data = read_status(session)
    mask = context.masker.mask
    if format is TableOrJson.json:
        print(mask(json.dumps(data, indent=2)))
        return
    colour = {"ok": "green", "failing": "red"}
    for company in data["companies"]:
        grid = table("kind", "url", "last check", "status", "error", title=f"{company['ticker']} {company['name']}")
        for s in company["sources"]:
            row(grid, s["kind"], mask(s["url"]), s["last_checked_at"] or "never", plain(s["status"], colour.get(s["status"], "yellow")), mask(s["error"] or ""))
        console.print(grid)
        for d in company["documents"]:
            say(f"  {d['period']}  {mask(d['title'])}  ", (mask(d["url"]), "dim"))
        for h in company.get("suspect", []):
            say(
                f"  {h['period']}  ", ("suspect", "yellow"),
                f": a new version with {h['statements']} statements (the latest has {h['latest_statements']}) is held, not alerted; "
                f"`earnwatch confirm {company['ticker']} {h['period']}` if it is right  ", (mask(h["url"]), "dim"),
            )
        for u in company.get("unresolved", []):
            say("  ", ("unresolved", "red"), f"  {mask(u['url'])}: {mask(u['error'])}")
    a = data["alerts"]
    say(f"alerts: {a['pending']} pending, {a['sent']} sent, {a['failed']} failed")
