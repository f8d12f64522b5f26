"""Masking secrets wherever text is printed, logged or stored.

Three kinds of secret are hidden: any value the watchlist took from the environment with
``${VAR}`` (registered by ``remember_secret``), the tokens apprise itself hides in a route's
URL (``remember_url_secrets``: ``slack://TokenA/TokenB/TokenC``), and the password part of any
URL (``scheme://user:password@host``).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

MASK = "****"
_known: set[str] = set()
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)(?P<secret>[^\s@/?#]+)(?=@)", re.I)
_URL_PARTS = re.compile(r"[/?&=:@#]")
_SECRET_QUERY = re.compile(r"(?P<head>[?&](?:token|password|pass|secret|key|apikey|api_key|webhook)=)(?P<secret>[^&\s]+)", re.I)


def remember_secret(value: str) -> None:
    """Mask ``value`` in every later ``mask_secrets`` call (values under 4 characters are not)."""
    if len(value) >= 4:
        _known.add(value)


def mask_secrets(text: str) -> str:
    """``text`` with every known secret, URL password and secret query value replaced."""
    for secret in sorted(_known, key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _URL_PASSWORD.sub(lambda m: m["head"] + MASK, text)
    return _SECRET_QUERY.sub(lambda m: m["head"] + MASK, text)


def remember_url_secrets(url: str) -> None:
    """Remember the secret parts of an apprise URL (``slack://TokenA/TokenB/TokenC``, a
    password, a bot token), so that ``mask_secrets`` hides them wherever they show up later,
    even in an error message that quotes the service's own endpoint."""
    try:
        import apprise

        plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
    except Exception:  # an unusable URL is reported where it is sent; nothing to remember
        return
    if not plugin:
        return
    full, private = _URL_PARTS.split(plugin.url()), _URL_PARTS.split(plugin.url(privacy=True))
    if len(full) != len(private):
        return
    for value, shown in zip(full, private, strict=True):
        if value != shown:
            remember_secret(value)
            remember_secret(unquote(value))


def mask_url(url: str) -> str:
    """An apprise URL as it may be printed: its tokens and password hidden."""
    remember_url_secrets(url)
    return mask_secrets(url)
