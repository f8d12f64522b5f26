"""The database tables (SQLModel). Unique keys make every stage safe to run twice.

- ``Company``, ``Source``: mirrored from the watchlist; a source carries its schedule and health.
- ``Page``: what each fetched URL last told us (ETag, Last-Modified, content hash).
- ``DocumentVersion``: one parsed document, once per (company, period, content hash), with the
  raw bytes it was parsed from; the latest of a quarter is the one seen last (``versions``).
- ``Comparison``: one report per (document, baseline document).
- ``Alert``: one message per (report, route), unique by dedupe key: the outbox. Operator
  alerts (a source down, back up) are rows here too.
- ``AlertAttempt``: every delivery attempt with its error.
- ``UnresolvedDocument``: a fetched document whose quarter could not be read, kept for a re-parse.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import JSON, Boolean, Column, Dialect, Index, LargeBinary, Text, TypeDecorator, UniqueConstraint, false
from sqlmodel import AutoString, Field, SQLModel

from worker.storage.states import AlertKind, AlertStatus, SourceStatus

__all__ = [
    "Alert", "AlertAttempt", "AlertKind", "AlertStatus", "Company", "Comparison", "DocumentVersion", "Page", "Source",
    "SourceStatus", "UnresolvedDocument", "utcnow",
]


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """A stored time as an aware UTC time (SQLite gives them back naive)."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


E = TypeVar("E", bound=StrEnum)


class StrEnumText(TypeDecorator[E]):
    """A StrEnum stored as its plain string value (no database enum type), read back as the enum."""

    impl = AutoString
    cache_ok = True

    def __init__(self, enum: type[E], length: int | None = None) -> None:
        super().__init__(length=length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        return None if value is None else self.enum(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> E | None:
        return None if value is None else self.enum(value)


class Company(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    ticker: str = Field(unique=True, index=True, max_length=16)
    name: str = ""
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    active: bool = True


class Source(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("company_id", "kind", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    kind: str = Field(max_length=32)
    url: str = Field(max_length=2048)
    options: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    every_seconds: float = 900.0
    active: bool = True
    next_check_at: datetime = Field(default_factory=utcnow, index=True)
    # Set when a sweep enqueues the source's check, cleared when the check ends: a source whose
    # check is queued or running is not enqueued again. It expires, so a dead worker's is too.
    lease_until: datetime | None = None
    last_checked_at: datetime | None = None
    status: SourceStatus = Field(default=SourceStatus.NEW, sa_column=Column(StrEnumText(SourceStatus), nullable=False))
    error: str | None = Field(default=None, sa_column=Column(Text))
    failures: int = 0
    failing_since: datetime | None = None
    checks: int = 0  # how many times it was checked, for metrics
    last_check_seconds: float | None = None  # how long the last check took (fetch and parse)


class Page(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("source_id", "url"),)

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    url: str = Field(max_length=2048)
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    checked_at: datetime = Field(default_factory=utcnow)
    error: str | None = Field(default=None, sa_column=Column(Text))


class DocumentVersion(SQLModel, table=True):
    __tablename__ = "document_version"
    __table_args__ = (
        UniqueConstraint("company_id", "period", "content_hash"),
        # Picks each quarter's latest version without reading the wide rows (raw bytes, parsed
        # JSON): the watchlist page.
        Index("ix_document_version_latest", "company_id", "period", "seen_at", "suspect"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    source_id: int | None = Field(default=None, foreign_key="source.id")
    period: str = Field(max_length=8, index=True)  # 2024Q4
    content_hash: str = Field(max_length=64)
    url: str = Field(max_length=2048)
    title: str = ""
    content_type: str = ""
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    parsed: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    fetched_at: datetime = Field(default_factory=utcnow)
    # The last time a check found this content: the latest version of a quarter is the one seen last.
    seen_at: datetime = Field(default_factory=utcnow)
    # Lost most of the statements of the version before it: held, not compared, until seen again or confirmed.
    suspect: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    # What ``earnwatch reparse`` replaced, so a parser change can be undone.
    previous_parsed: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Comparison(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("document_id", "baseline_id"),
        # Every comparison's counts and similarity without reading its report: the watchlist page.
        Index("ix_comparison_summary", "document_id", "baseline_id", "change_count", "cosine"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document_version.id", index=True)
    baseline_id: int = Field(foreign_key="document_version.id")
    report: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    fingerprint: str = Field(max_length=64)
    change_count: int = 0
    cosine: float | None = None  # the report's document similarity, for the watchlist's sparklines
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Alert(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # None for an operator alert (``kind`` source_down / source_up), which has no report.
    comparison_id: int | None = Field(default=None, foreign_key="comparison.id", index=True)
    kind: AlertKind = Field(default=AlertKind.REPORT, sa_column=Column(StrEnumText(AlertKind, 32), nullable=False))
    route: str = Field(max_length=128)
    dedupe_key: str = Field(unique=True, max_length=128)
    report: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    title: str = ""
    correction: bool = False  # differs from what this route was sent for the same quarter
    digest_until: datetime | None = Field(default=None, index=True)  # the end of its digest window
    claim_token: str | None = Field(default=None, max_length=32, index=True)  # who is sending it
    status: AlertStatus = Field(default=AlertStatus.PENDING, sa_column=Column(StrEnumText(AlertStatus), nullable=False, index=True))
    attempts: int = 0
    delivered: list[str | int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # identities of the targets reached
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    claimed_at: datetime | None = None
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class AlertAttempt(SQLModel, table=True):
    __tablename__ = "alert_attempt"

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    ok: bool
    error: str | None = Field(default=None, sa_column=Column(Text))


class UnresolvedDocument(SQLModel, table=True):
    """A fetched document whose fiscal quarter could not be read: kept, never guessed, so
    that ``earnwatch reparse`` can store it once a parser (or ``fiscal_year_end``) resolves it."""

    __tablename__ = "unresolved_document"
    __table_args__ = (UniqueConstraint("source_id", "url", "content_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True)
    source_id: int = Field(foreign_key="source.id", index=True)
    url: str = Field(max_length=2048)
    content_hash: str = Field(max_length=64)
    content_type: str = ""
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    error: str = Field(default="", sa_column=Column(Text, nullable=False))
    fetched_at: datetime = Field(default_factory=utcnow)
