from __future__ import annotations

import os
import signal

import pytest
from tests.conftest import wait_for
from tests.faults.conftest import report
from tests.faults.scenario import store_q3, totals, wait_for_alert_once, write_watchlist

pytestmark = pytest.mark.xdist_group("faults")  # one fault test at a time (see pyproject.toml)

VISIBILITY = 6


def test_a_task_whose_worker_was_killed_runs_again_on_another_worker(processes, earnwatch_env, alab_site, smtp, redis_url):
    # Checked once an hour: only the broker giving the task to another worker can finish the run.
    write_watchlist(earnwatch_env, {"ALAB": alab_site.url}, smtp, every="1h")
    processes.env.update(EARNWATCH_BROKER_URL=redis_url, EARNWATCH_SCHEDULER_TICK="1", EARNWATCH_VISIBILITY_TIMEOUT=str(VISIBILITY))
    store_q3(processes, alab_site)
    alab_site.publish("2024Q4")
    alab_site.delays["2024Q4"] = 8  # the first fetch of Q4 hangs: the worker is mid-task

    first = processes.start("worker", "--concurrency", "1")
    processes.start("beat")
    wait_for(lambda: "2024Q4" in alab_site.requested, 60, what="the worker to start fetching Q4")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(10)

    processes.start("worker", "--concurrency", "1")
    arrived = wait_for_alert_once(smtp, timeout=90)
    report(
        "SIGKILL to a worker (all its processes) in the middle of a scrape task",
        f"{arrived} Q4 alert emails; {totals()}; Q4 fetched {alab_site.requested.count('2024Q4')} times",
        "1 email, 2 documents, 1 alert; Q4 fetched again by the second worker",
    )
    assert arrived == 1
    assert totals() == {"documents": 2, "alerts": 1, "sent": 1}
