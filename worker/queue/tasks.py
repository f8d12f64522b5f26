"""Celery tasks: thin wrappers that take one id, run one stage of the chain, and enqueue the next.

Each task has its queue (``QUEUE_OF``): sweeps and checks on ``scrape``, comparisons on
``compare``, deliveries on ``deliver``. A worker consumes the queues it is given in the order
given (``worker.queue.app``: Redis is asked for the first queue first), by default deliver,
then compare, then scrape, so an alert never waits behind a backlog of checks.

Every task is safe to run twice (unique keys, conditional claims): tasks acknowledge late, so a
worker that dies mid-task leaves the task to run again. Database errors are retried with
backoff. Tasks are registered on an app explicitly, with ``register`` (``worker.queue.app``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from celery import Celery, Task
from sqlalchemy.exc import DBAPIError

from worker.runtime.context import Context
from worker.runtime.locks import once_per
from worker.stages import compare, deliver, scrape  # noqa: F401 (loaded before the pool forks: the chain imports a stage where it runs)
from worker.stages.chain import Stage, advance
from worker.stages.sweep import sweep as run_sweep

log = logging.getLogger(__name__)
RETRY: dict[str, Any] = {"autoretry_for": (DBAPIError,), "retry_backoff": 2, "retry_backoff_max": 60, "max_retries": 8}
SWEEP = "earnwatch.sweep"
TASK_NAMES = {Stage.SCRAPE: "earnwatch.scrape", Stage.COMPARE: "earnwatch.compare", Stage.DELIVER: "earnwatch.deliver"}
LOG_FIELD = {Stage.SCRAPE: "source_id", Stage.COMPARE: "document_id", Stage.DELIVER: "alert_id"}


class Queue(StrEnum):
    """The Celery queues, in the order a worker consumes them by default."""

    DELIVER = "deliver"
    COMPARE = "compare"
    SCRAPE = "scrape"  # sweeps and source checks


QUEUE_OF = {
    SWEEP: Queue.SCRAPE, TASK_NAMES[Stage.SCRAPE]: Queue.SCRAPE,
    TASK_NAMES[Stage.COMPARE]: Queue.COMPARE, TASK_NAMES[Stage.DELIVER]: Queue.DELIVER,
}


class CeleryDispatcher:
    """Hands ids to the next stage's task, to run on any worker: all of them over one broker
    connection (the sweep enqueues hundreds at a time)."""

    def __init__(self, app: Celery) -> None:
        self.app = app

    def dispatch(self, stage: Stage, ids: Sequence[int]) -> None:
        if not ids:
            return
        task = self.app.tasks[TASK_NAMES[stage]]
        with self.app.producer_or_acquire() as producer:
            for item_id in ids:
                task.apply_async((item_id,), producer=producer)


def register(app: Celery, ctx: Context) -> None:
    """Register the sweep and one task per stage on ``app``; they run with ``ctx``."""
    dispatcher = CeleryDispatcher(app)

    def sweep(task: Task) -> str:
        """Enqueue every source whose check is due and every alert whose delivery is due."""
        if not once_per(ctx, "sweep", ctx.settings.scheduler_tick * 0.8):
            return "skipped: a sweep already ran this tick (is a second beat running?)"
        return run_sweep(ctx, dispatcher).summary()

    app.task(name=SWEEP, bind=True, **RETRY)(sweep)
    for stage, name in TASK_NAMES.items():
        app.task(name=name, bind=True, **RETRY)(_stage_task(ctx, dispatcher, stage))


def _stage_task(ctx: Context, dispatcher: CeleryDispatcher, stage: Stage):  # noqa: ANN202 (a task body)
    def run(task: Task, item_id: int) -> str:
        step = advance(ctx, dispatcher, stage, item_id)
        log.info("%s", step.summary(), extra={LOG_FIELD[stage]: item_id})
        return step.summary()

    run.__name__ = run.__qualname__ = f"{stage.value}_task"
    run.__doc__ = f"Run the {stage.value} stage on one id and enqueue what it hands on."
    return run
