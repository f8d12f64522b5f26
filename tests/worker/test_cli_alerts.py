"""``earnwatch alerts list | retry | test`` as a user runs them: real processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import SummarySite, free_port, session_scope, wait_for
from worker.stages.inline import check_sources
from worker.storage.models import Alert

EARNWATCH = str(Path(sys.executable).with_name("earnwatch"))


def earnwatch(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([EARNWATCH, *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL, env={**os.environ, **env})


def write_watchlist(env, site_url: str, hook_url: str, email_url: str) -> None:
    Path(env["EARNWATCH_CONFIG"]).write_text(
        f"""companies:
  - ticker: ALAB
    sources: [{{kind: summary_page, url: "{site_url}", every: 1m}}]
routes:
  - name: hook
    urls: ["{hook_url}"]
  - name: email
    urls: ["{email_url}"]
"""
    )


@pytest.fixture
def failed_alert(earnwatch_env, context, monkeypatch, httpserver, smtp) -> int:
    """A Q4 alert that reached the email route and failed for good on a dead webhook."""
    monkeypatch.setenv("EARNWATCH_ALERT_MAX_ATTEMPTS", "1")
    site = SummarySite(httpserver)
    write_watchlist(earnwatch_env, site.url, f"json://earnwatch:hunter2-secret@127.0.0.1:{free_port()}/hook", smtp.url())
    ctx = context()  # the watchlist file, as the commands read it
    site.publish("2024Q3")
    check_sources(ctx)
    site.publish("2024Q4")
    check_sources(ctx)
    wait_for(lambda: len(smtp.mailbox) == 1, 10, what="the email alert")
    with session_scope() as session:
        alert = session.exec(select(Alert).where(Alert.route == "hook")).one()
    assert alert.status == "failed"
    earnwatch_env["_site"] = site.url
    assert alert.id is not None
    return alert.id


def test_alerts_list_shows_failed_alerts_with_their_error_and_no_secret(earnwatch_env, failed_alert):
    table = earnwatch(earnwatch_env, "alerts", "list", "--status", "failed")
    assert table.returncode == 0, table.stderr
    assert "hook" in table.stdout and "failed" in table.stdout and "email" not in table.stdout
    rows = json.loads(earnwatch(earnwatch_env, "alerts", "list", "--format", "json").stdout)
    assert {(r["route"], r["status"]) for r in rows} == {("hook", "failed"), ("email", "sent")}
    failed = next(r for r in rows if r["status"] == "failed")
    assert failed["id"] == failed_alert and failed["attempts"] == 1
    assert failed["title"].startswith("ALAB Q4 2024 vs Q3 2024") and "127.0.0.1" in failed["last_error"]
    everything = table.stdout + table.stderr + json.dumps(rows)
    assert "hunter2-secret" not in everything


def test_alerts_retry_sends_a_failed_alert_once_the_target_works_again(earnwatch_env, failed_alert, httpserver, smtp):
    httpserver.expect_request("/hook", method="POST").respond_with_data("ok")
    write_watchlist(earnwatch_env, earnwatch_env["_site"], f"json://127.0.0.1:{httpserver.port}/hook", smtp.url())
    retried = earnwatch(earnwatch_env, "alerts", "retry", str(failed_alert))
    assert retried.returncode == 0, retried.stdout + retried.stderr
    assert f"alert {failed_alert} to hook (" in retried.stdout and retried.stdout.rstrip().endswith(": sent")
    posts = [r for r, _ in httpserver.log if r.path == "/hook"]
    assert len(posts) == 1 and json.loads(posts[0].data)["title"].startswith("ALAB Q4 2024")

    again = earnwatch(earnwatch_env, "alerts", "retry", str(failed_alert))
    assert again.returncode == 2 and "not a failed alert" in again.stderr
    none_left = earnwatch(earnwatch_env, "alerts", "retry", "--all-failed")
    assert none_left.returncode == 2 and "no failed alerts" in none_left.stderr
    assert len([r for r, _ in httpserver.log if r.path == "/hook"]) == 1
    assert len(smtp.mailbox) == 1


def test_alerts_test_sends_a_sample_through_a_route_and_names_unknown_routes(earnwatch_env, httpserver, smtp):
    write_watchlist(earnwatch_env, "https://example.org/alab", f"json://earnwatch:hunter2-secret@127.0.0.1:{free_port()}/hook", smtp.url())
    sent = earnwatch(earnwatch_env, "alerts", "test", "email")
    assert sent.returncode == 0, sent.stdout + sent.stderr
    assert "sent" in sent.stdout
    (message,) = smtp.mailbox.messages
    assert message["Subject"].startswith("TEST Q4 2024 vs Q3 2024")

    broken = earnwatch(earnwatch_env, "alerts", "test", "hook")
    assert broken.returncode == 1 and "failed" in broken.stdout
    assert "hunter2-secret" not in broken.stdout + broken.stderr

    unknown = earnwatch(earnwatch_env, "alerts", "test", "nope")
    assert unknown.returncode == 2 and "hook, email" in unknown.stderr
