"""Storage faults, through the real ``earnwatch`` command: each is one line and exit code 2, the
data folder is made only by ``earnwatch run`` and ``db upgrade``, and a worker whose SQLite
file is deleted stops instead of writing into the deleted file.

Read-only files mean nothing to root, so when the tests run as root the command runs without
the capabilities that let root write anywhere (``setpriv``), as an ordinary user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import wait_for
from tests.end_to_end.conftest import EARNWATCH, processes, pytest_runtest_makereport  # noqa: F401 (fixture, hook)

AS_A_USER = (
    ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search"]
    if os.geteuid() == 0 and shutil.which("setpriv")
    else []
)
WATCHLIST = """companies:
  - ticker: ALAB
    sources: [{kind: summary_page, url: "http://127.0.0.1:9/alab", every: 1h}]
"""


def _earnwatch(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*AS_A_USER, EARNWATCH, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def _one_line_error(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


@pytest.fixture
def env(earnwatch_env, tmp_path, monkeypatch) -> dict[str, str]:
    """The default SQLite file under EARNWATCH_DATA_DIR, a watchlist, no data folder yet."""
    monkeypatch.delenv("EARNWATCH_DATABASE_URL")
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(WATCHLIST)
    shutil.rmtree(earnwatch_env["EARNWATCH_DATA_DIR"])
    return {k: v for k, v in earnwatch_env.items() if k != "EARNWATCH_DATABASE_URL"} | {"EARNWATCH_FETCH_ATTEMPTS": "1"}


def test_a_data_folder_that_does_not_exist_is_named_with_how_to_create_it_and_not_created(env):
    data = Path(env["EARNWATCH_DATA_DIR"])
    for command in (("scrape",), ("status",), ("alerts", "list")):
        line = _one_line_error(_earnwatch(env, *command))
        assert str(data) in line and "earnwatch db upgrade" in line and "EARNWATCH_DATA_DIR" in line
        assert not data.exists(), f"`earnwatch {' '.join(command)}` made no empty database"
    upgraded = _earnwatch(env, "db", "upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    assert (data / "earnwatch.db").exists()
    assert _earnwatch(env, "status").returncode == 0


def test_a_data_folder_that_cannot_be_created_is_one_line(env, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    env["EARNWATCH_DATA_DIR"] = str(blocker / "data")
    for command in (("db", "upgrade"), ("run",), ("scrape",)):
        line = _one_line_error(_earnwatch(env, *command))
        assert str(blocker / "data") in line, line


@pytest.mark.skipif(os.geteuid() == 0 and not AS_A_USER, reason="root writes read-only files, and setpriv is missing")
def test_a_read_only_database_file_is_one_line_and_leaves_no_unwritable_wal(env):
    data = Path(env["EARNWATCH_DATA_DIR"])
    assert _earnwatch(env, "db", "upgrade").returncode == 0
    database = data / "earnwatch.db"
    database.chmod(0o444)
    try:
        for command in (("scrape",), ("status",), ("alerts", "list")):
            line = _one_line_error(_earnwatch(env, *command))
            assert "read-only" in line and str(database) in line, line
        for extra in (data / "earnwatch.db-wal", data / "earnwatch.db-shm"):
            assert not extra.exists() or os.stat(extra).st_mode & 0o200, f"{extra.name} is left unwritable"
    finally:
        database.chmod(0o644)
    assert _earnwatch(env, "status").returncode == 0, "fixing the file's mode is all it takes"


@pytest.mark.skipif(os.geteuid() == 0 and not AS_A_USER, reason="root writes into read-only folders, and setpriv is missing")
def test_a_read_only_data_folder_is_one_line(env):
    data = Path(env["EARNWATCH_DATA_DIR"])
    assert _earnwatch(env, "db", "upgrade").returncode == 0
    data.chmod(0o555)
    try:
        line = _one_line_error(_earnwatch(env, "scrape"))
        assert "read-only" in line and str(data) in line, line
    finally:
        data.chmod(0o755)


def test_a_worker_whose_database_file_is_deleted_stops_with_an_error(processes, env, redis_url):
    data = Path(env["EARNWATCH_DATA_DIR"])
    processes.env.clear()
    processes.env.update(env, EARNWATCH_BROKER_URL=redis_url)
    assert processes.run("db", "upgrade").returncode == 0
    worker = processes.start("worker", "--concurrency", "1")
    log = Path(worker.log_path)  # type: ignore[attr-defined]
    wait_for(lambda: "ready" in log.read_text(errors="replace"), 90, what="the worker to start")
    for path in data.glob("earnwatch.db*"):
        path.unlink()
    started = time.monotonic()
    wait_for(lambda: worker.poll() is not None, 90, what="the worker to stop")
    text = log.read_text(errors="replace")
    assert worker.returncode == 2, text[-2000:]
    assert "has gone" in text and str(data / "earnwatch.db") in text
    assert not (data / "earnwatch.db").exists(), "no new empty database was made in its place"
    print(f"\nthe worker stopped {time.monotonic() - started:.1f} s after its database was deleted")
