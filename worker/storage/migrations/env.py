"""Alembic's entry point: migrates the database of the connection or URL it is given."""

from alembic import context
from sqlmodel import SQLModel

from worker.storage import models  # noqa: F401  (registers the tables)

config = context.config


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        from worker.storage.db import make_engine

        engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
        with engine.connect() as connection:
            _migrate(connection)
        engine.dispose()
    else:
        _migrate(connection)


def _migrate(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
