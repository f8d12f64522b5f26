"""The dashboard's forms against a real server: log in with the token, CSRF on every form,
another site's form refused, and a re-trigger that shows what it did."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import TOKEN

pytestmark = pytest.mark.slow


def logged_in(site):
    client = site.client()
    answer = client.post("/login", data={"token": TOKEN, "next": "/companies/ALAB"})
    assert answer.status_code == 303 and answer.headers["location"] == "/companies/ALAB"
    cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie
    page = client.get("/companies/ALAB")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    assert csrf, "a logged-in page carries a CSRF token in its forms"
    return client, csrf.group(1)


def test_logging_in_needs_the_token_and_never_shows_it(site):
    client = site.client()
    wrong = client.post("/login", data={"token": "guess"})
    assert wrong.status_code == 403 and "not the EARNWATCH_API_TOKEN" in wrong.text and "set-cookie" not in wrong.headers
    client, _ = logged_in(site)
    assert TOKEN not in client.get("/companies/ALAB").text
    assert "Re-trigger 2024Q4" in client.get("/companies/ALAB").text


def test_a_form_without_a_session_or_a_csrf_token_or_from_another_site_is_refused(site):
    path = "/companies/ALAB/quarters/2024Q4/retrigger"
    assert site.client().post(path, data={"resend": "true"}).status_code == 401
    client, csrf = logged_in(site)
    assert client.post(path, data={"resend": "true"}).status_code == 403
    assert client.post(path, data={"resend": "true", "csrf": "0" * 64}).status_code == 403
    other = client.post(path, data={"resend": "true", "csrf": csrf}, headers={"Origin": "https://evil.example"})
    assert other.status_code == 403 and "another site" in other.text
    stranger = site.client()
    stranger.cookies.set("earnwatch_session", "1.abc.def")
    assert stranger.post(path, data={"csrf": csrf}).status_code == 401


def test_the_retrigger_button_resends_and_the_page_says_so(site):
    client, csrf = logged_in(site)
    before = len(site.hook.messages)
    answer = client.post("/companies/ALAB/quarters/2024Q4/retrigger", data={"resend": "true", "csrf": csrf, "next": "/alerts"})
    assert answer.status_code == 303 and answer.headers["location"] == "/alerts"
    assert len(site.hook.messages) == before + 1
    page = client.get("/alerts")
    assert "ALAB 2024Q4 re-run" in page.text and "sent" in page.text
    assert "re-run" not in client.get("/alerts").text, "the message is shown once"


def test_a_failed_action_is_shown_on_the_page_not_as_a_traceback(site):
    client, csrf = logged_in(site)
    answer = client.post("/alerts/999999/retry", data={"csrf": csrf, "next": "/alerts"})
    assert answer.status_code == 303
    page = client.get("/alerts")
    assert "there is no alert 999999" in page.text and "Traceback" not in page.text
    pushed = client.post("/push", data={"csrf": csrf, "ticker": "HOST", "period": "Q9 2024", "text": "anything"})
    assert pushed.headers["location"] == "/push" and "not a fiscal quarter" in client.get("/push").text
    assert client.post("/login", data={"token": TOKEN, "next": "//evil.example/"}).headers["location"] == "/"
