"""How fast a scheduling cycle over many sources runs: ``python -m bench.sources [--sources 1000]``.

The local site of ``bench.site`` (stdlib, threaded, HTTP/1.1 keep-alive) serves one summary page per source
with an ETag and answers 304 to a matching If-None-Match. Three cycles are timed:

1. every page new: fetched, parsed and stored (1,000 documents);
2. every page unchanged: 1,000 conditional requests answered 304;
3. every page changed: fetched, parsed and stored as new versions.

Each cycle is ``worker.stages.inline.check_many`` over all sources (the fetch-parse-store part of
``earnwatch scrape``), and again ``check_sources`` end to end (watchlist sync, checks, compare).
All sources are on one host (127.0.0.1), so per-host pacing is off (EARNWATCH_HOST_RATE=0) and
robots.txt answers 404; a real deployment spreads its sources over many hosts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from bench.site import Site, page_url, serving


def _watchlist_yaml(base: str, count: int) -> str:
    lines = ["companies:"]
    for n in range(count):
        lines += [f"  - ticker: C{n:04d}", f"    sources: [{{kind: summary_page, url: '{page_url(base, n)}', every: 15m}}]"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--database-url", default="", help="default: a fresh SQLite file; e.g. postgresql+psycopg://…/bench")
    parser.add_argument("--concurrency", type=int, default=None, help="threads (default: EARNWATCH_FETCH_CONCURRENCY, 32)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="earnwatch-bench-") as tmp:
        from sqlmodel import col, select

        from config.settings import load_settings
        from worker.runtime.context import Context
        from worker.runtime.watchlist import parse_watchlist
        from worker.stages.inline import check_many, check_sources
        from worker.stages.sync import sync_watchlist
        from worker.storage.models import Company, DocumentVersion, Source

        overrides = {
            "data_dir": Path(tmp),
            "database_url": args.database_url or f"sqlite:///{tmp}/bench.db",
            "host_rate": 0,
            "config": Path(tmp) / "watchlist.yaml",
            "user_agent": "earnwatch-bench/1.0 (bench@example.org)",
        }
        if args.concurrency:
            overrides["fetch_concurrency"] = args.concurrency
        site = Site(args.sources, quarter="2024Q4")
        with serving(site) as base:
            ctx = Context(load_settings(**overrides), watchlist=parse_watchlist(_watchlist_yaml(base, args.sources)))
            started = time.perf_counter()
            with ctx.session() as session:
                sync_watchlist(session, ctx.watchlist)
            print(f"{args.sources} sources, {ctx.settings.fetch_concurrency} threads, database {ctx.engine.url.get_backend_name()}")
            print(f"  {'watchlist sync (first time)':<44}{time.perf_counter() - started:6.2f} s")
            with ctx.session() as session:
                ids = [i for i in session.exec(select(col(Source.id)).join(Company).order_by(col(Source.id))) if i is not None]

            def cycle(label: str) -> None:
                began = time.perf_counter()
                results = check_many(ctx, ids)
                took = time.perf_counter() - began
                new = sum(len(r.new_documents) for r in results)
                unchanged = sum(r.unchanged for r in results)
                failed = sum(1 for r in results if r.errors)
                print(f"  {label:<44}{took:6.2f} s  ({new} stored, {unchanged} unchanged, {failed} failed)")
                if failed:
                    print("    first error:", next(r.errors[0] for r in results if r.errors))

            cycle("cycle 1: all new (fetch, parse, store)")
            cycle("cycle 2: all unchanged (304)")
            site.revise(range(args.sources))
            cycle("cycle 3: all changed (fetch, parse, store)")

            began = time.perf_counter()
            check_sources(ctx)
            print(f"  {'earnwatch scrape, all unchanged, end to end':<44}{time.perf_counter() - began:6.2f} s  (sync, checks, compare)")
            site.revise(range(args.sources))
            began = time.perf_counter()
            check_sources(ctx)
            print(f"  {'earnwatch scrape, all changed, end to end':<44}{time.perf_counter() - began:6.2f} s  (sync, checks, compare)")
            with ctx.session() as session:
                stored = len(session.exec(select(DocumentVersion.id)).all())
            print(f"  document versions stored: {stored}")
            ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
