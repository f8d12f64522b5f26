"""Short locks in the broker's Redis, so that work meant to happen once per tick happens once
even when two schedulers were started by mistake."""

from __future__ import annotations

from functools import lru_cache

import redis

from config.settings import get_settings


@lru_cache(maxsize=1)
def _client() -> redis.Redis:
    return redis.Redis.from_url(get_settings().broker_url)


def once_per(name: str, seconds: float) -> bool:
    """True for the first caller of ``name`` within ``seconds``; False for the others."""
    key = f"{get_settings().redis_prefix}earnwatch:lock:{name}"
    return bool(_client().set(key, "1", nx=True, px=max(int(seconds * 1000), 1)))
