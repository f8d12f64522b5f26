"""The Alembic migrations create exactly the tables the models describe, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

from worker.storage.db import make_engine
from worker.storage.schema import REVISION, head, problem, upgrade


def test_migrations_build_the_schema_the_models_describe(database_url):
    engine = make_engine(database_url)
    try:
        upgrade(engine)  # already upgraded on PostgreSQL by the fixture; a no-op then
        assert problem(engine) is None
        with engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert differences == []
        assert set(SQLModel.metadata.tables) <= set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_an_empty_database_is_reported_with_what_to_run(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    message = problem(engine)
    assert message and "earnwatch db upgrade" in message and head() in message


def test_the_revision_the_code_checks_for_is_the_newest_migration():
    # Opening a current database compares its version with REVISION, without alembic: a new
    # migration must move REVISION to itself, or databases would not be upgraded to it.
    assert REVISION == head()
