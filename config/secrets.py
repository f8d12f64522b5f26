"""Masking secrets wherever text is printed, logged or stored.

Two kinds of secret are hidden: any value the watchlist took from the environment with
``${VAR}`` (registered by ``remember_secret``), and the password part of any URL
(``scheme://user:password@host``).
"""

from __future__ import annotations

import re

MASK = "****"
_known: set[str] = set()
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)(?P<secret>[^\s@/?#]+)(?=@)", re.I)
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
