"""The Celery app of one process, made from its ``Context`` by ``make_app``.

The beat schedule is this one table: a sweep every ``EARNWATCH_SCHEDULER_TICK`` seconds that
enqueues due sources and due alert deliveries (``worker.stages.sweep``). The worker and the
scheduler each keep a heartbeat in Redis while they run (``worker.ops.heartbeat``), which
``earnwatch health`` reads.
"""

from __future__ import annotations

import logging
from typing import Any

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger, beat_init, worker_ready, worker_shutdown

from config.settings import Settings
from worker.errors import BrokerError
from worker.ops import logs
from worker.ops.heartbeat import Heartbeat
from worker.ops.roles import Role
from worker.queue import tasks
from worker.runtime.context import REDIS_SCHEMES, Context


def celery_settings(settings: Settings) -> dict[str, Any]:
    return {
        "broker_url": settings.broker_url,
        "broker_connection_retry_on_startup": True,
        # A message not acknowledged within this time (a worker that died) is delivered again.
        "broker_transport_options": {
            "visibility_timeout": settings.visibility_timeout,
            "global_keyprefix": settings.redis_prefix,
            # Look for such messages every few seconds; kombu's default scans only every ~100 s.
            "unacked_restore_interval": max(1, min(10, int(settings.visibility_timeout / 2))),
            "unacked_restore_throttle": 1,
            # BRPOP the queues in the order the worker was given them (deliver first), not
            # round robin: https://docs.celeryq.dev/projects/kombu/en/stable/reference/kombu.transport.redis.html
            "queue_order_strategy": "priority",
        },
        # A hand-off to the next stage rides out a broker restart of up to ~20 s (0, 1, 2, then
        # 3 s apart) instead of Celery's default of under a second, after which the task fails
        # and what it found waits for the next check.
        "task_publish_retry_policy": {"max_retries": 9, "interval_start": 0, "interval_step": 1, "interval_max": 3},
        "task_routes": {name: {"queue": queue.value} for name, queue in tasks.QUEUE_OF.items()},
        "task_default_queue": tasks.Queue.SCRAPE.value,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "task_ignore_result": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        # A task that overruns is stopped: first asked (SoftTimeLimitExceeded, which the stage
        # records as a failure), then its process is killed and replaced.
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_time_limit": max(settings.task_time_limit, settings.task_soft_time_limit + 1),
        "worker_hijack_root_logger": True,
        "timezone": "UTC",
        "enable_utc": True,
        "beat_schedule_filename": str(settings.data_dir / "celerybeat-schedule"),
        "beat_schedule": {"sweep": {"task": tasks.SWEEP, "schedule": settings.scheduler_tick}},
    }


def make_app(ctx: Context) -> Celery:
    """The Celery app for ``ctx``, its tasks registered; ``BrokerError`` without a Redis broker."""
    if not ctx.settings.broker_url.startswith(REDIS_SCHEMES):
        raise BrokerError(
            f"EARNWATCH_BROKER_URL is {ctx.settings.broker_url!r}: start everything with `earnwatch run`, "
            "or set EARNWATCH_BROKER_URL=redis://HOST:6379/0 for separate worker and beat processes"
        )
    app = Celery("earnwatch", set_as_current=True)
    app.conf.update(celery_settings(ctx.settings))
    tasks.register(app, ctx)
    _connect_signals(app, ctx)
    return app


def _connect_signals(app: Celery, ctx: Context) -> None:
    beats: list[Heartbeat] = []

    def structured_logs(logger: logging.Logger, **_kwargs: Any) -> None:
        logs.configure(logger, ctx.settings.log_format, lambda: ctx.masker)

    def start_beating(role: Role) -> None:
        beat = Heartbeat(ctx, role)
        beat.start()
        beats.append(beat)

    def scheduler_started(sender: Any, **_kwargs: Any) -> None:
        start_beating(Role.SCHEDULER)
        # An interval schedule first fires one interval after beat starts; a new user should
        # not wait a minute to see the first check.
        app.send_task(tasks.SWEEP)

    def worker_started(**_kwargs: Any) -> None:
        start_beating(Role.WORKER)

    def stopping(**_kwargs: Any) -> None:
        for beat in beats:
            beat.stop()

    for signal, handler in (
        (after_setup_logger, structured_logs), (after_setup_task_logger, structured_logs),
        (beat_init, scheduler_started),  # also sent for the beat embedded in `earnwatch run`
        (worker_ready, worker_started), (worker_shutdown, stopping),
    ):
        signal.connect(handler, weak=False)
