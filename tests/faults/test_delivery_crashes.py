"""Delivery under faults, with real ``earnwatch worker`` and ``beat`` processes on the machine's
Redis, on SQLite and PostgreSQL, and SMTP servers (aiosmtpd) that count what arrived: a worker
killed at the worst moment, a delivery that takes longer than the lease, a route edited between
two attempts. Short leases (a few seconds) stand in for the default ten minutes."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import free_port, session_scope, use_database, wait_for
from tests.delivery_parts import AfterAccepting, BeforeTheSecondMessage, LOOK, SlowMailbox, held_by_others, alert, per_recipient, plan_alerts, routes_yaml, sink
from tests.faults.conftest import report
from worker.storage.models import AlertAttempt

pytestmark = pytest.mark.xdist_group("faults")  # one fault test at a time (see pyproject.toml)

LEASE, SEND_TIMEOUT = 4, 2


@pytest.fixture
def service(processes, earnwatch_env, monkeypatch, database_url, redis_url):
    """The test's database and a watchlist writer; processes get a short lease and a fast beat."""
    use_database(earnwatch_env, monkeypatch, database_url)
    Path(earnwatch_env["EARNWATCH_DATA_DIR"]).mkdir(parents=True, exist_ok=True)  # beat keeps its schedule there
    processes.env.update(
        EARNWATCH_BROKER_URL=redis_url,
        EARNWATCH_SCHEDULER_TICK="1",
        EARNWATCH_ALERT_LEASE=str(LEASE),
        EARNWATCH_ALERT_SEND_TIMEOUT=str(SEND_TIMEOUT),
        EARNWATCH_ALERT_MAX_ATTEMPTS="30",
    )

    def watch(**routes: list[str]) -> None:
        Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(routes_yaml(routes))

    return watch


def attempts(alert_id: int) -> list[bool]:
    with session_scope() as session:
        return [a.ok for a in session.exec(select(AlertAttempt).where(AlertAttempt.alert_id == alert_id).order_by(AlertAttempt.id))]


def killer(started: list[subprocess.Popen]) -> Callable[[], None]:
    """Kills the first worker started, all its processes at once, and waits until it is gone."""

    def kill() -> None:
        os.killpg(started[0].pid, signal.SIGKILL)
        started[0].wait(30)

    return kill


def sent(alert_id: int) -> bool:
    return alert(alert_id).status == "sent"


def test_a_worker_killed_after_the_server_accepted_the_email_causes_one_repeat_with_the_same_message_id(service, processes):
    workers: list[subprocess.Popen] = []
    smtp = sink(AfterAccepting(killer(workers)))
    try:
        service(desk=[smtp.url("a@example.org")])
        (alert_id,) = plan_alerts(["desk"])
        workers.append(processes.start("worker", "--concurrency", "1"))
        processes.start("beat")
        wait_for(smtp.mailbox.came.is_set, 90, what="the server to accept the alert and the worker to be killed")
        assert workers[0].returncode == -signal.SIGKILL
        processes.start("worker", "--concurrency", "1")  # takes the alert once its lease has run out
        wait_for(lambda: sent(alert_id), 90, what="the alert to be sent by the second worker")
    finally:
        smtp.stop()
    ids = [m["Message-ID"] for m in smtp.mailbox.messages]
    report(
        "SIGKILL to the worker after the SMTP server accepted the email, before the worker recorded it",
        f"{len(ids)} emails at the sink, Message-IDs {ids}; attempts {attempts(alert_id)}",
        "at most 2 emails (here exactly 2: the record was never written), both with the same Message-ID",
    )
    assert len(ids) == 2  # the one repeat the remaining window allows
    assert ids[0] == ids[1] and ids[0].startswith(f"<earnwatch.alert-{alert_id}.")
    assert attempts(alert_id) == [True]


def test_a_worker_killed_between_two_targets_repeats_neither(service, processes):
    workers: list[subprocess.Popen] = []
    smtp = sink(BeforeTheSecondMessage(killer(workers)))
    try:
        service(desk=[smtp.url("a@example.org"), smtp.url("b@example.org")])
        (alert_id,) = plan_alerts(["desk"])
        workers.append(processes.start("worker", "--concurrency", "1"))
        processes.start("beat")
        wait_for(smtp.mailbox.came.is_set, 90, what="the first target to be sent and the worker killed before the second")
        processes.start("worker", "--concurrency", "1")
        wait_for(lambda: sent(alert_id), 90, what="the alert to be sent by the second worker")
    finally:
        smtp.stop()
    counts = per_recipient(smtp)
    report("SIGKILL to the worker after target a was sent, while it was starting on target b", f"{dict(counts)}", "a 1, b 1")
    assert counts == {"a@example.org": 1, "b@example.org": 1}


def test_a_delivery_that_takes_longer_than_the_lease_reaches_each_target_exactly_once(service, processes):
    targets = [f"t{n}@example.org" for n in range(6)]
    mailbox = SlowMailbox(1.5)  # 6 targets × 1.5 s: the delivery takes about twice the 4 s lease
    smtp = sink(mailbox)
    try:
        service(desk=[smtp.url(t) for t in targets])
        (alert_id,) = plan_alerts(["desk"])
        processes.start("worker", "--concurrency", "2")
        processes.start("worker", "--concurrency", "2")  # free to take the alert the moment its claim lapses
        processes.start("beat")
        wait_for(lambda: sent(alert_id), 120, what="the alert to be sent")
    finally:
        smtp.stop()
    counts = per_recipient(smtp)
    took = mailbox.arrived[-1] - mailbox.arrived[0] + mailbox.seconds
    report(
        f"a route of 6 targets on an SMTP server that takes 1.5 s per email, with a {LEASE} s lease; two workers",
        f"{dict(counts)} in {took:.1f} s; attempts {attempts(alert_id)}",
        "each target 1 email, one attempt",
    )
    assert took > LEASE  # the delivery did outlast the lease
    assert counts == {t: 1 for t in targets}
    assert attempts(alert_id) == [True]


def test_a_route_edited_between_attempts_sends_each_target_exactly_once(service, processes):
    smtp = sink(AfterAccepting(lambda: None))
    broken = f"mailto://127.0.0.1:{free_port()}?mode=insecure&from=earnwatch@example.org&to=broken@example.org"
    a, b = smtp.url("a@example.org"), smtp.url("b@example.org")
    try:
        service(desk=[a, broken])
        (alert_id,) = plan_alerts(["desk"])
        processes.start("worker", "--concurrency", "1")
        processes.start("beat")
        wait_for(lambda: per_recipient(smtp) and False in attempts(alert_id), 90, what="a to be sent and the broken target to fail")
        service(desk=[b, a])  # the broken target replaced by b, put first
        wait_for(lambda: sent(alert_id), 90, what="the alert to be sent after the edit")
    finally:
        smtp.stop()
    counts = per_recipient(smtp)
    report("route edited from [a, broken] to [b, a] between two attempts", f"{dict(counts)}; attempts {attempts(alert_id)}", "a 1, b 1")
    assert counts == {"a@example.org": 1, "b@example.org": 1}


class SlowAndLooking(SlowMailbox):
    """A slow relay that, while each sender waits, notes what other connections hold on the database."""

    def __init__(self, seconds: float, database_url: str) -> None:
        super().__init__(seconds - LOOK)  # the look takes LOOK of the ``seconds`` each email takes
        self.database_url = database_url
        self.seen: list[str] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.seen.append(held_by_others(self.database_url))
        return await super().handle_DATA(server, session, envelope)


def test_a_worker_sending_to_a_slow_server_holds_no_lock_another_process_needs(service, processes, database_url):
    mailbox = SlowAndLooking(1.5, database_url)
    smtp = sink(mailbox)
    try:
        service(desk=[smtp.url(f"t{n}@example.org") for n in range(3)])
        (alert_id,) = plan_alerts(["desk"])
        processes.start("worker", "--concurrency", "1")
        processes.start("beat")
        wait_for(lambda: sent(alert_id), 90, what="the alert to be sent")
    finally:
        smtp.stop()
    report("3 targets on an SMTP server that takes 1.5 s per email; another process writes meanwhile", f"{mailbox.seen}", "nothing held, 3 times")
    assert mailbox.seen == ["nothing", "nothing", "nothing"]
