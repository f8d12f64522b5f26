"""A watchlist of 10,000 companies is checked and mirrored into the database in seconds (it once
took check-config over two minutes). The limits are generous for a busy 2-core machine; what
they catch is work that grows with the square of the watchlist."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func
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


def test_check_config_of_10000_companies_takes_seconds(large_watchlist, earnwatch_env):
    started = time.monotonic()
    result = subprocess.run([EARNWATCH, "check-config", str(large_watchlist)], capture_output=True, text=True, timeout=300,
                            stdin=subprocess.DEVNULL, env={**os.environ, **earnwatch_env})
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert "10,000 companies, 10,000 sources, 1 route" in result.stdout
    print(f"\ncheck-config of {COMPANIES:,} companies: {took:.1f} s")
    assert took < 40


def test_10000_companies_are_synced_in_seconds_and_again_faster(large_watchlist, earnwatch_env, context):
    from worker.runtime.watchlist import load_watchlist
    from worker.stages.sync import sync_watchlist

    ctx = context(load_watchlist(large_watchlist))
    timings = []
    for _ in range(2):
        started = time.monotonic()
        with ctx.session() as session:
            sync_watchlist(session, ctx.watchlist)
        timings.append(time.monotonic() - started)
    with session_scope() as session:
        assert session.exec(select(func.count()).select_from(Company)).one() == COMPANIES
        assert session.exec(select(func.count()).select_from(Source).where(Source.active)).one() == COMPANIES
    print(f"\nsync of {COMPANIES:,} companies: first {timings[0]:.1f} s, unchanged {timings[1]:.1f} s")
    assert timings[0] < 40 and timings[1] < 20
