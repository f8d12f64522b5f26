"""The ``earnwatch`` command line."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from config import ConfigError
from config.secrets import mask_secrets
from config.settings import get_settings
from earnings.errors import EarningsError
from scrapers.errors import ScrapeError
from worker.cli.alerts import app as alerts_app
from worker.cli.ops import register as register_ops
from worker.cli.sources import reparse as reparse_command

app = typer.Typer(help="earnwatch: tells analysts what changed in risk and guidance language between earnings calls.", no_args_is_help=True, add_completion=False)
console = Console()
errors = Console(stderr=True)
app.add_typer(alerts_app, name="alerts")


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def _fail(message: str, code: int = 2) -> None:
    errors.print(f"[bold red]error:[/] {mask_secrets(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _watchlist():
    from worker.runtime import current_watchlist

    return current_watchlist()


def _reset_caches() -> None:
    from worker.storage.db import get_engine

    get_settings.cache_clear()
    get_engine.cache_clear()


@app.command("check-config")
def check_config() -> None:
    """Validate the watchlist and settings without starting anything."""
    settings = get_settings()
    watchlist = _watchlist()
    table = Table("company", "sources", "tags", title=f"{settings.config}")
    for company in watchlist.companies:
        table.add_row(company.ticker, "\n".join(f"{s.kind} {s.url} every {s.every:g}s" for s in company.sources), ", ".join(company.tags))
    console.print(table)
    routes = Table("route", "targets", "companies/tags", "min severity")
    for route in watchlist.routes:
        routes.add_row(route.name, "\n".join(mask_secrets(u) for u in route.urls), ", ".join(route.companies + route.tags) or "every company", str(route.min_severity))
    console.print(routes)
    console.print(f"[green]ok[/]: {len(watchlist.companies)} companies, {len(watchlist.routes)} routes; database {mask_secrets(settings.database_url)}")


@app.command()
def scrape(tickers: Annotated[list[str] | None, typer.Argument(help="only these companies")] = None) -> None:
    """Check the sources now, in the foreground, and print what was found, compared and sent."""
    from worker.stages.inline import check_sources

    with console.status("checking sources…") as spinner:
        summary = check_sources(_watchlist(), tickers or [], on_source=lambda s: spinner.update(f"checking {s}"))
    _print_summary(summary)


@app.command()
def retrigger(
    ticker: str,
    quarter: Annotated[str, typer.Argument(help="2024Q4 or 'Q4 2024'")],
    refetch: Annotated[bool, typer.Option(help="fetch the sources again first")] = False,
    resend: Annotated[bool, typer.Option(help="send alerts again even if already delivered")] = False,
) -> None:
    """Re-run one quarter: re-parse the stored page, re-compare, plan and send alerts."""
    from worker.stages.inline import retrigger as run

    _print_summary(run(_watchlist(), ticker, quarter, refetch=refetch, resend=resend))


def _print_summary(summary) -> None:
    for check in summary.checks:
        console.print(f"• {check.summary()}")
        for error in check.errors:
            console.print(f"  [red]{mask_secrets(error)}[/]", highlight=False)
    for result in summary.comparisons:
        console.print(f"• {result.summary()}")
    for outcome in summary.deliveries:
        console.print(f"• {outcome}")
    for note in summary.notes:
        console.print(f"[yellow]{note}[/]")
    if not (summary.checks or summary.comparisons or summary.deliveries or summary.notes):
        console.print("nothing to do")


@app.command()
def status(format: Annotated[TableOrJson, typer.Option("--format")] = TableOrJson.table) -> None:
    """Per company: sources and their health, stored quarters; and the alert counts."""
    from worker.storage.db import session_scope
    from worker.ops.status import status as read_status

    with session_scope() as session:
        data = read_status(session)
    if format is TableOrJson.json:
        print(mask_secrets(json.dumps(data, indent=2)))
        return
    for company in data["companies"]:
        table = Table("kind", "url", "last check", "status", "error", title=f"{company['ticker']} {company['name']}", title_justify="left")
        for s in company["sources"]:
            colour = {"ok": "green", "failing": "red"}.get(s["status"], "yellow")
            table.add_row(s["kind"], s["url"], s["last_checked_at"] or "never", f"[{colour}]{s['status']}[/]", s["error"] or "")
        console.print(table)
        for d in company["documents"]:
            console.print(f"  {d['period']}  {d['title']}  [dim]{d['url']}[/]", highlight=False)
        for u in company.get("unresolved", []):
            console.print(f"  [red]unresolved[/]  {u['url']}: {u['error']}", highlight=False)
    a = data["alerts"]
    console.print(f"alerts: {a['pending']} pending, {a['sent']} sent, {a['failed']} failed")


@app.command()
def diff(
    old: Annotated[str, typer.Argument(help="the earlier document: a file or an http(s) URL")],
    new: Annotated[str, typer.Argument(help="the later document: a file or an http(s) URL")],
    format: Annotated[TextOrJson, typer.Option("--format")] = TextOrJson.text,
) -> None:
    """Compare two documents without the database."""
    from earnings.compare import compare
    from earnings.redline import redline
    from worker.documents import load_document

    report = compare(load_document(new), load_document(old))
    if format is TextOrJson.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(redline(report, color=sys.stdout.isatty()))


app.command("eval")(__import__("worker.cli_eval", fromlist=["eval_corpus"]).eval_corpus)


@app.command()
def demo() -> None:
    """Run the pipeline against a small bundled site and print the alert it makes."""
    from worker.demo import DemoSite, watchlist_yaml
    from worker.stages.inline import check_sources

    with tempfile.TemporaryDirectory(prefix="earnwatch-demo-") as tmp, DemoSite().running() as site:
        config = Path(tmp) / "watchlist.yaml"
        config.write_text(watchlist_yaml(site.url))
        os.environ.update(EARNWATCH_DATA_DIR=tmp, EARNWATCH_DATABASE_URL=f"sqlite:///{tmp}/demo.db", EARNWATCH_CONFIG=str(config))
        _reset_caches()
        watchlist = _watchlist()
        console.print(f"[bold]1.[/] A local site lists the ALAB Q3 2024 call summary: {site.url}")
        site.published.append("2024Q3")
        _print_summary(check_sources(watchlist))
        console.print("[bold]2.[/] The Q4 2024 summary is published; earnwatch checks again and compares:")
        site.published.append("2024Q4")
        _print_summary(check_sources(watchlist))
        console.print("[bold]3.[/] Checking once more with nothing new sends nothing:")
        _print_summary(check_sources(watchlist))
        from worker.storage.db import get_engine

        get_engine().dispose()


@app.command()
def worker(concurrency: Annotated[int | None, typer.Option(help="worker processes (default: one per core)")] = None, loglevel: str = "INFO") -> None:
    """Run a Celery worker (distributed mode: needs EARNWATCH_BROKER_URL=redis://…)."""
    from worker.runtime.supervise import supervise

    _check_database(serve_metrics=True)
    argv = ["worker", f"--loglevel={loglevel}"] + ([f"--concurrency={concurrency}"] if concurrency else [])
    raise typer.Exit(supervise(argv, "worker"))


@app.command()
def beat(loglevel: str = "INFO") -> None:
    """Run the scheduler (exactly one per deployment)."""
    from worker.runtime.supervise import supervise

    _check_database()
    raise typer.Exit(supervise(["beat", f"--loglevel={loglevel}"], "scheduler"))


@app.command()
def run(concurrency: Annotated[int, typer.Option(help="worker processes")] = 2, loglevel: str = "INFO") -> None:
    """Run the whole service in one process tree: a private Redis (unless EARNWATCH_BROKER_URL
    names one), a worker and the scheduler. Ctrl-C stops all of it."""
    from worker.runtime.embedded import EmbeddedRedis

    settings = get_settings()
    _watchlist()  # a bad watchlist fails here, before anything starts
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    broker = EmbeddedRedis(settings.data_dir) if settings.embedded_broker else None
    try:
        if broker:
            broker.start()
            os.environ["EARNWATCH_BROKER_URL"] = broker.url
            _reset_caches()
            console.print(f"embedded Redis on {broker.url} (data in {broker.dir})")
        _check_database(serve_metrics=True)
        from worker.runtime.supervise import supervise

        code = supervise(["worker", "--beat", f"--loglevel={loglevel}", f"--concurrency={concurrency}"], "worker")
    finally:
        if broker:
            broker.stop()
    raise typer.Exit(code)


def _check_database(*, serve_metrics: bool = False) -> None:
    """Open the database (and serve metrics, if asked) before a long-running role starts."""
    from worker.storage.db import get_engine
    from worker.storage.schema import SchemaError

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)  # the beat schedule lives there

    try:
        with get_engine().connect():
            pass
    except SchemaError as exc:
        _fail(str(exc))
    except Exception as exc:  # the message names the driver's complaint
        _fail(f"cannot open the database {settings.database_url}: {exc}")
    if serve_metrics and settings.metrics_port:
        from worker.ops.metrics import serve

        serve(settings.metrics_port)


app.command("reparse")(reparse_command)
register_ops(app)


def main() -> None:
    from worker.stages.inline import PipelineError

    try:
        app()
    except (ConfigError, PipelineError, EarningsError, ScrapeError) as exc:
        errors.print(f"[bold red]error:[/] {mask_secrets(str(exc))}", highlight=False, soft_wrap=True)
        sys.exit(2)
