"""Serving the web app with uvicorn: ``earnwatch web`` in the foreground, and ``earnwatch run``
in a thread of its own process (beside the worker it supervises), on ``EARNWATCH_WEB_HOST``:
``EARNWATCH_WEB_PORT``. The socket is bound before anything else starts, so a port in use is
one clear error, not a service without its dashboard."""

from __future__ import annotations

import logging
import socket
import threading

from worker.errors import OperatorError
from worker.runtime.context import Context
from worker.web.security import is_loopback

log = logging.getLogger(__name__)


class WebServer:
    def __init__(self, ctx: Context, host: str | None = None, port: int | None = None) -> None:
        import uvicorn

        from worker.web.app import create_app

        settings = ctx.settings
        self.host = host or settings.web_host
        self.port = settings.web_port if port is None else port
        self.socket = _bind(self.host, self.port)
        self.port = self.socket.getsockname()[1]
        config = uvicorn.Config(
            create_app(ctx), log_config=None, access_log=False, server_header=False, proxy_headers=False, timeout_graceful_shutdown=10,
        )
        self.server = uvicorn.Server(config)
        self.thread: threading.Thread | None = None
        if not settings.api_token:
            log.warning("no EARNWATCH_API_TOKEN: writes are refused, and pages are served to this machine only")

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def run(self) -> None:
        """Serve in the foreground until SIGINT or SIGTERM."""
        log.info("dashboard and API on %s (OpenAPI at /openapi.json)", self.url)
        self.server.run(sockets=[self.socket])

    def start(self) -> WebServer:
        """Serve from a thread of this process (no signal handlers there; ``stop`` ends it)."""
        log.info("dashboard and API on %s (OpenAPI at /openapi.json)", self.url)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, name="web", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        if self.thread is not None:
            self.thread.join(15)
        self.socket.close()


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit it: headers and body go out at once, so a keep-alive client
    # does not wait out its delayed ACK (40 ms) for each answer (Nagle's algorithm).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        reason = exc.strerror or str(exc)
        raise OperatorError(
            f"the dashboard cannot listen on {host}:{port}: {reason}; set EARNWATCH_WEB_PORT (or EARNWATCH_WEB_HOST), "
            "or stop what uses that port" + ("" if is_loopback(host) or host in ("0.0.0.0", "::") else f" ({host} must be an address of this machine)")
        ) from None
    sock.set_inheritable(False)
    return sock
