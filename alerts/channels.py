"""Sending a rendered message to one target URL.

Every apprise URL works; each target gets the format it reads best:

- ``mailto://``/``mailtos://``: HTML with a plain-text part of our own (``alerts.email``);
- ``slack://``: our Slack mrkdwn, passed through untouched in a Block Kit section;
- anything else: CommonMark where the service renders it, plain text elsewhere.

``CHANNELS`` adds the targets apprise has no notion of, or that need more than it offers, by
URL scheme: a small class with one ``send`` method each.

Each send may be given ``timeout``, the seconds any one network step may take (connecting,
reading a reply), and ``key``, a stable name for this message to this target. Where the
channel takes an idempotency key, the key goes with the message, so that a repeat of it is
recognisably the same message: an email's ``Message-ID``. Slack's ``client_msg_id`` is not
sent: apprise builds the payload and offers no way to add it, and Slack keeps the field for
its own clients (https://github.com/slackapi/java-slack-sdk/issues/852).
"""

from __future__ import annotations

import re
import sys
from typing import Protocol

import apprise

from alerts import DeliveryError
from alerts.email import EmailChannel
from alerts.render import Message
from alerts.targets import caught, mask_url, url_secrets
from config.secrets import Masker


class Channel(Protocol):
    def send(self, url: str, message: Message, *, key: str | None = None, timeout: float | None = None) -> None:
        """Deliver ``message`` to ``url`` or raise ``DeliveryError``."""


class ConsoleChannel:
    """``console://``: prints the alert on standard output, for local runs and the demo."""

    def send(self, url: str, message: Message, *, key: str | None = None, timeout: float | None = None) -> None:
        print(f"\n=== {message.title} ===\n{message.text}\n", file=sys.stdout, flush=True)


def notify(
    url: str,
    *,
    title: str,
    body: str,
    body_format: apprise.NotifyFormat | None,
    shown: str | None = None,
    timeout: float | None = None,
) -> None:
    """Send through apprise; raises ``DeliveryError`` with apprise's reason, secrets masked.
    ``shown`` is the URL as the watchlist has it, when ``url`` was adjusted for sending;
    ``timeout`` bounds connecting and each read."""
    notifier = apprise.Apprise()
    shown = shown or url
    with caught():
        plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
        if plugin and timeout is not None:
            plugin.socket_connect_timeout = plugin.socket_read_timeout = timeout
        added = plugin is not None and notifier.add(plugin)
    if not added:
        raise DeliveryError(
            f"{mask_url(shown)} is not a URL apprise understands; see https://github.com/caronc/apprise/wiki for the URL of each service",
            permanent=True,
        )
    with caught() as complaints:
        result = notifier.notify(title=title, body=body, body_format=body_format)
    if not bool(result):
        detail = " ".join(complaints) or "no reason given"
        mask = Masker(url_secrets(url) | url_secrets(shown)).mask
        raise DeliveryError(f"sending to {mask_url(shown)} failed: {mask(detail)}")


class SlackChannel:
    """``slack://``: our own mrkdwn, header line included, in one Block Kit section.

    With ``body_format=None`` apprise passes the body through as written; in its legacy
    (attachment) mode it would escape ``&``, ``<`` and ``>`` a second time, so Block Kit is
    asked for unless the URL says otherwise. The title is left empty: a Slack header block
    holds only 150 characters, so the header line is the body's first line instead.
    """

    def send(self, url: str, message: Message, *, key: str | None = None, timeout: float | None = None) -> None:
        # Not urlsplit: in slack://A/B/C/#channel?blocks=no the "#" would hide the query.
        extra = [f"{k}={v}" for k, v in (("blocks", "yes"), ("footer", "no")) if not re.search(rf"[?&]{k}=", url)]
        target = url + ("&" if "?" in url else "?") + "&".join(extra) if extra else url
        notify(target, title="", body=message.slack, body_format=None, shown=url, timeout=timeout)


class AppriseChannel:
    """Any other URL apprise understands: CommonMark where the service renders formatted text
    (its plugin prefers Markdown or HTML and takes Markdown), plain text everywhere else
    (``json://`` webhooks, ntfy, Discord's default…)."""

    def send(self, url: str, message: Message, *, key: str | None = None, timeout: float | None = None) -> None:
        with caught():
            plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
        resolve = getattr(plugin, "resolve_format", None)
        preferred = resolve(None) if resolve else None
        supported = getattr(plugin, "notify_format", ())
        supported = supported if isinstance(supported, tuple) else (supported,)
        markdown = apprise.NotifyFormat.MARKDOWN
        if preferred == markdown or (preferred == apprise.NotifyFormat.HTML and markdown in supported):
            notify(url, title="", body=message.markdown, body_format=markdown, timeout=timeout)  # its first line is the title
        else:
            notify(url, title=message.title, body=message.text, body_format=apprise.NotifyFormat.TEXT, timeout=timeout)


CHANNELS: dict[str, Channel] = {
    "console": ConsoleChannel(),
    "mailto": EmailChannel(),
    "mailtos": EmailChannel(),
    "slack": SlackChannel(),
}
_APPRISE = AppriseChannel()


def send(url: str, message: Message, *, key: str | None = None, timeout: float | None = None) -> None:
    """Send ``message`` to one target; raises ``DeliveryError``. ``key`` names this message to
    this target, the same on every attempt; ``timeout`` bounds each network step (seconds)."""
    scheme = url.split("://", 1)[0].lower()
    CHANNELS.get(scheme, _APPRISE).send(url, message, key=key, timeout=timeout)
