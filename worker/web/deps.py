"""What a route takes from the app: the process's ``Context``, its ``Guard`` and a session."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Request
from sqlmodel import Session

from config import ConfigError
from earnings.compare import DEFAULT_OPTIONS, CompareOptions
from worker.runtime.context import Context
from worker.runtime.watchlist import compare_options
from worker.web.security import Guard


def context(request: Request) -> Context:
    return request.app.state.ctx


def guard(request: Request) -> Guard:
    return request.app.state.guard


def session(request: Request) -> Iterator[Session]:
    """One transaction for the request's reads. A route that then acts (and so opens its own
    transactions) closes it first: on SQLite every transaction holds the write lock."""
    with context(request).session() as db:
        yield db


def options_for(request: Request, ticker: str) -> CompareOptions:
    """The watchlist's ``compare:`` choices for ``ticker``, for a comparison worked out now; the
    engine's defaults while the watchlist cannot be read (the pages say why elsewhere)."""
    try:
        return compare_options(context(request).watchlist, ticker)
    except ConfigError:
        return DEFAULT_OPTIONS
