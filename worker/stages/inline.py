"""The chain run in this process: ``earnwatch scrape``, ``retrigger``, ``alerts retry``, the demo.

``InlineDispatcher`` collects the ids each stage hands on and runs the stages in order when
drained: every source (a pool of ``EARNWATCH_FETCH_CONCURRENCY`` threads fetches and parses;
the outcomes are written by one thread, ``BATCH`` sources or ``WRITE_EVERY`` seconds of them
per transaction, with "checked, unchanged" as bulk UPDATEs), then every new document oldest
quarter first (again ``BATCH`` documents or ``WRITE_EVERY`` seconds of them per transaction,
each in a savepoint of its own), then every alert.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from earnings.period import FiscalPeriod
from worker.errors import PipelineError
from worker.runtime.context import Context
from worker.stages import scrape
from worker.stages.chain import Options, Stage, Step, advance
from worker.stages.sync import mark_synced, sync_if_changed
from worker.storage import versions
from worker.storage.models import Company, DocumentVersion, Source

if TYPE_CHECKING:  # imported where they run (``chain.run_step``): a quiet cycle needs neither
    from worker.stages import compare, deliver

BATCH = 200  # check outcomes written per transaction, at most
# ... or fewer, once the oldest has waited this long. A transaction per handful of outcomes (what
# had arrived while the last one was written) cost a commit, an fsync and a wait for the GIL
# each: 180 of them for 1,000 sources, most of the writer's time.
WRITE_EVERY = 1.0


@dataclass
class RunSummary:
    checks: list[scrape.CheckResult] = field(default_factory=list)
    comparisons: list[compare.CompareResult] = field(default_factory=list)
    deliveries: list[deliver.DeliveryOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, step: Step) -> None:
        if step.result is None:
            return
        if step.stage is Stage.SCRAPE:
            self.checks.append(step.result)  # type: ignore[arg-type]
        elif step.stage is Stage.COMPARE:
            self.comparisons.append(step.result)  # type: ignore[arg-type]
        else:
            self.deliveries.append(step.result)  # type: ignore[arg-type]


class InlineDispatcher:
    """Runs the chain here; ``on_source`` is told the label of each source as it is checked."""

    def __init__(self, ctx: Context, options: Options = Options(), on_source: Callable[[str], None] | None = None) -> None:
        self.ctx, self.options, self.on_source = ctx, options, on_source
        self.pending: dict[Stage, list[int]] = {stage: [] for stage in Stage}

    def dispatch(self, stage: Stage, ids: Sequence[int]) -> None:
        self.pending[stage].extend(ids)

    def drain(self, summary: RunSummary | None = None, *, through: Stage = Stage.DELIVER) -> RunSummary:
        """Run what is pending, stage by stage, up to and including ``through``."""
        summary = summary or RunSummary()
        stages = list(Stage)
        for stage in stages[: stages.index(through) + 1]:  # a stage only ever hands on to a later one
            ids, self.pending[stage] = self.pending[stage], []
            if stage is Stage.SCRAPE:
                steps = self._scrape(ids, comparing=through is not Stage.SCRAPE)
            elif stage is Stage.COMPARE:
                steps = self._compare(ids)
            else:
                steps = [advance(self.ctx, self, stage, i, self.options) for i in ids]
            for step in steps:
                summary.add(step)
        return summary

    def _compare(self, document_ids: list[int]) -> list[Step]:
        """Compare the documents oldest quarter first, a batch of them per transaction: a commit
        per document cost an fsync each, up to a third of the stage. A document whose comparison
        raises is rolled back alone; the ones before it are committed, then the error goes on."""
        if not document_ids:
            return []
        from worker.stages import compare

        with self.ctx.read_session() as session:  # a read: no write lock to wait for
            remaining = compare.in_period_order(session, document_ids)
        remaining.reverse()  # taken from the end
        steps: list[Step] = []
        while remaining:
            failure: BaseException | None = None
            with self.ctx.session() as session:
                due, count = time.monotonic() + WRITE_EVERY, 0
                while remaining and count < BATCH and time.monotonic() < due:
                    document_id = remaining.pop()
                    try:
                        steps.append(advance(self.ctx, self, Stage.COMPARE, document_id, self.options, session=session))
                    except BaseException as exc:  # its savepoint is rolled back; what came before is kept
                        failure = exc
                        break
                    session.expunge_all()  # what a comparison loaded is not needed by the next one
                    count += 1
            if failure is not None:
                raise failure
        return steps

    def _scrape(self, source_ids: list[int], *, comparing: bool = True) -> list[Step]:
        """Check the sources with a pool of threads that fetch and parse; this thread alone
        writes, a batch of outcomes per transaction, while the pool goes on fetching
        (``comparing``: the compare stage runs next, so its engine may be loaded meanwhile)."""
        if not source_ids:
            return []
        workers = max(1, min(self.ctx.settings.fetch_concurrency, len(source_ids)))
        with self.ctx.read_session() as session:
            plans = scrape.plan_checks(self.ctx, session, source_ids)  # a few queries for the whole cycle

        def fetch(source_id: int) -> scrape.Checked | None:
            plan = plans.pop(source_id, None)  # held by what it fetched until that is written, then let go
            if plan is None:
                return None
            if self.on_source:
                self.on_source(f"{plan.ticker} {plan.url}")
            return scrape.fetch_planned(self.ctx, plan)

        results: dict[int, scrape.CheckResult] = {}

        def write(batch: list[scrape.Checked]) -> None:
            with self.ctx.session() as session:
                stored = scrape.store_checks(self.ctx, session, batch)
            results.update((r.source_id, r) for r in stored)
            if comparing and any(r.new_documents for r in stored):
                # The comparison engine (~0.1 s to import) is loaded now, while the pool goes on
                # fetching and this thread would only wait for it, rather than after the last check.
                from worker.stages import compare  # noqa: F401

        done: queue.SimpleQueue[Future[scrape.Checked | None]] = queue.SimpleQueue()
        with ThreadPoolExecutor(workers, thread_name_prefix="check") as pool:
            futures = {pool.submit(fetch, source_id): source_id for source_id in source_ids}
            for future in futures:
                future.add_done_callback(done.put)
            batch: list[scrape.Checked] = []
            due: float | None = None  # when the oldest outcome not yet written is to be
            for _ in range(len(futures)):
                while True:
                    try:
                        future = done.get(timeout=None if due is None else max(0.0, due - time.monotonic()))
                        break
                    except queue.Empty:  # the rest are slow: write what has arrived
                        write(batch)
                        batch, due = [], None
                source_id, checked = futures.pop(future), future.result()  # what is written is let go
                if checked is None:
                    results[source_id] = scrape.CheckResult(source_id)
                    continue
                batch.append(checked)
                due = due or time.monotonic() + WRITE_EVERY
                if len(batch) >= BATCH or time.monotonic() >= due:
                    write(batch)
                    batch, due = [], None
            if batch:
                write(batch)
        steps = [Step(Stage.SCRAPE, i, results[i], tuple(results[i].new_documents)) for i in dict.fromkeys(source_ids)]
        for step in steps:
            if step.next_ids:
                self.dispatch(Stage.COMPARE, step.next_ids)
        return steps


def check_sources(ctx: Context, tickers: Iterable[str] = (), on_source: Callable[[str], None] | None = None) -> RunSummary:
    """Check every active source (of ``tickers``, or all) now, then compare and deliver."""
    wanted = {t.upper() for t in tickers}
    with ctx.session() as session:
        watchlist = sync_if_changed(ctx, session)
        rows = session.exec(
            select(Source.id, Company.ticker)
            .join(Company, col(Company.id) == col(Source.company_id))
            .where(col(Source.active), col(Company.active))
            .order_by(col(Company.ticker), col(Source.id))
        ).all()
    mark_synced(ctx, watchlist)
    unknown = wanted - {ticker for _, ticker in rows}
    if unknown:
        raise PipelineError(f"no active source for {', '.join(sorted(unknown))}; check the watchlist")
    inline = InlineDispatcher(ctx, on_source=on_source)
    inline.dispatch(Stage.SCRAPE, [source_id for source_id, ticker in rows if source_id is not None and (not wanted or ticker in wanted)])
    return inline.drain()


def check_many(ctx: Context, source_ids: list[int]) -> list[scrape.CheckResult]:
    """Only the scrape stage for these sources (what the benchmark times): the checks, in order."""
    inline = InlineDispatcher(ctx)
    inline.dispatch(Stage.SCRAPE, source_ids)
    return inline.drain(through=Stage.SCRAPE).checks


def known_company(session: Session, ticker: str) -> int:
    """The id of the stored company of ``ticker``, or a PipelineError saying how to add it."""
    company = session.exec(select(Company).where(Company.ticker == ticker.upper())).first()
    if company is None or company.id is None:
        raise PipelineError(f"{ticker.upper()} is not a company earnwatch has seen; add it to the watchlist and run `earnwatch scrape`")
    return company.id


def retrigger(ctx: Context, ticker: str, quarter: str, *, refetch: bool = False, resend: bool = False) -> RunSummary:
    """Re-run one quarter: optionally re-fetch, re-parse the stored bytes, re-compare, plan
    alerts and deliver them. Dedupe keeps a delivered alert from going again unless ``resend``."""
    period = str(FiscalPeriod.parse(quarter))
    summary = check_sources(ctx, [ticker]) if refetch else RunSummary()
    with ctx.session() as session:
        company_id = known_company(session, ticker)
        document = versions.latest_version(session, company_id, period)
        if document is None or document.id is None:
            stored = session.exec(
                select(DocumentVersion.period).where(DocumentVersion.company_id == company_id).distinct()
            ).all()
            raise PipelineError(
                f"no {ticker.upper()} document for {period} is stored (stored: {', '.join(sorted(stored)) or 'none'}); "
                "use --refetch to fetch the sources first"
            )
        from worker.stages.reparse import reparse

        if reparse(ctx, session, document):
            summary.notes.append(f"re-parsed {document.url}")
        document_id = document.id
    inline = InlineDispatcher(ctx, Options(resend=resend))
    inline.dispatch(Stage.COMPARE, [document_id])
    before = len(summary.comparisons)
    inline.drain(summary)
    compared = summary.comparisons[before:]
    if not any(c.new_alerts for c in compared) and any(c.changes for c in compared):
        summary.notes.append("every alert for this report was already planned; use --resend to send it again")
    return summary


def deliver_now(ctx: Context, alert_ids: Iterable[int]) -> list[deliver.DeliveryOutcome]:
    """Deliver these alerts here and now (those due and not taken by another worker)."""
    inline = InlineDispatcher(ctx)
    inline.dispatch(Stage.DELIVER, list(alert_ids))
    return inline.drain().deliveries
