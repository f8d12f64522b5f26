"""Who may change things over HTTP, and how forms are kept from being submitted by other sites.

- **The API**: every write needs ``Authorization: Bearer $EARNWATCH_API_TOKEN``, compared in
  constant time. No header: 401 (with ``WWW-Authenticate: Bearer``); a wrong token: 403. With
  no token configured every write is refused (403) and reads are served to this machine only
  (``loopback_only``).
- **The pages**: a person logs in once with the same token (``/login``) and gets a session
  cookie (HttpOnly, SameSite=Strict, signed with a key derived from the token, valid for
  ``SESSION_HOURS``). Every form carries a CSRF token bound to that session, and a POST whose
  ``Origin`` names another site is refused. Changing the API token ends every session.
- **Flash messages** (what an action did, shown on the next page) travel in a signed cookie,
  never in the URL, so no one can make the site say something it did not.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import secrets
import time
from urllib.parse import urlsplit

SESSION_COOKIE = "earnwatch_session"
FLASH_COOKIE = "earnwatch_flash"
SESSION_HOURS = 12


class Refused(Exception):
    """A request that may not do what it asks: the HTTP status and a message saying what to do."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


NO_TOKEN = "writes are turned off: set EARNWATCH_API_TOKEN for the web process and send it as 'Authorization: Bearer TOKEN'"


class Guard:
    """The token checks, sessions and CSRF tokens of one web process."""

    def __init__(self, token: str) -> None:
        self.token = token.strip()
        self._key = hmac.new(self.token.encode(), b"earnwatch web session", hashlib.sha256).digest() if self.token else b""

    @property
    def writes_allowed(self) -> bool:
        return bool(self.token)

    def matches(self, candidate: str) -> bool:
        """``candidate`` is the token (constant time; always False when no token is set)."""
        return bool(self.token) and hmac.compare_digest(candidate.strip().encode(), self.token.encode())

    def check_bearer(self, authorization: str | None) -> None:
        """Raise ``Refused`` unless the header carries the token."""
        if not self.token:
            raise Refused(403, NO_TOKEN)
        scheme, _, value = (authorization or "").partition(" ")
        if not authorization:
            raise Refused(401, "this request changes things: send 'Authorization: Bearer TOKEN' with the EARNWATCH_API_TOKEN")
        if scheme.lower() != "bearer" or not value.strip():
            raise Refused(401, "the Authorization header must be 'Bearer TOKEN'")
        if not self.matches(value):
            raise Refused(403, "the bearer token is not the EARNWATCH_API_TOKEN this server has")

    # --- sessions and CSRF --------------------------------------------------------------------

    def new_session(self, now: float | None = None) -> str:
        payload = f"{int(now or time.time())}.{secrets.token_hex(16)}"
        return f"{payload}.{self._sign(payload)}"

    def session_id(self, cookie: str | None, now: float | None = None) -> str | None:
        """The session's id if ``cookie`` is a session this token signed and it has not expired."""
        if not cookie or not self._key:
            return None
        issued, _, rest = cookie.partition(".")
        nonce, _, signature = rest.partition(".")
        if not (issued.isdigit() and nonce and signature):
            return None
        if not hmac.compare_digest(signature, self._sign(f"{issued}.{nonce}")):
            return None
        if (now or time.time()) - int(issued) > SESSION_HOURS * 3600:
            return None
        return nonce

    def csrf_token(self, session_id: str) -> str:
        return self._sign(f"csrf:{session_id}")

    def check_form(self, session_cookie: str | None, csrf: str | None, origin: str | None, host: str | None) -> None:
        """Raise ``Refused`` unless a logged-in person sent this form from one of our pages."""
        if not self.token:
            raise Refused(403, NO_TOKEN)
        if origin and origin != "null" and urlsplit(origin).netloc != (host or ""):
            raise Refused(403, f"this form was sent from another site ({origin}); use earnwatch's own pages")
        session = self.session_id(session_cookie)
        if session is None:
            raise Refused(401, "log in with the API token first (/login); sessions last 12 hours")
        if not csrf or not hmac.compare_digest(csrf, self.csrf_token(session)):
            raise Refused(403, "this form is out of date or was not sent from earnwatch's own page; reload the page and try again")

    # --- flash messages -----------------------------------------------------------------------

    def flash(self, text: str) -> str:
        data = base64.urlsafe_b64encode(text[:3000].encode()).decode()
        return f"{data}.{self._sign('flash:' + data)}"

    def read_flash(self, cookie: str | None) -> str | None:
        if not cookie or not self._key:
            return None
        data, _, signature = cookie.rpartition(".")
        if not data or not hmac.compare_digest(signature, self._sign("flash:" + data)):
            return None
        try:
            return base64.urlsafe_b64decode(data.encode()).decode()
        except (ValueError, UnicodeDecodeError):
            return None

    def _sign(self, text: str) -> str:
        return hmac.new(self._key, text.encode(), hashlib.sha256).hexdigest()


def is_loopback(host: str | None) -> bool:
    """A client on this machine (127.0.0.0/8, ::1)."""
    if not host:
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False
