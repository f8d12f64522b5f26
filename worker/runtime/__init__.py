"""What a running process is made of: its ``Context`` (settings, engine, watchlist, fetcher,
masker), the supervision of Celery children, the embedded Redis and short locks in Redis."""

from __future__ import annotations

from scrapers.fetch import Fetcher
from worker.runtime.context import Context

__all__ = ["Context", "make_fetcher"]


def make_fetcher(*, max_connections: int = 20) -> Fetcher:
    """A fetcher from the environment's settings, for code that runs outside any context
    (reading one document for ``earnwatch diff``)."""
    return Context.from_environment().make_fetcher(max_connections=max_connections)
