"""The dashboard's pages (server-rendered HTML) and the forms behind its buttons.

Pages read through ``worker.storage.queries``, like the API and the CLI. A form is accepted
only from a logged-in person on one of these pages (``Guard.check_form``); it runs the same
action as the API (``worker.web.actions``), and the page it returns to shows what happened.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from sqlmodel import Session

from earnings.document import DocumentKind
from earnings.errors import EarningsError
from earnings.report import CHANGE_KINDS
from scrapers.errors import ScrapeError
from worker.errors import OperatorError
from worker.storage import queries
from worker.storage.states import AlertStatus
from worker.web import actions
from worker.web.api import PushRequest, RowId, explain, push_text, quarter_of
from worker.web.deps import context, guard, options_for, session
from worker.web.render import templates
from worker.web.security import FLASH_COOKIE, SESSION_COOKIE, SESSION_HOURS, Refused

router = APIRouter(include_in_schema=False)
DbSession = Annotated[Session, Depends(session)]
ACTION_ERRORS = (OperatorError, ScrapeError, EarningsError)


def render(request: Request, name: str, page: str, code: int = 200, **values: Any) -> HTMLResponse:
    g = guard(request)
    session_id = g.session_id(request.cookies.get(SESSION_COOKIE))
    flash = g.read_flash(request.cookies.get(FLASH_COOKIE))
    level, _, text = (flash or "").partition("|")
    response = templates.TemplateResponse(request, name, {
        "page": page, "writes": g.writes_allowed, "logged_in": session_id is not None,
        "csrf": g.csrf_token(session_id) if session_id else "", "flash": text, "flash_level": level,
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""), **values,
    }, status_code=code)
    if flash is not None:
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def watchlist_page(request: Request, db: DbSession, tag: Annotated[str | None, Query(max_length=64)] = None) -> HTMLResponse:
    return render(request, "watchlist.html", "watchlist", companies=queries.watchlist(db, tag), tags=queries.tags(db), tag=tag or "")


@router.get("/companies/{ticker}", response_class=HTMLResponse)
def company_page(request: Request, ticker: str, db: DbSession) -> HTMLResponse:
    found = queries.company(db, ticker)
    if found is None:
        raise Refused(404, f"earnwatch has no company {ticker.upper()!r}; the watchlist page lists every company")
    alerts = queries.alerts(db, ticker=found.ticker, limit=10)
    return render(request, "company.html", "watchlist", company=found, alerts=alerts, kinds=CHANGE_KINDS)


@router.get("/companies/{ticker}/quarters/{period}", response_class=HTMLResponse)
def quarter_page(request: Request, ticker: str, period: str, db: DbSession, kind: Annotated[str | None, Query(max_length=32)] = None) -> HTMLResponse:
    wanted = quarter_of(period)
    found = queries.quarter(db, ticker, wanted)
    if found is None:
        raise Refused(404, f"no {ticker.upper()} document for {wanted} is stored; the company's page lists its quarters")
    periods = queries.stored_periods(db, ticker)
    return render(request, "quarter.html", "watchlist", quarter=found, periods=periods, kind=kind or "", kinds=CHANGE_KINDS)


@router.get("/companies/{ticker}/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, ticker: str, db: DbSession,
    old: Annotated[str | None, Query(max_length=32)] = None, new: Annotated[str | None, Query(max_length=32)] = None,
    kind: Annotated[str | None, Query(max_length=32)] = None,
) -> HTMLResponse:
    periods = queries.stored_periods(db, ticker)
    if not periods:
        raise Refused(404, f"no {ticker.upper()} document is stored; the watchlist page lists every company")
    after = quarter_of(new) if new else periods[-1]
    before = quarter_of(old) if old else (periods[-2] if len(periods) > 1 else periods[0])
    found = queries.compare_quarters(db, ticker, before, after, options_for(request, ticker))
    if found is None:
        raise Refused(404, f"{ticker.upper()} has no stored document for {before if before not in periods else after} (stored: {', '.join(periods)})")
    return render(request, "compare.html", "watchlist", ticker=ticker.upper(), comparison=found, periods=periods, kind=kind or "", kinds=CHANGE_KINDS)


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: RowId, db: DbSession) -> HTMLResponse:
    found = queries.document(db, document_id)
    if found is None:
        raise Refused(404, f"there is no document {document_id}")
    return render(request, "document.html", "watchlist", document=found)


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, db: DbSession, status: AlertStatus | None = None) -> HTMLResponse:
    return render(request, "alerts.html", "alerts", alerts=queries.alerts(db, status, limit=200), counts=queries.alert_counts(db),
                  status=status.value if status else "", statuses=[s.value for s in AlertStatus])


@router.get("/alerts/{alert_id}", response_class=HTMLResponse)
def alert_page(request: Request, alert_id: RowId, db: DbSession) -> HTMLResponse:
    found = queries.alert(db, alert_id)
    if found is None:
        raise Refused(404, f"there is no alert {alert_id}")
    return render(request, "alert.html", "alerts", alert=found)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, db: DbSession) -> HTMLResponse:
    return render(request, "sources.html", "sources", sources=queries.sources(db))


@router.get("/push", response_class=HTMLResponse)
def push_page(request: Request, db: DbSession) -> HTMLResponse:
    return render(request, "push.html", "push", companies=queries.watchlist(db), kinds=[k.value for k in DocumentKind])


# --- logging in ------------------------------------------------------------------------------


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/") -> HTMLResponse:  # noqa: A002 (the usual name)
    return render(request, "login.html", "login", next=_local(next), error="")


@router.post("/login", response_class=HTMLResponse)
def login(request: Request, token: Annotated[str, Form(max_length=512)] = "", next: Annotated[str, Form(max_length=512)] = "/") -> Response:  # noqa: A002
    g = guard(request)
    origin = request.headers.get("origin")
    if origin and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host"):
        raise Refused(403, f"this form was sent from another site ({origin}); use earnwatch's own login page")
    if not g.writes_allowed:
        return render(request, "login.html", "login", code=403, next=_local(next), error="the server has no EARNWATCH_API_TOKEN, so nobody can log in to act; set one and restart it")
    if not g.matches(token):
        return render(request, "login.html", "login", code=403, next=_local(next), error="that is not the EARNWATCH_API_TOKEN of this server")
    response = RedirectResponse(_local(next), status_code=303)
    response.set_cookie(SESSION_COOKIE, g.new_session(), max_age=SESSION_HOURS * 3600, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout")
def logout(request: Request, csrf: Annotated[str, Form(max_length=128)] = "") -> Response:
    _check(request, csrf)
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


# --- the buttons ---------------------------------------------------------------------------


@router.post("/companies/{ticker}/quarters/{period}/retrigger")
def retrigger_form(
    request: Request, ticker: str, period: str, csrf: Annotated[str, Form(max_length=128)] = "",
    refetch: Annotated[bool, Form()] = False, resend: Annotated[bool, Form()] = False, next: Annotated[str, Form(max_length=512)] = "",  # noqa: A002
) -> Response:
    _check(request, csrf)
    return _act(request, next or f"/companies/{ticker}", lambda: actions.retrigger(context(request), ticker, quarter_of(period), refetch=refetch, resend=resend))


@router.post("/alerts/{alert_id}/retry")
def retry_form(request: Request, alert_id: RowId, csrf: Annotated[str, Form(max_length=128)] = "", next: Annotated[str, Form(max_length=512)] = "") -> Response:  # noqa: A002
    _check(request, csrf)
    return _act(request, next or "/alerts", lambda: actions.retry_alert(context(request), alert_id))


@router.post("/alerts/{alert_id}/resend")
def resend_form(request: Request, alert_id: RowId, csrf: Annotated[str, Form(max_length=128)] = "", next: Annotated[str, Form(max_length=512)] = "") -> Response:  # noqa: A002
    _check(request, csrf)
    return _act(request, next or "/alerts", lambda: actions.resend_alert(context(request), alert_id))


@router.post("/push")
def push_form(
    request: Request, csrf: Annotated[str, Form(max_length=128)] = "", ticker: Annotated[str, Form(max_length=16)] = "",
    period: Annotated[str, Form(max_length=32)] = "", kind: Annotated[str, Form(max_length=32)] = "",
    text: Annotated[str, Form()] = "", url: Annotated[str, Form(max_length=2048)] = "",
) -> Response:
    _check(request, csrf)

    def run() -> actions.ActionResult:
        body = PushRequest(ticker=ticker, period=period or None, kind=DocumentKind(kind) if kind else None, text=text, url=url)
        return push_text(request, body)

    return _act(request, f"/companies/{ticker.upper()}" if ticker else "/push", run, failed="/push")


def _check(request: Request, csrf: str) -> None:
    guard(request).check_form(request.cookies.get(SESSION_COOKIE), csrf, request.headers.get("origin"), request.headers.get("host"))


def _act(request: Request, back: str, action: Any, failed: str | None = None) -> Response:
    """Run ``action``; go back to the page with what it did (or why it could not) shown."""
    try:
        result = action()
        level, text = "ok", "\n".join([result.message, *result.lines])
    except ACTION_ERRORS as exc:
        level, text, back = "error", str(exc), failed or back
    except ValidationError as exc:  # a form field the request model refused
        level, text, back = "error", explain(exc.errors()).split("; see /openapi.json")[0], failed or back
    except Refused as exc:
        if exc.status in (401, 403):
            raise
        level, text = "error", exc.message
    response = RedirectResponse(_local(back), status_code=303)
    response.set_cookie(FLASH_COOKIE, guard(request).flash(f"{level}|{context(request).masker.mask(text)}"), httponly=True, samesite="strict", path="/")
    return response


def _local(target: str) -> str:
    """Only a path on this site (no ``//other.example``), so a link cannot send someone elsewhere."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"
