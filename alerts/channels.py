"""Sending a rendered message to one target URL.

Every apprise URL works (``mailto://``, ``slack://``, ``json://``…); each gets the format it
reads best. ``CHANNELS`` adds the few targets apprise has no notion of, by URL scheme.
"""

from __future__ import annotations

import logging
import sys
from typing import Protocol

import apprise

from alerts import DeliveryError
from alerts.render import Message
from config.secrets import mask_secrets


class Channel(Protocol):
    def send(self, url: str, message: Message) -> None:
        """Deliver ``message`` to ``url`` or raise ``DeliveryError``."""


class ConsoleChannel:
    """``console://``: prints the alert on standard output, for local runs and the demo."""

    def send(self, url: str, message: Message) -> None:
        print(f"\n=== {message.title} ===\n{message.text}\n", file=sys.stdout, flush=True)


class AppriseChannel:
    """Any URL apprise understands. Email gets HTML (apprise adds the plain part), Slack mrkdwn."""

    def send(self, url: str, message: Message) -> None:
        notifier = apprise.Apprise()
        if not notifier.add(url):
            raise DeliveryError(
                f"{mask_secrets(url)} is not a URL apprise understands; "
                "see https://github.com/caronc/apprise/wiki for the URL of each service",
                permanent=True,
            )
        scheme = url.split("://", 1)[0].lower()
        if scheme in ("mailto", "mailtos"):
            body, fmt = message.html, apprise.NotifyFormat.HTML
        elif scheme == "slack":
            body, fmt = message.markdown, apprise.NotifyFormat.MARKDOWN
        else:
            body, fmt = message.text, apprise.NotifyFormat.TEXT
        with apprise.LogCapture(level=logging.WARNING) as log:
            result = notifier.notify(title=message.title, body=body, body_format=fmt)
        if not bool(result):
            detail = " ".join(line.split(" - ", 2)[-1] for line in log.getvalue().splitlines()) or "no reason given"
            raise DeliveryError(f"sending to {mask_secrets(url)} failed: {mask_secrets(detail)}")


CHANNELS: dict[str, Channel] = {"console": ConsoleChannel()}
_APPRISE = AppriseChannel()


def send(url: str, message: Message) -> None:
    """Send ``message`` to one target; raises ``DeliveryError``."""
    scheme = url.split("://", 1)[0].lower()
    CHANNELS.get(scheme, _APPRISE).send(url, message)
