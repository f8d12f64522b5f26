"""Email through apprise's own email plugin, with a plain-text part that is real text.

apprise builds the plain-text part of an HTML email itself, by stripping the HTML
(``NotifyEmail.prepare_emails`` calls ``convert_between(HTML, TEXT, body)``; see
``apprise/plugins/email/base.py``). That loses what a redline says (``<del>``/``<ins>`` become
bare words) and the link targets, and ``notify()`` has no way to pass a text part of our own.
So this channel uses apprise for everything else — parsing the ``mailto://`` URL (hosts,
TLS modes, provider templates, from/to/cc/bcc), building the message and its headers,
connecting and logging in — and swaps in our rendered text before the message is sent.
"""

from __future__ import annotations

import email
import smtplib
from email.mime.text import MIMEText

import apprise
from apprise.plugins.email import NotifyEmail
from apprise.plugins.email.smtp import AppriseSMTPController

from alerts import DeliveryError
from alerts.render import Message
from alerts.targets import caught, mask_url, url_secrets
from config.secrets import Masker


class EmailChannel:
    """``mailto://`` and ``mailtos://``: HTML with our own plain-text alternative."""

    def send(self, url: str, message: Message) -> None:
        with caught():
            plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
        if not isinstance(plugin, NotifyEmail):
            raise DeliveryError(f"{mask_url(url)} is not an email URL apprise understands", permanent=True)
        if not plugin.targets:
            raise DeliveryError(f"{mask_url(url)} names no recipient; add ?to=someone@example.org", permanent=True)
        headers = {"X-Application": plugin.app_id, **plugin.headers}
        try:
            prepared = list(
                NotifyEmail.prepare_emails(
                    subject=message.title, body=message.html, notify_format=apprise.NotifyFormat.HTML,
                    from_addr=plugin.from_addr, to=plugin.targets, cc=plugin.cc, bcc=plugin.bcc,
                    reply_to=plugin.reply_to, smtp_host=plugin.smtp_host, headers=headers, names=plugin.names,
                )
            )
            refused = []
            with AppriseSMTPController(
                host=plugin.smtp_host, port=plugin.port, secure_mode=plugin.secure_mode,
                user=plugin.user, password=plugin.password,
                verify_certificate=plugin.verify_certificate, socket_connect_timeout=int(plugin.socket_connect_timeout),
            ) as smtp:
                for item in prepared:
                    if not smtp.sendmail(plugin.from_addr[1], item.to_addrs, with_text_part(item.body, message.text)):
                        refused.append(item.recipient)
        except (OSError, smtplib.SMTPException, RuntimeError, apprise.exception.AppriseException) as exc:
            mask = Masker(url_secrets(url)).mask
            raise DeliveryError(f"sending to {mask_url(url)} failed: {mask(f'{type(exc).__name__}: {exc}')}") from None
        if refused:
            raise DeliveryError(f"sending to {mask_url(url)} failed: the server refused {', '.join(refused)}")


def with_text_part(raw: str, text: str) -> str:
    """``raw`` (a multipart/alternative email) with its text/plain part replaced by ``text``."""
    parsed = email.message_from_string(raw)
    for part in parsed.walk():
        if part.get_content_type() != "multipart/alternative":
            continue
        children = part.get_payload()
        assert isinstance(children, list)  # a multipart payload is its parts
        for index, child in enumerate(children):
            if child.get_content_type() == "text/plain":
                children[index] = MIMEText(text, "plain", "utf-8")
                return parsed.as_string()
    return raw
