"""A watchlist of 10,000 companies is checked and mirrored into the database (check-config once
took over two minutes on it). What these tests catch is work that grows with the watchlist where
it should not: the mirror's statements are counted, not timed (speed is the benchmarks' business,
``python -m bench.sources``); the subprocess timeout only stops a hang."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event, func
from sqlalchemy.engine import Engine
from sqlmodel import select

from tests.conftest import session_scope
from worker.storage.models import Company, Source

EARNWATCH = str(Path(sys.executable).with_name("earnwatch"))
COMPANIES = 10_000


@pytest.fixture(scope="module")
def large_watchlist(tmp_path_factory) -> Path:
    lines = ["companies:"]
    for n in range(COMPANIES):
        ticker = f"C{n:05d}"
        lines += [f"  - ticker: {ticker}", f"    name: Company {n}", "    tags: [semis]", "    sources:",
                  f"      - {{kind: summary_page, url: 'https://example.org/{ticker.lower()}/summaries', every: 15m}}"]
    lines += ["routes:", "  - {name: desk, urls: ['console://'], tags: [semis]}"]
    path = tmp_path_factory.mktemp("large") / "watchlist.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_check_config_reads_a_watchlist_of_10000_companies(large_watchlist, earnwatch_env):
    started = time.monotonic()
    result = subprocess.run([EARNWATCH, "check-config", str(large_watchlist)], capture_output=True, text=True, timeout=600,
                            stdin=subprocess.DEVNULL, env={**os.environ, **earnwatch_env})
    assert result.returncode == 0, result.stderr
    assert "10,000 companies, 10,000 sources, 1 route" in result.stdout
    print(f"\ncheck-config of {COMPANIES:,} companies: {time.monotonic() - started:.1f} s")


def test_10000_companies_are_synced_with_a_few_statements_each_and_an_unchanged_watchlist_writes_nothing(large_watchlist, earnwatch_env, context):
    from worker.runtime.watchlist import load_watchlist
    from worker.stages.sync import sync_watchlist

    ctx = context(load_watchlist(large_watchlist))
    timings, statements = [], []
    for _ in range(2):
        issued: list[str] = []

        def count(_conn, _cursor, statement, *_args, issued=issued) -> None:
            issued.append(statement)

        event.listen(Engine, "before_cursor_execute", count)
        started = time.monotonic()
        try:
            with ctx.session() as session:
                sync_watchlist(session, ctx.watchlist)
        finally:
            event.remove(Engine, "before_cursor_execute", count)
        timings.append(time.monotonic() - started)
        statements.append(issued)
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(Company)).one() == COMPANIES
        assert session.exec(select(func.count()).select_from(Source).where(Source.active)).one() == COMPANIES
    print(f"\nsync of {COMPANIES:,} companies: first {timings[0]:.1f} s, {len(statements[0])} statements; "
          f"unchanged {timings[1]:.1f} s, {len(statements[1])} statements")
    # a fixed handful of statements per new company (its row, its source's), none per pair of them
    assert len(statements[0]) <= 3 * COMPANIES + 100
    assert len(statements[1]) <= 100
    assert not [s for s in statements[1] if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
