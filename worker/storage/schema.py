"""The database schema, managed by Alembic.

``earnwatch db upgrade`` creates or upgrades it (``worker/storage/migrations``). A SQLite database (the embedded default, one
user's file) is upgraded automatically when opened; any other database must be upgraded on
purpose, and a role refuses to start on an out-of-date schema with a message saying so.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from worker.errors import SchemaError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration's revision: the schema these models describe. Alembic finds its head by
# reading every migration script, and loads 10 MB of itself to do it, so opening a database
# that is current compares its version with this instead (tests/worker/test_schema.py checks
# that it is alembic's head); only a database that is not goes through alembic.
REVISION = "0005"
__all__ = ["REVISION", "SchemaError", "current", "head", "prepare", "problem", "upgrade"]


def _config(engine: Engine) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def head() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    found = ScriptDirectory.from_config(config).get_current_head()
    assert found is not None, "the migrations have a head revision"
    return found


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the newest revision; returns (before, after)."""
    from alembic import command

    before = current(engine)
    config = _config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return before, head()


def problem(engine: Engine) -> str | None:
    """Why this database cannot be used as it is, or None."""
    now, wanted = current(engine), head()
    if now == wanted:
        return None
    state = "empty (no earnwatch tables)" if now is None else f"at revision {now}"
    return f"the database schema is {state}; this earnwatch needs revision {wanted}: run `earnwatch db upgrade`"


def prepare(engine: Engine) -> None:
    """Upgrade a SQLite database; refuse any other database whose schema is not current."""
    if engine.dialect.name == "sqlite":
        # Processes starting together (a worker and a beat) take turns: SQLite answers
        # "database is locked" at once, without waiting, to a second process switching a new
        # file to WAL or creating tables while the first one does.
        with _file_lock(engine.url.database):
            if not _is_current(engine) and current(engine) != head():
                upgrade(engine)
        return
    if _is_current(engine):
        return
    message = problem(engine)
    if message:
        raise SchemaError(message)


def _is_current(engine: Engine) -> bool:
    """The database is at ``REVISION`` (alembic's version table, read without alembic)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        return [row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))] == [REVISION]


@contextmanager
def _file_lock(database: str | None) -> Iterator[None]:
    if not database or database == ":memory:":
        yield
        return
    with open(f"{database}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
