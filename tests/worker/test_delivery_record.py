"""What a delivery remembers, on both databases, with a real SMTP server counting: each target by
its identity, right after its send, with no transaction open meanwhile; and a worker whose claim
lapsed leaves the row to the worker that has it."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from alerts.channels import CHANNELS
from alerts.email import EmailChannel
from tests.conftest import free_port, parse_watchlist, session_scope, use_database
from tests.delivery_parts import HookedMailbox, alert, held_by_others, per_recipient, plan_alerts, routes_yaml, sink
from worker.stages import deliver
from worker.storage.models import Alert, AlertAttempt, AlertStatus, utcnow


@pytest.fixture
def env(earnwatch_env, monkeypatch, database_url):
    use_database(earnwatch_env, monkeypatch, database_url)
    return earnwatch_env


@pytest.fixture
def server():
    made = []

    def start(mailbox=None):
        made.append(sink(HookedMailbox(lambda _envelope: None) if mailbox is None else mailbox))
        return made[-1]

    yield start
    for s in made:
        s.stop()


def route(context, **routes: list[str]):
    return context(parse_watchlist(routes_yaml(routes)))


def make_due(alert_id: int) -> None:
    with session_scope() as session:
        session.execute(update(Alert).where(Alert.id == alert_id, Alert.status == "pending").values(next_attempt_at=utcnow() - timedelta(seconds=1)))


def take_over(alert_id: int) -> str:
    """What happens when a worker's lease runs out: the sweep puts the alert back, another worker claims it."""
    with session_scope() as session:
        session.execute(update(Alert).where(Alert.id == alert_id).values(claimed_at=utcnow() - timedelta(hours=1)))
    with session_scope() as session:
        assert alert_id in deliver.due_alert_ids(session, lease=600)
    with session_scope() as session:
        token = deliver.claim(session, alert_id)
    assert token is not None
    return token


def attempts(alert_id: int) -> list[bool]:
    with session_scope() as session:
        return [a.ok for a in session.exec(select(AlertAttempt).where(AlertAttempt.alert_id == alert_id).order_by(AlertAttempt.id))]


class RaisingFor:
    """The email channel, raising ``error`` instead of sending to ``recipient``."""

    def __init__(self, recipient: str, error: BaseException) -> None:
        self.recipient, self.error = recipient, error

    def send(self, url, message, *, key=None, timeout=None) -> None:
        if f"to={self.recipient}" in url:
            raise self.error
        EmailChannel().send(url, message, key=key, timeout=timeout)


def test_a_route_edited_between_attempts_sends_each_target_exactly_once(env, context, server):
    smtp = server()
    broken = f"mailto://127.0.0.1:{free_port()}?mode=insecure&from=earnwatch@example.org&to=broken@example.org"
    a, b = smtp.url("a@example.org"), smtp.url("b@example.org")
    (alert_id,) = plan_alerts(["desk"])

    first = deliver.deliver(route(context, desk=[a, broken]), alert_id)
    assert first is not None and first.status is AlertStatus.PENDING and "127.0.0.1" in (first.error or "")
    assert per_recipient(smtp) == {"a@example.org": 1}

    make_due(alert_id)
    second = deliver.deliver(route(context, desk=[b, a]), alert_id)  # the broken target replaced, the order changed
    assert second is not None and second.sent
    assert per_recipient(smtp) == {"a@example.org": 1, "b@example.org": 1}
    assert attempts(alert_id) == [False, True]


def test_targets_recorded_by_their_place_in_the_route_before_identities_are_read_as_such(env, context, server):
    smtp = server()
    (alert_id,) = plan_alerts(["desk"])
    with session_scope() as session:
        session.execute(update(Alert).where(Alert.id == alert_id).values(delivered=[0]))
    outcome = deliver.deliver(route(context, desk=[smtp.url("a@example.org"), smtp.url("b@example.org")]), alert_id)
    assert outcome is not None and outcome.sent
    assert per_recipient(smtp) == {"b@example.org": 1}


def test_a_worker_whose_claim_lapsed_mid_send_records_superseded_and_leaves_the_row_to_the_new_claimant(env, context, server):
    (alert_id,) = plan_alerts(["desk"])
    taken: list[str] = []
    smtp = server(HookedMailbox(lambda _envelope: taken.append(take_over(alert_id)) if not taken else None))
    ctx = route(context, desk=[smtp.url("a@example.org"), smtp.url("b@example.org")])

    late = deliver.deliver(ctx, alert_id)  # while it sends to a, its lease runs out and another worker claims the alert
    assert late is not None and late.superseded and not late.sent
    assert "superseded" in late.summary()
    row = alert(alert_id)
    assert (row.status, row.claim_token, row.attempts) == (AlertStatus.SENDING, taken[0], 0)  # nothing written over the new claim
    assert attempts(alert_id) == []
    assert per_recipient(smtp) == {"a@example.org": 1}  # it stopped before b: b is the new claimant's

    outcome = deliver.send_claimed(ctx, alert_id, taken[0])
    assert outcome is not None and outcome.sent
    assert per_recipient(smtp) == {"a@example.org": 1, "b@example.org": 1}
    assert attempts(alert_id) == [True]


def test_a_send_that_outlasts_the_lease_is_not_repeated_by_the_worker_that_took_over(env, context, server):
    (alert_id,) = plan_alerts(["desk"])
    taken: list[str] = []
    smtp = server(HookedMailbox(lambda _envelope: taken.append(take_over(alert_id)) if not taken else None))
    ctx = route(context, desk=[smtp.url("a@example.org")])

    late = deliver.deliver(ctx, alert_id)
    assert late is not None and late.superseded
    assert alert(alert_id).status is AlertStatus.SENDING and alert(alert_id).claim_token == taken[0]

    outcome = deliver.send_claimed(ctx, alert_id, taken[0])  # the target is recorded: nothing to send again
    assert outcome is not None and outcome.sent
    assert len(smtp.mailbox) == 1
    assert attempts(alert_id) == [True]


def test_an_unexpected_exception_from_one_target_keeps_the_record_of_the_target_already_sent(env, context, server, monkeypatch):
    smtp = server()
    (alert_id,) = plan_alerts(["desk"])
    ctx = route(context, desk=[smtp.url("a@example.org"), smtp.url("b@example.org")])
    monkeypatch.setitem(CHANNELS, "mailto", RaisingFor("b@example.org", KeyError("boom")))

    first = deliver.deliver(ctx, alert_id)
    assert first is not None and first.status is AlertStatus.PENDING
    assert "KeyError" in (first.error or "") and "b@example.org" in (first.error or "")
    assert per_recipient(smtp) == {"a@example.org": 1}

    monkeypatch.setitem(CHANNELS, "mailto", EmailChannel())
    make_due(alert_id)
    second = deliver.deliver(ctx, alert_id)
    assert second is not None and second.sent
    assert per_recipient(smtp) == {"a@example.org": 1, "b@example.org": 1}


def test_an_interrupt_after_a_partial_send_keeps_the_record_and_the_next_claim_sends_only_the_rest(env, context, server, monkeypatch):
    smtp = server()
    (alert_id,) = plan_alerts(["desk"])
    ctx = route(context, desk=[smtp.url("a@example.org"), smtp.url("b@example.org")])
    monkeypatch.setitem(CHANNELS, "mailto", RaisingFor("b@example.org", KeyboardInterrupt()))

    with pytest.raises(KeyboardInterrupt):  # what a stopped process raises: nothing catches it
        deliver.deliver(ctx, alert_id)
    assert per_recipient(smtp) == {"a@example.org": 1}
    assert alert(alert_id).status is AlertStatus.SENDING and alert(alert_id).delivered

    monkeypatch.setitem(CHANNELS, "mailto", EmailChannel())
    token = take_over(alert_id)
    outcome = deliver.send_claimed(ctx, alert_id, token)
    assert outcome is not None and outcome.sent
    assert per_recipient(smtp) == {"a@example.org": 1, "b@example.org": 1}


def test_no_transaction_and_no_write_lock_is_held_while_a_target_is_sent(env, context, server, database_url):
    seen: list[str] = []
    smtp = server(HookedMailbox(lambda _envelope: seen.append(held_by_others(database_url))))
    (alert_id,) = plan_alerts(["desk"])
    outcome = deliver.deliver(route(context, desk=[smtp.url("a@example.org"), smtp.url("b@example.org"), smtp.url("c@example.org")]), alert_id)
    assert outcome is not None and outcome.sent
    assert seen == ["nothing", "nothing", "nothing"]


def test_each_target_gets_a_message_id_made_from_the_alert_and_the_target(env, context, server):
    smtp = server()
    first, second = plan_alerts(["desk", "desk"])
    ctx = route(context, desk=[smtp.url("a@example.org"), smtp.url("b@example.org")])
    for alert_id in (first, second):
        deliver.deliver(ctx, alert_id)
    ids = [(m["To"], m["Message-ID"]) for m in smtp.mailbox.messages]
    assert all(re.fullmatch(r"<earnwatch\.alert-\d+\.[0-9a-f]{16}@example\.org>", mid) for _to, mid in ids)
    assert len({mid for _to, mid in ids}) == 4  # one per alert and target
    assert ids[0][1].startswith(f"<earnwatch.alert-{first}.") and ids[2][1].startswith(f"<earnwatch.alert-{second}.")
