"""``earnwatch show`` and ``export``: reading back what was found, through the same query layer
as the web pages (``worker.storage.queries``)."""

from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from worker.cli.output import TextOrJson, console, fail, row, say, state, table


class CsvOrJson(str, Enum):
    csv = "csv"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command()(show)
    app.command()(export)


def show(
    ctx: typer.Context,
    ticker: Annotated[str, typer.Argument(help="the company")],
    period: Annotated[str | None, typer.Argument(help="one quarter (2024Q4 or 'Q4 2024'); without it, the company's history")] = None,
    format: Annotated[TextOrJson, typer.Option("--format")] = TextOrJson.text,
) -> None:
    """The changes of one quarter, or a company's history quarter by quarter."""
    from earnings.period import FiscalPeriod
    from worker.storage import queries

    st = state(ctx)
    wanted = str(FiscalPeriod.parse(period)) if period else None
    context = st.context()
    mask = context.masker.mask
    with context.session() as session:
        if wanted:
            detail = queries.quarter(session, ticker, wanted)
            stored = queries.stored_periods(session, ticker)
            known = queries.find_company(session, ticker) is not None
        else:
            history = queries.history(session, ticker)
            known, stored = history is not None, queries.stored_periods(session, ticker)
    if not known:
        fail(st, f"{ticker.upper()} is not a company earnwatch has seen; add it to the watchlist and run `earnwatch scrape`")
    if wanted is None:
        assert history is not None
        if format is TextOrJson.json:
            print(mask(json.dumps([c.model_dump(mode="json") for c in history], indent=2, ensure_ascii=False)))
            return
        _print_history(ticker.upper(), history, stored, mask)
        return
    if detail is None:
        fail(st, f"no {ticker.upper()} document for {wanted} is stored (stored: {', '.join(stored) or 'none'})")
    if format is TextOrJson.json:
        print(mask(detail.model_dump_json(indent=2)))
        return
    _print_quarter(detail, mask)


def _print_history(ticker: str, history, stored: list[str], mask) -> None:  # noqa: ANN001 (read models and a masker)
    if not history:
        say(f"{ticker}: {len(stored)} quarter{'s' if len(stored) != 1 else ''} stored ({', '.join(stored) or 'none'}), nothing compared yet")
        return
    grid = table("quarter", "against", "changes", "similarity", "what changed", title=f"{ticker}: each quarter against the one before")
    for comparison in reversed(history):
        reasons = "\n".join(mask(c.reason) for c in comparison.changes) or "nothing material"
        cosine = comparison.similarity.get("cosine")
        row(grid, comparison.period, comparison.baseline_period, len(comparison.changes), f"{cosine:.2f}" if cosine is not None else "", reasons)
    console.print(grid)
    say(f"`earnwatch show {ticker} QUARTER` shows a quarter's changes with their quotes")


def _print_quarter(detail, mask) -> None:  # noqa: ANN001
    from alerts.terminal import redline
    from earnings.report import ChangeReport

    doc = detail.document
    say((f"{detail.ticker} {detail.period}", "bold"), f"  {mask(doc.title)}")
    say(("  ", ""), (mask(doc.url), "dim"))
    if not detail.comparisons:
        say("the first stored quarter: nothing to compare it with")
    for comparison in detail.comparisons:
        report = ChangeReport.from_dict({
            "company": detail.ticker, "period": comparison.period, "baseline_period": comparison.baseline_period,
            "similarity": comparison.similarity, "changes": [c.model_dump() for c in comparison.changes],
        })
        print(mask(redline(report, color=sys.stdout.isatty())))  # the redline strips control codes from scraped text


def export(
    ctx: typer.Context,
    format: Annotated[CsvOrJson, typer.Option("--format", help="csv or json")] = CsvOrJson.csv,
    ticker: Annotated[str | None, typer.Option(help="only this company")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write here instead of printing")] = None,
) -> None:
    """Every change of every stored quarter, by company and quarter (against the quarter before)."""
    from worker.storage import queries
    from worker.storage.views import ExportRow

    st = state(ctx)
    context = st.context()
    mask = context.masker.mask
    with context.session() as session:
        if ticker and queries.find_company(session, ticker) is None:
            fail(st, f"{ticker.upper()} is not a company earnwatch has seen; see `earnwatch status`")
        rows = [r.model_dump() for r in queries.export_rows(session, ticker)]
    if format is CsvOrJson.json:
        text = json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(ExportRow.model_fields), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        text = buffer.getvalue()
    text = mask(text)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(st, f"cannot write {output}: {exc.strerror}")
    say(f"{len(rows)} change{'s' if len(rows) != 1 else ''} written to {output}")
