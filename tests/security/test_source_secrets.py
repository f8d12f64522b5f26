"""A secret in a source URL (a feed token in the query, a password in the userinfo) is never
printed, logged, put in an alert or stored: the database keeps the URL with its ``${VAR}``,
and only the fetch uses the real one. Every output of the real commands, the worker's and
beat's logs, the operator's "source failing" email and a dump of the database are grepped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, text
from werkzeug import Response

from tests.conftest import body_text, summary, use_database, wait_for
from tests.end_to_end.conftest import processes, pytest_runtest_makereport  # noqa: F401 (fixture, hook)

TOKEN = "feedtok-4Rv9-never-shown"
PASSWORD = "userpw-8Kd3-never-shown"


def _dump(database_url: str) -> str:
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
            return "\n".join(conn.iterdump())
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            tables = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars().all()
            return "\n".join(repr(row) for table in tables for row in conn.execute(text(f'SELECT * FROM "{table}"')))
    finally:
        engine.dispose()


def test_a_secret_in_a_source_url_is_never_shown_sent_logged_or_stored(processes, earnwatch_env, database_url, monkeypatch, httpserver, smtp, redis_url):
    use_database(earnwatch_env, monkeypatch, database_url)
    tokens_seen: list[str] = []

    def listing(request):
        tokens_seen.append(request.args.get("token", ""))
        if request.args.get("token") != TOKEN:
            return Response("forbidden", status=403)
        return Response('<html><body><ul><li><a href="/alab/q3.txt">ALAB Q3 2024 earnings call summary</a></li></ul></body></html>', content_type="text/html")

    httpserver.expect_request("/alab/earnings-summaries").respond_with_handler(listing)
    httpserver.expect_request("/alab/q3.txt").respond_with_data(summary("q3-2024"), content_type="text/plain; charset=utf-8")
    httpserver.expect_request("/brkn/summaries").respond_with_data("down for maintenance", status=503)
    base = f"{httpserver.host}:{httpserver.port}"
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(f"""companies:
  - ticker: ALAB
    sources: [{{kind: summary_page, url: "http://{base}/alab/earnings-summaries?token=${{FEED_TOKEN}}", every: 2s}}]
  - ticker: BRKN
    sources: [{{kind: summary_page, url: "http://reader:${{FEED_PASSWORD}}@{base}/brkn/summaries", every: 2s}}]
routes:
  - name: ops
    urls: ["{smtp.url()}"]
    companies: [BRKN]
""")
    processes.env.update(
        FEED_TOKEN=TOKEN,
        FEED_PASSWORD=PASSWORD,
        EARNWATCH_DATABASE_URL=database_url,
        EARNWATCH_BROKER_URL=redis_url,
        EARNWATCH_OPERATOR_ROUTE="ops",
        EARNWATCH_SOURCE_ALERT_AFTER="0",
        EARNWATCH_SCHEDULER_TICK="1",
        EARNWATCH_LOG_FORMAT="json",
        EARNWATCH_LOG_LEVEL="DEBUG",
        EARNWATCH_FETCH_ATTEMPTS="1",
    )
    if not database_url.startswith("sqlite"):
        assert processes.run("db", "upgrade").returncode == 0
    outputs = {}
    for command in (("check-config",), ("scrape",), ("status",), ("status", "--format", "json"), ("--debug", "scrape")):
        result = processes.run(*command)
        outputs[" ".join(command)] = result.stdout + result.stderr

    processes.start("worker", "--concurrency", "1", "--loglevel", "DEBUG")
    processes.start("beat")
    wait_for(lambda: any("failing" in str(m["Subject"]).lower() for m in smtp.mailbox.messages), 90, what="the operator's source-failing email")
    result = processes.run("alerts", "list")
    outputs["alerts list"] = result.stdout + result.stderr
    processes.stop_all()

    assert TOKEN in tokens_seen, "the real URL, with its token, is what was fetched"
    shown = outputs["status --format json"]
    assert "${FEED_TOKEN}" in shown and "${FEED_PASSWORD}" in shown, "status shows the URLs as the watchlist writes them"
    assert "ALAB" in outputs["status"] and "2024Q3" in outputs["status"], "the document behind the token was stored"
    assert "503" in outputs["scrape"], "the failing source's error is shown"
    emails = [str(m["Subject"]) + body_text(m) for m in smtp.mailbox.messages]
    assert any("BRKN" in e for e in emails)
    everything = {
        **{f"`earnwatch {c}`": t for c, t in outputs.items()},
        **{f"log {Path(p.log_path).name}": Path(p.log_path).read_text(errors="replace") for p in processes.started},  # type: ignore[attr-defined]
        **{f"email {i}": e for i, e in enumerate(emails)},
        "the database": _dump(database_url),
    }
    for where, content in everything.items():
        assert TOKEN not in content, f"the feed token leaked into {where}"
        assert PASSWORD not in content, f"the userinfo password leaked into {where}"
    assert "${FEED_TOKEN}" in everything["the database"], "the database keeps the URL with its ${VAR}"


def test_a_source_stored_with_its_secret_by_an_earlier_earnwatch_is_rewritten_with_its_variable(context, earnwatch_env, monkeypatch):
    from sqlmodel import select

    from tests.conftest import parse_watchlist
    from worker.stages.sync import sync_watchlist
    from worker.storage.models import Company, Page, Source

    monkeypatch.setenv("FEED_TOKEN", TOKEN)
    watchlist = parse_watchlist('companies:\n  - ticker: ALAB\n    sources: [{kind: summary_page, url: "https://h.example/s?token=${FEED_TOKEN}"}]\n')
    ctx = context(watchlist)
    real = f"https://h.example/s?token={TOKEN}"
    with ctx.session() as session:
        company = Company(ticker="ALAB")
        session.add(company)
        session.flush()
        source = Source(company_id=company.id, kind="summary_page", url=real)
        session.add(source)
        session.flush()
        session.add(Page(source_id=source.id, url=real, content_hash="abc"))
    with ctx.session() as session:
        sync_watchlist(session, watchlist)
    with ctx.session() as session:
        sources = session.exec(select(Source)).all()
        pages = session.exec(select(Page)).all()
    assert [(s.url, s.active) for s in sources] == [("https://h.example/s?token=${FEED_TOKEN}", True)], "the same row, its history kept"
    assert [p.url for p in pages] == ["https://h.example/s?token=${FEED_TOKEN}"]
