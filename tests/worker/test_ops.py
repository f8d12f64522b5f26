"""Operations: health checks, Prometheus metrics, structured logs, schema migrations."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import free_port, wait_for
from tests.end_to_end.conftest import alab_site, processes, pytest_runtest_makereport, watchlist  # noqa: F401 (fixtures, hook)

EARNWATCH = str(Path(sys.executable).with_name("earnwatch"))


def earnwatch(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([EARNWATCH, *args], capture_output=True, text=True, timeout=120, env={**os.environ, **env}, stdin=subprocess.DEVNULL)


def health(processes, *args: str) -> subprocess.CompletedProcess:
    return processes.run("health", *args)


def states(result: subprocess.CompletedProcess) -> dict[str, str]:
    """``{"database": "ok", "worker": "FAIL", …}`` from what ``earnwatch health`` printed."""
    return {line.split()[1].rstrip(":"): line.split()[0] for line in result.stdout.splitlines() if line.strip()}


def test_health_sees_a_live_worker_and_scheduler_through_their_heartbeats(processes, earnwatch_env, redis_url):
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text("companies:\n  - ticker: ALAB\n")
    processes.env.update(EARNWATCH_BROKER_URL=redis_url)
    nothing = health(processes)
    assert nothing.returncode == 1
    assert states(nothing) == {"database": "ok", "schema": "FAIL", "broker": "ok", "worker": "FAIL", "scheduler": "FAIL"}, nothing.stdout
    assert "is `earnwatch worker` (or `earnwatch run`) running?" in nothing.stdout

    worker = processes.start("worker", "--concurrency", "1")
    processes.start("beat")
    everything = wait_for(lambda: (r := health(processes)).returncode == 0 and r, 60, what="health to see the worker and the scheduler")
    assert set(states(everything).values()) == {"ok"} and len(states(everything)) == 5
    assert health(processes, "--role", "worker").returncode == 0 and health(processes, "--role", "beat").returncode == 0

    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait(60)
    gone = wait_for(lambda: (r := health(processes, "--role", "worker")).returncode == 1 and r, 60, what="health to see the worker gone")
    assert states(gone)["worker"] == "FAIL"


def test_health_names_what_is_down(earnwatch_env):
    down = earnwatch("health", env={**earnwatch_env, "EARNWATCH_BROKER_URL": f"redis://127.0.0.1:{free_port()}/0"})
    assert down.returncode == 1
    assert "FAIL broker" in down.stdout and "ok   database" in down.stdout and "is Redis running there?" in down.stdout
    embedded = earnwatch("health", env=earnwatch_env)
    assert embedded.returncode == 1
    assert "FAIL broker: the embedded broker is not running; start the service with `earnwatch run`" in embedded.stdout
    no_database = earnwatch("health", env={**earnwatch_env, "EARNWATCH_DATABASE_URL": f"postgresql://postgres@127.0.0.1:{free_port()}/x"})
    assert no_database.returncode == 1 and "FAIL database" in no_database.stdout and "Connection refused" in no_database.stdout
    assert "Traceback" not in down.stderr + embedded.stderr + no_database.stderr


def test_a_worker_refuses_an_out_of_date_postgres_schema_until_db_upgrade(earnwatch_env, fresh_postgres, redis_url):
    from sqlmodel import SQLModel

    from worker.storage.db import make_engine

    engine = make_engine(fresh_postgres)
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    engine.dispose()
    env = {**earnwatch_env, "EARNWATCH_DATABASE_URL": fresh_postgres, "EARNWATCH_BROKER_URL": redis_url}
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text("companies:\n  - ticker: ALAB\n")

    refused = earnwatch("worker", env=env)
    assert refused.returncode == 2
    assert "earnwatch db upgrade" in refused.stderr and "schema" in refused.stderr
    health = earnwatch("health", env=env)
    assert health.returncode == 1 and "FAIL schema" in health.stdout

    upgraded = earnwatch("db", "upgrade", env=env)
    assert upgraded.returncode == 0 and "upgraded" in upgraded.stdout
    again = earnwatch("db", "upgrade", env=env)
    assert again.returncode == 0 and "already at" in again.stdout
    after = earnwatch("health", env=env)
    assert "ok   schema: up to date" in after.stdout and "FAIL worker" in after.stdout  # nothing started yet


def test_metrics_count_documents_comparisons_and_alerts(processes, earnwatch_env, alab_site, smtp, tmp_path):
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url}, smtp))
    alab_site.publish("2024Q3")
    processes.run("scrape")
    alab_site.publish("2024Q4")
    processes.run("scrape")
    printed = processes.run("metrics").stdout
    assert 'earnwatch_documents_total 2.0' in printed
    assert 'earnwatch_comparisons_total 1.0' in printed
    assert 'earnwatch_alerts{status="sent"} 1.0' in printed
    assert 'earnwatch_sources{status="ok"} 1.0' in printed
    assert "earnwatch_scrapes_total 2.0" in printed
    assert "earnwatch_source_check_seconds_count 1.0" in printed
    textfile = tmp_path / "metrics" / "earnwatch.prom"
    assert processes.run("metrics", "--textfile", str(textfile)).returncode == 0
    assert textfile.read_text() == printed


def test_worker_logs_are_json_lines_carrying_task_and_source_ids(processes, earnwatch_env, alab_site, smtp, redis_url):
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url}, smtp))
    processes.env.update(EARNWATCH_BROKER_URL=redis_url, EARNWATCH_SCHEDULER_TICK="1", EARNWATCH_LOG_FORMAT="json")
    alab_site.publish("2024Q3")
    port = free_port()
    worker = processes.start("worker", "--concurrency", "1", extra_env={"EARNWATCH_METRICS_PORT": str(port)})
    processes.start("beat")

    def source_record():
        for line in Path(worker.log_path).read_text().splitlines():
            if line.startswith("{"):
                record = json.loads(line)
                if "source_id" in record:
                    return record
        return None

    record = wait_for(source_record, 60, what="a JSON log record about a source")
    assert record["task"] == "earnwatch.scrape" and record["task_id"]
    assert record["level"] == "INFO" and "1 new" in record["message"]

    import httpx

    scraped = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=10).text
    assert "earnwatch_documents_total 1.0" in scraped
