"""earnwatch beside urlwatch on one local site: ``python -m bench [--quick] [--only cycle|workers]``.

Serves ``--sources`` summary pages of about 5 KB with ETags from a local threaded web server
(``bench.site``; ``--latency`` added to every response), then:

* ``cycle`` (``bench.cycle``): one check cycle of each tool, each a child process, as an
  operator runs it (``earnwatch scrape``; ``urlwatch --urls … --cache … --config …``), all
  unchanged and with ``--changed`` changed, medians of ``--runs``; CPU per source and peak RSS
  of the child; earnwatch's documents per second through ingest and compare;
* ``workers`` (``bench.workers``): earnwatch's service, real Celery workers on a private Redis,
  with every source due at once and ``--publishing`` of them publishing a new quarter: alert
  latency from the scrape to the SMTP server, and the cycle with 1, 2 and 4 worker processes.

It prints a table of earnwatch, urlwatch and the ratio (earnwatch / urlwatch: below 1 is
earnwatch faster or smaller). urlwatch comes from the ``bench`` extra: ``pip install -e '.[bench]'``.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from bench import cycle, workers
from bench.databases import DEFAULT_POSTGRES
from bench.table import Row, render
from bench.tools import BenchError, compile_bytecode, executable, urlwatch_version


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, help="pages and sources (default 1000; --quick 100)")
    parser.add_argument("--runs", type=int, help="timed runs of each cycle, medians printed (default 3; --quick 1)")
    parser.add_argument("--changed", type=int, help="pages changed in the 'changed' cycle (default 50; --quick 10)")
    parser.add_argument("--publishing", type=int, help="sources publishing a new quarter under the workers (default 50; --quick 10)")
    parser.add_argument("--latency", type=float, default=20.0, help="milliseconds the site waits before each response (default 20)")
    parser.add_argument("--workers", default="1,2,4", help="worker process counts to run (default 1,2,4; --quick 2)")
    parser.add_argument("--only", choices=["cycle", "workers"], help="run only this part")
    parser.add_argument(
        "--postgres",
        default=DEFAULT_POSTGRES,
        help="admin URL where the worker runs make throwaway databases; 'sqlite' for SQLite (default: %(default)s, else SQLite)",
    )
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds a worker run may take (default 900)")
    parser.add_argument("--keep", type=Path, help="keep every log and database in this folder")
    parser.add_argument("--quick", action="store_true", help="a fast check: 100 sources, 1 run, 2 workers")
    args = parser.parse_args(argv)
    quick = args.quick
    args.sources = args.sources or (100 if quick else 1000)
    args.runs = args.runs or (1 if quick else 3)
    args.changed = min(args.sources, args.changed or (10 if quick else 50))
    args.publishing = min(args.sources, args.publishing or (10 if quick else 50))
    if quick and args.workers == "1,2,4":
        args.workers = "2"
    try:
        args.worker_counts = [int(n) for n in args.workers.split(",")]
    except ValueError:
        parser.error(f"--workers {args.workers}: give counts separated by commas, e.g. 1,2,4")
    return args


def _machine() -> str:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {load} at the start"


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    version = urlwatch_version()
    if args.only != "workers" and (version is None or executable("urlwatch") is None):
        print("urlwatch is not installed in this environment; install the bench extra: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    started = time.monotonic()
    compile_bytecode()
    print(f"earnwatch vs urlwatch {version or '(not run)'}, {args.sources:,} sources, {args.latency:g} ms per response; {_machine()}")
    rows: list[Row] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="earnwatch-bench-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        try:
            if args.only in (None, "cycle"):
                print(f"cycle: {args.sources:,} sources, {args.runs} run(s) each")
                found, said = cycle.run(root / "cycle", args.sources, args.runs, args.changed, args.latency / 1000)
                rows += found
                notes += said
            if args.only in (None, "workers"):
                print(f"workers: {args.sources:,} sources due at once, {args.publishing} publishing a new quarter")
                found, said = workers.run(root / "workers", args.sources, args.publishing, args.worker_counts, args.latency / 1000, args.postgres, args.timeout)
                rows += found
                notes += said
        except BenchError as exc:
            print(f"benchmark failed: {exc}", file=sys.stderr)
            return 1
    print()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {time.monotonic() - started:.0f} s in all, load average {load} at the end; ratio = earnwatch / urlwatch"
    )
    print(render(rows))
    for note in notes:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
