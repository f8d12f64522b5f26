"""Operations commands: ``earnwatch health`` and ``earnwatch metrics``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from config.secrets import mask_secrets
from config.settings import get_settings


def health() -> None:
    """Check the database, the schema and the broker; exit 1 if any is not ready (for container health checks)."""
    from worker.ops.health import checks

    results = checks()
    for name, ok, detail in results:
        typer.echo(f"{'ok  ' if ok else 'FAIL'} {name}: {mask_secrets(detail)}")
    if not all(ok for _, ok, _ in results):
        raise typer.Exit(1)


def metrics(textfile: Annotated[Path | None, typer.Option(help="write here (node-exporter textfile) instead of printing")] = None) -> None:
    """Print Prometheus metrics, or write them to a textfile."""
    from worker.ops.metrics import exposition, write_textfile

    if textfile:
        write_textfile(textfile)
    else:
        typer.echo(exposition().decode(), nl=False)


db_app = typer.Typer(help="The database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the schema, or upgrade it to this version of earnwatch."""
    from worker.storage.db import make_engine
    from worker.storage.schema import upgrade

    settings = get_settings()
    engine = make_engine(settings.database_url)
    try:
        before, after = upgrade(engine)
    finally:
        engine.dispose()
    where = mask_secrets(settings.database_url)
    typer.echo(f"{where}: already at {after}" if before == after else f"{where}: upgraded from {before or 'an empty database'} to {after}")


def register(app: typer.Typer) -> None:
    app.command()(health)
    app.command()(metrics)
    app.add_typer(db_app, name="db")
