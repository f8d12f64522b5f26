"""What can be told about an alert URL before anything is sent: whether it can be sent to at
all (``target_problem``), which parts of it are secret (``url_secrets``), and the identity under
which a delivery to it is remembered (``target_identity``).

Both ask apprise to parse the URL. apprise logs what it dislikes (``Unparseable URL …``,
``An invalid Slack (second) Token``) on its own logger; here those records are caught and
become the reason given, instead of reaching the terminal as stray ``ERROR`` lines.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import hashlib
import logging
import re
from collections.abc import Iterator

import apprise
from apprise.manager_plugins import NotificationManager

from config.secrets import Masker

# Schemes earnwatch sends to itself, beside those apprise knows (see ``alerts.channels``).
OWN_SCHEMES = frozenset({"console"})
_URL_PARTS = re.compile(r"[/?&=:@#]")
_NO_SECRETS = Masker()
_caught: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("apprise_caught", default=None)


class _Catch(logging.Filter):
    """Keeps apprise's records from the handlers while ``caught()`` is open in this context."""

    def filter(self, record: logging.LogRecord) -> bool:
        sink = _caught.get()
        if sink is None:
            return True
        if record.levelno >= logging.WARNING:
            sink.append(record.getMessage())
        return False


_filter = _Catch()
logging.getLogger("apprise").addFilter(_filter)


@contextlib.contextmanager
def caught() -> Iterator[list[str]]:
    """Collect what apprise logs (warnings and errors) in this block, instead of logging it."""
    sink: list[str] = []
    token = _caught.set(sink)
    try:
        yield sink
    finally:
        _caught.reset(token)


def scheme_of(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def target_problem(url: str) -> str | None:
    """Why ``url`` cannot be sent to, in a sentence that says what to do; None if it can."""
    scheme = scheme_of(url)
    if scheme in OWN_SCHEMES:
        return None
    shown = mask_url(url)
    if not scheme:
        return f"{shown!r} is not an alert URL; write it like mailtos://user:pass@host?to=you@example.org or slack://A/B/C/#channel"
    known = NotificationManager().schemas()
    if scheme not in known:
        near = difflib.get_close_matches(scheme, [*known, *OWN_SCHEMES], n=1)
        hint = f" (did you mean {near[0]}://?)" if near else ""
        return f"{shown}: apprise has no {scheme}:// service{hint}; see https://github.com/caronc/apprise/wiki for each service's URL"
    with caught() as complaints:
        plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    if plugin:
        if scheme in ("mailto", "mailtos") and not getattr(plugin, "targets", True):
            return f"{shown} names no recipient; add ?to=someone@example.org"
        return None
    reasons = "; ".join(dict.fromkeys(c for c in complaints if not c.startswith("Unparseable URL"))) or "apprise cannot read it"
    return f"{shown}: {_plain(reasons)}; see https://github.com/caronc/apprise/wiki for the {scheme}:// URL format"


def url_secrets(url: str) -> set[str]:
    """The parts of an apprise URL apprise itself would hide (``slack://TokenA/TokenB/TokenC``,
    a password, a bot token)."""
    if scheme_of(url) in OWN_SCHEMES:
        return set()
    from urllib.parse import unquote

    with caught():
        try:
            plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
        except Exception:  # an unusable URL is reported by target_problem
            return set()
    if not plugin:
        return set()
    full, private = _URL_PARTS.split(plugin.url()), _URL_PARTS.split(plugin.url(privacy=True))
    if len(full) != len(private):
        return set()
    found = set()
    for value, shown in zip(full, private, strict=True):
        if value != shown:
            found |= {value, unquote(value)}
    return found


def mask_url(url: str) -> str:
    """``url`` as it may be printed: its tokens and password hidden."""
    return Masker(url_secrets(url)).mask(url)


def target_identity(url: str, masker: Masker | None = None) -> str:
    """A short, stable name for one target: a hash of ``url`` with its secrets masked.

    It is what a delivery remembers, instead of the target's place in its route, so a route
    edited between two attempts neither loses nor doubles a message; and, the secrets being
    masked first, it stays the same when a password or token is rotated, and holds nothing
    that could be worked back to a secret. ``masker`` adds the secrets a watchlist took from
    the environment. Two targets of a route that differ only in their secrets share it (the
    deliver stage tells them apart by their order).
    """
    masked = (masker or _NO_SECRETS).mask(mask_url(url))
    return hashlib.sha256(masked.encode()).hexdigest()[:16]


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().rstrip(".")
