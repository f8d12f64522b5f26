"""``Fetcher``: the only code in earnwatch that touches the network.

It GETs http(s) URLs with a fixed User-Agent, follows a bounded number of redirects (each
target checked again), streams the body up to a size cap and turns every transport or HTTP
failure into a ``FetchError`` that says what happened and whether retrying can help.
Decoding text is left to the parsers: a ``Response`` carries bytes and the Content-Type.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx

from scrapers.base import Validators
from scrapers.errors import FetchError, ResponseTooLargeError, UnsafeURLError

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
    """A small, safe HTTP client: ``with Fetcher("earnwatch/0.1 (+contact)") as f: f.get(url)``."""

    def __init__(
        self,
        user_agent: str,
        timeout: float = 20.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 5,
    ) -> None:
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept": _ACCEPT},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,  # followed by hand, so each target is checked
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
        """Close the underlying connection pool."""
        self._client.close()

    def get(self, url: str, validators: Validators | None = None) -> Response:
        """GET ``url`` (conditionally when ``validators`` are given) and return the final response.

        Raises ``UnsafeURLError`` for non-http(s) URLs or redirects, ``ResponseTooLargeError``
        past ``max_bytes``, and ``FetchError`` for timeouts, connection failures, too many
        redirects and 4xx/5xx answers (5xx, 429 and timeouts are temporary).
        """
        headers: dict[str, str] = {}
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        current = check_url(url)
        for hops in range(self.max_redirects + 1):
            response = self._get_once(current, headers)
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

    def _get_once(self, url: str, headers: dict[str, str]) -> Response | str:
        """One request: a ``Response``, or the raw Location of a redirect."""
        try:
            with self._client.stream("GET", url, headers=headers) as resp:
                status = resp.status_code
                if status in _REDIRECTS and resp.headers.get("location"):
                    return resp.headers["location"]
                _raise_for_status(url, status)
                content = b"" if status == 304 else self._read_capped(url, resp)
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
            what = "connecting to" if isinstance(exc, httpx.ConnectTimeout) else "waiting for"
            raise FetchError(
                f"timed out after {self.timeout:g}s {what} {url}; the site may be slow or down, will retry",
                url=url,
                permanent=False,
            ) from None
        except httpx.ConnectError as exc:
            raise FetchError(f"could not connect to {url}: {_connect_reason(exc)}", url=url, permanent=False) from None
        except httpx.InvalidURL as exc:
            raise UnsafeURLError(f"{url!r} is not a valid URL ({exc})", url=url) from None
        except httpx.HTTPError as exc:  # protocol errors, resets, decoding errors
            raise FetchError(
                f"fetching {url} failed: {exc or type(exc).__name__}; will retry", url=url, permanent=False
            ) from None

    def _read_capped(self, url: str, resp: httpx.Response) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(url)
        chunks: list[bytes] = []
        size = 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise self._too_large(url)
            chunks.append(chunk)
        return b"".join(chunks)

    def _too_large(self, url: str) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"response from {url} is larger than the {self.max_bytes:,}-byte cap (max_bytes); "
            "is this really a summary page?",
            url=url,
        )


def check_redirect(url: str, location: str) -> str:
    """Resolve a redirect's Location against ``url`` and refuse anything but http(s)."""
    target = urljoin(url, location.strip())
    try:
        return check_url(target)
    except UnsafeURLError as exc:
        raise UnsafeURLError(f"{url} redirected to a URL we won't fetch: {exc}", url=url) from None


def _raise_for_status(url: str, status: int) -> None:
    if status < 300 or status == 304:
        return
    if status in (404, 410):
        raise FetchError(
            f"not found: {url} answered {status}; check the URL (it is checked again on schedule)",
            url=url,
            permanent=False,
        )
    if status == 429 or status >= 500:
        raise FetchError(
            f"{url} answered {status} ({'too many requests' if status == 429 else 'server error'}); will retry",
            url=url,
            permanent=False,
        )
    if status in (401, 403):
        raise FetchError(
            f"{url} answered {status} (access denied); the site may block automated clients or need a login",
            url=url,
            permanent=True,
        )
    if status == 408:
        raise FetchError(f"{url} answered 408 (request timeout); will retry", url=url, permanent=False)
    raise FetchError(f"{url} answered {status}, which earnwatch cannot use; check the URL", url=url, permanent=True)


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
