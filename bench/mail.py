"""A local SMTP server (aiosmtpd) that notes when each message arrived, and its subject."""

from __future__ import annotations

import email
import threading
import time
from dataclasses import dataclass

from aiosmtpd.controller import Controller

from worker.runtime.embedded import free_port


@dataclass(frozen=True)
class Received:
    at: float  # time.time() when the message was accepted
    subject: str


class MailSink:
    """``start()`` it; ``url`` is an apprise ``mailto://`` URL for a watchlist route."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[Received] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        at = time.time()
        subject = str(email.message_from_bytes(envelope.content)["Subject"] or "")
        with self._lock:
            self.received.append(Received(at, subject))
        return "250 OK"

    @property
    def url(self) -> str:
        return f"mailto://127.0.0.1:{self.port}?mode=insecure&from=earnwatch@example.org&to=desk@example.org"

    def start(self) -> MailSink:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()
            self._controller = None

    def clear(self) -> None:
        with self._lock:
            self.received.clear()

    def messages(self) -> list[Received]:
        with self._lock:
            return list(self.received)
