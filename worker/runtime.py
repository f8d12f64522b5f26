"""What a running process shares: the current watchlist (re-read when the file changes) and
a fetcher built from the settings."""

from __future__ import annotations

import threading

from config.settings import get_settings
from config.watchlist import Watchlist, load_watchlist
from scrapers.fetch import Fetcher

_lock = threading.Lock()
_cached: tuple[tuple[str, float], Watchlist] | None = None


def current_watchlist() -> Watchlist:
    """The watchlist file's content, parsed again only when the file has changed."""
    global _cached
    path = get_settings().config
    try:
        stamp = (str(path), path.stat().st_mtime)
    except OSError:
        stamp = (str(path), -1.0)
    with _lock:
        if _cached is None or _cached[0] != stamp:
            _cached = (stamp, load_watchlist(path))
        return _cached[1]


def make_fetcher() -> Fetcher:
    settings = get_settings()
    return Fetcher(settings.user_agent, timeout=settings.fetch_timeout, max_bytes=settings.max_page_bytes)
