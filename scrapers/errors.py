"""The exception tree of ``scrapers`` (drawn in ``scrapers/__init__.py``).

Every error says what failed, where, and what to do. ``permanent`` tells the caller whether
trying again later can help: a timeout or a 503 is temporary; a page with no quarter in its
title is permanent for that content (the source is still checked again on its schedule).
"""

from __future__ import annotations


class ScrapeError(Exception):
    """Base of every error raised while fetching or parsing a source."""

    permanent = False

    def __init__(self, message: str, *, url: str | None = None, permanent: bool | None = None):
        super().__init__(message)
        self.url = url
        if permanent is not None:
            self.permanent = permanent


class FetchError(ScrapeError):
    """The network, the server or the response failed us (timeouts, 4xx/5xx, too large).

    ``status`` is the HTTP status when there was one; ``retry_after`` the seconds a 429 or 503
    asked us to wait; ``retryable`` whether trying again at once (with backoff) may help.
    """

    def __init__(
        self,
        message: str,
        *,
        url: str | None = None,
        permanent: bool | None = None,
        status: int | None = None,
        retry_after: float | None = None,
        retryable: bool = False,
    ):
        super().__init__(message, url=url, permanent=permanent)
        self.status = status
        self.retry_after = retry_after
        self.retryable = retryable


class UnsafeURLError(FetchError):
    """A URL whose scheme or form earnwatch refuses to fetch (only http and https)."""

    permanent = True


class RobotsDisallowedError(FetchError):
    """The site's robots.txt does not allow our User-Agent to fetch the URL."""

    permanent = True


class ResponseTooLargeError(FetchError):
    """A response larger than the configured cap."""

    permanent = True


class ParseError(ScrapeError):
    """A page that could be fetched but not read as an earnings document."""

    permanent = True


class PeriodNotFoundError(ParseError):
    """A document whose fiscal quarter cannot be found: never guessed silently."""
