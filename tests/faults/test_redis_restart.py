from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import wait_for
from tests.faults.conftest import report, restart
from tests.faults.scenario import count, totals, wait_for_alert_once, write_watchlist
from worker.storage.models import DocumentVersion

pytestmark = pytest.mark.xdist_group("faults")  # one fault test at a time (see pyproject.toml)


def test_workers_reconnect_after_a_redis_restart_and_finish_the_run(processes, earnwatch_env, alab_site, smtp, private_redis):
    write_watchlist(earnwatch_env, {"ALAB": alab_site.url}, smtp)
    processes.env.update(EARNWATCH_BROKER_URL=private_redis.url, EARNWATCH_SCHEDULER_TICK="1")
    alab_site.publish("2024Q3")
    worker = processes.start("worker", "--concurrency", "2")
    processes.start("beat")
    wait_for(lambda: count(DocumentVersion) == 1, 60, what="Q3 to be stored")

    restart(private_redis, down_for=3)
    alab_site.publish("2024Q4")
    arrived = wait_for_alert_once(smtp, timeout=120)
    # Celery's worker sometimes dies on a broker restart; `earnwatch worker` then starts it again.
    restarted = Path(worker.log_path).read_text(errors="replace").count("stopped unexpectedly")
    report(
        "the broker (a private Redis) stopped for 3 s and started again",
        f"{arrived} Q4 alert emails; {totals()}; the Celery worker was restarted {restarted} times",
        "1 email, 2 documents, 1 alert",
    )
    assert arrived == 1
    assert totals() == {"documents": 2, "alerts": 1, "sent": 1}


def test_a_broker_restart_during_the_check_that_finds_the_new_quarter_still_alerts_once(processes, earnwatch_env, alab_site, smtp, private_redis):
    """The broker goes while a check is fetching Q4: kombu's Redis transport can stop the
    Celery worker then ("Unrecoverable error"), and the check hands Q4 on while the broker is
    still down. The worker must be started again and the hand-off must wait for the broker."""
    write_watchlist(earnwatch_env, {"ALAB": alab_site.url}, smtp)
    processes.env.update(EARNWATCH_BROKER_URL=private_redis.url, EARNWATCH_SCHEDULER_TICK="1")
    alab_site.publish("2024Q3")
    worker = processes.start("worker", "--concurrency", "2")
    processes.start("beat")
    wait_for(lambda: count(DocumentVersion) == 1, 60, what="Q3 to be stored")

    alab_site.delays["2024Q4"] = 2  # the check that finds Q4 is still fetching it when the broker stops
    alab_site.publish("2024Q4")
    wait_for(lambda: "2024Q4" in alab_site.requested, 60, what="a check to ask for Q4")
    restart(private_redis, down_for=4)
    arrived = wait_for_alert_once(smtp, timeout=120)
    restarted = Path(worker.log_path).read_text(errors="replace").count("stopped unexpectedly")
    report(
        "the broker (a private Redis) stopped for 4 s while a check was fetching the new quarter",
        f"{arrived} Q4 alert emails; {totals()}; the Celery worker was restarted {restarted} times",
        "1 email, 2 documents, 1 alert",
    )
    assert arrived == 1
    assert totals() == {"documents": 2, "alerts": 1, "sent": 1}
