"""``earnwatch demo``: two quarters of one company on a local web site, and the alert they make.

The site lists the Q3 2024 summary first; earnwatch stores it. Then the Q4 2024 summary is
published; earnwatch finds it, compares it with Q3 and prints the alert. No internet, no
credentials, the same pipeline as the service.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources

SUMMARIES = {"2024Q3": "alab-q3-2024.txt", "2024Q4": "alab-q4-2024.txt"}


def summary_bytes(period: str) -> bytes:
    return resources.files("worker.demo").joinpath("site", SUMMARIES[period]).read_bytes()


class DemoSite:
    """A listing page at ``/alab/earnings-summaries`` linking to the quarters published so far."""

    def __init__(self) -> None:
        self.published: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                if self.path == "/alab/earnings-summaries":
                    body, kind = site.listing().encode(), "text/html; charset=utf-8"
                else:
                    period = self.path.rsplit("/", 1)[-1].removesuffix(".txt")
                    if period not in site.published:
                        self.send_error(404)
                        return
                    body, kind = summary_bytes(period), "text/plain; charset=utf-8"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}/alab/earnings-summaries"

    def listing(self) -> str:
        items = "".join(
            f'<li><a href="/alab/summaries/{p}.txt">ALAB {html.escape(p[4:])} {p[:4]} earnings call summary</a></li>'
            for p in reversed(self.published)
        )
        return f"<html><head><title>Astera Labs earnings summaries</title></head><body><ul>{items}</ul></body></html>"

    @contextmanager
    def running(self) -> Iterator[DemoSite]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()


def watchlist_yaml(url: str) -> str:
    return f"""companies:
  - ticker: ALAB
    name: Astera Labs
    tags: [semis]
    sources:
      - kind: summary_page
        url: {url}
        every: 15m
routes:
  - name: terminal
    urls: ["console://"]
"""
