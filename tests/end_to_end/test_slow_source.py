"""A source that trickles one byte a second beside a normal one, on a real worker and beat:
the slow one is given up on at the fetch deadline and marked failing, and the normal one's
alert still goes out within a cycle."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from tests.conftest import session_scope, wait_for
from tests.end_to_end.conftest import watchlist
from worker.storage.models import DocumentVersion, Source, SourceStatus

pytestmark = pytest.mark.slow


def source(url: str) -> Source | None:
    with session_scope() as session:
        return session.exec(select(Source).where(Source.url == url)).first()


def stored_periods() -> list[str]:
    with session_scope() as session:
        return sorted(session.exec(select(DocumentVersion.period)).all())


def test_a_source_trickling_a_byte_a_second_is_marked_failing_and_the_others_alert_within_a_cycle(
    processes, earnwatch_env, alab_site, trickle_server, smtp, redis_url
):
    slow_url = trickle_server.url("/slow/earnings-summaries")
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(watchlist({"ALAB": alab_site.url, "SLOW": slow_url}, smtp))
    processes.env.update(EARNWATCH_BROKER_URL=redis_url, EARNWATCH_SCHEDULER_TICK="1", EARNWATCH_FETCH_DEADLINE="3")
    alab_site.publish("2024Q3")
    processes.start("worker", "--concurrency", "1")  # one process: a slow check held forever would stop everything
    processes.start("beat")

    wait_for(lambda: stored_periods() == ["2024Q3"], 90, what="ALAB's Q3 2024 to be stored")
    slow = wait_for(lambda: (s := source(slow_url)) and s.status is SourceStatus.FAILING and s, 90, what="the slow source to fail")
    assert slow.error is not None and "gave up after 3 s: too slow" in slow.error, slow.error

    normal = source(alab_site.url)
    assert normal is not None and normal.status is SourceStatus.OK
    alab_site.publish("2024Q4")
    wait_for(lambda: len(smtp.mailbox) >= 1, 90, what="ALAB's Q4 alert email")
    after = source(alab_site.url)
    assert after is not None
    # The check that found Q4, and at most one more that was already on its way: the alert did
    # not wait for cycles of the slow source.
    assert after.checks <= normal.checks + 2, (normal.checks, after.checks)
    assert "ALAB Q4 2024 vs Q3 2024" in smtp.mailbox.messages[0]["Subject"]
    still = source(slow_url)
    assert still is not None and still.status is SourceStatus.FAILING
