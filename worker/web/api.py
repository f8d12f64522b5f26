"""The JSON API: one route for every page and every action (OpenAPI at ``/openapi.json``).

Reads are open (to this machine only while no API token is set); every write needs the
bearer token (``worker.web.security``). Errors are ``{"message": …, "status": …}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator
from sqlmodel import Session

from earnings.document import DocumentKind
from earnings.period import FiscalPeriod
from worker.errors import PipelineError
from worker.ops.health import database as database_checks
from worker.ops.metrics import exposition
from worker.stages.push import PushedDocument
from worker.storage import queries
from worker.storage.states import AlertStatus
from worker.storage.views import AlertDetail, AlertView, CompanyDetail, CompanySummary, ComparisonView, DocumentView, QuarterDetail, SourceView
from worker.web import actions
from worker.web.deps import context, guard, options_for, session
from worker.web.security import Refused


class ErrorBody(BaseModel):
    message: str = Field(description="what went wrong and what to do")
    status: int


ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorBody} for status in (404, 422)}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorBody} for status in (401, 403, 404, 409, 413, 422, 502)}

bearer = HTTPBearer(auto_error=False, description="EARNWATCH_API_TOKEN")
router = APIRouter()
Ticker = Annotated[str, Path(description="the company's ticker, e.g. ALAB", max_length=16)]
QUARTER = r"^(?:(?:19|20)\d{2} ?[Qq][1-4]|[Qq][1-4] ?(?:19|20)\d{2})$"  # what FiscalPeriod.parse reads, in the two usual ways
Period = Annotated[str, Path(description="the fiscal quarter: 2024Q4 or 'Q4 2024'", pattern=QUARTER)]
DbSession = Annotated[Session, Depends(session)]
RowId = Annotated[int, Path(ge=1, le=2**31 - 1, description="a row id")]


_COMPANIES = TypeAdapter(list[CompanySummary])


def writer(request: Request, _credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
    """The dependency of every write: the bearer token, or 401/403."""
    guard(request).check_bearer(request.headers.get("authorization"))


def explain(errors: Sequence[Any]) -> str:
    """The first of pydantic's validation errors as one line that says what to send."""
    first: dict[str, Any] = dict(errors[0]) if errors else {"loc": (), "msg": "invalid request"}
    where = ".".join(str(part) for part in first.get("loc", ()) if part != "body") or "the request"
    if (first.get("ctx") or {}).get("pattern") == QUARTER:
        return f"{where}: {first.get('input')!r} is not a fiscal quarter; write it as 2024Q4 or 'Q4 2024'"
    message = str(first.get("msg", "invalid")).removeprefix("Value error, ")
    return f"{where}: {message}; see /openapi.json for what this request takes"


def quarter_of(period: str) -> str:
    """``2024Q4`` for any way a person writes the quarter; 422 for one that is none."""
    return str(FiscalPeriod.parse(period))


# --- reads ----------------------------------------------------------------------------------


@router.get("/api/companies", response_model=list[CompanySummary], tags=["read"])
def list_companies(db: DbSession, tag: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    """Every company: tags, latest quarter, last check and its status, changes in the latest
    quarter, similarity to the prior quarter over time."""
    # Serialized straight from the read models: validating 500 × 12 points again costs more than the query.
    return Response(_COMPANIES.dump_json(queries.watchlist(db, tag)), media_type="application/json")


@router.get("/api/companies/{ticker}", response_model=CompanyDetail, responses=ERRORS, tags=["read"])
def get_company(ticker: Ticker, db: DbSession) -> CompanyDetail:
    """One company: sources, quarters with change counts by kind, risk matrix, guidance charts."""
    found = queries.company(db, ticker)
    if found is None:
        raise Refused(404, f"no company {ticker.upper()!r}; see /api/companies")
    return found


@router.get("/api/companies/{ticker}/quarters/{period}", response_model=QuarterDetail, responses=ERRORS, tags=["read"])
def get_quarter(ticker: Ticker, period: Period, db: DbSession) -> QuarterDetail:
    """The quarter's document, its comparisons and their changes."""
    wanted = quarter_of(period)
    found = queries.quarter(db, ticker, wanted)
    if found is None:
        raise Refused(404, _missing_quarter(db, ticker, wanted))
    return found


@router.get("/api/companies/{ticker}/compare", response_model=ComparisonView, responses=ERRORS, tags=["read"])
def compare_quarters(
    request: Request, ticker: Ticker, db: DbSession,
    old: Annotated[str, Query(description="the earlier quarter", pattern=QUARTER)],
    new: Annotated[str, Query(description="the later quarter", pattern=QUARTER)],
) -> ComparisonView:
    """Any two stored quarters side by side (worked out now when the pipeline stored no comparison of the two)."""
    before, after = quarter_of(old), quarter_of(new)
    found = queries.compare_quarters(db, ticker, before, after, options_for(request, ticker))
    if found is None:
        raise Refused(404, _missing_quarter(db, ticker, before if before not in queries.stored_periods(db, ticker) else after))
    return found


@router.get("/api/documents/{document_id}", response_model=DocumentView, responses=ERRORS, tags=["read"])
def get_document(document_id: RowId, db: DbSession) -> DocumentView:
    """One stored document version as it was read, statement by statement."""
    found = queries.document(db, document_id)
    if found is None:
        raise Refused(404, f"there is no document {document_id}")
    return found


@router.get("/api/alerts", response_model=list[AlertView], responses=ERRORS, tags=["read"])
def list_alerts(
    db: DbSession,
    status: AlertStatus | None = None,
    ticker: Annotated[str | None, Query(max_length=16)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[AlertView]:
    """The newest alerts: status, attempts, last error and next try."""
    return queries.alerts(db, status, ticker=ticker, limit=limit)


@router.get("/api/alerts/{alert_id}", response_model=AlertDetail, responses=ERRORS, tags=["read"])
def get_alert(alert_id: RowId, db: DbSession) -> AlertDetail:
    """One alert, every delivery attempt, and what it says."""
    found = queries.alert(db, alert_id)
    if found is None:
        raise Refused(404, f"there is no alert {alert_id}; see /api/alerts")
    return found


@router.get("/api/sources", response_model=list[SourceView], tags=["read"])
def list_sources(db: DbSession) -> list[SourceView]:
    """Every active source: health, last error, next check."""
    return queries.sources(db)


# --- writes ---------------------------------------------------------------------------------


class RetriggerRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    refetch: bool = Field(False, description="fetch the company's sources again first")
    resend: bool = Field(False, description="send the alerts again even if already delivered")


@router.post(
    "/api/companies/{ticker}/quarters/{period}/retrigger", response_model=actions.ActionResult, responses=WRITE_ERRORS,
    dependencies=[Depends(writer)], tags=["write"],
)
def retrigger(request: Request, ticker: Ticker, period: Period, db: DbSession, body: RetriggerRequest | None = None) -> actions.ActionResult:
    """Re-run one quarter: re-parse the stored page, re-compare, plan and send alerts."""
    body = body or RetriggerRequest()
    wanted = quarter_of(period)
    if queries.find_company(db, ticker) is None:
        raise Refused(404, f"no company {ticker.upper()!r}; see /api/companies")
    if not body.refetch and wanted not in queries.stored_periods(db, ticker):
        raise Refused(404, _missing_quarter(db, ticker, wanted) + "; send refetch: true to fetch the sources first")
    db.close()
    try:
        return actions.retrigger(context(request), ticker, wanted, refetch=body.refetch, resend=body.resend)
    except PipelineError as exc:  # no active source to refetch, nothing stored even after it
        raise Refused(409, str(exc)) from None


@router.post("/api/alerts/{alert_id}/retry", response_model=actions.ActionResult, responses=WRITE_ERRORS, dependencies=[Depends(writer)], tags=["write"])
def retry_alert(request: Request, alert_id: RowId) -> actions.ActionResult:
    """Try a failed alert (or one waiting for its next try) again, now."""
    return actions.retry_alert(context(request), alert_id)


@router.post("/api/alerts/{alert_id}/resend", response_model=actions.ActionResult, responses=WRITE_ERRORS, dependencies=[Depends(writer)], tags=["write"])
def resend_alert(request: Request, alert_id: RowId) -> actions.ActionResult:
    """Send a sent (or failed) alert once more, as a new alert."""
    return actions.resend_alert(context(request), alert_id)


class PushRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"anyOf": [{"required": ["text"]}, {"required": ["url"]}]})

    ticker: str = Field(min_length=1, max_length=16, description="a company of the watchlist")
    period: str | None = Field(None, pattern=QUARTER, description="2024Q4 or 'Q4 2024'; by default read from the document")
    kind: DocumentKind | None = Field(None, description="by default told from the text")
    text: str = Field("", pattern=r"\S", description="the document (plain text, markdown or HTML)")
    url: str = Field("", max_length=2048, pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://\S", description="where the document is; fetched when no text is given")
    content_type: str | None = Field(None, max_length=128, description="of the text: text/plain (default) or text/html")

    @model_validator(mode="after")
    def _text_or_url(self) -> PushRequest:
        if not self.text.strip() and not self.url.strip():
            raise ValueError("give the document's text, or a url to fetch it from")
        if self.url.strip() and not self.url.strip().lower().startswith(("http://", "https://")):
            raise ValueError(f"url {self.url.strip()[:100]!r} is not an http(s) URL; give one, or the text itself")
        return self


@router.post(
    "/api/documents", response_model=actions.ActionResult, status_code=201, responses={200: {"model": actions.ActionResult}, **WRITE_ERRORS},
    dependencies=[Depends(writer)], tags=["write"],
)
def push_document(request: Request, body: PushRequest, response: Response, db: DbSession) -> actions.ActionResult:
    """Push a document (a vendor's webhook): it is stored, compared and alerted like a scraped
    one. 201 when it is a new version, 200 when this very text was stored before."""
    if queries.find_company(db, body.ticker) is None:
        raise Refused(404, f"{body.ticker.upper()} is not a company earnwatch watches; add it to the watchlist first")
    db.close()
    if body.period:
        quarter_of(body.period)
    result = push_text(request, body)
    if not result.document_ids:
        response.status_code = 200
    return result


def push_text(request: Request, body: PushRequest) -> actions.ActionResult:
    text = body.text.encode()
    content_type = body.content_type or ("text/plain; charset=utf-8" if text else "")
    pushed = PushedDocument(body.ticker, text, body.url, content_type, body.period or "", body.kind)
    return actions.push(context(request), pushed, request.app.state.deliveries)


# --- operations -----------------------------------------------------------------------------


class Health(BaseModel):
    status: str = Field(description="ok, or failing")
    checks: dict[str, str]


@router.get("/healthz", response_model=Health, responses={503: {"model": Health}}, tags=["operations"])
def healthz(request: Request) -> JSONResponse:
    """The database answers and its schema is current."""
    found = database_checks(context(request))
    body = Health(status="ok" if all(c.ok for c in found) else "failing", checks={c.name: c.detail for c in found})
    return JSONResponse(body.model_dump(), status_code=200 if body.status == "ok" else 503)


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}}, tags=["operations"])
def metrics(request: Request) -> Response:
    """Prometheus metrics, the same as `earnwatch metrics`."""
    from prometheus_client import CONTENT_TYPE_LATEST

    return Response(exposition(context(request)), media_type=CONTENT_TYPE_LATEST)


def _missing_quarter(db: Session, ticker: str, period: str) -> str:
    if queries.find_company(db, ticker) is None:
        return f"no company {ticker.upper()!r}; see /api/companies"
    stored = queries.stored_periods(db, ticker)
    return f"no {ticker.upper()} document for {period} is stored (stored: {', '.join(stored) or 'none'})"
