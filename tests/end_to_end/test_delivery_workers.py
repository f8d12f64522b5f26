"""Exactly once under concurrency: two real ``earnwatch worker`` processes on the machine's
Redis, with a beat that re-enqueues every pending alert each second, deliver many alerts at
once; the SMTP server counts what arrived."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import session_scope, use_database, wait_for
from tests.delivery_parts import plan_alerts
from worker.storage.models import Alert, AlertAttempt

pytestmark = pytest.mark.slow
ROUTES = 4
ALERTS = 40


def test_two_workers_racing_over_many_alerts_send_each_exactly_once(processes, earnwatch_env, monkeypatch, database_url, redis_url, smtp):
    use_database(earnwatch_env, monkeypatch, database_url)
    routes = "".join(f'  - name: r{n}\n    urls: ["{smtp.url(f"r{n}@example.org")}"]\n' for n in range(ROUTES))
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(f"companies:\n  - ticker: ALAB\n    name: Astera Labs\n    tags: [semis]\nroutes:\n{routes}")
    plan_alerts([f"r{n % ROUTES}" for n in range(ALERTS)], prefix="many")  # ALERTS due alerts over ROUTES routes
    Path(earnwatch_env["EARNWATCH_DATA_DIR"]).mkdir(parents=True, exist_ok=True)  # beat keeps its schedule there

    processes.env.update(EARNWATCH_BROKER_URL=redis_url, EARNWATCH_SCHEDULER_TICK="1")
    processes.start("worker", "--concurrency", "3")
    processes.start("worker", "--concurrency", "3")
    processes.start("beat")

    def all_sent() -> bool:
        with session_scope() as session:
            return set(session.exec(select(Alert.status)).all()) == {"sent"}

    try:
        wait_for(all_sent, 90, what="every alert to be sent")
    except AssertionError:
        with session_scope() as session:
            print("not sent:", [(a.id, a.status, a.attempts, a.last_error) for a in session.exec(select(Alert)) if a.status != "sent"])
        raise
    time.sleep(3)  # sweeps keep re-enqueueing; anything sent twice would arrive now
    assert len(smtp.mailbox) == ALERTS
    per_route = Counter(m["To"] for m in smtp.mailbox.messages)
    assert per_route == {f"r{n}@example.org": ALERTS // ROUTES for n in range(ROUTES)}
    with session_scope() as session:
        ok = Counter(session.exec(select(AlertAttempt.alert_id).where(AlertAttempt.ok)).all())
    assert len(ok) == ALERTS and set(ok.values()) == {1}
