"""Per-host request pacing: at most one request per ``interval`` seconds for each key.

A limiter hands out time slots: ``reserve(key, interval)`` books the next free slot for
``key`` and returns how long to wait for it. ``LocalRateLimiter`` holds the slots in this
process (threads share it); ``RedisRateLimiter`` holds them in Redis, so the pace holds across
every worker process of the distributed mode. Keys are host names, or a shared bucket such as
``sec.gov`` for hosts whose operator sets one limit for all of them.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import Protocol

log = logging.getLogger(__name__)


class RateLimiter(Protocol):
    def reserve(self, key: str, interval: float) -> float:
        """Book the next slot for ``key``; the seconds to wait before using it."""
        ...


class LocalRateLimiter:
    """Slots kept in this process."""

    def __init__(self) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def reserve(self, key: str, interval: float) -> float:
        now = time.monotonic()
        with self._lock:
            start = max(now, self._next.get(key, 0.0))
            self._next[key] = start + interval
        return start - now


# The slot is booked atomically on the server, with the server's clock, so processes on
# different machines agree. Times are integer microseconds.
_RESERVE = """
local now_parts = redis.call('TIME')
local now = tonumber(now_parts[1]) * 1000000 + tonumber(now_parts[2])
local booked = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, booked)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], string.format('%d', start + interval), 'PX', math.ceil((start - now + interval) / 1000) + 1000)
return start - now
"""


class RedisRateLimiter:
    """Slots kept in Redis under ``{prefix}ratelimit:{key}``; falls back to this process if
    Redis cannot be reached (pacing then holds per process only, and a warning is logged)."""

    def __init__(self, url: str, prefix: str = "") -> None:
        import redis

        self._client = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self._script = self._client.register_script(_RESERVE)
        self._prefix = prefix
        self._fallback = LocalRateLimiter()

    def reserve(self, key: str, interval: float) -> float:
        import redis

        try:
            micros = self._script(keys=[f"{self._prefix}ratelimit:{key}"], args=[max(1, math.ceil(interval * 1_000_000))])
        except redis.RedisError as exc:
            log.warning("rate limiter: Redis unavailable (%s); pacing %s in this process only", exc, key)
            return self._fallback.reserve(key, interval)
        return int(micros) / 1_000_000
