"""Each channel against a real receiver: a local SMTP server, a local HTTP server for
``json://`` webhooks, and Slack's HTTP call caught at the network edge (``responses``)."""

from __future__ import annotations

import json
import re

import pytest
import responses

from alerts import DeliveryError
from alerts.channels import send
from alerts.render import SLACK_LIMIT, render
from alerts.targets import mask_url, target_problem, url_secrets
from config.secrets import Masker
from earnings.report import Change, ChangeReport
from tests.alerts.test_render import LONG_AFTER, LONG_BEFORE, REPORT, report_with
from tests.conftest import free_port

SLACK_HOOK = "https://hooks.slack.com/services/TokenAAAA/TokenBBBB/TokenCCCC"


def parts(message) -> dict[str, str]:
    return {
        p.get_content_type(): p.get_payload(decode=True).decode(p.get_content_charset() or "utf-8")
        for p in message.walk()
        if p.get_content_maintype() == "text"
    }


def test_an_email_has_a_subject_an_html_redline_and_a_real_plain_text_part(smtp):
    change = Change("guidance_lowered", "Margin Outlook", LONG_BEFORE, LONG_AFTER, 60, "gross margin guidance lowered")
    report = ChangeReport("ALAB", "2024Q4", "2024Q3", (*REPORT.changes, change))
    send(smtp.url(), render(report, url="https://example.org/alab/q4?x=1&y=2", company_name="Astera Labs"))

    (message,) = smtp.mailbox.messages
    assert message["Subject"] == "ALAB Q4 2024 vs Q3 2024: 1 new risk, gross margin guidance lowered, Margin Outlook guidance lowered"
    assert message["To"] == "team@example.org"
    assert message.get_content_type() == "multipart/alternative"
    body = parts(message)
    html, text = body["text/html"], body["text/plain"].replace("\r\n", "\n")

    assert re.search(r"<del[^>]*>75%</del> <ins[^>]*>72%</ins>", html)
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert '<a href="https://example.org/alab/q4?x=1&amp;y=2">' in html

    # The text part is our own rendering, not apprise's stripped HTML.
    assert "<" not in text.replace("<script>", "").replace("</script>", "")
    assert text.startswith("ALAB Q4 2024 vs Q3 2024: 1 new risk") and "(Astera Labs)" in text
    assert "+ new risk: Inventory buildup risk (severity 70/100, high)" in text
    assert "    before: “… gross margins of approximately 75% in Q4, with the …”" in text
    assert "    after:  “… gross margins of approximately 72% in Q4, with the …”" in text
    assert "Source: https://example.org/alab/q4?x=1&y=2" in text


def test_an_unreachable_smtp_server_is_a_temporary_error_naming_the_target():
    url = f"mailto://earnwatch:hunter2-pass@127.0.0.1:{free_port()}?mode=insecure&from=e@example.org&to=t@example.org"
    with pytest.raises(DeliveryError) as caught:
        send(url, render(REPORT))
    assert not caught.value.permanent
    assert "127.0.0.1" in str(caught.value) and "Connection" in str(caught.value)
    assert "hunter2-pass" not in str(caught.value)


def test_a_json_webhook_receives_the_plain_text_alert(httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    send(f"json://127.0.0.1:{httpserver.port}/hook", render(REPORT, url="https://example.org/alab/q4"))

    (request, _response), = httpserver.log
    payload = json.loads(request.data)
    assert payload["title"] == "ALAB Q4 2024 vs Q3 2024: 1 new risk, gross margin guidance lowered"
    assert payload["type"] == "info"
    assert payload["message"].startswith("ALAB Q4 2024 vs Q3 2024")
    assert "▼ gross margin guidance 70–74% vs ~75% last quarter (severity 55/100, medium)" in payload["message"]
    assert "Inventories increased 80% <script>alert(1)</script>" in payload["message"]  # text, not markup
    assert "Source: https://example.org/alab/q4" in payload["message"]


def test_a_failing_webhook_is_an_error_with_its_password_masked(httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_data("nope", status=500)
    url = f"json://earnwatch:hunter2-pass@127.0.0.1:{httpserver.port}/hook"
    with pytest.raises(DeliveryError) as caught:
        send(url, render(REPORT))
    assert "500" in str(caught.value) and "hunter2-pass" not in str(caught.value)


@responses.activate
def test_slack_gets_mrkdwn_with_a_header_line_escaped_text_and_a_link():
    responses.add(responses.POST, SLACK_HOOK, body="ok")
    message = render(REPORT, url="https://example.org/a?b=1&c=<2>")
    send("slack://TokenAAAA/TokenBBBB/TokenCCCC/#earnings", message)

    (call,) = responses.calls
    payload = json.loads(call.request.body)
    assert payload["channel"] == "#earnings"
    (section,) = [b for b in payload["attachments"][0]["blocks"] if b["type"] == "section"]
    assert section["text"]["type"] == "mrkdwn"
    text = section["text"]["text"]
    assert text == message.slack  # passed through as written, not escaped twice
    assert text.startswith("*ALAB Q4 2024 vs Q3 2024: 1 new risk, gross margin guidance lowered*")
    assert "• + new risk: Inventory buildup risk _(severity 70/100, high)_" in text
    assert "&lt;script&gt;" in text and "<script>" not in text and "&amp;lt;" not in text
    assert "“gross margins ~of approximately 75%~” → “gross margins *to stabilize around 70–74%*”" in text
    assert text.endswith("<https://example.org/a?b=1&amp;c=&lt;2&gt;|Source document>")


@responses.activate
def test_a_long_slack_alert_is_cut_to_slacks_size_with_and_n_more():
    responses.add(responses.POST, SLACK_HOOK, body="ok")
    changes = [
        Change("risk_added", f"Risk {n}", "", f"Risk number {n}: " + "supply constraints could hurt shipments " * 8, 50, f"new risk: Risk {n}")
        for n in range(40)
    ]
    send("slack://TokenAAAA/TokenBBBB/TokenCCCC", render(report_with(*changes)))
    text = json.loads(responses.calls[0].request.body)["attachments"][0]["blocks"][0]["text"]["text"]
    assert len(text) <= SLACK_LIMIT
    assert re.search(r"_…and (\d+) more_$", text)
    shown = text.count("• ")
    assert int(re.search(r"and (\d+) more", text)[1]) == 40 - shown


@responses.activate
def test_a_slack_error_never_shows_the_webhook_tokens():
    responses.add(responses.POST, SLACK_HOOK, body="invalid_token", status=403)
    with pytest.raises(DeliveryError) as caught:
        send("slack://TokenAAAA/TokenBBBB/TokenCCCC/#earnings", render(REPORT))
    assert "403" in str(caught.value) and str(caught.value).startswith("sending to slack://****/****/****/#earnings failed")
    for token in ("TokenAAAA", "TokenBBBB", "TokenCCCC"):
        assert token not in str(caught.value)


def test_tokens_and_passwords_in_apprise_urls_are_masked():
    slack = mask_url("slack://TokenAAAA/TokenBBBB/TokenCCCC/#earnings")
    assert not any(t in slack for t in ("TokenAAAA", "TokenBBBB", "TokenCCCC")) and slack.startswith("slack://")
    hook = mask_url("json://someone:pa55word-x@hooks.example.org/path")
    assert "pa55word-x" not in hook and "someone" in hook and "hooks.example.org" in hook
    # a masker built from a route's URL hides its tokens wherever they appear
    masker = Masker(url_secrets("slack://TokenAAAA/TokenBBBB/TokenCCCC/#earnings"))
    assert "TokenBBBB" not in masker.mask("POST https://hooks.slack.com/services/TokenAAAA/TokenBBBB/TokenCCCC failed")


@pytest.mark.parametrize(
    ("url", "phrases"),
    [
        ("slak://TokenA/TokenB/TokenC", ["slak://", "no slak:// service", "did you mean slack://"]),
        ("slack://onlyone", ["slack://", "Token"]),
        ("mailtos://", ["mailtos://"]),
        ("just-words", ["not an alert URL"]),
    ],
)
def test_a_url_no_apprise_plugin_takes_is_named_with_the_reason(url, phrases, capfd):
    problem = target_problem(url)
    assert problem is not None and all(p in problem for p in phrases), problem
    assert "Unparseable" not in capfd.readouterr().err  # apprise's own complaint is the reason, not a stray log line


@pytest.mark.parametrize("url", ["console://", "mailto://127.0.0.1:25?mode=insecure&from=a@example.org&to=b@example.org", "json://h/x"])
def test_a_url_that_can_be_sent_to_has_no_problem(url):
    assert target_problem(url) is None


@responses.activate
def test_a_markdown_target_gets_the_headline_once_and_a_markdown_link():
    responses.add(responses.POST, re.compile(r"https://api\.telegram\.org/.*"), json={"ok": True, "result": {}})
    send("tgram://123456789:abcdefg_hijklmnop/12345", render(REPORT, url="https://example.org/alab/q4"))
    text = json.loads(responses.calls[0].request.body)["text"]
    assert text.count("ALAB Q4 2024 vs Q3 2024") == 1
    assert "Inventory buildup risk" in text and "[Source document](https://example.org/alab/q4)" in text


def test_an_email_sent_twice_with_the_same_key_is_the_same_message_id(smtp):
    for _ in range(2):
        send(smtp.url(), render(REPORT), key="earnwatch.alert-7.0123456789abcdef", timeout=5)
    send(smtp.url(), render(REPORT))
    first, again, unkeyed = (m["Message-ID"] for m in smtp.mailbox.messages)
    assert first == again == "<earnwatch.alert-7.0123456789abcdef@example.org>"
    assert unkeyed != first and unkeyed.startswith("<")


def test_a_target_identity_ignores_its_secrets_and_tells_other_targets_apart():
    from alerts.targets import target_identity

    one = target_identity("mailtos://user:first-password@smtp.example.org?to=a@example.org")
    assert one == target_identity("mailtos://user:rotated-password@smtp.example.org?to=a@example.org")
    assert one != target_identity("mailtos://user:first-password@smtp.example.org?to=b@example.org")
    assert re.fullmatch(r"[0-9a-f]{16}", one)
    hidden = Masker({"hook-token-1234"})
    assert target_identity("json://127.0.0.1/hook/hook-token-1234", hidden) == target_identity("json://127.0.0.1/hook/****")
