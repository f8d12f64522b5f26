"""Email through apprise's own email plugin, with a plain-text part that is real text.

apprise builds the plain-text part of an HTML email itself, by stripping the HTML
(``NotifyEmail.prepare_emails`` calls ``convert_between(HTML, TEXT, body)``; see
``apprise/plugins/email/base.py``). That loses what a redline says (``<del>``/``<ins>`` become
bare words) and the link targets, and ``notify()`` has no way to pass a text part of our own.
So this channel uses apprise for everything else — parsing the ``mailto://`` URL (hosts,
TLS modes, provider templates, from/to/cc/bcc), building the message and its headers,
connecting and logging in — and swaps in our rendered text before the message is sent.

Given a ``key``, the message's ``Message-ID`` is made from it instead of at random
(``<KEY@sender's domain>``), so a message sent again after a crash is the same message to a
mail client or a filter that removes duplicates.
"""

from __future__ import annotations

import email
import email.message
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

    def send(self, url: str, message: Message, *, key: str | None = None, timeout: float | None = None) -> None:
        with caught():
            plugin = apprise.Apprise.instantiate(url, suppress_exceptions=True)
        if not isinstance(plugin, NotifyEmail):
            raise DeliveryError(f"{mask_url(url)} is not an email URL apprise understands", permanent=True)
        if not plugin.targets:
            raise DeliveryError(f"{mask_url(url)} names no recipient; add ?to=someone@example.org", permanent=True)
        headers = {"X-Application": plugin.app_id, **plugin.headers}
        message_id = f"<{key}@{_domain(plugin.from_addr[1], plugin.smtp_host)}>" if key else None
        wait = int(plugin.socket_connect_timeout) if timeout is None else max(1, int(timeout))
        try:
            prepared = list(
                NotifyEmail.prepare_emails(
                    subject=message.title,
                    body=message.html,
                    notify_format=apprise.NotifyFormat.HTML,
                    from_addr=plugin.from_addr,
                    to=plugin.targets,
                    cc=plugin.cc,
                    bcc=plugin.bcc,
                    reply_to=plugin.reply_to,
                    smtp_host=plugin.smtp_host,
                    headers=headers,
                    names=plugin.names,
                )
            )
            refused = []
            with AppriseSMTPController(
                host=plugin.smtp_host,
                port=plugin.port,
                secure_mode=plugin.secure_mode,
                user=plugin.user,
                password=plugin.password,
                verify_certificate=plugin.verify_certificate,
                socket_connect_timeout=wait,
            ) as smtp:
                for item in prepared:
                    if not smtp.sendmail(plugin.from_addr[1], item.to_addrs, finished(item.body, message.text, message_id)):
                        refused.append(item.recipient)
        except (OSError, smtplib.SMTPException, RuntimeError, apprise.exception.AppriseException) as exc:
            mask = Masker(url_secrets(url)).mask
            raise DeliveryError(f"sending to {mask_url(url)} failed: {mask(f'{type(exc).__name__}: {exc}')}") from None
        if refused:
            raise DeliveryError(f"sending to {mask_url(url)} failed: the server refused {', '.join(refused)}")


def finished(raw: str, text: str, message_id: str | None) -> str:
    """``raw`` (a multipart/alternative email) with its text/plain part replaced by ``text``,
    and with ``message_id`` as its ``Message-ID`` when given."""
    parsed = email.message_from_string(raw)
    if message_id:
        del parsed["Message-ID"]
        parsed["Message-ID"] = message_id
    _replace_text_part(parsed, text)
    return parsed.as_string()


def _replace_text_part(parsed: email.message.Message, text: str) -> None:
    for part in parsed.walk():
        if part.get_content_type() != "multipart/alternative":
            continue
        children = part.get_payload()
        assert isinstance(children, list)  # a multipart payload is its parts
        for index, child in enumerate(children):
            if child.get_content_type() == "text/plain":
                children[index] = MIMEText(text, "plain", "utf-8")
                return


def _domain(address: str, host: str) -> str:
    """The part of a Message-ID after the ``@``: the sender's domain, or the SMTP host."""
    domain = address.rpartition("@")[2].strip("<> ")
    return domain or host or "earnwatch.invalid"
