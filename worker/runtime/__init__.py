"""What a running process shares: the current watchlist (re-read when the file changes) and
a fetcher built from the settings."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from config.settings import get_settings
from config.watchlist import Watchlist, load_watchlist
from scrapers.fetch import Fetcher
from scrapers.ratelimit import LocalRateLimiter, RateLimiter, RedisRateLimiter
from scrapers.robots import RobotsCache

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


def make_fetcher(*, max_connections: int = 20) -> Fetcher:
    """A fetcher from the settings, pacing hosts with this process's shared limiter (in Redis
    when the broker is Redis, so the pace holds across all workers) and robots.txt cache."""
    settings = get_settings()
    sec = ("sec.gov", settings.sec_rate)
    sec_hosts = {(urlsplit(u).hostname or "").lower() for u in (settings.sec_www_url, settings.sec_data_url)}
    limiter, robots = _shared_politeness()
    return Fetcher(
        settings.user_agent,
        timeout=settings.fetch_timeout,
        max_bytes=settings.max_page_bytes,
        rate_per_host=settings.host_rate,
        host_rates={host: sec for host in sec_hosts if host},
        rate_limiter=limiter,
        robots=robots,
        attempts=settings.fetch_attempts,
        backoff=settings.fetch_backoff,
        max_connections=max_connections,
    )


_politeness: dict[tuple[str, str, str], tuple[RateLimiter, RobotsCache]] = {}


def _shared_politeness() -> tuple[RateLimiter, RobotsCache]:
    # One limiter and one robots cache per process and configuration (tests change settings).
    settings = get_settings()
    key = (settings.broker_url, settings.redis_prefix, settings.database_url)
    with _lock:
        if key not in _politeness:
            broker = settings.broker_url
            limiter: RateLimiter = (
                RedisRateLimiter(broker, settings.redis_prefix) if broker.startswith(("redis://", "rediss://", "unix://")) else LocalRateLimiter()
            )
            _politeness[key] = (limiter, RobotsCache())
        return _politeness[key]
