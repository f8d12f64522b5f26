"""A stored history and a real ``earnwatch web`` process serving it, once per test module and
database (SQLite, then PostgreSQL).

The history: ALAB's Q3 and Q4 2024 summaries scraped from the demo site by the real scrape
stage (so Q4 has changes and an alert, delivered to a local webhook), and one document of a
hostile company pushed with ``<script>`` in its title, its text and its name. The route's
webhook URL carries a password, and the server an API token, so that tests can look for
either one in every answer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port, throwaway_database, wait_for

EARNWATCH = str(Path(sys.executable).with_name("earnwatch"))
TOKEN = "tok-" + "w3b" * 10
HOOK_PASSWORD = "hookpass-s3cr3t-value"
SCRIPT = '<script>alert("pwned")</script>'
HOSTILE_TEXT = f"""Hostile Inc. Q2 2024 earnings call summary {SCRIPT}

Highlights
- Revenue grew 10% as new customers {SCRIPT} signed on.

Risks
- Supply risk: we may face component shortages that could hurt margins in the coming quarters.

Outlook
- We expect revenue of $100 million to $110 million in Q3 2024.
"""


class Webhook:
    """A local HTTP endpoint for a ``json://`` route: records every message posted to it."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                hook.messages.append(json.loads(body or b"{}"))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server.server_port

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@dataclass
class Site:
    """The running web server and what it serves."""

    url: str
    env: dict[str, str]
    hook: Webhook
    logs: Path
    process: subprocess.Popen
    secrets: list[str] = field(default_factory=list)

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=60, follow_redirects=False)

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([EARNWATCH, *args], env={**os.environ, **self.env}, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)

    def log(self) -> str:
        return self.logs.read_text(errors="replace")


def watchlist(site_url: str, hook: Webhook) -> str:
    return f"""companies:
  - ticker: ALAB
    name: Astera Labs
    tags: [semis, watch]
    sources:
      - kind: summary_page
        url: {site_url}
        every: 1h
  - ticker: HOST
    name: 'Hostile {SCRIPT}'
    tags: [odd]
routes:
  - name: desk
    urls: ["json://desk:${{HOOK_PASSWORD}}@127.0.0.1:{hook.port}/hook"]
"""


def _env(tmp: Path, database_url: str, **more: str) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("EARNWATCH_") or name.startswith("EARNWATCH_TEST_")}
    env.update({
        "EARNWATCH_DATA_DIR": str(tmp / "data"), "EARNWATCH_DATABASE_URL": database_url, "EARNWATCH_CONFIG": str(tmp / "watchlist.yaml"),
        "EARNWATCH_USER_AGENT": "earnwatch-tests/1.0 (tests@example.org)", "EARNWATCH_HOST_RATE": "0", "EARNWATCH_ALERT_RETRY_BASE": "1",
        "EARNWATCH_FETCH_BACKOFF": "0.05", "HOOK_PASSWORD": HOOK_PASSWORD, **more,
    })
    return env


def _seed(env: dict[str, str], site) -> None:  # noqa: ANN001 (the demo site)
    """Scrape two quarters and push one document, in this process, through the real stages."""
    from config.settings import load_settings
    from worker.runtime.context import Context
    from worker.stages.inline import check_sources
    from worker.stages.push import PushedDocument, ingest

    names = {n.removeprefix("EARNWATCH_").lower(): v for n, v in env.items() if n.startswith("EARNWATCH_") and not n.startswith("EARNWATCH_TEST_")}
    previous = os.environ.get("HOOK_PASSWORD")
    os.environ["HOOK_PASSWORD"] = HOOK_PASSWORD  # the watchlist's ${HOOK_PASSWORD}, as the server's environment has it
    try:
        ctx = Context(load_settings(**{k: v for k, v in names.items() if k in ("data_dir", "database_url", "config", "user_agent", "host_rate")}))
        site.published.append("2024Q3")
        check_sources(ctx)
        site.published.append("2024Q4")
        summary = check_sources(ctx)
        assert summary.comparisons and summary.comparisons[0].new_alerts, "Q4 2024 is compared and alerted"
        ingest(ctx, PushedDocument("HOST", HOSTILE_TEXT.encode(), "", "text/plain; charset=utf-8"))
        ctx.close()
    finally:
        if previous is None:
            os.environ.pop("HOOK_PASSWORD", None)
        else:
            os.environ["HOOK_PASSWORD"] = previous


def start_web(env: dict[str, str], logs: Path) -> subprocess.Popen:
    log = open(logs, "wb")
    process = subprocess.Popen([EARNWATCH, "--debug", "web"], env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{env['EARNWATCH_WEB_PORT']}"

    def answers() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"earnwatch web stopped (exit {process.returncode}):\n{logs.read_text(errors='replace')}")
        try:
            return httpx.get(f"{url}/healthz", timeout=5).status_code == 200
        except httpx.HTTPError:
            return False

    wait_for(answers, 90, what="earnwatch web to answer /healthz")
    return process


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def site(request, tmp_path_factory) -> Iterator[Site]:
    """The seeded history and a real ``earnwatch web`` on it, for every test of the module."""
    from worker.demo import DemoSite

    tmp = tmp_path_factory.mktemp(f"web-{request.param}")
    hook = Webhook()
    with DemoSite().running() as demo, _database(request.param, tmp) as url:
        (tmp / "watchlist.yaml").write_text(watchlist(demo.url, hook))
        env = _env(tmp, url, EARNWATCH_API_TOKEN=TOKEN, EARNWATCH_WEB_PORT=str(free_port()), EARNWATCH_MAX_PAGE_BYTES="200000")
        _seed(env, demo)
        logs = tmp / "web.log"
        process = start_web(env, logs)
        try:
            yield Site(f"http://127.0.0.1:{env['EARNWATCH_WEB_PORT']}", env, hook, logs, process, [TOKEN, HOOK_PASSWORD])
        finally:
            stop(process)
            hook.close()


@contextmanager
def _database(kind: str, tmp: Path) -> Iterator[str]:
    if kind == "sqlite":
        (tmp / "data").mkdir(parents=True, exist_ok=True)  # as `earnwatch db upgrade` makes it
        yield f"sqlite:///{tmp / 'data' / 'earnwatch.db'}"
        return
    with throwaway_database(f"earnwatch_web_{uuid.uuid4().hex[:4]}") as url:
        from worker.storage.db import make_engine
        from worker.storage.schema import upgrade

        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
