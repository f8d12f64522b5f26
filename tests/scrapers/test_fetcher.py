"""Fetcher: the one network client, against a local pytest-httpserver."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scrapers.base import Validators
from scrapers.errors import FetchError, ResponseTooLargeError, UnsafeURLError
from scrapers.fetch import Fetcher

UA = "earnwatch-tests/1.0 (+https://example.org/contact)"


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(UA, timeout=2.0, max_bytes=10_000, max_redirects=3) as client:
        yield client


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_page_is_fetched_with_our_user_agent_and_its_validators_are_returned(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/page", headers={"User-Agent": UA}).respond_with_data(
        "ALAB Q4 2024: x",
        content_type="text/plain; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Tue, 11 Feb 2025 21:30:00 GMT"},
    )
    response = fetcher.get(httpserver.url_for("/page"))
    assert response.status == 200
    assert response.content == b"ALAB Q4 2024: x"
    assert response.content_type == "text/plain; charset=utf-8"
    assert response.etag == '"v1"'
    assert response.last_modified == "Tue, 11 Feb 2025 21:30:00 GMT"
    assert response.not_modified is False


def test_a_conditional_request_sends_if_none_match_and_a_304_means_not_modified(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request(
        "/page", headers={"If-None-Match": '"v1"', "If-Modified-Since": "Tue, 11 Feb 2025 21:30:00 GMT"}
    ).respond_with_data("", status=304, headers={"ETag": '"v1"'})
    response = fetcher.get(
        httpserver.url_for("/page"), Validators(etag='"v1"', last_modified="Tue, 11 Feb 2025 21:30:00 GMT")
    )
    assert response.not_modified is True
    assert response.status == 304
    assert response.content == b""
    httpserver.check_assertions()


def test_a_body_over_the_size_cap_is_refused_naming_the_cap_and_the_url(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 10_001)
    url = httpserver.url_for("/big")
    with pytest.raises(ResponseTooLargeError) as caught:
        fetcher.get(url)
    assert "10,000-byte cap" in str(caught.value)
    assert url in str(caught.value)


def test_a_streamed_body_without_content_length_is_cut_at_the_size_cap(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    def endless(_: Request) -> Response:
        return Response((b"y" * 1000 for _ in range(50)), content_type="text/plain")  # chunked, 50 kB

    httpserver.expect_request("/stream").respond_with_handler(endless)
    with pytest.raises(ResponseTooLargeError, match="cap"):
        fetcher.get(httpserver.url_for("/stream"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)", "example.org/page", "http:///nohost"])
def test_anything_but_http_or_https_is_refused(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(UnsafeURLError) as caught:
        fetcher.get(url)
    assert caught.value.permanent is True
    assert "http" in str(caught.value)


def test_file_urls_are_refused_with_a_message_that_says_only_http_and_https_are_fetched(fetcher: Fetcher) -> None:
    with pytest.raises(UnsafeURLError, match="only http and https"):
        fetcher.get("file:///etc/passwd")


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_and_429_are_temporary_fetch_errors_naming_the_status(httpserver: HTTPServer, fetcher: Fetcher, status: int) -> None:
    httpserver.expect_request("/flaky").respond_with_data("oops", status=status)
    with pytest.raises(FetchError) as caught:
        fetcher.get(httpserver.url_for("/flaky"))
    assert caught.value.permanent is False
    assert str(status) in str(caught.value)


def test_a_404_says_not_found(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    with pytest.raises(FetchError, match="not found") as caught:
        fetcher.get(httpserver.url_for("/gone"))
    assert caught.value.url == httpserver.url_for("/gone")


def test_a_403_is_a_permanent_fetch_error_about_access(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/private").respond_with_data("no", status=403)
    with pytest.raises(FetchError, match="access denied") as caught:
        fetcher.get(httpserver.url_for("/private"))
    assert caught.value.permanent is True


def test_a_refused_connection_is_a_temporary_error_asking_whether_the_site_is_up(fetcher: Fetcher) -> None:
    url = f"http://127.0.0.1:{closed_port()}/page"
    with pytest.raises(FetchError) as caught:
        fetcher.get(url)
    assert type(caught.value) is FetchError
    assert caught.value.permanent is False
    assert str(caught.value) == f"could not connect to {url}: connection refused; is the site up?"


def test_a_slow_server_is_a_temporary_timeout(httpserver: HTTPServer) -> None:
    def slow(_: Request) -> Response:
        time.sleep(0.6)
        return Response("late")

    httpserver.expect_request("/slow").respond_with_handler(slow)
    with Fetcher(UA, timeout=0.2) as fetcher, pytest.raises(FetchError, match="timed out after 0.2s") as caught:
        fetcher.get(httpserver.url_for("/slow"))
    assert caught.value.permanent is False


def test_redirects_are_followed_and_the_final_url_is_reported(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/old").respond_with_data("", status=301, headers={"Location": "/mid"})
    httpserver.expect_request("/mid").respond_with_data("", status=302, headers={"Location": httpserver.url_for("/new")})
    httpserver.expect_request("/new").respond_with_data("here")
    response = fetcher.get(httpserver.url_for("/old"))
    assert response.url == httpserver.url_for("/new")
    assert response.content == b"here"


def test_more_redirects_than_the_cap_is_a_fetch_error(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    for hop in range(4):  # /r0 -> /r1 -> /r2 -> /r3 -> /r4: four redirects, the cap is three
        httpserver.expect_request(f"/r{hop}").respond_with_data("", status=302, headers={"Location": f"/r{hop + 1}"})
    httpserver.expect_request("/r4").respond_with_data("end")
    with pytest.raises(FetchError, match="too many redirects") as caught:
        fetcher.get(httpserver.url_for("/r0"))
    assert "after 3" in str(caught.value)


def test_exactly_the_cap_of_redirects_is_allowed(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    for hop in range(3):
        httpserver.expect_request(f"/r{hop}").respond_with_data("", status=307, headers={"Location": f"/r{hop + 1}"})
    httpserver.expect_request("/r3").respond_with_data("end")
    assert fetcher.get(httpserver.url_for("/r0")).content == b"end"


def test_a_redirect_to_a_file_url_is_refused(httpserver: HTTPServer, fetcher: Fetcher) -> None:
    httpserver.expect_request("/sneaky").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    with pytest.raises(UnsafeURLError, match="redirected to a URL we won't fetch"):
        fetcher.get(httpserver.url_for("/sneaky"))


def test_a_page_that_trickles_a_byte_a_second_is_given_up_on_at_the_deadline(trickle_server) -> None:
    with Fetcher(UA, timeout=5.0, deadline=2.0) as client:
        started = time.monotonic()
        with pytest.raises(FetchError) as caught:
            client.get(trickle_server.url("/slow"), None)
        took = time.monotonic() - started
    assert "gave up after 2 s: too slow" in str(caught.value)
    assert caught.value.url == trickle_server.url("/slow")
    assert took < 60  # the page would take ten minutes


@pytest.mark.parametrize("validators", [None, Validators(etag='"v1"')], ids=["200", "304"])
def test_requests_to_one_host_reuse_one_kept_alive_connection(validators: Validators | None) -> None:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from threading import Thread

    peers: list[tuple[str, int]] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            peers.append(self.client_address)
            if self.headers.get("If-None-Match") == '"v1"':  # a 304 has no body and no length
                self.send_response(304)
                self.end_headers()
                return
            body = b"ok" if self.path != "/robots.txt" else b""
            self.send_response(200 if body else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Thread(target=server.serve_forever, daemon=True).start()
    try:
        with Fetcher(UA) as client:
            for n in range(5):
                response = client.get(f"http://127.0.0.1:{server.server_address[1]}/page/{n}", validators)
                assert (response.not_modified, response.content) == ((True, b"") if validators else (False, b"ok"))
    finally:
        server.shutdown()
        server.server_close()
    assert len(peers) == 6  # robots.txt and five pages
    pages = peers[1:]  # after robots.txt (a 404 whose connection is not kept)
    assert len(set(pages)) == 1, f"{len(set(pages))} connections for 5 pages"
