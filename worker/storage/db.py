"""The database engine and sessions. The caller owns the session and the commit.

``open_engine`` is what a process uses: the engine, with the schema checked (a SQLite file is
upgraded in place; any other database must already be current). A URL that is not a database
URL, or a database that cannot be reached, is a ``DatabaseError`` whose one-line message says
what to check; ``describe`` turns a driver's error into such a line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlmodel import Session, create_engine

from config.secrets import mask_secrets
from worker.errors import DatabaseError
from worker.storage import models  # noqa: F401  (registers the tables)
from worker.storage.schema import prepare

_EXAMPLES = "postgresql+psycopg://user@host/earnwatch (a password after user:) or sqlite:///data/earnwatch.db"


def make_engine(url: str, *, create_folder: bool = False) -> Engine:
    """An engine for ``url`` (no connection is made yet); ``DatabaseError`` for a URL that
    names no database earnwatch can use. A SQLite file's folder is made only with
    ``create_folder`` (``earnwatch run``, ``db upgrade``): a mistyped folder is an error, not a
    new empty database."""
    try:
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            file = sqlite_file(url)
            if file is not None:
                check_sqlite_file(file, create_folder=create_folder)
            engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin if file is None else _guarded_begin(file))
            return engine
        if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
            url = str(parsed.set(drivername="postgresql+psycopg"))
        return create_engine(url, pool_pre_ping=True)
    except (ArgumentError, NoSuchModuleError, ImportError, ValueError) as exc:
        unparsed = isinstance(exc, ArgumentError) and not isinstance(exc, NoSuchModuleError)
        reason = "not a database URL" if unparsed else f"not a database earnwatch can use ({_first_line(exc)})"
        raise DatabaseError(f"EARNWATCH_DATABASE_URL {mask_secrets(url)!r} is {reason}; write it like {_EXAMPLES}") from None


def open_engine(url: str, *, create_folder: bool = False) -> Engine:
    """The engine a process works with: reachable, its schema current (SQLite is upgraded)."""
    engine = make_engine(url, create_folder=create_folder)
    try:
        prepare(engine)
    except DatabaseError:
        engine.dispose()
        raise
    except (SQLAlchemyError, OSError) as exc:
        engine.dispose()
        raise DatabaseError(describe(exc, url)) from None
    # Celery's prefork pool forks after the parent has opened connections (`earnwatch worker`
    # checks the database first); a child must not reuse the parent's sockets, or two
    # processes talk over one PostgreSQL connection and one of them hangs.
    # https://docs.sqlalchemy.org/en/20/core/pooling.html#using-connection-pools-with-multiprocessing-or-os-fork
    os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    return engine


def describe(exc: BaseException, url: str) -> str:
    """One line for an error the database or its driver raised, saying what to check."""
    where = mask_secrets(url)
    reason = _first_line(exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc)
    if url.startswith("sqlite"):
        return f"cannot use the database {where}: {reason}; check that its folder exists and is writable (EARNWATCH_DATA_DIR, EARNWATCH_DATABASE_URL)"
    return f"cannot use the database {where}: {reason}; is the server running and the URL right? (EARNWATCH_DATABASE_URL)"


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for another database or one in memory)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def make_data_folder(folder: Path) -> None:
    """Make the data folder (``earnwatch run``, ``db upgrade``), or ``DatabaseError`` saying why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"cannot create the data folder {folder}: {exc.strerror or exc}; create it by hand or set EARNWATCH_DATA_DIR to a folder you can write") from None


def check_data_folder(folder: Path) -> None:
    """``DatabaseError`` naming the data folder and how to make it, unless it exists."""
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise DatabaseError(
            f"the data folder {folder} {what}; create it with `earnwatch db upgrade` (or mkdir -p {folder}), "
            "or set EARNWATCH_DATA_DIR to the folder that holds your data"
        )


def check_sqlite_file(file: Path, *, create_folder: bool = False) -> None:
    """``DatabaseError`` naming the path and what to do, unless SQLite can write ``file``:
    its folder exists (or is made, with ``create_folder``) and is writable, and so are the file
    and its -wal and -shm files if they exist. Checked before SQLite opens anything, since a
    read-only file opened in WAL mode leaves -wal and -shm files that no one can write."""
    folder = file.parent
    if create_folder:
        make_data_folder(folder)
    check_data_folder(folder)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise DatabaseError(f"the data folder {folder} is read-only; make it writable for this user (chmod u+w {folder}) or set EARNWATCH_DATA_DIR")
    for path in (file, file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm")):
        if path.exists() and not os.access(path, os.R_OK | os.W_OK):
            raise DatabaseError(f"the database file {path} is read-only; make it writable for this user (chmod u+rw {path})")


class DatabaseGone(DatabaseError):
    """The SQLite file was deleted or replaced while this process was using it."""


def _guarded_begin(file: Path):  # noqa: ANN202 (an event listener)
    """BEGIN (IMMEDIATE for a writer), after checking the file is still the one this process
    opened: once it is deleted, SQLite would go on writing to the deleted file and lose everything."""
    opened: list[tuple[int, int]] = []

    def begin(connection) -> None:  # noqa: ANN001
        identity = database_identity(file)
        if not opened and identity is not None:
            opened.append(identity)
        if identity is None or identity != opened[0]:
            raise DatabaseGone(gone_message(file))
        _sqlite_begin(connection)

    return begin


def database_identity(file: Path) -> tuple[int, int] | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def gone_message(file: Path) -> str:
    return (
        f"the database file {file} has gone (deleted or moved) while earnwatch was using it; stopping so that nothing "
        "more is lost: put the file back and start again, or start again to begin a new database"
    )


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


READ_ONLY = "earnwatch_read_only"  # an execution option: this engine's sessions only read


def reading(engine: Engine) -> Engine:
    """``engine`` for sessions that only read: on SQLite their transactions do not take the
    write lock (in WAL mode they read beside a writer instead of queueing behind it)."""
    return engine.execution_options(**{READ_ONLY: True})


@contextmanager
def read_scope(engine: Engine) -> Iterator[Session]:
    """A session that only reads (make ``engine`` with ``reading``); nothing is committed."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.rollback()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    text = re.sub(r"^\([\w.]+\)\s*", "", text)  # "(psycopg.OperationalError) …"
    line = text.splitlines()[0].strip()
    return re.sub(r"\s+", " ", line.replace("FATAL:", "")).strip().rstrip(".")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    # WAL lets the CLI read while a worker writes; busy_timeout waits instead of failing.
    # pysqlite's own transaction handling is turned off so that "begin" below takes the write
    # lock up front: a deferred transaction that upgrades to a writer fails at once with
    # "database is locked" when another process writes, instead of waiting.
    # https://docs.sqlalchemy.org/en/20/dialects/sqlite.html#serializable-isolation-savepoints-transactional-ddl
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection) -> None:
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")  # a reader: a snapshot, no lock on writers
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
