from __future__ import annotations

import time

import pytest
from tests.conftest import use_database, wait_for
from tests.faults.conftest import report
from tests.faults.scenario import count, totals, wait_for_alert_once, write_watchlist
from worker.storage.models import DocumentVersion

pytestmark = pytest.mark.xdist_group("faults")  # one fault test at a time (see pyproject.toml)


def test_tasks_retry_while_postgres_is_down_and_nothing_is_lost(processes, earnwatch_env, monkeypatch, alab_site, smtp, redis_url, private_postgres):
    use_database(earnwatch_env, monkeypatch, private_postgres.url)
    write_watchlist(earnwatch_env, {"ALAB": alab_site.url}, smtp)
    processes.env.update(EARNWATCH_BROKER_URL=redis_url, EARNWATCH_SCHEDULER_TICK="1")
    assert processes.run("db", "upgrade").returncode == 0
    alab_site.publish("2024Q3")
    processes.start("worker", "--concurrency", "2")
    processes.start("beat")
    wait_for(lambda: count(DocumentVersion) == 1, 60, what="Q3 to be stored")

    private_postgres.stop()
    alab_site.publish("2024Q4")
    time.sleep(6)  # sweeps and checks fail meanwhile
    private_postgres.start()
    arrived = wait_for_alert_once(smtp, timeout=150)
    report("PostgreSQL stopped for 6 s while Q4 was published", f"{arrived} Q4 alert emails; {totals()}", "1 email, 2 documents, 1 alert")
    assert arrived == 1
    assert totals() == {"documents": 2, "alerts": 1, "sent": 1}
