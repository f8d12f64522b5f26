"""What ``earnwatch health`` checks: the database answers and its schema is current, the broker
answers (the embedded one too, found through the file ``earnwatch run`` leaves), and a worker
and a scheduler are alive (their heartbeats in Redis are fresh).

``role`` narrows it for one container: ``worker`` asks for a worker on this host, ``beat`` for
a scheduler on this host, ``web`` for the database and the dashboard answering on this host;
``all`` (the default) for a worker and a scheduler, anywhere.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

import redis
from sqlalchemy import text

from worker.errors import OperatorError
from worker.ops.heartbeat import TTL, alive
from worker.ops.roles import HealthRole, Role
from worker.runtime.context import Context
from worker.runtime.embedded import EmbeddedRedis
from worker.storage.db import describe, make_engine
from worker.storage.schema import problem


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def checks(ctx: Context, role: HealthRole = HealthRole.ALL) -> list[Check]:
    settings, mask = ctx.settings, ctx.masker.mask
    results = _database(ctx)
    if role is HealthRole.WEB:
        return results + [_web(settings.web_port)]
    if settings.embedded_broker:
        url = EmbeddedRedis.running_url(settings.data_dir)
        if url is None:
            results.append(Check("broker", False, "the embedded broker is not running; start the service with `earnwatch run`"))
            return results
        label = f"embedded, {url}"
    else:
        url = label = settings.broker_url
    client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        results.append(Check("broker", False, mask(f"{url}: {exc}; is Redis running there? (EARNWATCH_BROKER_URL)")))
        return results
    results.append(Check("broker", True, mask(label)))
    here = socket.gethostname()
    wanted = {HealthRole.ALL: (Role.WORKER, Role.SCHEDULER), HealthRole.WORKER: (Role.WORKER,), HealthRole.BEAT: (Role.SCHEDULER,)}[role]
    for part in wanted:
        host = None if role is HealthRole.ALL else here
        beats = alive(client, settings.redis_prefix, part, host)
        if beats:
            shown = ", ".join(f"{b.get('host')} pid {b.get('pid')}" for b in beats[:5])
            results.append(Check(part.value, True, f"{len(beats)} alive ({shown})"))
        else:
            where = f" on {here}" if host else ""
            start = "`earnwatch worker`" if part is Role.WORKER else "`earnwatch beat`"
            results.append(Check(part.value, False, f"no {part.value}{where} has reported in the last {TTL} s; is {start} (or `earnwatch run`) running?"))
    return results


def _web(port: int) -> Check:
    """The dashboard on this host answers its own /healthz (``earnwatch web``'s container check)."""
    import httpx

    url = f"http://127.0.0.1:{port}/healthz"
    try:
        answer = httpx.get(url, timeout=5)
    except httpx.HTTPError as exc:
        return Check("web", False, f"{url}: {exc or type(exc).__name__}; is `earnwatch web` running on this port? (EARNWATCH_WEB_PORT)")
    return Check("web", answer.status_code == 200, f"{url}: {answer.status_code}")


def database(ctx: Context) -> list[Check]:
    """The database answers and its schema is current (the web's ``/healthz``)."""
    return _database(ctx)


def _database(ctx: Context) -> list[Check]:
    url = ctx.settings.database_url
    shown = ctx.masker.mask(url)
    try:
        engine = make_engine(url)
    except OperatorError as exc:
        return [Check("database", False, str(exc))]
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        found = problem(engine)
    except Exception as exc:  # any failure is the answer
        return [Check("database", False, ctx.masker.mask(describe(exc, url)))]
    finally:
        engine.dispose()
    return [Check("database", True, shown), Check("schema", found is None, found or "up to date")]
