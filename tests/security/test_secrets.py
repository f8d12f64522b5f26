"""Secrets never appear in logs, CLI output, alert bodies or the database: a full run with a
password in the SMTP route and a token in a webhook route, and every output grepped for them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.conftest import Mailbox, body_text, free_port, wait_for
from tests.end_to_end.conftest import alab_site, processes, pytest_runtest_makereport  # noqa: F401 (fixtures, hook)

PASSWORD = "pw-Zq81-not-for-logs"
TOKEN = "tok-7Hh2-webhook-secret"


def _authenticator(server, session, envelope, mechanism, auth_data):
    return AuthResult(success=auth_data.login == b"alerts" and auth_data.password == PASSWORD.encode())


def test_a_full_run_never_prints_or_stores_a_secret(processes, earnwatch_env, alab_site, redis_url, httpserver):
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, authenticator=_authenticator, auth_require_tls=False)
    controller.start()
    httpserver.expect_request("/hook").respond_with_data("ok")
    closed = free_port()
    watchlist = f"""companies:
  - ticker: ALAB
    tags: [semis]
    sources: [{{kind: summary_page, url: "{alab_site.url}", every: 2s}}]
routes:
  - name: email
    urls: ["mailto://alerts:${{SMTP_PASSWORD}}@127.0.0.1:{port}?mode=insecure&from=ew@example.org&to=team@example.org"]
  - name: hook
    urls: ["json://hook:${{HOOK_TOKEN}}@{httpserver.host}:{httpserver.port}/hook"]
  - name: broken
    urls: ["mailto://alerts:${{SMTP_PASSWORD}}@127.0.0.1:{closed}?mode=insecure&from=ew@example.org&to=x@example.org"]
"""
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist)
    processes.env.update(
        SMTP_PASSWORD=PASSWORD, HOOK_TOKEN=TOKEN, EARNWATCH_BROKER_URL=redis_url,
        EARNWATCH_SCHEDULER_TICK="1", EARNWATCH_LOG_FORMAT="json", EARNWATCH_LOG_LEVEL="DEBUG",
    )
    outputs = []
    try:
        alab_site.publish("2024Q3")
        processes.start("worker", "--concurrency", "1", "--loglevel", "DEBUG")
        processes.start("beat")
        wait_for(lambda: alab_site.requested, 60, what="the first check")
        alab_site.publish("2024Q4")
        wait_for(lambda: len(mailbox) == 1 and len([r for r, _ in httpserver.log if r.path == "/hook"]) == 1, 60, what="the email and the webhook")
        for command in (["check-config"], ["status"], ["status", "--format", "json"], ["alerts", "list"], ["retrigger", "ALAB", "2024Q4"], ["scrape"]):
            result = processes.run(*command)
            outputs.append(result.stdout + result.stderr)
    finally:
        controller.stop()
    processes.stop_all()

    logs = [Path(p.log_path).read_text(errors="replace") for p in processes.started]
    bodies = [body_text(m) + str(m.items()) for m in mailbox.messages]
    hooks = [r.get_data(as_text=True) + str(dict(r.headers)) for r, _ in httpserver.log if r.path == "/hook"]
    db_file = Path(earnwatch_env["EARNWATCH_DATABASE_URL"].removeprefix("sqlite:///"))
    with sqlite3.connect(db_file) as conn:
        dump = "\n".join(conn.iterdump())
    everything = {"logs": logs, "cli": outputs, "emails": bodies, "webhooks": hooks, "database": [dump]}

    assert "Correction" not in "".join(bodies)
    assert any("failed" in text for text in outputs), "the broken route's error is shown"
    for where, texts in everything.items():
        for text in texts:
            assert PASSWORD not in text, f"the SMTP password leaked into {where}"
            assert TOKEN not in text, f"the webhook token leaked into {where}"
    print(f"\nchecked {sum(len(t) for ts in everything.values() for t in ts):,} characters of logs, CLI output, email, webhook bodies and the database")
