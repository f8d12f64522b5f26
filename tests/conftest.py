"""Shared fixtures: real PostgreSQL and Redis from the machine, a real SMTP server (aiosmtpd),
local web servers (pytest-httpserver), and an isolated earnwatch environment per test."""

from __future__ import annotations

import email
import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
import pytest
import redis as redis_lib
from aiosmtpd.controller import Controller

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

    from worker.runtime.context import Context

POSTGRES_ADMIN = os.environ.get("EARNWATCH_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("EARNWATCH_TEST_REDIS", "redis://127.0.0.1:6379/0")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, interval: float = 0.2, what: str = "condition"):
    """Poll ``predicate`` until it returns something truthy; fail with ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(interval)


# --- databases ---------------------------------------------------------------------------


@contextmanager
def throwaway_database(prefix: str = "earnwatch_test") -> Iterator[str]:
    """A new, empty database on the machine's PostgreSQL (its URL), dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN.rsplit("/", 1)[0]
    try:
        yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh database on the machine's PostgreSQL, dropped at the end of the session."""
    with throwaway_database() as url:
        yield url


def _empty_postgres(url: str) -> None:
    """Drop every table, then create the schema as `earnwatch db upgrade` does."""
    from sqlmodel import SQLModel

    from worker.storage.db import make_engine
    from worker.storage.schema import upgrade

    close_engines()

    engine = make_engine(url)
    SQLModel.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    upgrade(engine)
    engine.dispose()


@pytest.fixture
def fresh_postgres(postgres_url) -> str:
    """The session's PostgreSQL database, emptied for this test."""
    _empty_postgres(postgres_url)
    return postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Each test that takes this runs twice: on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'earnwatch.db'}"
    return request.getfixturevalue("fresh_postgres")


# --- an isolated earnwatch environment ------------------------------------------------------


@pytest.fixture
def earnwatch_env(tmp_path, monkeypatch) -> Iterator[dict[str, str]]:
    """EARNWATCH_* variables pointing at a private data folder, SQLite and watchlist path.

    Returns the variables, so a test can pass them to a subprocess; ``context`` makes a
    ``Context`` from them for the stages run in the test's own process.
    """
    env = {
        "EARNWATCH_DATA_DIR": str(tmp_path / "data"),
        "EARNWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'data' / 'earnwatch.db'}",
        "EARNWATCH_CONFIG": str(tmp_path / "watchlist.yaml"),
        "EARNWATCH_USER_AGENT": "earnwatch-tests/1.0 (tests@example.org)",
        "EARNWATCH_ALERT_RETRY_BASE": "1",
        "EARNWATCH_FETCH_BACKOFF": "0.05",  # retries of a failing page wait 50 ms, not seconds
        "EARNWATCH_HOST_RATE": "0",  # every test site is one host, localhost: no pacing (tested on its own)
    }
    for name in [n for n in os.environ if n.startswith("EARNWATCH_") and not n.startswith("EARNWATCH_TEST_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "data").mkdir()  # as `earnwatch run` or `db upgrade` would have made it
    yield env
    close_engines()


@pytest.fixture
def context(earnwatch_env) -> Iterator[Callable[..., Context]]:
    """Makes a ``Context`` from the test's environment: ``context(watchlist, **settings)``.
    Each is closed at the end of the test."""
    from config.settings import load_settings
    from worker.runtime.context import Context

    made: list[Context] = []

    def make(watchlist=None, **overrides) -> Context:
        ctx = Context(load_settings(**overrides), watchlist=watchlist)
        made.append(ctx)
        return ctx

    yield make
    for ctx in made:
        ctx.close()


def use_database(env: dict[str, str], monkeypatch, url: str) -> None:
    env["EARNWATCH_DATABASE_URL"] = url
    monkeypatch.setenv("EARNWATCH_DATABASE_URL", url)


def parse_watchlist(text: str, source: str = "<watchlist>"):
    """A watchlist from text, validated as earnwatch does (every source kind and change kind known)."""
    from worker.runtime.watchlist import parse_watchlist as parse

    return parse(text, source)


_engines: dict[str, Engine] = {}


@contextmanager
def session_scope() -> Iterator[Session]:
    """A transaction on the database the environment names (what the processes under test use)."""
    from config.settings import load_settings
    from worker.storage import db

    url = load_settings().database_url
    if url not in _engines:
        _engines[url] = db.open_engine(url)
    with db.session_scope(_engines[url]) as session:
        yield session


def close_engines() -> None:
    while _engines:
        _engines.popitem()[1].dispose()


# --- SMTP ------------------------------------------------------------------------------------


class Mailbox:
    """Every message a local aiosmtpd server received."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        with self._lock:
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"

    def __len__(self) -> int:
        with self._lock:
            return len(self.messages)


class SmtpServer:
    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    def start(self) -> SmtpServer:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None

    def url(self, to: str = "team@example.org") -> str:
        return f"mailto://127.0.0.1:{self.port}?mode=insecure&from=earnwatch@example.org&to={to}"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    server = SmtpServer().start()
    yield server
    server.stop()


def body_text(message: Message) -> str:
    """Every text part of ``message``, decoded and joined."""
    parts = message.walk() if message.is_multipart() else [message]
    return "\n".join(
        p.get_payload(decode=True).decode(p.get_content_charset() or "utf-8")
        for p in parts
        if p.get_content_maintype() == "text"
    )


# --- Redis -----------------------------------------------------------------------------------


@pytest.fixture
def redis_url(earnwatch_env, monkeypatch) -> Iterator[str]:
    """The machine's Redis, with every key this test writes under a prefix of its own
    (``EARNWATCH_REDIS_PREFIX``), deleted afterwards. The server is never stopped, restarted
    or flushed here: other test runs may share it."""
    client = redis_lib.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis_lib.ConnectionError:
        pytest.fail(f"Redis is not running at {REDIS_URL}; start it (see .ci/run)")
    prefix = f"earnwatch-test-{uuid.uuid4().hex[:8]}:"
    monkeypatch.setenv("EARNWATCH_REDIS_PREFIX", prefix)
    earnwatch_env["EARNWATCH_REDIS_PREFIX"] = prefix
    yield REDIS_URL
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)


# --- web servers ----------------------------------------------------------------------------


@pytest.fixture
def httpserver(httpserver):
    """pytest-httpserver's server, answering 404 for a /robots.txt no test asked for (a site
    without one), as real sites do, instead of the 500 "no handler" that earnwatch's fetcher
    reads as "robots.txt unreadable, try later"."""
    from werkzeug import Response

    plain = type(httpserver).respond_nohandler

    def respond_nohandler(request, extra_message=""):
        if request.path == "/robots.txt":
            return Response("no robots.txt here", status=404)
        return plain(httpserver, request, extra_message)

    httpserver.respond_nohandler = respond_nohandler
    yield httpserver
    del httpserver.respond_nohandler


class TrickleServer:
    """A stdlib HTTP server whose every page sends its headers at once, then one byte a second
    (for ``seconds``): a site too slow to wait for. ``requests`` counts what it was asked."""

    def __init__(self, seconds: float = 600) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.requests: list[str] = []
        self.stopping = threading.Event()
        trickle = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                trickle.requests.append(self.path)
                if self.path == "/robots.txt":
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(int(seconds)))
                self.end_headers()
                for _ in range(int(seconds)):
                    if trickle.stopping.wait(1.0):
                        return
                    try:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                    except OSError:
                        return

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def stop(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def trickle_server() -> Iterator[TrickleServer]:
    server = TrickleServer()
    yield server
    server.stop()


# --- the sample documents ---------------------------------------------------------------------

DEMO_SITE = Path(__file__).resolve().parent.parent / "worker" / "demo" / "site"


def summary(period: str) -> bytes:
    return (DEMO_SITE / f"alab-{period}.txt").read_bytes()


class SummarySite:
    """A summaries site on pytest-httpserver: a listing page linking to the quarters published."""

    def __init__(self, httpserver, ticker: str = "ALAB") -> None:
        from werkzeug import Response

        self.server, self.ticker = httpserver, ticker
        self.published: list[str] = []
        self.delays: dict[str, float] = {}  # period -> seconds to wait before answering, once
        self.requested: list[str] = []
        slug = ticker.lower()

        def listing(_request):
            items = "".join(
                f'<li><a href="/{slug}/summaries/{p}.txt">{ticker} Q{p[5]} {p[:4]} earnings call summary</a></li>'
                for p in reversed(self.published)
            )
            return Response(f"<html><body><h1>{ticker} summaries</h1><ul>{items}</ul></body></html>", content_type="text/html")

        def document(request):
            period = request.path.rsplit("/", 1)[-1].removesuffix(".txt")
            self.requested.append(period)
            time.sleep(self.delays.pop(period, 0))
            if period not in self.published:
                return Response("not found", status=404)
            return Response(summary(_file_name(period)), content_type="text/plain; charset=utf-8")

        httpserver.expect_request(f"/{slug}/earnings-summaries").respond_with_handler(listing)
        httpserver.expect_request(re.compile(f"^/{slug}/summaries/.+")).respond_with_handler(document)
        self.url = httpserver.url_for(f"/{slug}/earnings-summaries")

    def publish(self, period: str) -> None:
        self.published.append(period)


def _file_name(period: str) -> str:
    return f"q{period[5]}-{period[:4]}"
