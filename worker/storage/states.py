"""The states of a source and of an alert, and the kinds of alert: the values stored in the
database (as plain strings) and shown by the CLI. Kept apart from the tables so that the CLI
can name them without loading SQLAlchemy."""

from __future__ import annotations

from enum import StrEnum


class SourceStatus(StrEnum):
    NEW = "new"  # never checked
    OK = "ok"
    FAILING = "failing"


class AlertStatus(StrEnum):
    PENDING = "pending"  # waiting for its time (first try, a retry, the end of a digest window)
    SENDING = "sending"  # claimed by a worker
    SENT = "sent"
    FAILED = "failed"  # gave up; `earnwatch alerts retry` puts it back


class AlertKind(StrEnum):
    REPORT = "report"  # a change report for a route
    SOURCE_DOWN = "source_down"  # operator alerts
    SOURCE_UP = "source_up"
