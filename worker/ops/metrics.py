"""Prometheus metrics, read from the database when scraped, so every worker process and every
machine reports the same figures: ``earnwatch metrics`` (stdout or a node-exporter textfile),
or an HTTP endpoint on ``EARNWATCH_METRICS_PORT`` beside a worker."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from prometheus_client import CollectorRegistry, generate_latest, start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric, SummaryMetricFamily
from sqlalchemy import func
from sqlmodel import col, select

from worker.runtime.context import Context
from worker.storage.models import Alert, AlertAttempt, AlertStatus, Comparison, DocumentVersion, Source, SourceStatus


class DatabaseCollector:
    """Counts of what the pipeline has done, by stage and outcome."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def collect(self) -> Iterator[Metric]:
        with self.ctx.session() as session:
            sources = dict(session.exec(select(Source.status, func.count()).where(col(Source.active)).group_by(col(Source.status))).all())
            failures = session.exec(select(func.coalesce(func.sum(Source.failures), 0)).where(col(Source.active))).one()
            checks = session.exec(select(func.coalesce(func.sum(Source.checks), 0))).one()
            timed, seconds = session.exec(
                select(func.count(col(Source.last_check_seconds)), func.coalesce(func.sum(col(Source.last_check_seconds)), 0.0)).where(col(Source.active))
            ).one()
            documents = session.exec(select(func.count()).select_from(DocumentVersion)).one()
            comparisons = session.exec(select(func.count()).select_from(Comparison)).one()
            changes = session.exec(select(func.coalesce(func.sum(Comparison.change_count), 0))).one()
            alerts = dict(session.exec(select(Alert.status, func.count()).group_by(col(Alert.status))).all())
            attempts = dict(session.exec(select(AlertAttempt.ok, func.count()).group_by(col(AlertAttempt.ok))).all())

        gauge = GaugeMetricFamily("earnwatch_sources", "Active sources by health", labels=["status"])
        for status in SourceStatus:
            gauge.add_metric([status.value], sources.get(status, 0))
        yield gauge
        yield GaugeMetricFamily("earnwatch_source_consecutive_failures", "Consecutive failed checks, summed over sources", value=failures)
        yield CounterMetricFamily("earnwatch_scrapes", "Source checks made", value=checks)
        yield SummaryMetricFamily(
            "earnwatch_source_check_seconds", "Duration of each active source's last check (fetch and parse)",
            count_value=timed, sum_value=seconds,
        )
        yield CounterMetricFamily("earnwatch_documents", "Document versions stored", value=documents)
        yield CounterMetricFamily("earnwatch_comparisons", "Comparisons stored", value=comparisons)
        yield CounterMetricFamily("earnwatch_changes", "Changes found by all stored comparisons", value=changes)
        gauge = GaugeMetricFamily("earnwatch_alerts", "Alerts by delivery status", labels=["status"])
        for alert_status in AlertStatus:
            gauge.add_metric([alert_status.value], alerts.get(alert_status, 0))
        yield gauge
        counter = CounterMetricFamily("earnwatch_alert_attempts", "Delivery attempts by outcome", labels=["outcome"])
        counter.add_metric(["ok"], attempts.get(True, 0))
        counter.add_metric(["failed"], attempts.get(False, 0))
        yield counter


def registry(ctx: Context) -> CollectorRegistry:
    reg = CollectorRegistry()
    reg.register(DatabaseCollector(ctx))  # type: ignore[arg-type]  # a collector is anything with collect()
    return reg


def exposition(ctx: Context) -> bytes:
    return generate_latest(registry(ctx))


def write_textfile(ctx: Context, path: Path) -> None:
    """Write atomically, as node-exporter's textfile collector expects."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as tmp:
        tmp.write(exposition(ctx))
    os.replace(tmp.name, path)


def serve(ctx: Context, port: int) -> None:
    start_http_server(port, addr="0.0.0.0", registry=registry(ctx))
