from __future__ import annotations

import pytest
from tests.conftest import SmtpServer, wait_for
from tests.faults.conftest import report
from tests.faults.scenario import count, store_q3, totals, wait_for_alert_once, write_watchlist
from worker.storage.models import Alert, AlertAttempt

pytestmark = pytest.mark.xdist_group("faults")  # one fault test at a time (see pyproject.toml)

TIMEOUT = 120


def test_alerts_wait_out_an_smtp_outage_and_arrive_once(processes, earnwatch_env, alab_site, redis_url):
    smtp = SmtpServer()  # down until the test starts it
    write_watchlist(earnwatch_env, {"ALAB": alab_site.url}, smtp)
    processes.env.update(EARNWATCH_BROKER_URL=redis_url, EARNWATCH_SCHEDULER_TICK="1", EARNWATCH_ALERT_RETRY_BASE="1")
    store_q3(processes, alab_site)
    alab_site.publish("2024Q4")
    processes.start("worker", "--concurrency", "2")
    processes.start("beat")
    wait_for(lambda: count(AlertAttempt) >= 2, 60, what="two failed delivery attempts")
    failed_attempts = count(AlertAttempt, AlertAttempt.ok == False)  # noqa: E712
    smtp.start()
    try:
        arrived = wait_for_alert_once(smtp, TIMEOUT)
    finally:
        smtp.stop()
    report(
        f"SMTP server down; {failed_attempts} delivery attempts failed before it came back",
        f"{arrived} Q4 alert emails; {totals()}",
        "1 email; the alert row sent",
    )
    assert arrived == 1
    assert count(Alert, Alert.status == "sent") == 1
