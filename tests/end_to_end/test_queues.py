"""The queues on a real Redis and a real worker: a source is enqueued once while its check is
queued or running, and deliveries go before a backlog of checks."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from sqlmodel import select

from tests.conftest import session_scope, wait_for
from tests.end_to_end.conftest import watchlist
from worker.queue.tasks import QUEUE_OF, CeleryDispatcher, Queue
from worker.stages.chain import Stage
from worker.storage.models import Source, utcnow

pytestmark = pytest.mark.slow


@pytest.fixture
def service(earnwatch_env, redis_url, context):
    """A context on the test's Redis, its Celery app, and a way to count what each queue holds."""
    from worker.queue.app import make_app

    earnwatch_env["EARNWATCH_BROKER_URL"] = redis_url  # for the worker processes the tests start
    ctx = context(broker_url=redis_url, scheduler_tick=1)
    app = make_app(ctx)
    client = redis.Redis.from_url(redis_url)
    prefix = earnwatch_env["EARNWATCH_REDIS_PREFIX"]

    def queued(queue: Queue) -> int:
        return int(client.llen(f"{prefix}{queue.value}"))

    yield ctx, app, queued
    client.close()


def sources() -> list[Source]:
    with session_scope() as session:
        return list(session.exec(select(Source).order_by(Source.id)))


def test_a_source_is_not_enqueued_again_while_its_check_is_queued_or_running(processes, earnwatch_env, service, alab_site, smtp):
    from worker.stages.sweep import sweep

    ctx, app, queued = service
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url, "BETA": alab_site.url + "?beta"}, smtp, every="1s"))
    alab_site.publish("2024Q3")
    dispatcher = CeleryDispatcher(app)

    first = sweep(ctx, dispatcher)
    assert len(first.sources) == 2 and queued(Queue.SCRAPE) == 2
    wait_for(lambda: all(s.next_check_at <= utcnow() for s in sources()), 10, what="the sources to be due again")
    second = sweep(ctx, dispatcher)
    assert second.sources == () and queued(Queue.SCRAPE) == 2, "a source whose check is queued is not enqueued again"
    assert all(s.lease_until is not None for s in sources())

    processes.start("worker", "--concurrency", "1")
    wait_for(lambda: all(s.checks == 1 and s.lease_until is None for s in sources()), 120, what="both checks to run and end")
    assert queued(Queue.SCRAPE) == 0
    wait_for(lambda: all(s.next_check_at <= utcnow() for s in sources()), 10, what="the sources to be due again")
    third = sweep(ctx, dispatcher)
    assert len(third.sources) == 2, "once its check has ended, a due source is enqueued again"
    wait_for(lambda: all(s.checks == 2 for s in sources()), 120, what="the second checks")


def test_a_source_whose_worker_died_is_enqueued_again_once_its_lease_expires(earnwatch_env, service, alab_site, smtp):
    from worker.stages.sweep import sweep

    ctx, app, queued = service
    ctx = ctx.replace(source_lease=2)
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url}, smtp, every="1s"))
    dispatcher = CeleryDispatcher(app)
    assert len(sweep(ctx, dispatcher).sources) == 1
    assert sweep(ctx, dispatcher).sources == ()
    wait_for(lambda: len(sweep(ctx, dispatcher).sources) == 1, 30, what="the lease to expire")
    assert queued(Queue.SCRAPE) == 2


def test_a_sweep_that_cannot_reach_the_broker_leaves_its_sources_for_the_next_sweep(earnwatch_env, context, alab_site, smtp):
    from kombu.exceptions import OperationalError

    from worker.queue.app import make_app
    from worker.runtime.embedded import free_port
    from worker.stages.sweep import sweep

    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url}, smtp, every="1s"))
    ctx = context(broker_url=f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    app = make_app(ctx)
    app.conf.task_publish_retry_policy = {"max_retries": 1, "interval_start": 0}
    with pytest.raises(OperationalError):
        sweep(ctx, CeleryDispatcher(app))
    assert [s.lease_until for s in sources()] == [None], "the check was never queued: its source is not held for the lease"


def test_deliveries_go_before_a_backlog_of_checks(processes, earnwatch_env, service, alab_site, trickle_server, smtp):
    from worker.stages.inline import InlineDispatcher, check_sources

    ctx, app, queued = service
    slow = trickle_server.url("/slow/earnings-summaries")
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url, "SLOW": slow}, smtp, every="1h"))
    alab_site.publish("2024Q3")
    check_sources(ctx, ["ALAB"])
    alab_site.publish("2024Q4")
    inline = InlineDispatcher(ctx)
    inline.dispatch(Stage.SCRAPE, [s.id for s in sources() if s.url == alab_site.url])
    inline.drain(through=Stage.COMPARE)  # Q4 stored and compared: its alert is planned, not sent
    alerts = inline.pending[Stage.DELIVER]
    assert alerts and len(smtp.mailbox) == 0

    dispatcher = CeleryDispatcher(app)
    slow_id = next(s.id for s in sources() if s.url == slow)
    dispatcher.dispatch(Stage.SCRAPE, [slow_id] * 20)  # a backlog of checks that each take the deadline
    dispatcher.dispatch(Stage.DELIVER, alerts)  # enqueued last
    assert queued(Queue.SCRAPE) == 20 and queued(Queue.DELIVER) == len(alerts)

    processes.env.update(EARNWATCH_FETCH_DEADLINE="2")
    processes.start("worker", "--concurrency", "1")  # one process for everything, deliveries first
    wait_for(lambda: len(smtp.mailbox) >= 1, 90, what="the Q4 alert email")
    assert "ALAB Q4 2024 vs Q3 2024" in smtp.mailbox.messages[0]["Subject"]
    assert queued(Queue.SCRAPE) >= 18, "the alert went out before the checks queued ahead of it"


def test_every_task_has_a_queue_the_worker_command_knows():
    from worker.cli.service import QUEUES
    from worker.queue.tasks import SWEEP, TASK_NAMES

    assert set(QUEUE_OF) == {SWEEP, *TASK_NAMES.values()}
    assert tuple(q.value for q in Queue) == QUEUES
    assert QUEUE_OF[TASK_NAMES[Stage.DELIVER]] is Queue.DELIVER and QUEUE_OF[SWEEP] is Queue.SCRAPE
