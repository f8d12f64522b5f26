"""The pipeline's storage rules on both databases: stored once, compared once, alerted once."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlalchemy import func
from sqlmodel import select

from tests.conftest import SmtpServer, SummarySite, parse_watchlist, session_scope, use_database, wait_for
from worker.stages import deliver as delivery
from worker.stages.inline import check_sources, deliver_now
from worker.storage.models import Alert, AlertAttempt, Comparison, DocumentVersion, Source, utcnow


def make_watchlist(url: str, smtp_url: str):
    return parse_watchlist(
        f"""companies:
  - ticker: ALAB
    tags: [semis]
    sources: [{{kind: summary_page, url: "{url}", every: 1m}}]
routes:
  - name: email
    urls: ["{smtp_url}"]
    companies: [ALAB]
  - name: risk-desk
    urls: ["{smtp_url}"]
    kinds: [risk_added]
  - name: other-sector
    urls: ["{smtp_url}"]
    tags: [banks]
"""
    )


def count(model) -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def publish_q3_then_q4(site, ctx) -> None:
    """Q3 2024 is stored, then Q4 2024 is published and checked: its alerts are planned."""
    site.publish("2024Q3")
    check_sources(ctx)
    site.publish("2024Q4")
    check_sources(ctx)


@pytest.fixture
def site(httpserver):
    return SummarySite(httpserver)


@pytest.fixture
def env(earnwatch_env, monkeypatch, database_url):
    use_database(earnwatch_env, monkeypatch, database_url)
    return earnwatch_env


@pytest.fixture
def ctx(env, context, site, smtp):
    """A context whose watchlist watches ``site`` and alerts three routes through ``smtp``."""
    return context(make_watchlist(site.url, smtp.url()))


def test_rescraping_an_unchanged_site_stores_and_sends_nothing_new(ctx, site, smtp):
    site.publish("2024Q3")
    first = check_sources(ctx)
    assert [len(c.new_documents) for c in first.checks] == [1]
    site.publish("2024Q4")
    second = check_sources(ctx)
    assert [len(c.new_documents) for c in second.checks] == [1]
    assert count(DocumentVersion) == 2 and count(Comparison) == 1
    wait_for(lambda: len(smtp.mailbox) == 2, 10, what="one email per matching route")

    third = check_sources(ctx)
    assert third.checks[0].new_documents == [] and third.checks[0].unchanged == 2
    assert (count(DocumentVersion), count(Comparison), count(Alert)) == (2, 1, 2)
    time.sleep(0.5)
    assert len(smtp.mailbox) == 2


def test_routes_get_only_the_companies_and_kinds_they_ask_for(ctx, site):
    publish_q3_then_q4(site, ctx)
    with session_scope() as session:
        alerts = {a.route: a for a in session.exec(select(Alert))}
    assert set(alerts) == {"email", "risk-desk"}
    assert {c["kind"] for c in alerts["risk-desk"].report["changes"]} == {"risk_added"}
    assert len({c["kind"] for c in alerts["email"].report["changes"]}) > 1


def test_an_alert_waits_out_an_smtp_outage_and_arrives_exactly_once(env, context, site):
    smtp = SmtpServer()  # not started: the server is down
    # an hour before the first retry, so that "not due yet" holds however slow the machine is
    ctx = context(make_watchlist(site.url, smtp.url()), alert_retry_base=3600.0)
    publish_q3_then_q4(site, ctx)
    with session_scope() as session:
        alert = session.exec(select(Alert).where(Alert.route == "email")).one()
    assert alert.status == "pending" and alert.attempts == 1
    assert "Connection" in alert.last_error or "connect" in alert.last_error

    smtp.start()
    try:
        assert deliver_now(ctx, [alert.id]) == []  # not due yet: the retry time is kept in the row
        with session_scope() as session:
            for pending in session.exec(select(Alert)):
                pending.next_attempt_at = utcnow() - timedelta(seconds=1)
                session.add(pending)
        with session_scope() as session:
            due = delivery.due_alert_ids(session, lease=600)
        assert len(due) == 2 and alert.id in due
        deliver_now(ctx, due)
        deliver_now(ctx, due)  # a second sweep racing the first changes nothing
        wait_for(lambda: len(smtp.mailbox) == 2, 10, what="both routes' emails")
        time.sleep(0.5)
        assert len(smtp.mailbox) == 2
    finally:
        smtp.stop()
    with session_scope() as session:
        sent = session.get(Alert, alert.id)
        attempts = session.exec(select(AlertAttempt).where(AlertAttempt.alert_id == alert.id)).all()
    assert sent.status == "sent" and [a.ok for a in attempts] == [False, True]


def test_only_one_of_two_workers_claims_an_alert(env, context, site):
    ctx = context(make_watchlist(site.url, SmtpServer().url()))  # down: alerts stay pending
    publish_q3_then_q4(site, ctx)
    with session_scope() as session:
        alert = session.exec(select(Alert)).first()
        alert.next_attempt_at = utcnow() - timedelta(seconds=1)
        session.add(alert)
    with session_scope() as a, session_scope() as b:
        first = delivery.claim(a, alert.id)
        a.commit()
        second = delivery.claim(b, alert.id)
    assert first is not None and second is None


def test_a_failing_source_backs_off_and_keeps_its_error(env, context, httpserver, smtp):
    httpserver.expect_request("/down").respond_with_data("no", status=503)
    ctx = context(make_watchlist(httpserver.url_for("/down"), smtp.url()))
    check_sources(ctx)
    check_sources(ctx)
    with session_scope() as session:
        source = session.exec(select(Source)).one()
    assert source.status == "failing" and "503" in source.error and source.failures == 2
    assert source.next_check_at > utcnow() + timedelta(seconds=100)  # 1m doubled, with jitter


def test_a_quarter_is_compared_with_the_previous_quarter_and_the_same_quarter_a_year_earlier(ctx, site):
    from scrapers.base import Fetched
    from scrapers.summary_page import SummaryPage
    from tests.conftest import summary
    from worker.storage.versions import latest_version
    from worker.storage.models import Company
    from worker.stages.scrape import store_document

    site.publish("2024Q3")
    check_sources(ctx)
    year_ago_raw = summary("q4-2024").replace(b"ALAB Q4 2024", b"ALAB Q4 2023").replace(b"70\xe2\x80\x9374%", b"72\xe2\x80\x9376%")
    with session_scope() as session:
        company = session.exec(select(Company)).one()
        document = SummaryPage().parse(year_ago_raw, "text/plain", "https://example.org/alab/2023q4", "ALAB", SummaryPage.Options())
        store_document(session, company.id, None, document, Fetched(url="https://example.org/alab/2023q4", raw=year_ago_raw), "year-ago")
    site.publish("2024Q4")
    check_sources(ctx)

    with session_scope() as session:
        q4 = latest_version(session, company.id, "2024Q4")
        reports = {
            session.get(DocumentVersion, c.baseline_id).period: c.report
            for c in session.exec(select(Comparison).where(Comparison.document_id == q4.id))
        }
    assert set(reports) == {"2024Q3", "2023Q4"}
    year_ago = reports["2023Q4"]
    assert year_ago["baseline_period"] == "2023Q4"
    assert [c["kind"] for c in year_ago["changes"]] == ["guidance_lowered"]
    assert "72–76%" in year_ago["changes"][0]["reason"] and "70–74%" in year_ago["changes"][0]["reason"]



def test_a_comparison_that_fails_keeps_the_ones_before_it_in_the_same_batch(ctx, site, monkeypatch):
    """The in-process compare stage commits a batch of documents at once: one that raises is
    rolled back alone, the error goes on, and the documents compared before it stay stored."""
    from scrapers.base import Fetched
    from scrapers.summary_page import SummaryPage
    from tests.conftest import summary
    from worker.stages import compare
    from worker.stages.chain import Stage
    from worker.stages.inline import InlineDispatcher
    from worker.stages.scrape import store_document
    from worker.storage.models import Company

    site.publish("2024Q3")
    check_sources(ctx)  # the company, and its Q3 with nothing before it to compare with
    with session_scope() as session:
        company = session.exec(select(Company)).one()
        stored = []
        for quarter, raw in (("2023q4", summary("q4-2024").replace(b"ALAB Q4 2024", b"ALAB Q4 2023")), ("2024q4", summary("q4-2024"))):
            url = f"https://example.org/alab/{quarter}"
            document = SummaryPage().parse(raw, "text/plain", url, "ALAB", SummaryPage.Options())
            stored.append(store_document(session, company.id, None, document, Fetched(url=url, raw=raw), quarter))
        q3 = session.exec(select(DocumentVersion.id).where(DocumentVersion.period == "2024Q3")).one()
    q4 = stored[1]
    assert count(Comparison) == 0
    compare_document = compare.compare_document

    def fails_on_q4(session, document_id, watchlist, **kwargs):
        result = compare_document(session, document_id, watchlist, **kwargs)  # stored, then the error
        if document_id == q4:
            raise RuntimeError("the engine failed on Q4")
        return result

    monkeypatch.setattr(compare, "compare_document", fails_on_q4)
    inline = InlineDispatcher(ctx)
    inline.dispatch(Stage.COMPARE, [q4, q3])
    with pytest.raises(RuntimeError, match="failed on Q4"):
        inline.drain(through=Stage.COMPARE)
    with session_scope() as session:
        compared = [c.document_id for c in session.exec(select(Comparison))]
    assert compared == [q3]  # Q3 (against 2023Q4) is kept; Q4's comparisons went with its savepoint
