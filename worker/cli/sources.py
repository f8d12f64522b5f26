"""``earnwatch reparse [TICKER]``: apply today's parsers to the stored raw bytes."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from config.secrets import mask_secrets

console = Console()


def reparse(ticker: Annotated[str | None, typer.Argument(help="only this company")] = None) -> None:
    """Re-parse stored documents with today's parsers (no network); store unresolved ones whose quarter now reads."""
    from worker.stages.reparse import reparse_stored
    from worker.runtime import current_watchlist

    summary = reparse_stored(current_watchlist(), ticker)
    for line in summary.changed:
        console.print(f"• re-parsed, changed: {line}", highlight=False)
    for line in summary.resolved:
        console.print(f"• [green]resolved[/] and stored: {line}", highlight=False)
    for line in summary.failed:
        console.print(f"  [red]{mask_secrets(line)}[/]", highlight=False)
    for line in summary.unresolved:
        console.print(f"  [yellow]still unresolved: {mask_secrets(line)}[/]", highlight=False)
    console.print(
        f"{len(summary.changed)} changed, {summary.unchanged} unchanged, {len(summary.resolved)} resolved, "
        f"{len(summary.unresolved)} still unresolved, {len(summary.failed)} failed"
    )
    if summary.resolved or summary.changed:
        console.print("compare a quarter again with `earnwatch retrigger TICKER QUARTER`")
