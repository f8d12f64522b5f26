"""What an operator meets when something is set up wrong: one line that says what to do, exit
code 2, no traceback (``--debug`` shows it), and no restart loop. Real ``earnwatch`` processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import free_port, throwaway_database, wait_for
from tests.end_to_end.conftest import processes, pytest_runtest_makereport  # noqa: F401 (fixture, hook)

EARNWATCH = str(Path(sys.executable).with_name("earnwatch"))
GOOD = "companies:\n  - ticker: ALAB\n    sources: [{kind: summary_page, url: 'https://example.org/alab'}]\nroutes:\n  - {name: log, urls: ['console://']}\n"


def earnwatch(*args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([EARNWATCH, *args], capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          env={**os.environ, **env}, cwd=cwd)


def one_clear_line(result: subprocess.CompletedProcess, *phrases: str) -> str:
    """The single error line a command printed, checked for ``phrases`` and for no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(p in lines[0] for p in phrases), lines[0]
    return lines[0]


@pytest.fixture
def env(earnwatch_env) -> dict[str, str]:
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(GOOD)
    return earnwatch_env


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    """A database on the machine's PostgreSQL with no tables at all."""
    with throwaway_database("earnwatch_empty") as url:
        yield url


def test_a_worker_without_a_broker_says_so_and_is_not_restarted(env):
    started = time.monotonic()
    result = earnwatch("worker", env=env)
    one_clear_line(result, "EARNWATCH_BROKER_URL is 'embedded'", "earnwatch run", "redis://")
    assert "starting it again" not in result.stderr and time.monotonic() - started < 30


def test_a_worker_whose_broker_is_down_says_so(env):
    one_clear_line(earnwatch("worker", env={**env, "EARNWATCH_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0"}),
                   "cannot reach the broker", "is Redis running there?")


def test_supervision_never_restarts_a_child_that_stopped_on_a_configuration_error(env, capfd):
    from worker.runtime.supervise import supervise

    started = time.monotonic()
    code = supervise(["worker", "--loglevel=INFO"], "worker", {"EARNWATCH_BROKER_URL": "embedded"})
    err = capfd.readouterr().err
    assert code == 2 and time.monotonic() - started < 60
    assert err.count("error: ") == 1 and "EARNWATCH_BROKER_URL" in err
    assert "starting it again" not in err and "Traceback" not in err


def test_a_worker_started_from_a_folder_laid_out_as_the_readme_says_runs(earnwatch_env, redis_url, tmp_path):
    """``config/watchlist.yaml`` beside the user: the folder must not shadow the ``config`` package."""
    home = tmp_path / "desk"
    (home / "config").mkdir(parents=True)
    (home / "config" / "watchlist.yaml").write_text(GOOD)
    # EARNWATCH_CONFIG unset: the default, config/watchlist.yaml in the working folder
    environ = {k: v for k, v in {**os.environ, **earnwatch_env}.items() if k != "EARNWATCH_CONFIG"} | {"EARNWATCH_BROKER_URL": redis_url}
    log = open(tmp_path / "worker.log", "wb")
    worker = subprocess.Popen([EARNWATCH, "worker", "--concurrency", "1"], cwd=home, env=environ, stdout=log, stderr=subprocess.STDOUT,
                              stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        def healthy() -> bool:
            result = subprocess.run([EARNWATCH, "health", "--role", "worker"], cwd=home, env=environ, capture_output=True, text=True, timeout=60)
            return result.returncode == 0

        wait_for(lambda: healthy() or worker.poll() is not None, 90, what="the worker's heartbeat")
        output = (tmp_path / "worker.log").read_text(errors="replace")
        assert worker.poll() is None, output
        assert "ImportError" not in output and "stopped unexpectedly" not in output
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(60)


@pytest.mark.parametrize(
    ("url", "phrases"),
    [
        ("postgres://earnwatch@127.0.0.1/earnwatch", ["is not a database earnwatch can use", "postgresql+psycopg://"]),
        ("not a url", ["is not a database URL", "sqlite:///"]),
        (f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/earnwatch", ["cannot use the database", "Connection refused", "EARNWATCH_DATABASE_URL"]),
        ("postgresql+psycopg://postgres:hunter2-secret@127.0.0.1:5432/no_such_database_here", ["does not exist", "****"]),
    ],
    ids=["old postgres:// scheme", "not a URL", "server down", "no such database"],
)
def test_a_database_that_cannot_be_used_is_one_line(env, url, phrases):
    for command in (["status"], ["scrape"]):
        line = one_clear_line(earnwatch(*command, env={**env, "EARNWATCH_DATABASE_URL": url}), *phrases)
        assert "hunter2-secret" not in line


def test_an_empty_postgres_schema_says_to_run_db_upgrade_and_debug_shows_the_traceback(env, empty_postgres):
    env = {**env, "EARNWATCH_DATABASE_URL": empty_postgres}
    one_clear_line(earnwatch("status", env=env), "schema is empty", "earnwatch db upgrade")
    debug = earnwatch("--debug", "status", env=env)
    assert debug.returncode == 2 and "Traceback" in debug.stderr and "earnwatch db upgrade" in debug.stderr


def test_a_setting_that_is_not_usable_is_named(env):
    one_clear_line(earnwatch("check-config", env={**env, "EARNWATCH_SCHEDULER_TICK": "soon"}), "EARNWATCH_SCHEDULER_TICK", "'soon'")
    one_clear_line(earnwatch("status", env={**env, "EARNWATCH_USER_AGENT_FILE": "/no/such/secret"}), "EARNWATCH_USER_AGENT_FILE", "cannot be read")


def test_a_local_file_over_the_size_cap_is_refused_at_once(env, tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"ALAB Q4 2024 earnings call summary\n" + b"- revenue grew\n" * 20_000)
    small = Path(__file__).resolve().parents[2] / "worker" / "demo" / "site" / "alab-q3-2024.txt"
    started = time.monotonic()
    one_clear_line(earnwatch("diff", str(small), str(big), env={**env, "EARNWATCH_MAX_PAGE_BYTES": "100000"}),
                   "larger than the 100,000-byte cap", "EARNWATCH_MAX_PAGE_BYTES")
    assert time.monotonic() - started < 30


def _children(pid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            stat = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid and b"worker.queue.child" in cmdline:
            found.append(int(proc.name))
    return found


def test_a_celery_child_that_crashed_is_started_again(processes, env, redis_url):
    processes.env.update(EARNWATCH_BROKER_URL=redis_url)
    supervisor = processes.start("worker", "--concurrency", "1")
    wait_for(lambda: processes.run("health", "--role", "worker").returncode == 0, 90, what="the worker's heartbeat")
    (child,) = _children(supervisor.pid)
    os.kill(child, 9)  # a crash, not a configuration error
    log = Path(supervisor.log_path)
    wait_for(lambda: "stopped unexpectedly (exit -9); starting it again" in log.read_text(errors="replace"), 60, what="the restart")
    (again,) = wait_for(lambda: (kids := _children(supervisor.pid)) and kids != [child] and kids, 60, what="a new Celery child")
    wait_for(lambda: f"pid {again})" in processes.run("health", "--role", "worker").stdout, 90, what="the new child's heartbeat")
    assert supervisor.poll() is None
