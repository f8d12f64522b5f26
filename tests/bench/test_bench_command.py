"""``python -m bench`` works end to end and prints its table. Not a timed test: the figures it
prints are not checked, only that every row is there with a figure (and a ratio where both tools
are measured)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.tools import urlwatch_version
from tests.conftest import POSTGRES_ADMIN

ROOT = Path(__file__).resolve().parents[2]


def bench(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bench", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def table_rows(output: str) -> dict[str, list[str]]:
    rows = [line.strip("|").split("|") for line in output.splitlines() if line.startswith("| ") and not line.startswith("| |")]
    return {cells[0].strip(): [c.strip() for c in cells[1:]] for cells in rows}


@pytest.mark.skipif(urlwatch_version() is None, reason="urlwatch is not installed: pip install -e '.[bench]'")
def test_the_quick_cycle_benchmark_prints_earnwatch_beside_urlwatch_with_ratios():
    result = bench("--quick", "--only", "cycle", "--sources", "20")
    assert result.returncode == 0, result.stdout + result.stderr
    rows = table_rows(result.stdout)
    compared = [
        "cycle, 20 unchanged (median of 1)",
        "cycle, 10 of 20 changed (median of 1)",
        "first cycle, 20 new (1 run)",
        "CPU per source, unchanged",
        "CPU per source, 10 changed",
        "peak RSS, unchanged cycle",
        "peak RSS, largest cycle (20 new quarters)",
    ]
    for label in compared:
        earnwatch, urlwatch, ratio = rows[label]
        assert re.fullmatch(r"[\d.]+ (s|ms|MB)", earnwatch) and re.fullmatch(r"[\d.]+ (s|ms|MB)", urlwatch), (label, rows[label])
        assert re.fullmatch(r"[\d.]+×", ratio), (label, ratio)
    earnwatch, urlwatch, ratio = rows["documents/s, 20 new quarters fetched, ingested and compared in one cycle"]
    assert re.fullmatch(r"[\d.]+ docs/s", earnwatch) and urlwatch == "—" and ratio == ""


def test_the_worker_benchmark_prints_alert_latency_and_cycle_time_through_real_workers():
    result = bench("--only", "workers", "--sources", "10", "--publishing", "2", "--workers", "1", "--postgres", POSTGRES_ADMIN)
    assert result.returncode == 0, result.stdout + result.stderr
    rows = table_rows(result.stdout)
    for label in (
        "1 worker: cycle of 10 due sources, 2 new quarters",
        "1 worker: alert latency p50, scrape to SMTP",
        "1 worker: alert latency p95, scrape to SMTP",
    ):
        assert re.fullmatch(r"[\d.]+ s", rows[label][0]), (label, rows.get(label))
