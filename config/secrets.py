"""Masking secrets wherever text is printed, logged or stored.

A ``Masker`` hides the secrets it was built with — the values a watchlist took from the
environment with ``${VAR}`` and the tokens in its route URLs (``Watchlist.secrets``) — and,
always, the password part of any URL (``scheme://user:password@host``) and secret-looking query
values (``?token=…``). A secret is hidden also as it appears percent-encoded in a URL
(``a/b+c`` as ``a%2Fb%2Bc``), the form an HTTP client's error message shows. A process builds
its masker from its watchlist (``worker.runtime``); nothing is remembered globally.

``template_url`` and ``expand_url`` turn a URL into the form that is stored and shown (each
``${VAR}`` value written back as ``${VAR}``) and back into the URL that is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote, quote_plus

MASK = "****"
MIN_SECRET = 4  # shorter values would mask ordinary words
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^\s:/@]*:)(?P<secret>[^\s@/?#]+)(?=@)", re.I)
_WHOLE_VAR = re.compile(r"\$\{[A-Za-z_][A-Za-z0-9_]*\}")
_SECRET_QUERY = re.compile(r"""(?P<head>[?&](?:token|password|pass|secret|key|apikey|api_key|webhook)=)(?P<secret>[^&\s"'<>]+)""", re.I)


def _masked(match: re.Match[str]) -> str:
    # A URL as stored and shown, with "${VAR}" for its secret, says nothing secret.
    return match[0] if _WHOLE_VAR.fullmatch(match["secret"]) else match["head"] + MASK


class Masker:
    """Replaces known secrets, URL passwords and secret query values with ``****``."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        given = {s for s in secrets if len(s) >= MIN_SECRET}
        self.secrets = frozenset(given | {form for s in given for form in (quote(s, safe=""), quote(s), quote_plus(s))})
        self._ordered = sorted(self.secrets, key=len, reverse=True)  # a longer secret before its prefix

    def mask(self, text: str) -> str:
        for secret in self._ordered:
            text = text.replace(secret, MASK)
        text = _URL_PASSWORD.sub(_masked, text)
        return _SECRET_QUERY.sub(_masked, text)

    def __call__(self, text: str) -> str:
        return self.mask(text)

    def with_secrets(self, more: Iterable[str]) -> Masker:
        return Masker(self.secrets | set(more))


def mask_secrets(text: str) -> str:
    """``text`` with URL passwords and secret query values hidden (no known secrets)."""
    return _PLAIN.mask(text)


_PLAIN = Masker()


_TEMPLATE_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def template_url(url: str, variables: Mapping[str, str]) -> str:
    """``url`` with the value of each of ``variables`` (name → value, taken from the
    environment) written back as ``${NAME}``: the form a URL is stored and shown in. Values
    shorter than ``MIN_SECRET`` are left alone, as the masker leaves them."""
    for name, value in sorted(variables.items(), key=lambda item: len(item[1]), reverse=True):
        if len(value) >= MIN_SECRET:
            url = url.replace(value, f"${{{name}}}")
    return url


def expand_url(template: str, variables: Mapping[str, str]) -> str:
    """The URL to fetch: each ``${NAME}`` of ``template`` replaced by its value (a name not in
    ``variables`` is left as written, so the fetch fails with the template in its error)."""
    if "${" not in template:
        return template
    return _TEMPLATE_VAR.sub(lambda m: variables.get(m[1], m[0]), template)
