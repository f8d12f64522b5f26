"""Operations commands: ``earnwatch health``, ``metrics`` and ``db upgrade``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from worker.cli.output import line, console, state
from worker.ops.roles import HealthRole


def register(app: typer.Typer) -> None:
    app.command()(health)
    app.command()(metrics)
    app.add_typer(db_app, name="db")


def health(
    ctx: typer.Context,
    role: Annotated[HealthRole, typer.Option(help="all: every part; worker / beat: that role on this host (a container's check)")] = HealthRole.ALL,
) -> None:
    """Check the database, the schema, the broker and that a worker and a scheduler are alive;
    exit 1 if any is not (for container health checks)."""
    from worker.ops.health import checks

    results = checks(state(ctx).context(), role)
    for check in results:
        console.print(line(("ok  " if check.ok else "FAIL", "green" if check.ok else "bold red"), f" {check.name}: {check.detail}"))
    if not all(check.ok for check in results):
        raise typer.Exit(1)


def metrics(
    ctx: typer.Context,
    textfile: Annotated[Path | None, typer.Option(help="write here (node-exporter textfile) instead of printing")] = None,
) -> None:
    """Print Prometheus metrics, or write them to a textfile."""
    from worker.ops.metrics import exposition, write_textfile

    context = state(ctx).context()
    if textfile:
        write_textfile(context, textfile)
    else:
        typer.echo(exposition(context).decode(), nl=False)


db_app = typer.Typer(help="The database schema.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(ctx: typer.Context) -> None:
    """Create the schema, or upgrade it to this version of earnwatch."""
    from sqlalchemy.exc import SQLAlchemyError

    from worker.errors import DatabaseError
    from worker.storage.db import describe, make_data_folder, make_engine
    from worker.storage.schema import upgrade

    st = state(ctx)
    settings = st.settings()
    make_data_folder(settings.data_dir)  # asked for: the data folder is made here
    engine = make_engine(settings.database_url, create_folder=True)
    try:
        before, after = upgrade(engine)
    except SQLAlchemyError as exc:
        raise DatabaseError(describe(exc, settings.database_url)) from None
    finally:
        engine.dispose()
    where = st.masker().mask(settings.database_url)
    typer.echo(f"{where}: already at {after}" if before == after else f"{where}: upgraded from {before or 'an empty database'} to {after}")
