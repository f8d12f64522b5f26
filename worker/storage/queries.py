"""Reading back what earnwatch found: the one query layer the web pages, the JSON API and the
CLI (``show``, ``export``, ``alerts show``) share. Each function takes the caller's session and
returns read models (``worker.storage.views``); none of them writes.

A company's quarter is shown through its latest document version (the one a check found last,
then the newest row; never one held as suspect: ``worker.storage.versions``), and "the changes of a quarter" are those of its comparison with the quarter before it
(the baseline with the latest period), the report alerts are planned from; the comparison with
the same quarter a year earlier is shown beside it. Raw bytes are never loaded, and the
watchlist page reads no report: a fixed handful of queries whatever the number of companies.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from sqlalchemy import func
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from earnings.compare import DEFAULT_OPTIONS, CompareOptions, compare
from earnings.document import CallDocument
from worker.storage.models import Alert, AlertAttempt, AlertKind, AlertStatus, Company, Comparison, DocumentVersion, Source, SourceStatus, as_utc
from worker.storage.trends import guidance_charts, risk_matrix
from worker.storage.views import (
    AlertDetail, AlertView, AttemptView, ChangeView, CompanyDetail, CompanySummary, ComparisonView, DocumentRef, DocumentView,
    ExportRow, QuarterDetail, QuarterSummary, SimilarityPoint, SourceView, StatementView,
)

PUSHED_SCHEME = "pushed:"  # the URL of a document pushed as text, with no URL of its own
_WORST = (SourceStatus.FAILING, SourceStatus.NEW, SourceStatus.OK)


@dataclass(frozen=True)
class _Doc:
    id: int
    company_id: int
    period: str
    title: str
    url: str
    fetched_at: Any
    seen_at: Any = None
    versions: int = 1

    def ref(self) -> DocumentRef:
        return DocumentRef(id=self.id, period=self.period, title=self.title, url=self.url, fetched_at=self.fetched_at)


class _Listed(NamedTuple):
    """A company as the watchlist page lists it (columns, not an ORM row)."""

    id: int
    ticker: str
    name: str
    tags: list[str]


def _newest_versions(rows: list[_Doc]) -> dict[tuple[int, str], _Doc]:
    """The latest version of each (company, period): the one seen last, then the latest row."""
    newest: dict[tuple[int, str], _Doc] = {}
    counts: Counter[tuple[int, str]] = Counter()
    for doc in rows:
        key = (doc.company_id, doc.period)
        counts[key] += 1
        held = newest.get(key)
        if held is None or (_stamp(doc.seen_at or doc.fetched_at), doc.id) > (_stamp(held.seen_at or held.fetched_at), held.id):
            newest[key] = doc
    return {key: doc if counts[key] == 1 else replace(doc, versions=counts[key]) for key, doc in newest.items()}


def _stamp(value: Any) -> float:
    return 0.0 if value is None else as_utc(value).timestamp()


def _documents(session: Session, company_ids: list[int] | None = None) -> list[_Doc]:
    query = select(  # type: ignore[call-overload]  # sqlmodel types a select of up to four columns
        DocumentVersion.id, DocumentVersion.company_id, DocumentVersion.period, DocumentVersion.title,
        DocumentVersion.url, DocumentVersion.fetched_at, DocumentVersion.seen_at,
    ).where(col(DocumentVersion.suspect).is_(False))
    if company_ids is not None:
        query = query.where(col(DocumentVersion.company_id).in_(company_ids))
    return [_Doc(*row) for row in session.exec(query).all() if row[0] is not None]


def _previous_quarter(candidates: list[tuple[int, str]]) -> int | None:
    """Of a document's comparisons (id, baseline period), the one with the quarter before it."""
    return max(candidates, key=lambda c: c[1])[0] if candidates else None


# --- the watchlist ---------------------------------------------------------------------------


def watchlist(session: Session, tag: str | None = None) -> list[CompanySummary]:
    """Every active company (with ``tag``, if given): its latest quarter, the health of its
    sources, the changes in its latest quarter and its similarity to the prior quarter over time."""
    companies = [_Listed(*row) for row in session.exec(
        select(Company.id, Company.ticker, Company.name, Company.tags).where(col(Company.active)).order_by(col(Company.ticker))  # type: ignore[call-overload]
    ).all()]
    if tag:
        wanted = tag.strip().lower()
        companies = [c for c in companies if wanted in (t.lower() for t in c.tags)]
    ids = [c.id for c in companies]
    if not ids:
        return []
    checks: dict[int, list[tuple[Any, Any]]] = defaultdict(list)
    for company_id, status, checked in session.exec(
        select(Source.company_id, Source.status, Source.last_checked_at).where(col(Source.active), col(Source.company_id).in_(ids))
    ).all():
        checks[company_id].append((status, checked))
    # Per (company, period) its latest version (the one seen last, then the newest row; never a suspect one) and that version's
    # comparisons, worked out by the database: a few small columns per quarter reach Python.
    newest = select(
        DocumentVersion.id, DocumentVersion.company_id, DocumentVersion.period,
        func.row_number().over(
            partition_by=(col(DocumentVersion.company_id), col(DocumentVersion.period)),
            order_by=(col(DocumentVersion.seen_at).desc(), col(DocumentVersion.id).desc()),
        ).label("rank"),
    ).where(col(DocumentVersion.suspect).is_(False))
    if tag:
        newest = newest.where(col(DocumentVersion.company_id).in_(ids))
    latest = newest.subquery()
    baseline = aliased(DocumentVersion)
    previous: dict[tuple[int, str], tuple[str, int, float | None]] = {}
    periods: dict[int, set[str]] = defaultdict(set)
    for company_id, period, baseline_period, change_count, value in session.exec(
        select(latest.c.company_id, latest.c.period, baseline.period, Comparison.change_count, Comparison.cosine)  # type: ignore[call-overload]
        .select_from(latest)
        .outerjoin(Comparison, col(Comparison.document_id) == latest.c.id)
        .outerjoin(baseline, col(baseline.id) == col(Comparison.baseline_id))
        .where(latest.c.rank == 1)
    ).all():
        periods[company_id].add(period)
        held = previous.get((company_id, period))
        if baseline_period is not None and (held is None or baseline_period > held[0]):
            previous[(company_id, period)] = (baseline_period, change_count, value)

    rows = []
    for company in companies:
        quarters = sorted(periods.get(company.id, ()))
        points, latest_changes = [], 0
        for period in quarters:
            found = previous.get((company.id, period))
            if found is None:
                continue
            _, changes, value = found
            if value is not None:
                points.append(SimilarityPoint.model_construct(period=period, cosine=round(float(value), 4)))  # read back as stored: no validation
            if period == quarters[-1]:
                latest_changes = changes
        sources = checks.get(company.id, [])
        statuses = {status for status, _ in sources}
        stamps = [checked for _, checked in sources if checked is not None]
        rows.append(CompanySummary.model_construct(
            ticker=company.ticker, name=company.name, tags=list(company.tags),
            latest_period=quarters[-1] if quarters else None,
            last_checked_at=max(stamps, key=_stamp) if stamps else None,
            check_status=next((s.value for s in _WORST if s in statuses), "none"),
            latest_changes=latest_changes, similarity=points,
        ))
    return rows


def tags(session: Session) -> list[str]:
    """Every tag of an active company, for the watchlist's filter."""
    found = {tag for listed in session.exec(select(Company.tags).where(col(Company.active))).all() for tag in (listed or [])}
    return sorted(found, key=str.lower)


# --- one company ---------------------------------------------------------------------------


def find_company(session: Session, ticker: str) -> Company | None:
    return session.exec(select(Company).where(Company.ticker == ticker.strip().upper())).first()


@dataclass(frozen=True)
class _Quarter:
    doc: _Doc
    baseline: _Doc | None
    comparison: Comparison | None
    year_ago: tuple[_Doc, Comparison] | None = None


def _quarters(session: Session, company_id: int) -> list[_Quarter]:
    """The company's quarters, oldest first, each with its newest version and its comparisons."""
    docs = _documents(session, [company_id])
    by_id = {d.id: d for d in docs}
    newest = sorted(_newest_versions(docs).values(), key=lambda d: d.period)
    comparisons: dict[int, list[Comparison]] = defaultdict(list)
    if newest:
        for comparison in session.exec(select(Comparison).where(col(Comparison.document_id).in_([d.id for d in newest]))).all():
            if comparison.baseline_id in by_id:
                comparisons[comparison.document_id].append(comparison)
    quarters = []
    for doc in newest:
        mine = sorted(comparisons.get(doc.id, []), key=lambda c: by_id[c.baseline_id].period, reverse=True)
        first = mine[0] if mine else None
        year_ago = next(((by_id[c.baseline_id], c) for c in mine[1:] if by_id[c.baseline_id].period != by_id[first.baseline_id].period), None) if first else None
        quarters.append(_Quarter(doc, by_id[first.baseline_id] if first else None, first, year_ago))
    return quarters


def company(session: Session, ticker: str) -> CompanyDetail | None:
    """One company: its sources, its quarters with change counts by kind, its risk matrix and
    one chart per guidance metric. None for a ticker earnwatch has never seen."""
    found = find_company(session, ticker)
    if found is None or found.id is None:
        return None
    quarters = _quarters(session, found.id)
    timeline, reports = [], []
    for q in quarters:
        report = q.comparison.report if q.comparison else {}
        changes = report.get("changes", [])
        timeline.append(QuarterSummary(
            period=q.doc.period, document_id=q.doc.id, title=q.doc.title, url=q.doc.url, fetched_at=q.doc.fetched_at,
            versions=q.doc.versions, baseline_period=q.baseline.period if q.baseline else None, changes=len(changes),
            by_kind=dict(Counter(str(c.get("kind")) for c in changes)), cosine=(report.get("similarity") or {}).get("cosine"),
        ))
        if q.baseline is not None:
            reports.append((q.doc.period, q.baseline.period, report))
    periods = [q.doc.period for q in quarters]
    return CompanyDetail(
        ticker=found.ticker, name=found.name, tags=list(found.tags), active=found.active,
        sources=sources(session, found.ticker), quarters=timeline,
        risks=risk_matrix(periods, reports), guidance=guidance_charts(reports),
    )


def history(session: Session, ticker: str) -> list[ComparisonView] | None:
    """Each quarter's comparison with the quarter before it, oldest first (``earnwatch show TICKER``)."""
    found = find_company(session, ticker)
    if found is None or found.id is None:
        return None
    return [_view(q.doc, q.baseline, q.comparison.report) for q in _quarters(session, found.id) if q.baseline and q.comparison]


def quarter(session: Session, ticker: str, period: str) -> QuarterDetail | None:
    """One quarter: its document (newest version) and its comparisons with the quarter before
    and the same quarter a year earlier. None if the company or the quarter is not stored."""
    found = find_company(session, ticker)
    if found is None or found.id is None:
        return None
    wanted = next((q for q in _quarters(session, found.id) if q.doc.period == period), None)
    if wanted is None:
        return None
    comparisons = []
    if wanted.baseline and wanted.comparison:
        comparisons.append(_view(wanted.doc, wanted.baseline, wanted.comparison.report))
    if wanted.year_ago:
        comparisons.append(_view(wanted.doc, wanted.year_ago[0], wanted.year_ago[1].report))
    return QuarterDetail(
        ticker=found.ticker, name=found.name, period=period, document=document(session, wanted.doc.id, versions=wanted.doc.versions),  # type: ignore[arg-type]
        comparisons=comparisons,
    )


def stored_periods(session: Session, ticker: str) -> list[str]:
    found = find_company(session, ticker)
    if found is None:
        return []
    return sorted(set(session.exec(select(DocumentVersion.period).where(DocumentVersion.company_id == found.id)).all()))


def document(session: Session, document_id: int, *, versions: int | None = None) -> DocumentView | None:
    """One stored document version as it was read: its statements, section by section."""
    row = session.get(DocumentVersion, document_id)
    if row is None or row.id is None:
        return None
    parsed = row.parsed or {}
    if versions is None:
        versions = session.exec(
            select(func.count()).select_from(DocumentVersion).where(DocumentVersion.company_id == row.company_id, DocumentVersion.period == row.period)
        ).one()
    return DocumentView(
        id=row.id, period=row.period, title=row.title, url=row.url, fetched_at=row.fetched_at, kind=str(parsed.get("kind") or ""),
        content_type=row.content_type, versions=versions, pushed=row.source_id is None,
        statements=[StatementView(section=str(s.get("section", "")), topic=s.get("topic", ""), text=s.get("text", "")) for s in parsed.get("statements", [])],
    )


def compare_quarters(session: Session, ticker: str, old: str, new: str, options: CompareOptions = DEFAULT_OPTIONS) -> ComparisonView | None:
    """Any two stored quarters side by side: the stored comparison of their newest versions
    when the pipeline made one, else the engine's report worked out now with ``options``
    (nothing is stored)."""
    found = find_company(session, ticker)
    if found is None or found.id is None:
        return None
    newest = _newest_versions(_documents(session, [found.id]))
    before, after = newest.get((found.id, old)), newest.get((found.id, new))
    if before is None or after is None:
        return None
    stored = session.exec(select(Comparison).where(Comparison.document_id == after.id, Comparison.baseline_id == before.id)).first()
    if stored is not None:
        return _view(after, before, stored.report)
    parsed = dict(session.exec(select(DocumentVersion.id, DocumentVersion.parsed).where(col(DocumentVersion.id).in_([before.id, after.id]))).all())
    report = compare(CallDocument.from_dict(dict(parsed[after.id])), CallDocument.from_dict(dict(parsed[before.id])), options)
    return _view(after, before, report.to_dict(), stored=False)


def _view(doc: _Doc, baseline: _Doc, report: dict[str, Any], *, stored: bool = True) -> ComparisonView:
    return ComparisonView(
        period=doc.period, baseline_period=baseline.period, document=doc.ref(), baseline=baseline.ref(), stored=stored,
        similarity=report.get("similarity") or {}, changes=[change_view(c) for c in report.get("changes", [])],
    )


def change_view(change: dict[str, Any]) -> ChangeView:
    known = ChangeView.model_fields
    values = {name: change[name] for name in known if name in change}
    kind = str(change.get("kind", ""))
    values.setdefault("category", kind.split("_", 1)[0])
    for text in ("topic", "before", "after", "reason", "severity_band"):
        values.setdefault(text, "")
    values.setdefault("severity", 0)
    return ChangeView(**values)


# --- sources and alerts ------------------------------------------------------------------------


def sources(session: Session, ticker: str | None = None) -> list[SourceView]:
    """Active sources (of one company, or all) with their health, last error and next check."""
    query = (
        select(Source, Company.ticker)
        .join(Company, col(Company.id) == col(Source.company_id))
        .where(col(Source.active))
        .order_by(col(Company.ticker), col(Source.id))
    )
    if ticker:
        query = query.where(Company.ticker == ticker.upper())
    return [
        SourceView(
            id=s.id, ticker=t, kind=s.kind, url=s.url, status=s.status, error=s.error, failures=s.failures,
            last_checked_at=s.last_checked_at, next_check_at=s.next_check_at, failing_since=s.failing_since,
        )
        for s, t in session.exec(query).all() if s.id is not None
    ]


_ALERT_COLUMNS = (
    Alert.id, Alert.status, Alert.kind, Alert.route, Alert.title, Alert.correction, Alert.attempts, Alert.created_at,
    Alert.next_attempt_at, Alert.sent_at, Alert.last_error, Company.ticker, DocumentVersion.period,
)


def _alerts_query(status: AlertStatus | None = None, ticker: str | None = None):  # noqa: ANN202 (a select of many columns)
    query = (
        select(*_ALERT_COLUMNS)  # type: ignore[call-overload]
        .outerjoin(Comparison, col(Comparison.id) == col(Alert.comparison_id))
        .outerjoin(DocumentVersion, col(DocumentVersion.id) == col(Comparison.document_id))
        .outerjoin(Company, col(Company.id) == col(DocumentVersion.company_id))
    )
    if status is not None:
        query = query.where(col(Alert.status) == status)
    if ticker:
        query = query.where(col(Company.ticker) == ticker.upper())
    return query


def _alert_view(row: Any, cls: type[AlertView] = AlertView, **more: Any) -> Any:
    alert_id, status, kind, route, title, correction, attempts, created, due, sent, error, ticker, period = row
    return cls(
        id=alert_id, status=status, kind=kind, route=route, title=title, correction=correction, attempts=attempts,
        ticker=ticker, period=period, created_at=created, next_attempt_at=due if status == AlertStatus.PENDING else None,
        sent_at=sent, last_error=error, **more,
    )


def alerts(session: Session, status: AlertStatus | None = None, *, ticker: str | None = None, limit: int = 100) -> list[AlertView]:
    """The newest alerts first (with ``status``, of ``ticker``, if given)."""
    query = _alerts_query(status, ticker).order_by(col(Alert.id).desc()).limit(limit)
    return [_alert_view(row) for row in session.exec(query).all()]  # type: ignore[call-overload]


def alert_counts(session: Session) -> dict[str, int]:
    counts = dict(session.exec(select(Alert.status, func.count()).group_by(col(Alert.status))).all())
    return {status.value: counts.get(status, 0) for status in AlertStatus}


def alert(session: Session, alert_id: int) -> AlertDetail | None:
    """One alert with every delivery attempt and what it says."""
    row = session.exec(_alerts_query().where(col(Alert.id) == alert_id)).first()  # type: ignore[call-overload]
    if row is None:
        return None
    report = session.exec(select(Alert.report).where(Alert.id == alert_id)).one() or {}  # type: ignore[call-overload]
    history = [
        AttemptView(at=at, ok=ok, error=error)
        for at, ok, error in session.exec(
            select(AlertAttempt.at, AlertAttempt.ok, AlertAttempt.error).where(AlertAttempt.alert_id == alert_id).order_by(col(AlertAttempt.id))
        ).all()
    ]
    is_report = row[2] == AlertKind.REPORT
    return _alert_view(
        row, AlertDetail, history=history, baseline_period=report.get("baseline_period") if is_report else None,
        changes=[change_view(c) for c in report.get("changes", [])] if is_report else [],
        lines=[] if is_report else [str(line) for line in report.get("lines", [])],
    )


# --- export ----------------------------------------------------------------------------------


def export_rows(session: Session, ticker: str | None = None) -> Iterator[ExportRow]:
    """Every change of every stored quarter against the quarter before it, by company and quarter."""
    query = select(Company.id, Company.ticker).order_by(col(Company.ticker))
    if ticker:
        query = query.where(Company.ticker == ticker.upper())
    for company_id, symbol in session.exec(query).all():
        if company_id is None:
            continue
        for q in _quarters(session, company_id):
            if q.baseline is None or q.comparison is None:
                continue
            for change in q.comparison.report.get("changes", []):
                view = change_view(change)
                yield ExportRow(
                    ticker=symbol, period=q.doc.period, baseline_period=q.baseline.period, kind=view.kind, topic=view.topic,
                    severity=view.severity, severity_band=view.severity_band, reason=view.reason, before=view.before, after=view.after,
                )
