"""Heartbeats in Redis: a running worker and scheduler each refresh a key every few seconds,
which expires when they stop. ``earnwatch health`` reads them (``alive``).

Keys: ``{EARNWATCH_REDIS_PREFIX}earnwatch:heartbeat:{role}:{host}:{pid}``, holding JSON
``{"role", "host", "pid", "at"}``, kept for ``TTL`` seconds.

With SQLite, each beat also checks that the database file is still the one the process
opened: a worker whose file was deleted or moved stops with one line saying so (and
``database_gone`` set, so that its supervisor does not start it again), rather than write on
into a deleted file.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import signal
import socket
import threading
import time
from typing import Any

import redis

from worker.ops.roles import Role
from worker.runtime.context import Context
from worker.storage.db import database_identity, gone_message, sqlite_file

log = logging.getLogger(__name__)
INTERVAL = 5.0
TTL = 30
database_gone = threading.Event()
_ROLES_HERE: set[Role] = set()  # `earnwatch run` beats for the worker and the scheduler in one process


def _key(prefix: str, role: Role, host: str = "*", pid: str = "*") -> str:
    return f"{prefix}earnwatch:heartbeat:{role.value}:{host}:{pid}"


class Heartbeat:
    """A daemon thread that keeps this process's key fresh until ``stop`` (or exit)."""

    def __init__(self, ctx: Context, role: Role) -> None:
        self.client = ctx.redis()
        self.role, self.host, self.pid = role, socket.gethostname(), os.getpid()
        self.key = _key(ctx.settings.redis_prefix, role, self.host, str(self.pid))
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{role.value}", daemon=True)
        self.database = sqlite_file(ctx.settings.database_url)
        self.identity = database_identity(self.database) if self.database else None

    def start(self) -> None:
        _ROLES_HERE.add(self.role)
        self._thread.start()
        atexit.register(self.stop)

    def stop(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        try:
            self.client.delete(self.key)
        except redis.RedisError:
            pass  # the key expires on its own

    def _run(self) -> None:
        while not self._stopped.is_set():
            if self._database_gone():
                self._stop_process()
                return
            value = json.dumps({"role": self.role.value, "host": self.host, "pid": self.pid, "at": time.time()})
            try:
                self.client.set(self.key, value, ex=TTL)
            except redis.RedisError as exc:  # the broker restarting: try again next beat
                log.debug("heartbeat not written: %s", exc)
            self._stopped.wait(INTERVAL)


    def _database_gone(self) -> bool:
        if self.database is None or self.identity is None:
            return False
        if self.role is not Role.WORKER and Role.WORKER in _ROLES_HERE:
            return False  # the worker's beat in this process looks after it
        return database_identity(self.database) != self.identity

    def _stop_process(self) -> None:
        assert self.database is not None
        log.critical("%s", gone_message(self.database))
        database_gone.set()
        if self.role is Role.WORKER:
            from celery.worker import state

            state.should_stop = True  # a warm shutdown
        else:
            os.kill(os.getpid(), signal.SIGTERM)


def alive(client: redis.Redis, prefix: str, role: Role, host: str | None = None) -> list[dict[str, Any]]:
    """The heartbeats of ``role`` (on ``host``, or anywhere) that have not expired."""
    found = []
    for key in client.scan_iter(match=_key(prefix, role, host or "*"), count=500):
        value = client.get(key)
        if value:
            try:
                found.append(json.loads(value))
            except ValueError:
                continue
    return sorted(found, key=lambda beat: (beat.get("host", ""), beat.get("pid", 0)))
