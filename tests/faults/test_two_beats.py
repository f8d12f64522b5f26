from __future__ import annotations

import time

import pytest
from tests.conftest import wait_for
from tests.faults.conftest import report
from tests.faults.scenario import count, write_watchlist
from worker.storage.models import DocumentVersion

pytestmark = pytest.mark.xdist_group("faults")  # one fault test at a time (see pyproject.toml)

EVERY = 3.0
WINDOW = 18.0


def test_two_beats_started_by_mistake_still_scrape_once_per_interval(processes, earnwatch_env, alab_site, smtp, redis_url, httpserver):
    write_watchlist(earnwatch_env, {"ALAB": alab_site.url}, smtp, every=f"{EVERY:g}s")
    processes.env.update(EARNWATCH_BROKER_URL=redis_url, EARNWATCH_SCHEDULER_TICK="1")
    alab_site.publish("2024Q3")
    processes.start("worker", "--concurrency", "2")
    processes.start("beat")
    processes.start("beat")
    wait_for(lambda: count(DocumentVersion) == 1, 60, what="the first check")

    start = len(httpserver.log)
    time.sleep(WINDOW)
    listing_requests = sum(1 for request, _ in httpserver.log[start:] if request.path.endswith("/earnings-summaries"))
    # A source is checked at the first one-second tick after it is due (plus up to 10% jitter).
    fewest, most = WINDOW / (EVERY + 1.5) - 1, WINDOW / EVERY + 1
    report("two beat processes running at once", f"{listing_requests} listing checks in {WINDOW:g}s",
           f"between {fewest:.0f} and {most:.0f} (one per {EVERY:g}s interval), not twice that")
    assert fewest <= listing_requests <= most
