"""The read models of what earnwatch has stored: what the web pages, the JSON API and the CLI's
``show``, ``export`` and ``alerts show`` display. ``worker.storage.queries`` fills them.

They are pydantic models, so the API's OpenAPI schema is written from the same classes the
pages and the CLI read. Text in them (titles, quotes, URLs, errors) is as stored: scraped and
untrusted, escaped by whoever renders it, and masked for secrets before it leaves a process.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from worker.storage.states import AlertKind, AlertStatus, SourceStatus


class SourceView(BaseModel):
    id: int
    ticker: str
    kind: str
    url: str
    status: SourceStatus
    error: str | None = None
    failures: int = 0
    last_checked_at: datetime | None = None
    next_check_at: datetime | None = None
    failing_since: datetime | None = None


class SimilarityPoint(BaseModel):
    """How alike a quarter's document is to the quarter before it (cosine of word counts)."""

    period: str
    cosine: float


class CompanySummary(BaseModel):
    """One row of the watchlist page."""

    ticker: str
    name: str
    tags: list[str]
    latest_period: str | None = None
    last_checked_at: datetime | None = None
    check_status: str = Field("none", description="the worst status of the company's sources: failing, new, ok; none without a source")
    latest_changes: int = Field(0, description="changes in the latest quarter against the quarter before it")
    similarity: list[SimilarityPoint] = Field(default_factory=list, description="oldest quarter first")


class QuarterSummary(BaseModel):
    """One quarter on a company's timeline: its document and the comparison with the quarter before."""

    period: str
    document_id: int
    title: str
    url: str
    fetched_at: datetime | None = None
    versions: int = 1
    baseline_period: str | None = None
    changes: int = 0
    by_kind: dict[str, int] = Field(default_factory=dict)
    cosine: float | None = None


class RiskRow(BaseModel):
    """One risk topic across the quarters: per quarter ``new``, ``escalated``, ``eased``,
    ``gone``, ``present`` (carried over unchanged) or ``""`` (not there)."""

    topic: str
    cells: list[str]


class RiskMatrix(BaseModel):
    periods: list[str]
    rows: list[RiskRow]


class GuideMark(BaseModel):
    """A range (or a point, ``low == high``) guided in ``guided_in`` for ``target``."""

    guided_in: str
    target: str = Field(description="the period the guide is for; empty when the document does not say")
    low: float
    high: float
    text: str
    basis: str = ""


class GuidanceChart(BaseModel):
    """One metric in one unit: each target period's range as guided each quarter."""

    metric: str
    name: str
    unit: str
    targets: list[str]
    guided_in: list[str]
    marks: list[GuideMark]


class CompanyDetail(BaseModel):
    ticker: str
    name: str
    tags: list[str]
    active: bool
    sources: list[SourceView]
    quarters: list[QuarterSummary] = Field(description="oldest first")
    risks: RiskMatrix
    guidance: list[GuidanceChart]


class ChangeView(BaseModel):
    kind: str
    category: str
    topic: str
    before: str
    after: str
    severity: int
    severity_band: str
    reason: str
    figures_before: list[dict[str, Any]] = Field(default_factory=list)
    figures_after: list[dict[str, Any]] = Field(default_factory=list)


class DocumentRef(BaseModel):
    id: int
    period: str
    title: str
    url: str
    fetched_at: datetime | None = None


class ComparisonView(BaseModel):
    """A document against a baseline: stored when the pipeline made it, or worked out on
    request (``stored`` false) for any two quarters."""

    period: str
    baseline_period: str
    document: DocumentRef
    baseline: DocumentRef
    stored: bool
    similarity: dict[str, Any] = Field(default_factory=dict)
    changes: list[ChangeView] = Field(default_factory=list)


class StatementView(BaseModel):
    section: str
    topic: str = ""
    text: str


class DocumentView(DocumentRef):
    kind: str = ""
    content_type: str = ""
    versions: int = 1
    pushed: bool = Field(False, description="pushed over HTTP, not scraped from a source")
    statements: list[StatementView] = Field(default_factory=list)


class QuarterDetail(BaseModel):
    ticker: str
    name: str
    period: str
    document: DocumentView
    comparisons: list[ComparisonView] = Field(description="the previous quarter first, then the same quarter a year earlier")


class AlertView(BaseModel):
    id: int
    status: AlertStatus
    kind: AlertKind
    route: str
    title: str
    correction: bool = False
    attempts: int = 0
    ticker: str | None = None
    period: str | None = None
    created_at: datetime | None = None
    next_attempt_at: datetime | None = Field(None, description="when the next try is due (pending alerts only)")
    sent_at: datetime | None = None
    last_error: str | None = None


class AttemptView(BaseModel):
    at: datetime
    ok: bool
    error: str | None = None


class AlertDetail(AlertView):
    baseline_period: str | None = Field(None, description="the quarter a report alert compares with")
    history: list[AttemptView] = Field(default_factory=list, description="every delivery attempt, oldest first")
    changes: list[ChangeView] = Field(default_factory=list)
    lines: list[str] = Field(default_factory=list, description="an operator notice's lines")


class ExportRow(BaseModel):
    """One change of one quarter, flat (``earnwatch export``)."""

    ticker: str
    period: str
    baseline_period: str
    kind: str
    topic: str
    severity: int
    severity_band: str
    reason: str
    before: str
    after: str
