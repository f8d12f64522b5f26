"""Mirroring the watchlist: a file that did not change is found in step from plain rows, and
every kind of change still reaches the rows."""

from __future__ import annotations

import pytest
from sqlmodel import select

from worker.runtime.watchlist import parse_watchlist
from worker.stages.sync import _in_step, sync_watchlist
from worker.storage.models import Company, Source

BASE = """companies:
  - {ticker: AAA, name: Alpha, tags: [semis], sources: [{kind: summary_page, url: 'https://a.org/s', every: 15m}]}
  - {ticker: BBB, name: Beta, sources: [{kind: summary_page, url: 'https://b.org/s', every: 1h}]}
"""

CHANGES = {
    "a company renamed": BASE.replace("Alpha", "Alpha Corp"),
    "its tags changed": BASE.replace("[semis]", "[semis, ai]"),
    "a source checked more often": BASE.replace("every: 1h", "every: 30m"),
    "a source's options changed": BASE.replace("every: 15m}", "every: 15m, max_documents: 3}"),
    "a source added": BASE.replace("every: 1h}]", "every: 1h}, {kind: summary_page, url: 'https://b.org/t'}]"),
    "a company removed": BASE.split("  - {ticker: BBB")[0],
}


def rows(ctx) -> tuple[list, list]:
    with ctx.read_session() as session:
        companies = sorted((c.ticker, c.name, c.tags, c.active) for c in session.exec(select(Company)))
        sources = sorted((s.url, s.every_seconds, s.options, s.active) for s in session.exec(select(Source)))
    return companies, sources


@pytest.mark.parametrize("change", list(CHANGES))
def test_an_unchanged_watchlist_is_in_step_and_each_change_is_synced(context, change: str) -> None:
    ctx = context()
    before, after = parse_watchlist(BASE), parse_watchlist(CHANGES[change])
    with ctx.session() as session:
        sync_watchlist(session, before)
    with ctx.session() as session:
        assert _in_step(session, before)
        assert not _in_step(session, after)
        sync_watchlist(session, after)
    with ctx.session() as session:
        assert _in_step(session, after)
    fresh = context(database_url=ctx.settings.database_url.replace(".db", "-fresh.db"))
    with fresh.session() as session:
        sync_watchlist(session, after)
    assert rows(ctx)[0] == [c for c in rows(fresh)[0] if c[3]] + ([("BBB", "Beta", [], False)] if change == "a company removed" else [])
    assert [s for s in rows(ctx)[1] if s[3]] == rows(fresh)[1]
