"""The web app of one process: ``create_app(ctx)`` (FastAPI; pages in ``pages``, JSON in ``api``).

Every response passes through ``Protect``:

- without an API token, only clients on this machine are served (``/healthz`` excepted);
- request bodies are capped (``EARNWATCH_MAX_PAGE_BYTES`` plus room for the JSON around a
  pushed document): 413 with a message, before anything is read into memory;
- the text of every page and JSON answer is masked for secrets (the watchlist's ``${VAR}``
  values, route URL tokens, URL passwords, the API token), whatever put them there;
- security headers: a Content-Security-Policy allowing only this site's own scripts and
  styles, no framing, no MIME sniffing.

Errors are one line that says what to do: JSON ``{"message", "status"}`` under ``/api`` (and
for clients asking for JSON), an HTML page elsewhere; the traceback of an unexpected error
goes to the log, never to the client.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from config import ConfigError
from config.secrets import Masker
from earnings.errors import EarningsError
from scrapers.errors import FetchError, ScrapeError
from worker.errors import DatabaseError, OperatorError, PipelineError
from worker.runtime.context import Context
from worker.storage.db import describe
from worker.web import api, pages
from worker.web.actions import Deliveries
from worker.web.render import templates
from worker.web.security import Guard, Refused, is_loopback

log = logging.getLogger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
ENVELOPE = 64 * 1024  # room for the JSON or form fields around a pushed document
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)


def create_app(ctx: Context) -> FastAPI:
    deliveries = Deliveries(ctx)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        deliveries.close()  # alerts being sent from this process finish first

    app = FastAPI(
        lifespan=lifespan, title="earnwatch", version="0.1.0", docs_url=None, redoc_url=None, openapi_url="/openapi.json",
        description="What changed in risk and guidance language between earnings calls. Writes need "
                    "'Authorization: Bearer $EARNWATCH_API_TOKEN'.",
    )
    app.state.ctx = ctx
    app.state.guard = Guard(ctx.settings.api_token)
    app.state.deliveries = deliveries
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    _handle_errors(app)
    app.add_middleware(Protect, ctx=ctx, max_body=ctx.settings.max_page_bytes + ENVELOPE)
    return app


class Protect:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp, ctx: Context, max_body: int) -> None:
        self.app, self.ctx, self.max_body = app, ctx, max_body
        self._masker: tuple[Masker | None, Masker] = (None, Masker())

    def masker(self) -> Masker:
        current = self.ctx.masker
        if self._masker[0] is not current:
            self._masker = (current, current.with_secrets([self.ctx.settings.api_token]))
        return self._masker[1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        client = (scope.get("client") or ("", 0))[0]
        if not self.ctx.settings.api_token and path != "/healthz" and not is_loopback(client):
            await self._refuse(scope, send, 403, "without EARNWATCH_API_TOKEN this server answers only on this machine; set a token to serve others")
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length", b"0")
        if length.isdigit() and int(length) > self.max_body:
            await self._refuse(scope, send, 413, self._too_large())
            return
        received = 0

        async def capped() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise _TooLarge()
            return message

        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def masked(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await self._send_masked(start, b"".join(chunks), send)
                return
            await send(message)

        try:
            await self.app(scope, capped, masked)
        except _TooLarge:
            await self._refuse(scope, send, 413, self._too_large())

    async def _send_masked(self, start: dict[str, Any], body: bytes, send: Send) -> None:
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
        kind = next((v for k, v in headers if k.lower() == b"content-type"), b"")
        if kind.startswith((b"text/", b"application/json", b"image/svg")):
            body = self.masker().mask(body.decode("utf-8", "replace")).encode()
        headers += [(b"content-length", str(len(body)).encode())]
        headers += [(k, v) for k, v in _SECURITY_HEADERS if k not in {h for h, _ in headers}]
        await send({"type": "http.response.start", "status": start.get("status", 200), "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _too_large(self) -> str:
        cap = self.ctx.settings.max_page_bytes
        return f"the request is larger than the {cap:,}-byte cap on a document (EARNWATCH_MAX_PAGE_BYTES); is it really an earnings document?"

    async def _refuse(self, scope: Scope, send: Send, status: int, message: str) -> None:
        wants_json = scope.get("path", "").startswith("/api") or b"application/json" in dict(scope.get("headers") or []).get(b"accept", b"")
        if wants_json:
            body, kind = json.dumps({"message": message, "status": status}).encode(), b"application/json"
        else:
            body, kind = templates.get_template("error.html").render(status=status, message=message, page="").encode(), b"text/html; charset=utf-8"
        headers = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), *_SECURITY_HEADERS]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass


_SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
]


def _handle_errors(app: FastAPI) -> None:
    def answer(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
        wants_json = request.url.path.startswith("/api") or "application/json" in request.headers.get("accept", "")
        if wants_json:
            return JSONResponse({"message": message, "status": status}, status_code=status, headers=headers)
        page = templates.get_template("error.html").render(status=status, message=message, page="")
        return HTMLResponse(page, status_code=status, headers=headers)

    @app.exception_handler(Refused)
    async def refused(request: Request, exc: Refused) -> Response:
        return answer(request, exc.status, exc.message, {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, 422, api.explain(exc.errors()))

    async def unprocessable(request: Request, exc: Exception) -> Response:
        return answer(request, 422, str(exc))

    for kind in (EarningsError, ScrapeError, PipelineError, ConfigError):
        app.add_exception_handler(kind, unprocessable)

    @app.exception_handler(FetchError)
    async def unreachable(request: Request, exc: FetchError) -> Response:
        return answer(request, 502, str(exc))

    @app.exception_handler(OperatorError)
    async def operator(request: Request, exc: OperatorError) -> Response:
        return answer(request, 503 if isinstance(exc, DatabaseError) else 422, str(exc))

    @app.exception_handler(SQLAlchemyError)
    async def database(request: Request, exc: SQLAlchemyError) -> Response:
        if isinstance(exc, OperationalError):
            return answer(request, 503, describe(exc, app.state.ctx.settings.database_url))
        log.exception("a database error answering %s", request.url.path)
        return answer(request, 500, "the database refused this request; the web log has the details")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error answering %s", request.url.path)
        return answer(request, 500, f"unexpected {type(exc).__name__}; the web log has the details, please report it")
