"""Delivery on both databases: digests, corrections, retries to the end, operator alerts, and
secrets kept out of every stored error."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from sqlmodel import select

from tests.conftest import SummarySite, body_text, free_port, parse_watchlist, session_scope, use_database, wait_for
from worker.stages import deliver as delivery
from worker.stages.inline import check_sources, deliver_now, retrigger
from worker.stages.source_alerts import plan_source_alerts
from worker.storage.models import Alert, AlertAttempt, AlertStatus, DocumentVersion, Source, utcnow


@pytest.fixture
def env(earnwatch_env, monkeypatch, database_url):
    use_database(earnwatch_env, monkeypatch, database_url)
    return earnwatch_env


def watchlist_for(context, sites: dict[str, str], route: str):
    """A context watching ``sites`` (ticker: listing URL), with one route."""
    companies = "".join(
        f'  - ticker: {t}\n    name: {t} Corp\n    tags: [semis]\n    sources: [{{kind: summary_page, url: "{u}", every: 1m}}]\n'
        for t, u in sites.items()
    )
    return context(parse_watchlist(f"companies:\n{companies}routes:\n{route}"))


class RenamedSite:
    """The ALAB summaries, told about another ticker, so that two companies report at once."""

    def __init__(self, httpserver, ticker: str) -> None:
        from werkzeug import Response

        from tests.conftest import summary

        slug = ticker.lower()
        self.published: list[str] = []

        def listing(_request):
            items = "".join(f'<li><a href="/{slug}/summaries/{p}.txt">{ticker} Q{p[5]} {p[:4]} earnings call summary</a></li>' for p in self.published)
            return Response(f"<html><body><ul>{items}</ul></body></html>", content_type="text/html")

        def document(request):
            period = request.path.rsplit("/", 1)[-1].removesuffix(".txt")
            raw = summary(f"q{period[5]}-{period[:4]}").replace(b"ALAB", ticker.encode()).replace(b"Astera Labs", b"Other Labs")
            return Response(raw, content_type="text/plain; charset=utf-8")

        httpserver.expect_request(f"/{slug}/earnings-summaries").respond_with_handler(listing)
        httpserver.expect_request(f"/{slug}/summaries/2024Q3.txt").respond_with_handler(document)
        httpserver.expect_request(f"/{slug}/summaries/2024Q4.txt").respond_with_handler(document)
        self.url = httpserver.url_for(f"/{slug}/earnings-summaries")

    def publish(self, period: str) -> None:
        self.published.append(period)


def two_quarters(ctx, *sites: SummarySite) -> None:
    for site in sites:
        site.publish("2024Q3")
    check_sources(ctx)
    for site in sites:
        site.publish("2024Q4")
    check_sources(ctx)


def alerts() -> list[Alert]:
    with session_scope() as session:
        return list(session.exec(select(Alert).order_by(Alert.id)))


def make_due() -> None:
    with session_scope() as session:
        for alert in session.exec(select(Alert).where(Alert.status == "pending")):
            alert.next_attempt_at = utcnow() - timedelta(seconds=1)
            session.add(alert)


def test_a_digest_route_gathers_several_companies_into_one_email_at_the_end_of_its_window(env, context, httpserver, smtp):
    alab, albb = SummarySite(httpserver), RenamedSite(httpserver, "ALBB")
    route = f'  - name: desk\n    urls: ["{smtp.url()}"]\n    digest: 30m\n'
    ctx = watchlist_for(context, {"ALAB": alab.url, "ALBB": albb.url}, route)
    two_quarters(ctx, alab, albb)

    planned = alerts()
    assert [a.route for a in planned] == ["desk", "desk"]
    window = planned[0].digest_until
    assert window == planned[1].digest_until and window > utcnow() and window.timestamp() % 1800 == 0
    assert all(a.status == "pending" and a.next_attempt_at == window for a in planned)
    assert deliver_now(ctx, [a.id for a in planned]) == []  # the window is still open
    assert len(smtp.mailbox) == 0

    make_due()
    outcomes = deliver_now(ctx, [a.id for a in planned])
    assert [(o.alert_ids, o.route, o.status) for o in outcomes] == [((planned[0].id, planned[1].id), "desk", AlertStatus.SENT)]
    wait_for(lambda: len(smtp.mailbox) == 1, 10, what="the digest email")
    message = smtp.mailbox.messages[0]
    assert message["Subject"].startswith("Digest: 2 reports") and "ALAB Q4 2024" in message["Subject"] and "ALBB Q4 2024" in message["Subject"]
    text = body_text(message)
    assert "ALAB Q4 2024 vs Q3 2024" in text and "ALBB Q4 2024 vs Q3 2024" in text
    assert {a.status for a in alerts()} == {"sent"}
    time.sleep(0.3)
    assert len(smtp.mailbox) == 1


def test_a_changed_report_for_a_delivered_quarter_goes_out_once_as_a_correction(env, context, httpserver, smtp):
    site = SummarySite(httpserver)
    ctx = watchlist_for(context, {"ALAB": site.url}, f'  - name: email\n    urls: ["{smtp.url()}"]\n')
    two_quarters(ctx, site)
    wait_for(lambda: len(smtp.mailbox) == 1, 10, what="the first alert")

    retrigger(ctx, "ALAB", "2024Q4")  # nothing changed: nothing is sent
    time.sleep(0.3)
    assert len(smtp.mailbox) == 1

    with session_scope() as session:  # what a parser fix does: the stored page now reads differently
        document = session.exec(select(DocumentVersion).where(DocumentVersion.period == "2024Q4")).one()
        assert b"70" in document.raw
        document.raw = document.raw.replace(b"Inventories increased 80%", b"Inventories increased 95%")
        session.add(document)
    summary = retrigger(ctx, "ALAB", "2024Q4")
    assert any("re-parsed" in note for note in summary.notes)
    wait_for(lambda: len(smtp.mailbox) == 2, 10, what="the correction")
    correction = smtp.mailbox.messages[1]
    assert correction["Subject"].startswith("Correction: ALAB Q4 2024 vs Q3 2024")
    assert "95%" in body_text(correction)
    assert [(a.correction, a.status) for a in alerts()] == [(False, "sent"), (True, "sent")]

    retrigger(ctx, "ALAB", "2024Q4")
    time.sleep(0.3)
    assert len(smtp.mailbox) == 2
    retrigger(ctx, "ALAB", "2024Q4", resend=True)  # asked for: the current report once more, not a correction
    wait_for(lambda: len(smtp.mailbox) == 3, 10, what="the re-sent alert")
    assert not smtp.mailbox.messages[2]["Subject"].startswith("Correction")


def test_an_alert_that_keeps_failing_is_marked_failed_with_every_attempt_and_can_be_retried(env, context, httpserver, monkeypatch, smtp):
    monkeypatch.setenv("EARNWATCH_ALERT_MAX_ATTEMPTS", "3")
    site = SummarySite(httpserver)
    dead = f"json://earnwatch:hunter2-secret@127.0.0.1:{free_port()}/hook"
    ctx = watchlist_for(context, {"ALAB": site.url}, f'  - name: hook\n    urls: ["{dead}"]\n')
    two_quarters(ctx, site)
    delays = []
    for _ in range(2):
        (alert,) = alerts()
        with session_scope() as session:
            last = session.exec(select(AlertAttempt).where(AlertAttempt.alert_id == alert.id).order_by(AlertAttempt.id.desc())).first()
        delays.append((alert.next_attempt_at - last.at).total_seconds())
        make_due()
        deliver_now(ctx, [alert.id])
    (alert,) = alerts()
    assert alert.status == "failed" and alert.attempts == 3
    assert 0.8 <= delays[0] <= 1.2 and 1.6 <= delays[1] <= 2.4  # EARNWATCH_ALERT_RETRY_BASE=1, doubled, ±20%
    with session_scope() as session:
        attempts = session.exec(select(AlertAttempt).where(AlertAttempt.alert_id == alert.id).order_by(AlertAttempt.id)).all()
    assert [a.ok for a in attempts] == [False, False, False]
    assert all(a.at and "127.0.0.1" in a.error for a in attempts)
    assert all("hunter2-secret" not in (a.error or "") for a in attempts)
    assert "hunter2-secret" not in alert.last_error

    with session_scope() as session:
        assert delivery.retry(session, alert.id)
    assert alerts()[0].status == "pending"


def test_a_source_failing_too_long_raises_one_operator_alert_and_one_when_it_recovers(env, context, httpserver, smtp):
    httpserver.expect_request("/flaky").respond_with_data("down", status=503)
    route = f'  - name: ops\n    urls: ["{smtp.url("ops@example.org")}"]\n    companies: [NOBODY]\n'
    ctx = watchlist_for(context, {"ALAB": httpserver.url_for("/flaky")}, route)
    check_sources(ctx)
    with session_scope() as session:
        assert plan_source_alerts(session, "ops", 3600, ctx.masker) == []  # failing, but not for long yet
        source = session.exec(select(Source)).one()
        source.failing_since = utcnow() - timedelta(hours=2)
        session.add(source)
    with session_scope() as session:
        down = plan_source_alerts(session, "ops", 3600, ctx.masker)
        assert plan_source_alerts(session, "ops", 3600, ctx.masker) == []
    assert len(down) == 1
    deliver_now(ctx, down)
    wait_for(lambda: len(smtp.mailbox) == 1, 10, what="the source-down alert")
    assert smtp.mailbox.messages[0]["Subject"].startswith("Source failing for 2h")
    assert "503" in body_text(smtp.mailbox.messages[0])

    check_sources(ctx)  # still failing: nothing new
    with session_scope() as session:
        assert plan_source_alerts(session, "ops", 3600, ctx.masker) == []
    with session_scope() as session:  # the source works again (as a successful check records it)
        source = session.exec(select(Source)).one()
        source.status, source.failing_since, source.error, source.failures = "ok", None, None, 0
        session.add(source)
    with session_scope() as session:
        up = plan_source_alerts(session, "ops", 3600, ctx.masker)
        assert plan_source_alerts(session, "ops", 3600, ctx.masker) == []
    deliver_now(ctx, up)
    wait_for(lambda: len(smtp.mailbox) == 2, 10, what="the recovery alert")
    assert smtp.mailbox.messages[1]["Subject"].startswith("Source recovered: ALAB")
    assert [(a.kind, a.status) for a in alerts()] == [("source_down", "sent"), ("source_up", "sent")]
