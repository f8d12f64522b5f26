"""The whole service, end to end, against real parts: a real Celery worker and beat on the
machine's Redis, or the embedded mode; a local summaries site; a real SMTP server."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import body_text, session_scope, wait_for
from tests.end_to_end.conftest import watchlist
from worker.storage.models import DocumentVersion, Source

pytestmark = pytest.mark.slow


def stored_periods() -> list[str]:
    with session_scope() as session:
        return sorted(session.exec(select(DocumentVersion.period)).all())


def last_checks() -> list:
    with session_scope() as session:
        return [s.last_checked_at for s in session.exec(select(Source))]


def assert_q4_alert(message) -> None:
    subject = message["Subject"]
    body = body_text(message)
    assert "ALAB Q4 2024 vs Q3 2024" in subject
    assert "Inventory buildup risk" in body
    assert "Execution and margin pressures" in body
    assert "gross margin" in body.lower()
    assert "70" in body and "74%" in body and "75%" in body


def scheduled_cycles_pass(count: int, timeout: float = 60) -> None:
    """Wait until every source has been checked ``count`` more times by the scheduler."""
    for _ in range(count):
        before = last_checks()
        wait_for(lambda: all(a and (b is None or a > b) for a, b in zip(last_checks(), before, strict=True)), timeout, what="the next scheduled check")


def run_scenario(alab_site, smtp) -> None:
    wait_for(lambda: stored_periods() == ["2024Q3"], 60, what="Q3 2024 to be stored")
    assert len(smtp.mailbox) == 0, "a first quarter has nothing to compare with and alerts nobody"
    alab_site.publish("2024Q4")
    wait_for(lambda: len(smtp.mailbox) >= 1, 60, what="the alert email")
    assert_q4_alert(smtp.mailbox.messages[0])
    assert stored_periods() == ["2024Q3", "2024Q4"]
    scheduled_cycles_pass(2)
    time.sleep(2)  # let anything a late cycle enqueued reach the SMTP server
    assert len(smtp.mailbox) == 1, "an unchanged site must not send a second alert"


def test_worker_and_beat_on_redis_email_the_q4_changes_once(processes, earnwatch_env, alab_site, smtp, redis_url):
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url}, smtp))
    processes.env.update(EARNWATCH_BROKER_URL=redis_url, EARNWATCH_SCHEDULER_TICK="1")
    alab_site.publish("2024Q3")
    processes.start("worker", "--concurrency", "2")
    processes.start("beat")
    run_scenario(alab_site, smtp)


def test_embedded_run_emails_the_q4_changes_once_and_stops_on_ctrl_c(processes, earnwatch_env, alab_site, smtp):
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url}, smtp))
    processes.env.update(EARNWATCH_SCHEDULER_TICK="1")
    alab_site.publish("2024Q3")
    service = processes.start("run", "--concurrency", "1")
    run_scenario(alab_site, smtp)

    log = Path(service.log_path).read_text()
    assert "embedded Redis on redis://127.0.0.1:" in log and ":6379/" not in log.split("embedded Redis on")[1].split()[0]
    aof = Path(earnwatch_env["EARNWATCH_DATA_DIR"]) / "redis"
    assert any(p.name.startswith("appendonly") for p in aof.iterdir()), "the embedded Redis keeps an append-only file"
    healthy = wait_for(lambda: (r := processes.run("health")).returncode == 0 and r, 60, what="health to see the embedded service")
    assert "ok   broker: embedded, redis://127.0.0.1:" in healthy.stdout and "ok   worker" in healthy.stdout and "ok   scheduler" in healthy.stdout
    second = processes.run("run")
    assert second.returncode == 2 and "already running with this data folder" in second.stderr  # two Redis on one AOF file: refused

    os.killpg(service.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    assert service.wait(60) == 0
    assert "FAIL broker: the embedded broker is not running" in processes.run("health").stdout
    redis_pids = [p for p in Path("/proc").iterdir() if p.name.isdigit() and _is_embedded_redis(p, aof)]
    assert redis_pids == [], "Ctrl-C stops the embedded Redis too"


def _is_embedded_redis(proc: Path, aof_dir: Path) -> bool:
    try:
        cmdline = (proc / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return bool(cmdline) and cmdline[0].endswith(b"redis-server") and str(aof_dir).encode() in cmdline


def test_retrigger_sends_nothing_new_unless_asked_to_resend(processes, earnwatch_env, alab_site, smtp):
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url}, smtp))
    alab_site.publish("2024Q3")
    assert processes.run("scrape").returncode == 0
    alab_site.publish("2024Q4")
    scrape = processes.run("scrape")
    assert scrape.returncode == 0, scrape.stderr
    assert len(smtp.mailbox) == 1

    again = processes.run("retrigger", "ALAB", "2024Q4")
    assert again.returncode == 0, again.stderr
    assert "--resend" in again.stdout
    time.sleep(1)
    assert len(smtp.mailbox) == 1

    resend = processes.run("retrigger", "ALAB", "Q4 2024", "--resend")
    assert resend.returncode == 0, resend.stderr
    wait_for(lambda: len(smtp.mailbox) == 2, 10, what="the re-sent alert")
    assert_q4_alert(smtp.mailbox.messages[1])

    refetch = processes.run("retrigger", "ALAB", "2024Q4", "--refetch")
    assert refetch.returncode == 0, refetch.stderr
    time.sleep(1)
    assert len(smtp.mailbox) == 2


def test_retrigger_of_a_quarter_never_stored_says_what_to_do(processes, earnwatch_env, alab_site, smtp):
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url}, smtp))
    alab_site.publish("2024Q3")
    processes.run("scrape")
    missing = processes.run("retrigger", "ALAB", "2023Q1")
    assert missing.returncode == 2
    assert "no ALAB document for 2023Q1" in missing.stderr and "--refetch" in missing.stderr
    bad = processes.run("retrigger", "ALAB", "Q7 2024")
    assert bad.returncode == 2 and "not a fiscal quarter" in bad.stderr


def test_broken_sources_show_clear_errors_and_never_stop_the_others(processes, earnwatch_env, httpserver, smtp):
    from werkzeug import Response

    from tests.conftest import SummarySite, free_port

    alab = SummarySite(httpserver)
    alab.publish("2024Q3")
    httpserver.expect_request("/down500").respond_with_data("boom", status=500)
    httpserver.expect_request("/malformed").respond_with_data(b"\x00\x01\x02\xff\xfe binary junk" * 50, content_type="application/octet-stream")
    httpserver.expect_request("/noquarter").respond_with_handler(
        lambda r: Response("<html><body><ul><li><a href='/noquarter/doc.txt'>ALAB Q4 2024 call</a></li></ul></body></html>", content_type="text/html")
    )
    httpserver.expect_request("/noquarter/doc.txt").respond_with_data("ALAB earnings call: all good\n- Revenue: up a lot.\n", content_type="text/plain")
    unreachable = f"http://127.0.0.1:{free_port()}/summaries"
    sources = {"ALAB": alab.url, "DOWN": httpserver.url_for("/down500"), "JUNK": httpserver.url_for("/malformed"), "NOQ": httpserver.url_for("/noquarter"), "GONE": unreachable}
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist(sources, smtp))

    assert processes.run("scrape").returncode == 0
    alab.publish("2024Q4")
    result = processes.run("scrape")
    assert result.returncode == 0, result.stderr
    wait_for(lambda: len(smtp.mailbox) == 1, 10, what="the ALAB alert")
    assert_q4_alert(smtp.mailbox.messages[0])

    status = json.loads(processes.run("status", "--format", "json").stdout)
    by_ticker = {c["ticker"]: c["sources"][0] for c in status["companies"]}
    assert by_ticker["ALAB"]["status"] == "ok" and by_ticker["ALAB"]["error"] is None
    assert [d["period"] for d in next(c for c in status["companies"] if c["ticker"] == "ALAB")["documents"]] == ["2024Q4", "2024Q3"]
    expected = {"DOWN": "500", "JUNK": "not", "NOQ": "quarter", "GONE": "connect"}
    for ticker, phrase in expected.items():
        source = by_ticker[ticker]
        assert source["status"] == "failing", ticker
        assert phrase in source["error"], (ticker, source["error"])
        assert source["last_checked_at"]
    assert status["alerts"] == {"pending": 0, "sent": 1, "failed": 0}
