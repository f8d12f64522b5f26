"""Exactly once under concurrency: two real ``earnwatch worker`` processes on the machine's
Redis, with a beat that re-enqueues every pending alert each second, deliver many alerts at
once; the SMTP server counts what arrived."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from earnings.compare import compare
from tests.conftest import session_scope, use_database, wait_for
from worker.documents import load_document
from worker.storage.models import Alert, AlertAttempt, Company, Comparison, DocumentVersion

pytestmark = pytest.mark.slow
SITE = Path(__file__).resolve().parents[2] / "worker" / "demo" / "site"
ROUTES = 4
ALERTS = 40


def plan_many_alerts() -> None:
    """A stored pair of quarters, and ALERTS due alerts spread over ROUTES routes."""
    old, new = load_document(str(SITE / "alab-q3-2024.txt")), load_document(str(SITE / "alab-q4-2024.txt"))
    report = compare(new, old).to_dict()
    with session_scope() as session:
        company = Company(ticker="ALAB", name="Astera Labs", tags=["semis"])
        session.add(company)
        session.flush()
        docs = [
            DocumentVersion(company_id=company.id, period=str(d.period), content_hash=str(d.period), url=f"https://example.org/{d.period}",
                            raw=b"-", parsed=d.to_dict())
            for d in (old, new)
        ]
        session.add_all(docs)
        session.flush()
        comparison = Comparison(document_id=docs[1].id, baseline_id=docs[0].id, report=report, fingerprint="f")
        session.add(comparison)
        session.flush()
        for n in range(ALERTS):
            session.add(Alert(comparison_id=comparison.id, route=f"r{n % ROUTES}", dedupe_key=f"many-{n}", report=report, title=f"alert {n}"))


def test_two_workers_racing_over_many_alerts_send_each_exactly_once(processes, earnwatch_env, monkeypatch, database_url, redis_url, smtp):
    use_database(earnwatch_env, monkeypatch, database_url)
    routes = "".join(f'  - name: r{n}\n    urls: ["{smtp.url(f"r{n}@example.org")}"]\n' for n in range(ROUTES))
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(f"companies:\n  - ticker: ALAB\n    name: Astera Labs\n    tags: [semis]\nroutes:\n{routes}")
    plan_many_alerts()
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
