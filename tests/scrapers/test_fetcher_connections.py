"""Fetcher's connections: kept open between requests, and never more than ``max_connections``
however many threads fetch at once."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scrapers.fetch import Fetcher

UA = "earnwatch-tests/1.0 (+https://example.org/contact)"


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Page)
        self.peers: set[tuple[str, int]] = set()
        self.lock = threading.Lock()


class _Page(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        with self.server.lock:
            self.server.peers.add(self.client_address)
        time.sleep(0.01)
        body = b"ALAB Q4 2024: a page"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[_Server]:
    server = _Server()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def test_many_threads_share_at_most_max_connections_connections(server: _Server) -> None:
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with Fetcher(UA, respect_robots=False, max_connections=3) as fetcher, ThreadPoolExecutor(12) as pool:
        pages = list(pool.map(lambda n: fetcher.get(f"{base}/page/{n}").content, range(120)))
    assert pages == [b"ALAB Q4 2024: a page"] * 120
    assert 1 <= len(server.peers) <= 3


def test_one_thread_fetches_every_page_of_a_host_over_one_connection(server: _Server) -> None:
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with Fetcher(UA, respect_robots=False, max_connections=8) as fetcher:
        for n in range(20):
            assert fetcher.get(f"{base}/page/{n}").status == 200
    assert len(server.peers) == 1


def test_with_every_connection_open_to_one_host_a_page_of_another_host_is_still_fetched(server: _Server) -> None:
    other = _Server()
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        hosts = [f"http://127.0.0.1:{s.server_address[1]}" for s in (server, other)]
        with Fetcher(UA, respect_robots=False, max_connections=1) as fetcher, ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(lambda n: fetcher.get(f"{hosts[n % 2]}/page/{n}").status, range(20)))
        assert statuses == [200] * 20
        assert len(server.peers) >= 1 and len(other.peers) >= 1
    finally:
        other.shutdown()
        other.server_close()


def test_the_fetcher_does_not_load_httpx_s_command_line_client() -> None:
    probe = "import sys, scrapers.fetch, httpx; print(sorted(m for m in ('click', 'pygments', 'rich.syntax') if m in sys.modules), callable(httpx.main))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert result.stdout.split() == ["[]", "True"]
