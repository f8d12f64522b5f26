"""Masking secrets wherever text is printed, logged or stored.

A ``Masker`` hides the secrets it was built with — the values a watchlist took from the
environment with ``${VAR}`` and the tokens in its route URLs (``Watchlist.secrets``) — and,
always, the password part of any URL (``scheme://user:password@host``) and secret-looking query
values (``?token=…``). A process builds its masker from its watchlist (``worker.runtime``);
nothing is remembered globally.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "****"
MIN_SECRET = 4  # shorter values would mask ordinary words
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)(?P<secret>[^\s@/?#]+)(?=@)", re.I)
_SECRET_QUERY = re.compile(r"(?P<head>[?&](?:token|password|pass|secret|key|apikey|api_key|webhook)=)(?P<secret>[^&\s]+)", re.I)


class Masker:
    """Replaces known secrets, URL passwords and secret query values with ``****``."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = frozenset(s for s in secrets if len(s) >= MIN_SECRET)
        self._ordered = sorted(self.secrets, key=len, reverse=True)  # a longer secret before its prefix

    def mask(self, text: str) -> str:
        for secret in self._ordered:
            text = text.replace(secret, MASK)
        text = _URL_PASSWORD.sub(lambda m: m["head"] + MASK, text)
        return _SECRET_QUERY.sub(lambda m: m["head"] + MASK, text)

    def __call__(self, text: str) -> str:
        return self.mask(text)

    def with_secrets(self, more: Iterable[str]) -> Masker:
        return Masker(self.secrets | set(more))


def mask_secrets(text: str) -> str:
    """``text`` with URL passwords and secret query values hidden (no known secrets)."""
    return _PLAIN.mask(text)


_PLAIN = Masker()
