"""Where the worker benchmark keeps earnwatch's data: throwaway PostgreSQL databases (the
production setting: worker processes share one database), or SQLite files when no PostgreSQL
answers. A prepared state is copied for each run: ``CREATE DATABASE … TEMPLATE``, or a file copy.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

DEFAULT_POSTGRES = os.environ.get("EARNWATCH_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")


class Databases:
    def __init__(self, root: Path, postgres: str | None) -> None:
        """``postgres``: an admin URL (``postgresql://user@host:port/db``) to make databases with; None: SQLite."""
        self.root, self.admin = root, postgres
        self.made: list[str] = []
        self.tag = uuid.uuid4().hex[:8]

    @classmethod
    def choose(cls, root: Path, postgres: str) -> Databases:
        """PostgreSQL at ``postgres`` if it answers ('' or 'sqlite': SQLite)."""
        if postgres and postgres != "sqlite":
            import psycopg

            try:
                psycopg.connect(postgres, connect_timeout=3).close()
                return cls(root, postgres)
            except psycopg.Error:
                pass
        return cls(root, None)

    @property
    def kind(self) -> str:
        return "PostgreSQL" if self.admin else "SQLite"

    def _execute(self, statement: str) -> None:
        import psycopg

        assert self.admin is not None
        with psycopg.connect(self.admin, autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def _url(self, name: str) -> str:
        assert self.admin is not None
        server = self.admin.split("://", 1)[1].rsplit("/", 1)[0]
        return f"postgresql+psycopg://{server}/{name}"

    def new(self, name: str, template: str | None = None) -> str:
        """The URL of a new database ``name``, empty or a copy of ``template`` (a name given before)."""
        if self.admin is None:
            path = self.root / f"{name}.db"
            if template:
                shutil.copyfile(self.root / f"{template}.db", path)
            return f"sqlite:///{path}"
        full = f"bench_{self.tag}_{name}"
        self._execute(f'CREATE DATABASE "{full}"' + (f' TEMPLATE "bench_{self.tag}_{template}"' if template else ""))
        self.made.append(full)
        return self._url(full)

    def drop_all(self) -> None:
        for full in reversed(self.made):
            try:
                self._execute(f'DROP DATABASE IF EXISTS "{full}" WITH (FORCE)')
            except Exception:  # noqa: BLE001 (a database left behind is named bench_…, and harmless)
                pass
        self.made.clear()
