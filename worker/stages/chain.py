"""The stage chain, written once: scrape → compare → deliver.

Each stage takes one id and returns what it did together with the ids the next stage takes
(``Step``). ``advance`` runs one stage on one id and hands the next ids to a ``Dispatcher``.
There are two dispatchers over the same ``advance``: Celery's (``worker.queue.tasks``: one
task per id, on a worker) and the in-process one (``worker.stages.inline``: the CLI, the
embedded demo, tests), so whatever starts the work, it takes the same path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from worker.runtime.context import Context

if TYPE_CHECKING:
    from sqlmodel import Session

    from worker.stages import compare, deliver, scrape


class Stage(StrEnum):
    SCRAPE = "scrape"  # a source id -> the ids of the new document versions
    COMPARE = "compare"  # a document version id -> the ids of the alerts planned
    DELIVER = "deliver"  # an alert id -> nothing further


NEXT: dict[Stage, Stage | None] = {Stage.SCRAPE: Stage.COMPARE, Stage.COMPARE: Stage.DELIVER, Stage.DELIVER: None}


@dataclass(frozen=True)
class Options:
    """Choices a person makes for one run (``earnwatch retrigger --resend``)."""

    resend: bool = False


@dataclass(frozen=True)
class Step:
    """What one stage did with one id: its result, and the ids for the next stage."""

    stage: Stage
    item_id: int
    result: scrape.CheckResult | compare.CompareResult | deliver.DeliveryOutcome | None
    next_ids: tuple[int, ...] = field(default=())

    def summary(self) -> str:
        if self.result is None:
            return f"{self.stage.value} {self.item_id}: nothing to do (not due, or taken by another worker)"
        return self.result.summary()


class Dispatcher(Protocol):
    def dispatch(self, stage: Stage, ids: Sequence[int]) -> None:
        """Have ``stage`` run on each of ``ids``, now or later, here or elsewhere."""


def run_step(ctx: Context, stage: Stage, item_id: int, options: Options = Options(), *, session: Session | None = None) -> Step:
    """Run one stage on one id. Each stage owns its transactions; a compare given ``session``
    runs in a savepoint of it instead, and the caller commits (the in-process dispatcher commits
    a batch of comparisons at once).

    A stage's module is imported when it first runs: a cycle that finds nothing new loads
    neither the comparison engine nor the alert channels (apprise)."""
    if stage is Stage.SCRAPE:
        from worker.stages import scrape

        checked = scrape.check_source(ctx, item_id)
        return Step(stage, item_id, checked, tuple(checked.new_documents))
    if stage is Stage.COMPARE:
        from worker.stages import compare

        if session is not None:
            with session.begin_nested():
                compared = compare.compare_document(session, item_id, ctx.watchlist, resend=options.resend)
        else:
            with ctx.session() as own:
                compared = compare.compare_document(own, item_id, ctx.watchlist, resend=options.resend)
        return Step(stage, item_id, compared, tuple(compared.new_alerts))
    from worker.stages import deliver

    return Step(stage, item_id, deliver.deliver(ctx, item_id))


def advance(ctx: Context, dispatcher: Dispatcher, stage: Stage, item_id: int, options: Options = Options(), *, session: Session | None = None) -> Step:
    """Run ``stage`` on ``item_id`` and dispatch what it found to the next stage (``session``:
    as ``run_step`` says; the next stage must then not run before the caller commits)."""
    step = run_step(ctx, stage, item_id, options, session=session)
    following = NEXT[stage]
    if following is not None and step.next_ids:
        dispatcher.dispatch(following, step.next_ids)
    return step
