"""The fetcher's manners: retries with backoff and Retry-After, per-host pacing (in-process and
in Redis across processes), and robots.txt."""

from __future__ import annotations

import time

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.errors import FetchError, RobotsDisallowedError
from scrapers.fetch import Fetcher
from scrapers.ratelimit import LocalRateLimiter, RedisRateLimiter

UA = "earnwatch-tests/1.0 (tests@example.org)"


def answers(*responses: Response):
    """A handler answering with ``responses`` in turn (the last one again and again)."""
    queue = list(responses)

    def handler(_: Request) -> Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler


def page_requests(httpserver: HTTPServer, path: str) -> int:
    return sum(1 for request, _ in httpserver.log if request.path == path)


def test_a_503_with_retry_after_is_waited_out_and_tried_again(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_handler(answers(Response("busy", 503, headers={"Retry-After": "1"}), Response("ok")))
    started = time.monotonic()
    with Fetcher(UA, backoff=0.01) as fetcher:
        assert fetcher.get(httpserver.url_for("/p")).content == b"ok"
    assert time.monotonic() - started >= 1.0
    assert page_requests(httpserver, "/p") == 2


def test_server_errors_are_tried_attempts_times_then_reported(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data("boom", status=502)
    with Fetcher(UA, backoff=0.01, attempts=3) as fetcher, pytest.raises(FetchError, match="502") as caught:
        fetcher.get(httpserver.url_for("/p"))
    assert not caught.value.permanent
    assert page_requests(httpserver, "/p") == 3


def test_a_429_asking_for_an_hour_is_not_waited_out_inside_a_check(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data("slow down", status=429, headers={"Retry-After": "3600"})
    with Fetcher(UA, backoff=0.01) as fetcher, pytest.raises(FetchError, match="asked us to wait 3600s"):
        fetcher.get(httpserver.url_for("/p"))
    assert page_requests(httpserver, "/p") == 1


def test_a_404_is_not_retried(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data("no", status=404)
    with Fetcher(UA, backoff=0.01) as fetcher, pytest.raises(FetchError, match="not found"):
        fetcher.get(httpserver.url_for("/p"))
    assert page_requests(httpserver, "/p") == 1


def test_a_host_is_paced_to_its_rate(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data("ok")
    with Fetcher(UA, rate_per_host=20.0) as fetcher:
        # Timed from before the first request (robots.txt, then five pages: six slots, five
        # intervals), so a slow machine cannot make the first interval look shorter.
        started = time.monotonic()
        for _ in range(5):
            fetcher.get(httpserver.url_for("/p"))
    assert time.monotonic() - started >= 5 / 20 - 0.01


def test_hosts_in_a_shared_bucket_share_one_rate(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/p").respond_with_data("ok")
    bucket = ("sec.gov", 10.0)
    with Fetcher(UA, host_rates={"localhost": bucket, "127.0.0.1": bucket}) as fetcher:
        fetcher.get(httpserver.url_for("/p"))
        started = time.monotonic()
        fetcher.get(httpserver.url_for("/p"))
        fetcher.get(httpserver.url_for("/p").replace("localhost", "127.0.0.1"))
    assert time.monotonic() - started >= 0.2 - 0.01


def test_the_local_limiter_books_consecutive_slots() -> None:
    limiter = LocalRateLimiter()
    waits = [limiter.reserve("h", 0.5) for _ in range(3)]
    assert waits[0] == 0 and 0.45 < waits[1] <= 0.5 and 0.95 < waits[2] <= 1.0
    assert limiter.reserve("other-host", 0.5) == 0


def test_the_redis_limiter_shares_slots_between_processes(redis_url: str, earnwatch_env) -> None:
    prefix = earnwatch_env["EARNWATCH_REDIS_PREFIX"]
    one, two = RedisRateLimiter(redis_url, prefix), RedisRateLimiter(redis_url, prefix)  # two connections, as two workers
    waits = [one.reserve("sec.gov", 0.1), two.reserve("sec.gov", 0.1), one.reserve("sec.gov", 0.1)]
    assert waits[0] < 0.01 and 0.05 < waits[1] <= 0.1 and 0.15 < waits[2] <= 0.2


def test_a_redis_limiter_without_redis_falls_back_to_this_process() -> None:
    limiter = RedisRateLimiter("redis://127.0.0.1:1/0")
    assert limiter.reserve("h", 1.0) == 0 and limiter.reserve("h", 1.0) > 0.9


def test_robots_txt_is_honoured_and_read_once_per_site(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    httpserver.expect_request("/public").respond_with_data("ok")
    with Fetcher(UA) as fetcher:
        with pytest.raises(RobotsDisallowedError, match="robots.txt does not allow.*respect_robots: false"):
            fetcher.get(httpserver.url_for("/private/q4"))
        fetcher.get(httpserver.url_for("/public"))
        fetcher.get(httpserver.url_for("/public"))
    assert page_requests(httpserver, "/robots.txt") == 1
    assert page_requests(httpserver, "/private/q4") == 0


def test_a_source_that_opts_out_of_robots_txt_is_fetched(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    httpserver.expect_request("/private/q4").respond_with_data("ok")
    with Fetcher(UA) as fetcher:
        assert fetcher.for_source(respect_robots=False).get(httpserver.url_for("/private/q4")).content == b"ok"
        with pytest.raises(RobotsDisallowedError):
            fetcher.get(httpserver.url_for("/private/q4"))


def test_an_unreadable_robots_txt_is_a_temporary_error_not_a_silent_yes(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("down", status=503)
    with Fetcher(UA, backoff=0.01) as fetcher, pytest.raises(FetchError, match="could not read .*robots.txt") as caught:
        fetcher.get(httpserver.url_for("/page"))
    assert not caught.value.permanent
    assert page_requests(httpserver, "/page") == 0
