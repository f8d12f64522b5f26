"""What ``earnwatch health`` checks: the database answers, its schema is current, the broker answers."""

from __future__ import annotations

import redis
from sqlalchemy import text

from config.settings import get_settings


def checks() -> list[tuple[str, bool, str]]:
    settings = get_settings()
    results = []
    try:
        from worker.storage.db import get_engine

        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
        results.append(("database", True, settings.database_url))
    except Exception as exc:  # any failure is the answer
        results.append(("database", False, f"{settings.database_url}: {exc}"))
    try:
        from worker.storage.schema import schema_problem

        problem = schema_problem()
        results.append(("schema", problem is None, problem or "up to date"))
    except Exception as exc:
        results.append(("schema", False, str(exc)))
    if settings.embedded_broker:
        results.append(("broker", True, "embedded (started by `earnwatch run`)"))
    else:
        try:
            redis.Redis.from_url(settings.broker_url, socket_connect_timeout=3, socket_timeout=3).ping()
            results.append(("broker", True, settings.broker_url))
        except redis.RedisError as exc:
            results.append(("broker", False, f"{settings.broker_url}: {exc}"))
    return results
