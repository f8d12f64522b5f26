"""``earnwatch scrape``, ``retrigger``, ``reparse`` and ``demo``: the chain run in the foreground."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from worker.cli.output import console, plain, say, starting, state
from worker.text import plural

if TYPE_CHECKING:
    from config.secrets import Masker
    from worker.stages.inline import RunSummary


def register(app: typer.Typer) -> None:
    app.command()(scrape)
    app.command()(retrigger)
    app.command()(reparse)
    app.command()(confirm)
    app.command()(demo)


def scrape(ctx: typer.Context, tickers: Annotated[list[str] | None, typer.Argument(help="only these companies")] = None) -> None:
    """Check the sources now, in the foreground, and print what was found, compared and sent."""
    with starting():
        from worker.stages.inline import check_sources

        context = state(ctx).context()
        context.watchlist  # noqa: B018 (a bad watchlist is reported before the spinner starts)
    with console.status("checking sources…") as spinner:
        summary = check_sources(context, tickers or [], on_source=lambda label: spinner.update(plain(f"checking {label}")))
    print_summary(summary, context.masker)


def retrigger(
    ctx: typer.Context,
    ticker: str,
    quarter: Annotated[str, typer.Argument(help="2024Q4 or 'Q4 2024'")],
    refetch: Annotated[bool, typer.Option(help="fetch the sources again first")] = False,
    resend: Annotated[bool, typer.Option(help="send alerts again even if already delivered")] = False,
) -> None:
    """Re-run one quarter: re-parse the stored page, re-compare, plan and send alerts."""
    from earnings.period import FiscalPeriod
    from worker.stages.inline import retrigger as run_again

    FiscalPeriod.parse(quarter)  # a quarter that is no quarter is refused before anything is read
    context = state(ctx).context()
    context.watchlist  # noqa: B018
    print_summary(run_again(context, ticker, quarter, refetch=refetch, resend=resend), context.masker)


def confirm(
    ctx: typer.Context,
    ticker: str,
    quarter: Annotated[str, typer.Argument(help="2024Q4 or 'Q4 2024'")],
) -> None:
    """Accept the version of a quarter held as suspect (it lost most statements): compare it and send its alerts."""
    from earnings.period import FiscalPeriod
    from worker.stages.confirm import confirm_version

    FiscalPeriod.parse(quarter)
    context = state(ctx).context()
    context.watchlist  # noqa: B018
    print_summary(confirm_version(context, ticker, quarter), context.masker)


def reparse(
    ctx: typer.Context,
    ticker: Annotated[str | None, typer.Argument(help="only this company")] = None,
    undo: Annotated[bool, typer.Option(help="put back the parse each document had before its last re-parse")] = False,
) -> None:
    """Re-parse stored documents with today's parsers (no network); store unresolved ones whose quarter now reads.
    The parse replaced is kept: --undo puts it back."""
    from worker.stages.reparse import reparse_stored, undo_reparse

    context = state(ctx).context()
    mask = context.masker.mask
    if undo:
        undone = undo_reparse(context, ticker)
        for item in undone:
            say("• put back the earlier parse: ", mask(item))
        say(f"{len(undone)} undone" + ("; compare a quarter again with `earnwatch retrigger TICKER QUARTER`" if undone else ""))
        return
    summary = reparse_stored(context, ticker)
    for item in summary.changed:
        say("• re-parsed, changed: ", item)
    for item in summary.resolved:
        say("• ", ("resolved", "green"), " and stored: ", item)
    for item in summary.failed:
        say("  ", (mask(item), "red"))
    for item in summary.unresolved:
        say("  ", (f"still unresolved: {mask(item)}", "yellow"))
    say(
        f"{len(summary.changed)} changed, {summary.unchanged} unchanged, {len(summary.resolved)} resolved, "
        f"{len(summary.unresolved)} still unresolved, {len(summary.failed)} failed"
    )
    if summary.resolved or summary.changed:
        say("compare a quarter again with `earnwatch retrigger TICKER QUARTER`")


def demo(ctx: typer.Context) -> None:
    """Run the pipeline against a small bundled site and print the alert it makes."""
    from config.settings import load_settings
    from worker.demo import DemoSite, watchlist_yaml
    from worker.runtime.context import Context
    from worker.runtime.watchlist import parse_watchlist
    from worker.stages.inline import check_sources

    st = state(ctx)
    with tempfile.TemporaryDirectory(prefix="earnwatch-demo-") as tmp, DemoSite().running() as site:
        settings = load_settings(data_dir=Path(tmp), database_url=f"sqlite:///{tmp}/demo.db", config=Path(tmp) / "watchlist.yaml")
        context = st.use(Context(settings, watchlist=parse_watchlist(watchlist_yaml(site.url), "demo watchlist")))
        say(("1.", "bold"), f" A local site lists the ALAB Q3 2024 call summary: {site.url}")
        site.published.append("2024Q3")
        print_summary(check_sources(context), context.masker)
        say(("2.", "bold"), " The Q4 2024 summary is published; earnwatch checks again and compares:")
        site.published.append("2024Q4")
        print_summary(check_sources(context), context.masker)
        say(("3.", "bold"), " Checking once more with nothing new sends nothing:")
        print_summary(check_sources(context), context.masker)
        context.close()


QUIET_LISTED = 10  # sources with nothing new listed one by one; more are counted in one line


def print_summary(summary: RunSummary, masker: Masker) -> None:
    mask = masker.mask
    quiet = {id(c) for c in summary.checks if not c.new_documents and not c.errors}
    for check in summary.checks:
        if id(check) in quiet and len(quiet) > QUIET_LISTED:
            continue
        say("• ", mask(check.summary()))
        for error in check.errors:
            say("  ", (mask(error), "red"))
    if len(quiet) > QUIET_LISTED:
        say("• ", f"{plural(len(quiet), 'other source')} with nothing new")
    for result in summary.comparisons:
        say("• ", mask(result.summary()))
    for outcome in summary.deliveries:
        say("• ", (mask(outcome.summary()), "" if outcome.sent else "red"))
    for note in summary.notes:
        say((mask(note), "yellow"))
    if not (summary.checks or summary.comparisons or summary.deliveries or summary.notes):
        say("nothing to do")
    elif len(summary.checks) > 1:  # the last line: what the cycle came to
        failing = sum(1 for c in summary.checks if c.errors)
        new = sum(len(c.new_documents) for c in summary.checks)
        say(f"{plural(len(summary.checks), 'source')} checked: {plural(new, 'new document')}, ",
            (f"{failing:,} failing", "red") if failing else "none failing")
