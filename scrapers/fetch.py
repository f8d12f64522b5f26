"""``Fetcher``: the only code in earnwatch that touches the network.

It GETs http(s) URLs with a fixed User-Agent, politely and safely:

- each host is paced by a ``RateLimiter`` (per process, or in Redis across every worker);
- robots.txt is honoured (unless a source opts out), read once per site and remembered;
- timeouts, 429 and 5xx are retried a few times with exponential backoff and jitter
  (tenacity), honouring ``Retry-After``;
- every ``get`` has an overall deadline (connecting, waiting, reading, retries and redirects
  together), so a page that trickles a byte a second is given up on, not waited out;
- a bounded number of redirects is followed, each target checked again (http and https only);
- the body is streamed up to a size cap.

Every transport or HTTP failure becomes a ``FetchError`` that says what happened and whether
retrying can help. Decoding text is left to the parsers: a ``Response`` carries bytes and the
Content-Type.
"""

from __future__ import annotations

import copy
import os
import ssl
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from types import TracebackType
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from tenacity import RetryCallState, Retrying, retry_if_exception, stop_after_attempt, wait_exponential_jitter

from scrapers.base import Validators
from scrapers.errors import FetchError, ResponseTooLargeError, RobotsDisallowedError, UnsafeURLError
from scrapers.ratelimit import LocalRateLimiter, RateLimiter
from scrapers.robots import ALLOW_ALL, RobotsCache, parse_robots

# httpx imports its command-line client (click, rich.syntax, pygments: ~3 MB and ~25 ms of each
# process) whenever those are installed, as they are beside typer; earnwatch never runs it. With
# a module that is not the CLI in its place, httpx defines its small stand-in instead:
# https://github.com/encode/httpx/blob/0.28.1/httpx/__init__.py#L14-L22
sys.modules.setdefault("httpx._main", types.ModuleType("httpx._main"))
import httpx  # noqa: E402

_ROBOTS_MAX_BYTES = 500_000
# A Retry-After longer than this is not waited out inside one check: the source is retried
# on its schedule instead.
_MAX_RETRY_AFTER = 30.0

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5"


@dataclass(frozen=True)
class Response:
    """One answer to ``Fetcher.get``: the final URL after redirects, and the body as bytes.

    ``not_modified`` is True when the server answered 304 to a conditional request; the
    content is then empty and the caller keeps what it stored before.
    """

    url: str
    status: int
    content: bytes
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


def check_url(url: str) -> str:
    """Return ``url`` if earnwatch may fetch it (http or https with a host), else raise ``UnsafeURLError``."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise UnsafeURLError(f"{url!r} is not a valid URL ({exc})", url=url) from None
    if parts.scheme.lower() not in ("http", "https"):
        problem = f"the {parts.scheme}: scheme is not allowed" if parts.scheme else "the URL has no scheme"
        raise UnsafeURLError(
            f"refusing to fetch {url!r}: {problem}; only http and https URLs are fetched", url=url
        )
    if not parts.hostname:
        raise UnsafeURLError(f"refusing to fetch {url!r}: the URL has no host name", url=url)
    return url


class Fetcher:
    """A small, safe, polite HTTP client: ``with Fetcher("earnwatch/0.1 (+contact)") as f: f.get(url)``.

    One per process, shared by its threads (``worker.runtime.Context.fetcher``): at most
    ``max_connections`` connections, kept open between requests (HTTP/1.1 keep-alive, HTTP/2
    where the server offers it; ``_Clients``), so a cycle over one host's sources opens few of them.

    ``rate_per_host`` is requests per second per host (0: unpaced); ``host_rates`` maps a host
    to a shared bucket and its own rate, e.g. ``{"www.sec.gov": ("sec.gov", 10.0)}``.
    ``attempts`` counts tries of one request (timeouts, 429 and 5xx are tried again after
    ``backoff`` seconds, doubling with jitter, or after ``Retry-After`` if the server says so
    and it is at most 30 s). ``deadline`` bounds one ``get`` in all: ``timeout`` is per read.
    """

    def __init__(
        self,
        user_agent: str,
        timeout: float = 20.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
        *,
        rate_per_host: float = 0.0,
        host_rates: dict[str, tuple[str, float]] | None = None,
        rate_limiter: RateLimiter | None = None,
        robots: RobotsCache | None = None,
        respect_robots: bool = True,
        attempts: int = 3,
        backoff: float = 0.5,
        max_backoff: float = 10.0,
        max_connections: int = 20,
        deadline: float = 60.0,
    ) -> None:
        self.user_agent = user_agent
        self.timeout = timeout
        self.deadline = deadline
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.rate_per_host = rate_per_host
        self.host_rates = dict(host_rates or {})
        self.rate_limiter = rate_limiter or LocalRateLimiter()
        self.robots = robots or RobotsCache()
        self.respect_robots = respect_robots
        self.attempts = max(1, attempts)
        self.backoff = backoff
        self.max_backoff = max_backoff
        tls = TrustOnFirstUse()  # one for every client: the CA certificates are read once
        self._clients = _Clients(
            lambda: httpx.Client(
                headers={"User-Agent": user_agent, "Accept": _ACCEPT},
                timeout=httpx.Timeout(timeout),
                follow_redirects=False,  # followed by hand, so each target is checked
                http2=True,  # where a server offers it (TLS with ALPN); HTTP/1.1 keep-alive otherwise
                verify=tls,
                limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            ),
            max_connections,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close every connection."""
        self._clients.close()

    def for_source(self, *, respect_robots: bool) -> Fetcher:
        """This fetcher (same connections, pacing and robots cache) with a source's own choices."""
        if respect_robots == self.respect_robots:
            return self
        bound = copy.copy(self)
        bound.respect_robots = respect_robots
        return bound

    def get(self, url: str, validators: Validators | None = None) -> Response:
        """GET ``url`` (conditionally when ``validators`` are given) and return the final response.

        Raises ``UnsafeURLError`` for non-http(s) URLs or redirects, ``RobotsDisallowedError``
        when robots.txt says no, ``ResponseTooLargeError`` past ``max_bytes``, and
        ``FetchError`` for timeouts, connection failures, too many redirects and 4xx/5xx
        answers (5xx, 429 and timeouts are temporary, and tried again first).
        """
        headers: dict[str, str] = {}
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        check_url(url)
        if self.respect_robots:
            self._check_robots(url)
        return self._retrying(url, headers)

    def _retrying(self, url: str, headers: dict[str, str]) -> Response:
        deadline = _Deadline(url, self.deadline)
        retrying = Retrying(
            retry=retry_if_exception(lambda exc: isinstance(exc, FetchError) and exc.retryable),
            stop=stop_after_attempt(self.attempts),
            wait=lambda state: self._wait(state, deadline),
            reraise=True,
        )
        return retrying(self._follow, url, headers, deadline)

    def _wait(self, state: RetryCallState, deadline: _Deadline) -> float:
        backoff = wait_exponential_jitter(multiplier=self.backoff, max=self.max_backoff, jitter=self.backoff)(state)
        exc = state.outcome.exception() if state.outcome else None
        asked = getattr(exc, "retry_after", None) or 0.0
        wait = max(backoff, asked)
        if wait >= deadline.remaining():  # the next try could not finish in time
            raise deadline.exceeded()
        return wait

    def _follow(self, url: str, headers: dict[str, str], deadline: _Deadline) -> Response:
        current = url
        for hops in range(self.max_redirects + 1):
            response = self._get_once(current, headers, deadline)
            if isinstance(response, Response):
                return response
            target = check_redirect(current, response)
            if hops == self.max_redirects:
                break
            current = target
        raise FetchError(
            f"too many redirects fetching {url}: gave up after {self.max_redirects} "
            f"(last at {current}); check the URL",
            url=url,
            permanent=False,
        )

    def _pace(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        bucket, rate = self.host_rates.get(host, (host, self.rate_per_host))
        if rate > 0:
            wait = self.rate_limiter.reserve(bucket, 1.0 / rate)
            if wait > 0:
                time.sleep(wait)

    def _check_robots(self, url: str) -> None:
        parts = urlsplit(url)
        site = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self.robots.get(site)
        if rules is None:
            with self.robots.lock_for(site):
                rules = self.robots.get(site) or self._read_robots(site, url)
        if not rules.can_fetch(self.user_agent, url):
            raise RobotsDisallowedError(
                f"{site}/robots.txt does not allow earnwatch to fetch {url}; "
                "if you have the site's permission, set respect_robots: false for this source",
                url=url,
            )

    def _read_robots(self, site: str, page_url: str) -> RobotFileParser:
        robots_url = f"{site}/robots.txt"
        reader = copy.copy(self)
        reader.max_bytes = _ROBOTS_MAX_BYTES
        try:
            response = reader._retrying(robots_url, {})
        except ResponseTooLargeError:
            rules = ALLOW_ALL  # RFC 9309 lets a crawler stop reading past 500 KiB
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                rules = ALLOW_ALL  # no robots.txt: everything is allowed
            elif exc.status is None:  # the site cannot be reached at all: say so about the page
                raise FetchError(str(exc).replace(robots_url, page_url), url=page_url, permanent=False) from None
            else:
                raise FetchError(
                    f"could not read {robots_url} ({exc}); robots.txt is checked before any page of the site",
                    url=robots_url,
                    permanent=False,
                ) from None
        else:
            rules = parse_robots(response.content.decode("utf-8", errors="replace"))
        self.robots.put(site, rules)
        return rules

    def _get_once(self, url: str, headers: dict[str, str], deadline: _Deadline) -> Response | str:
        """One request: a ``Response``, or the raw Location of a redirect."""
        self._pace(url)
        # Each read waits at most ``timeout``, and never past the deadline.
        timeout = httpx.Timeout(max(0.001, min(self.timeout, deadline.remaining())))
        try:
            with self._clients.lent(urlsplit(url).netloc.lower()) as client, client.stream("GET", url, headers=headers, timeout=timeout) as resp:
                status = resp.status_code
                if status in _REDIRECTS and resp.headers.get("location"):
                    return resp.headers["location"]
                _raise_for_status(url, status, resp.headers.get("retry-after"))
                # A 304 has no body, but it is read to its end all the same: a response closed
                # before h11 has seen its end closes the connection, and the next request to
                # the host would open a new one (a TCP, maybe a TLS, handshake per 304).
                content = self._read_capped(url, resp, deadline)
                return Response(
                    url=str(resp.url),
                    status=status,
                    content=content,
                    content_type=resp.headers.get("content-type", ""),
                    etag=resp.headers.get("etag"),
                    last_modified=resp.headers.get("last-modified"),
                    not_modified=status == 304,
                )
        except httpx.TimeoutException as exc:
            if deadline.remaining() <= 0:
                raise deadline.exceeded() from None
            what = "connecting to" if isinstance(exc, httpx.ConnectTimeout) else "waiting for"
            raise FetchError(
                f"timed out after {self.timeout:g}s {what} {url}; the site may be slow or down, will retry",
                url=url,
                permanent=False,
                retryable=True,
            ) from None
        except httpx.ConnectError as exc:
            raise FetchError(f"could not connect to {url}: {_connect_reason(exc)}", url=url, permanent=False) from None
        except httpx.InvalidURL as exc:
            raise UnsafeURLError(f"{url!r} is not a valid URL ({exc})", url=url) from None
        except UnicodeError as exc:  # the idna codec refuses "a..b" or "xn--a" when connecting
            raise UnsafeURLError(f"{url!r} is not a valid URL ({exc}); check the link", url=url) from None
        except httpx.HTTPError as exc:  # protocol errors, resets, decoding errors
            raise FetchError(
                f"fetching {url} failed: {exc or type(exc).__name__}; will retry", url=url, permanent=False
            ) from None

    def _read_capped(self, url: str, resp: httpx.Response, deadline: _Deadline) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(url)
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise self._too_large(url)
            if deadline.remaining() <= 0:
                raise deadline.exceeded()
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, url: str) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"response from {url} is larger than the {self.max_bytes:,}-byte cap (max_bytes); "
            "is this really an earnings document?",
            url=url,
        )


class TrustOnFirstUse(ssl.SSLContext):
    """The verifying TLS context httpx makes by default (``httpx.create_ssl_context``: the CA
    certificates of ``SSL_CERT_FILE``, else ``SSL_CERT_DIR``, else certifi's bundle), except that
    the certificates are read when the first TLS connection is made, not when the fetcher is:
    reading them costs ~80 ms of CPU and ~4 MB, which a cycle of plain-http pages never needs."""

    _loaded: bool
    _loading: threading.Lock

    def __new__(cls) -> TrustOnFirstUse:
        context = super().__new__(cls, ssl.PROTOCOL_TLS_CLIENT)  # verifies the certificate and the host name
        context._loaded = False
        context._loading = threading.Lock()
        keylog = os.environ.get("SSLKEYLOGFILE")  # as ssl.create_default_context does
        if keylog:
            context.keylog_filename = keylog
        return context

    def load_trusted(self) -> None:
        """Read the CA certificates, once (every TLS connection calls this first)."""
        if self._loaded:
            return
        with self._loading:
            if not self._loaded:
                if os.environ.get("SSL_CERT_FILE"):
                    self.load_verify_locations(cafile=os.environ["SSL_CERT_FILE"])
                elif os.environ.get("SSL_CERT_DIR"):
                    self.load_verify_locations(capath=os.environ["SSL_CERT_DIR"])
                else:
                    import certifi

                    self.load_verify_locations(cafile=certifi.where())
                self._loaded = True

    def wrap_socket(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.load_trusted()
        return super().wrap_socket(*args, **kwargs)

    def wrap_bio(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.load_trusted()
        return super().wrap_bio(*args, **kwargs)


class _Clients:
    """httpx clients of one connection each, lent for one request at a time and kept, when
    free, by the host they last talked to; at most ``most`` of them (so at most ``most``
    connections), made as they are first needed.

    One httpx client shared by many threads costs twice the CPU per request: every request
    and every response's end takes its pool's lock, and with a few dozen threads they queue
    for it, each wait a context switch (1.4 ms of CPU per conditional GET with 32 threads,
    0.7 ms with a client each). What a shared pool did beyond this, one HTTP/2 connection
    carrying requests of several threads to one host, is given up: each client still speaks
    HTTP/2 where the server offers it, and host pacing keeps few requests to one host in
    flight at once."""

    def __init__(self, make: Callable[[], httpx.Client], most: int) -> None:
        self._make, self._most = make, max(1, most)
        self._every: list[httpx.Client] = []
        self._free: dict[str, list[httpx.Client]] = {}
        self._changed = threading.Condition(threading.Lock())

    @contextmanager
    def lent(self, host: str) -> Iterator[httpx.Client]:
        client = self._take(host)
        try:
            yield client
        finally:
            with self._changed:
                self._free.setdefault(host, []).append(client)
                self._changed.notify()

    def _take(self, host: str) -> httpx.Client:
        with self._changed:
            while True:
                same = self._free.get(host)
                if same:
                    client = same.pop()
                    if not same:
                        del self._free[host]
                    return client
                if len(self._every) < self._most:  # a new one, rather than take another host's connection
                    self._every.append(client := self._make())
                    return client
                if self._free:  # its connection to another host is closed for this one
                    other = next(iter(self._free))
                    client = self._free[other].pop()
                    if not self._free[other]:
                        del self._free[other]
                    return client
                self._changed.wait()

    def close(self) -> None:
        with self._changed:
            every, self._every, self._free = self._every, [], {}
        for client in every:
            client.close()


class _Deadline:
    """The moment one ``get`` of ``url`` gives up, ``seconds`` after it began."""

    def __init__(self, url: str, seconds: float) -> None:
        self.url, self.seconds = url, seconds
        self.at = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def exceeded(self) -> FetchError:
        return FetchError(
            f"{self.url}: gave up after {self.seconds:g} s: too slow (the site answers too slowly or not at all); "
            "it is checked again later",
            url=self.url,
            permanent=False,
        )


def check_redirect(url: str, location: str) -> str:
    """Resolve a redirect's Location against ``url`` and refuse anything but http(s)."""
    target = urljoin(url, location.strip())
    try:
        return check_url(target)
    except UnsafeURLError as exc:
        raise UnsafeURLError(f"{url} redirected to a URL we won't fetch: {exc}", url=url) from None


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (a number or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _raise_for_status(url: str, status: int, retry_after: str | None = None) -> None:
    if status < 300 or status == 304:
        return
    if status in (404, 410):
        raise FetchError(
            f"not found: {url} answered {status}; check the URL (it is checked again on schedule)",
            url=url,
            permanent=False,
            status=status,
        )
    if status == 429 or status >= 500:
        asked = retry_after_seconds(retry_after)
        waited = f", asked us to wait {asked:.0f}s" if asked is not None else ""
        raise FetchError(
            f"{url} answered {status} ({'too many requests' if status == 429 else 'server error'}{waited}); will retry",
            url=url,
            permanent=False,
            status=status,
            retry_after=asked,
            retryable=asked is None or asked <= _MAX_RETRY_AFTER,
        )
    if status in (401, 403):
        raise FetchError(
            f"{url} answered {status} (access denied); the site may block automated clients or need a login",
            url=url,
            permanent=True,
            status=status,
        )
    if status == 408:
        raise FetchError(f"{url} answered 408 (request timeout); will retry", url=url, permanent=False, status=status, retryable=True)
    raise FetchError(f"{url} answered {status}, which earnwatch cannot use; check the URL", url=url, permanent=True, status=status)


def _connect_reason(exc: httpx.ConnectError) -> str:
    text = str(exc).lower()
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError):
            text += " connection refused"
        cause = cause.__cause__ or cause.__context__
    if "refused" in text:
        return "connection refused; is the site up?"
    if any(s in text for s in ("name or service not known", "nodename nor servname", "name resolution", "getaddrinfo")):
        return "the host name could not be resolved; check the URL's spelling"
    if "certificate" in text or "ssl" in text or "tls" in text:
        return f"TLS/certificate problem ({exc}); check the site's certificate"
    return f"{exc or 'connection failed'}; is the site up?"
