"""``Context``: what one process shares, built once at start-up and handed to every stage.

It holds the settings, the database engine, the watchlist (read again when its file changes),
the fetcher with its host pacing and robots.txt cache, the source-kind instances and the
masker built from the watchlist's secrets. Nothing of it is global: a test, the demo or a
Celery worker each make their own, and nothing here changes ``os.environ``.

The engine and the fetcher are made on first use, and again in a child process after a fork
(Celery's prefork pool), so no socket is ever shared between processes.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from sqlalchemy.engine import Engine
from sqlmodel import Session

from config.secrets import Masker
from config.settings import Settings, load_settings
from config.watchlist import Watchlist
from scrapers.base import Endpoints, SourceKind
from scrapers.ratelimit import LocalRateLimiter, RateLimiter, RedisRateLimiter
from scrapers.registry import source_kind
from scrapers.robots import RobotsCache
from worker.errors import BrokerError
from worker.runtime import watchlist as watchlists
from worker.storage.db import open_engine, read_scope, reading, session_scope

if TYPE_CHECKING:
    import redis

    from scrapers.fetch import Fetcher

REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


class Context:
    """Everything a process needs to run the stages. ``watchlist`` fixes the watchlist (tests,
    the demo); without it the file the settings name is read, and read again when it changes."""

    def __init__(self, settings: Settings, *, watchlist: Watchlist | None = None, check_routes: bool = True) -> None:
        self.settings = settings
        self._fixed = watchlist
        self._check_routes = check_routes  # False: a command that only looks (no apprise)
        self._lock = threading.RLock()
        self._loaded: tuple[tuple[str, float, int], Watchlist] | None = None
        self._masker: tuple[Watchlist | None, Masker] = (None, Masker())
        self._engine: tuple[int, Engine, Engine] | None = None
        self._fetcher: tuple[int, Fetcher] | None = None
        self._politeness: tuple[RateLimiter, RobotsCache] | None = None
        self._kinds: dict[str, SourceKind] = {}
        self._redis: redis.Redis | None = None
        # The watchlist this process last mirrored into the database (``stages.sync``).
        self.synced: Watchlist | None = None

    @classmethod
    def from_environment(cls, **overrides: Any) -> Context:
        """A context from the ``EARNWATCH_*`` variables, with ``overrides`` (setting names)."""
        return cls(load_settings(**overrides))

    def replace(self, **overrides: Any) -> Context:
        """A new context with some settings changed (the embedded broker's URL, the demo's folder)."""
        settings = load_settings(**{**self.settings.model_dump(), **overrides})
        return Context(settings, watchlist=self._fixed)

    # --- the watchlist and what it tells ------------------------------------------------------

    @property
    def watchlist(self) -> Watchlist:
        """The watchlist; the file is parsed again only when it has changed."""
        if self._fixed is not None:
            return self._fixed
        path = Path(self.settings.config)
        try:
            stat = path.stat()
            stamp = (str(path), stat.st_mtime, stat.st_size)
        except OSError:
            stamp = (str(path), -1.0, -1)
        with self._lock:
            if self._loaded is None or self._loaded[0] != stamp:
                self._loaded = (stamp, watchlists.load_watchlist(path, check_routes=self._check_routes))
            return self._loaded[1]

    @property
    def masker(self) -> Masker:
        """Hides the watchlist's secrets (and any URL password); without a readable watchlist,
        URL passwords only."""
        try:
            current: Watchlist | None = self.watchlist
        except Exception:  # a broken watchlist is reported where it is used; mask what we can
            current = None
        with self._lock:
            if current is not None and self._masker[0] is not current:
                self._masker = (current, current.masker())
            return self._masker[1]

    def problems(self) -> list[str]:
        """What is wrong with the watchlist given the settings (``check-config`` and the
        long-running roles refuse to go on with any)."""
        return watchlists.problems(self.watchlist, self.settings)

    # --- the database ------------------------------------------------------------------------

    @property
    def engine(self) -> Engine:
        return self._engines()[1]

    def _engines(self) -> tuple[int, Engine, Engine]:
        with self._lock:
            if self._engine is None or self._engine[0] != os.getpid():
                engine = open_engine(self.settings.database_url)
                self._engine = (os.getpid(), engine, reading(engine))
            return self._engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commits when the block ends, rolls back on error."""
        with session_scope(self.engine) as session:
            yield session

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """One transaction that only reads: on SQLite it does not wait for, or hold up, a writer."""
        with read_scope(self._engines()[2]) as session:
            yield session

    # --- the network -------------------------------------------------------------------------

    @property
    def fetcher(self) -> Fetcher:
        """This process's fetcher (thread-safe; ``fetch_concurrency`` connections)."""
        with self._lock:
            if self._fetcher is None or self._fetcher[0] != os.getpid():
                self._fetcher = (os.getpid(), self.make_fetcher(max_connections=max(self.settings.fetch_concurrency, 4)))
            return self._fetcher[1]

    def make_fetcher(self, *, max_connections: int = 20) -> Fetcher:
        """A new fetcher from the settings, pacing hosts with this process's shared limiter (in
        Redis when the broker is Redis, so the pace holds across all workers)."""
        from scrapers.fetch import Fetcher  # httpx: loaded by the commands that fetch

        settings = self.settings
        sec = ("sec.gov", settings.sec_rate)
        sec_hosts = {(urlsplit(u).hostname or "").lower() for u in (settings.sec_www_url, settings.sec_data_url)}
        limiter, robots = self._shared_politeness()
        return Fetcher(
            settings.user_agent,
            timeout=settings.fetch_timeout,
            deadline=settings.fetch_deadline,
            max_bytes=settings.max_page_bytes,
            rate_per_host=settings.host_rate,
            host_rates={host: sec for host in sec_hosts if host},
            rate_limiter=limiter,
            robots=robots,
            attempts=settings.fetch_attempts,
            backoff=settings.fetch_backoff,
            max_connections=max_connections,
        )

    def _shared_politeness(self) -> tuple[RateLimiter, RobotsCache]:
        with self._lock:
            if self._politeness is None:
                broker = self.settings.broker_url
                limiter: RateLimiter = (
                    RedisRateLimiter(broker, self.settings.redis_prefix) if broker.startswith(REDIS_SCHEMES) else LocalRateLimiter()
                )
                self._politeness = (limiter, RobotsCache())
            return self._politeness

    @property
    def endpoints(self) -> Endpoints:
        return Endpoints(sec_www=self.settings.sec_www_url, sec_data=self.settings.sec_data_url)

    def kind(self, name: str) -> SourceKind:
        """This process's instance of a source kind (a kind may keep a cache, e.g. the SEC's tickers)."""
        with self._lock:
            if name not in self._kinds:
                self._kinds[name] = source_kind(name)
            return self._kinds[name]

    # --- the broker --------------------------------------------------------------------------

    def redis(self) -> redis.Redis:
        """A client of the broker's Redis (locks, heartbeats); ``BrokerError`` when there is none."""
        url = self.settings.broker_url
        if not url.startswith(REDIS_SCHEMES):
            raise BrokerError(
                f"the broker is {url!r}, not a Redis URL; set EARNWATCH_BROKER_URL=redis://HOST:6379/0, "
                "or start everything with `earnwatch run`"
            )
        import redis  # loaded by the roles that use the broker, not by `earnwatch scrape`

        with self._lock:
            if self._redis is None:
                self._redis = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
            return self._redis

    def close(self) -> None:
        """Close connections this process opened (the engine's pool, the fetcher's)."""
        with self._lock:
            if self._engine is not None and self._engine[0] == os.getpid():
                self._engine[1].dispose()
            if self._fetcher is not None and self._fetcher[0] == os.getpid():
                self._fetcher[1].close()
            self._engine = self._fetcher = None
