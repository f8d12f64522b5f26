from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest
from werkzeug import Response

from tests.conftest import summary, use_database, wait_for
from tests.end_to_end.conftest import watchlist
from tests.faults.conftest import report
from tests.faults.scenario import count, totals
from worker.storage.models import DocumentVersion

pytestmark = pytest.mark.xdist_group("faults")  # one fault test at a time (see pyproject.toml)

COMPANIES = 200
WORKERS = 3


def ticker(i: int) -> str:
    return f"T{i:03d}"


def test_three_workers_alert_on_200_new_documents_exactly_once(processes, earnwatch_env, monkeypatch, httpserver, smtp, redis_url, fresh_postgres):
    use_database(earnwatch_env, monkeypatch, fresh_postgres)  # the production setting: workers share PostgreSQL
    published = {"2024Q3"}

    def listing(request):
        t = request.path.split("/")[1]
        links = "".join(f'<li><a href="/{t}/summaries/{p}.txt">{t} Q{p[5]} {p[:4]} call summary</a></li>' for p in sorted(published, reverse=True))
        return Response(f"<html><body><ul>{links}</ul></body></html>", content_type="text/html")

    def document(request):
        t, _, name = request.path.split("/")[1:4]
        period = name.removesuffix(".txt")
        if period not in published:
            return Response("not found", status=404)
        text = summary(f"q{period[5]}-{period[:4]}").replace(b"ALAB", t.encode())
        return Response(text, content_type="text/plain; charset=utf-8")

    httpserver.expect_request(re.compile(r"^/T\d+/earnings-summaries$")).respond_with_handler(listing)
    httpserver.expect_request(re.compile(r"^/T\d+/summaries/.+")).respond_with_handler(document)
    sites = {ticker(i): httpserver.url_for(f"/{ticker(i)}/earnings-summaries") for i in range(COMPANIES)}
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist(sites, smtp, every="3s"))
    assert processes.run("scrape", timeout=300).returncode == 0
    assert count(DocumentVersion) == COMPANIES

    published.add("2024Q4")
    processes.env.update(EARNWATCH_BROKER_URL=redis_url, EARNWATCH_SCHEDULER_TICK="1")
    for _ in range(WORKERS):
        processes.start("worker", "--concurrency", "1")
    processes.start("beat")
    try:
        wait_for(lambda: len(smtp.mailbox) >= COMPANIES, 240, interval=1, what=f"{COMPANIES} alert emails")
    except AssertionError:
        report("(timed out)", f"{len(smtp.mailbox)} emails; {totals()}", f"{COMPANIES} emails")
        raise

    time.sleep(8)  # a few more cycles: nothing more may arrive
    per_company = Counter(m["Subject"].split()[0] for m in smtp.mailbox.messages)
    report(
        f"{COMPANIES} companies publish Q4 at once; {WORKERS} worker processes on one Redis",
        f"{len(smtp.mailbox)} emails for {len(per_company)} companies; most for one company: {max(per_company.values())}",
        f"{COMPANIES} emails, one per company",
    )
    assert len(smtp.mailbox) == COMPANIES
    assert set(per_company) == set(sites) and set(per_company.values()) == {1}
