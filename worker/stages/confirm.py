"""``earnwatch confirm TICKER PERIOD``: a person says the version held as suspect is right.

It stops being held, becomes the latest version of its quarter, and is compared and alerted
like any new version (``worker.storage.versions`` says when a version is held)."""

from __future__ import annotations


from earnings.period import FiscalPeriod
from worker.errors import PipelineError
from worker.runtime.context import Context
from worker.stages.chain import Stage
from worker.stages.inline import InlineDispatcher, RunSummary, known_company
from worker.storage import versions


def confirm_version(ctx: Context, ticker: str, quarter: str) -> RunSummary:
    period = str(FiscalPeriod.parse(quarter))
    with ctx.session() as session:
        company_id = known_company(session, ticker)
        held = versions.confirm(session, company_id, period)
        if held is None or held.id is None:
            raise PipelineError(f"no {ticker.upper()} {period} version is held as suspect; `earnwatch status` lists the ones that are")
        document_id, url = held.id, held.url
    inline = InlineDispatcher(ctx)
    inline.dispatch(Stage.COMPARE, [document_id])
    summary = RunSummary(notes=[f"confirmed {ticker.upper()} {period} {url}: it is the latest version now"])
    return inline.drain(summary)
