"""``earnwatch read`` and ``diff``: one document as the reader read it, and two compared,
without the database.

Both take what the reader would otherwise guess: ``--kind``, ``--ticker``, ``--period`` (and
``--baseline-period`` for the earlier document of ``diff``) and ``--fiscal-year-end``. None is
ever needed; each document says what it found and where it found it.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from earnings.document import CallDocument, DocumentKind
from worker.cli.output import State, TextOrJson, errors, fail, line, say, state

FIRST_STATEMENTS = 3  # statements shown per section by ``read``
SHOWN_CHARS = 160


def register(app: typer.Typer) -> None:
    app.command()(read)
    app.command()(diff)


KindOption = Annotated[DocumentKind | None, typer.Option("--kind", help="what the document is, if not what it looks like")]
TickerOption = Annotated[str | None, typer.Option("--ticker", help="the company's ticker, if the document does not name it")]
YearEndOption = Annotated[int | None, typer.Option("--fiscal-year-end", min=1, max=12,
                                                   help="the month the company's fiscal year ends (1-12), to number a quarter read from a date")]
RangeChangesOption = Annotated[bool, typer.Option(
    "--range-changes", help="report a guide's range narrowed or widened around the same midpoint (guidance_narrowed, "
                            "guidance_widened), as the watchlist's compare: {range_changes: true} does")]


@dataclass(frozen=True)
class _Given:
    kind: DocumentKind | None
    ticker: str | None
    period: str | None
    fiscal_year_end: int | None


def read(
    ctx: typer.Context,
    where: Annotated[str, typer.Argument(metavar="FILE_OR_URL", help="the document: a file or an http(s) URL")],
    format: Annotated[TextOrJson, typer.Option("--format")] = TextOrJson.text,
    kind: KindOption = None,
    ticker: TickerOption = None,
    period: Annotated[str | None, typer.Option("--period", help="the quarter it reports (2025Q2), if it does not say")] = None,
    fiscal_year_end: YearEndOption = None,
) -> None:
    """Show how a document is read: its kind, company and quarter (and where each was found), its
    sections and their first statements."""
    st = state(ctx)
    document = _load(st, where, _Given(kind, ticker, period, fiscal_year_end))
    if format is TextOrJson.json:
        print(json.dumps(_reading(document, where) | {"statements": [_statement(s) for s in document.statements]},
                         indent=2, ensure_ascii=False))
        return
    _show(document, where)


def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="the earlier document: a file or an http(s) URL")],
    new: Annotated[str, typer.Argument(help="the later document: a file or an http(s) URL")],
    format: Annotated[TextOrJson, typer.Option("--format")] = TextOrJson.text,
    kind: KindOption = None,
    ticker: TickerOption = None,
    period: Annotated[str | None, typer.Option("--period", help="the quarter NEW reports (2025Q2), if it does not say")] = None,
    baseline_period: Annotated[str | None, typer.Option("--baseline-period", help="the quarter OLD reports, if it does not say")] = None,
    fiscal_year_end: YearEndOption = None,
    range_changes: RangeChangesOption = False,
) -> None:
    """Compare two documents of one company, the earlier first, without the database (and
    without the watchlist: its compare: choices are given as options)."""
    from alerts.terminal import redline
    from earnings.compare import CompareOptions, compare

    st = state(ctx)
    before = _load(st, old, _Given(kind, ticker, baseline_period, fiscal_year_end))
    after = _load(st, new, _Given(kind, ticker, period, fiscal_year_end))
    warnings = _warnings(before, after)
    report = compare(after, before, CompareOptions(range_changes=range_changes))
    if format is TextOrJson.json:
        out: dict[str, Any] = report.to_dict()
        out["documents"] = {"old": _reading(before, old), "new": _reading(after, new)}
        out["warnings"] = warnings
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        for name, document, where in (("old", before, old), ("new", after, new)):
            say((f"{name}:", "bold"), " ", where, " — ", _found_line(document))
        print(redline(report, color=sys.stdout.isatty()))
    for warning in warnings:
        errors.print(line(("warning:", "bold yellow"), " ", warning))


def _load(st: State, where: str, given: _Given) -> CallDocument:
    from earnings.errors import PeriodError
    from earnings.period import FiscalPeriod
    from scrapers.reading import ReadHints
    from worker.documents import load_document

    _refuse_a_file_over(st, where, st.settings().max_page_bytes)
    try:
        quarter = FiscalPeriod.parse(given.period) if given.period else None
    except PeriodError as exc:
        fail(st, f"--period {given.period}: {exc}")
    hints = ReadHints(kind=given.kind, ticker=(given.ticker or "").upper(), period=quarter,
                      fiscal_year_end=given.fiscal_year_end, require_period=False)
    return load_document(where, hints)


def _refuse_a_file_over(st: State, where: str, cap: int) -> None:
    """A local file gets the same size cap as a fetched page (EARNWATCH_MAX_PAGE_BYTES)."""
    if where.startswith(("http://", "https://")):
        return
    try:
        size = Path(where).stat().st_size
    except OSError:
        return  # the reader says what is wrong with it
    if size > cap:
        fail(st, f"{where} is {size:,} bytes, larger than the {cap:,}-byte cap (EARNWATCH_MAX_PAGE_BYTES); is it really a document?")


def _same_ticker(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def _warnings(before: CallDocument, after: CallDocument) -> list[str]:
    """What a person comparing the two should know: other companies, or the order reversed."""
    from scrapers.company import same_name
    out = []
    for a, b, same in ((before.ticker, after.ticker, _same_ticker), (before.company_name, after.company_name, same_name)):
        if a and b:  # a ticker against a ticker, a name against a name
            if not same(a, b):
                out.append(f"the documents are about different companies ({a} and {b}); the changes compare one with the other")
            break
    if before.period and after.period:
        if after.period < before.period:
            out.append(f"NEW reports {after.period}, before OLD's {before.period}: give the earlier document first")
        elif after.period == before.period:
            out.append(f"both documents report {after.period}: this compares two versions of one quarter")
    for name, document in (("OLD", before), ("NEW", after)):
        if document.period is None:
            out.append(f"{name} names no fiscal quarter that could be read; compared anyway (give --period"
                       f"{' or --baseline-period' if name == 'OLD' else ''} to set it)")
    return out


def _found_line(document: CallDocument) -> str:
    found = document.found
    company = document.ticker or document.company_name or "company unknown"
    period = str(document.period) if document.period else "no quarter found"
    return (f"{found.get('kind') or document.kind}; {company} ({found.get('company', 'not found')}); "
            f"{period} ({found.get('period', 'not found')})")


def _reading(document: CallDocument, where: str) -> dict[str, Any]:
    counts = Counter(str(s.section) for s in document.statements)
    return {
        "source": where,
        "kind": str(document.kind),
        "ticker": document.ticker or None,
        "company_name": document.company_name or None,
        "period": str(document.period) if document.period else None,
        "fiscal_year_end": document.extra.get("fiscal_year_end"),
        "title": document.title,
        "found": dict(document.found),
        "sections": dict(counts),
    }


def _statement(statement: Any) -> dict[str, Any]:
    return {"section": str(statement.section), "topic": statement.topic, "speaker": statement.speaker,
            "text": statement.text}


def _show(document: CallDocument, where: str) -> None:
    found = document.found
    say((where, "bold"))
    say("  title:    ", document.title)
    say("  kind:     ", found.get("kind") or str(document.kind))
    company = " — ".join(x for x in (document.ticker, document.company_name) if x) or "unknown"
    say("  company:  ", company, f"  ({found.get('company', 'not found')})")
    quarter = str(document.period) if document.period else "none found"
    say("  quarter:  ", quarter, f"  ({found.get('period', 'not found')})",
        f"; fiscal year ends in month {document.extra.get('fiscal_year_end', 12)}")
    by_section: dict[str, list[Any]] = {}
    for statement in document.statements:
        by_section.setdefault(str(statement.section), []).append(statement)
    say(f"  sections: {sum(len(v) for v in by_section.values())} statements")
    for section, statements in by_section.items():
        say(f"    {section}: {len(statements)}")
        for statement in statements[:FIRST_STATEMENTS]:
            text = statement.text if len(statement.text) <= SHOWN_CHARS else statement.text[:SHOWN_CHARS - 1] + "…"
            who = f"[{statement.speaker or statement.topic}] " if (statement.speaker or statement.topic) else ""
            say("      - ", who + text)
