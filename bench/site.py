"""The local site every benchmark reads: one earnings-call summary page per source, on a threaded
stdlib HTTP/1.1 server (keep-alive), each page with an ETag, answering 304 to a matching
If-None-Match, and after an optional delay per response (the latency of a real site).

Page ``n`` is at ``/c{n}/summary`` and shows company ``C{n:04d}``'s call summary for the quarter
it is set to (the demo's Astera Labs Q3 or Q4 2024, renamed), at a revision: a revision after
the first changes one figure in the headline, so the page is a new version of the same quarter.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "worker" / "demo" / "site"
QUARTERS = {"2024Q3": (DEMO / "alab-q3-2024.txt").read_bytes(), "2024Q4": (DEMO / "alab-q4-2024.txt").read_bytes()}
HEADLINES = {"2024Q3": b"Record Revenue", "2024Q4": b"Inventories Surge 80%"}


def ticker(n: int) -> str:
    return f"C{n:04d}"


class Site:
    """What each page shows now: ``quarter`` and ``revision`` per page, changed by the benchmark."""

    def __init__(self, count: int, latency: float = 0.0, quarter: str = "2024Q3") -> None:
        self.count, self.latency = count, latency
        self.pages = {n: (quarter, 0) for n in range(count)}
        self.requests = 0

    def publish(self, quarter: str, pages: Iterable[int] | None = None) -> None:
        """These pages (default: all) now show ``quarter``, first revision."""
        for n in range(self.count) if pages is None else pages:
            self.pages[n] = (quarter, 0)

    def revise(self, pages: Iterable[int]) -> None:
        """These pages show a new revision of the quarter they show."""
        for n in pages:
            quarter, revision = self.pages[n]
            self.pages[n] = (quarter, revision + 1)

    def etag(self, n: int) -> str:
        quarter, revision = self.pages[n]
        return f'"{n}-{quarter}-{revision}"'

    def body(self, n: int) -> bytes:
        quarter, revision = self.pages[n]
        text = QUARTERS[quarter].replace(b"ALAB", ticker(n).encode())
        if revision:
            text = text.replace(HEADLINES[quarter], HEADLINES[quarter] + f" (revision {revision})".encode(), 1)
        return text


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            site.requests += 1
            if site.latency:
                time.sleep(site.latency)
            parts = self.path.split("/")
            if len(parts) < 3 or not parts[1].startswith("c") or not parts[1][1:].isdigit() or int(parts[1][1:]) not in site.pages:
                self._send(404, b"not here", None)
                return
            n = int(parts[1][1:])
            etag = site.etag(n)
            if self.headers.get("If-None-Match") == etag:
                self._send(304, b"", etag)
            else:
                self._send(200, site.body(n), etag)

        def _send(self, status: int, body: bytes, etag: str | None) -> None:
            self.send_response(status)
            if etag:
                self.send_header("ETag", etag)
            if status != 304:
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # many clients open connections at once

    def handle_error(self, request, client_address) -> None:
        pass  # a client closing its kept-alive connection at the end is not news


@contextmanager
def serving(site: Site) -> Iterator[str]:
    """Serve ``site`` on a free port of 127.0.0.1; yields its base URL."""
    server = _Server(("127.0.0.1", 0), _handler(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def page_url(base: str, n: int) -> str:
    return f"{base}/c{n}/summary"
