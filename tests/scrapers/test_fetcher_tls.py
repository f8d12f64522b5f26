"""Fetcher over TLS: certificates are verified against the CA certificates httpx would use, which
are read when the first TLS connection is made (a cycle of plain-http pages never reads them)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scrapers.errors import FetchError
from scrapers.fetch import Fetcher, TrustOnFirstUse

UA = "earnwatch-tests/1.0 (+https://example.org/contact)"


class _Page(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        body = b"ALAB Q4 2024: over TLS"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def certificate(tmp_path: Path) -> Path:
    """A self-signed certificate for 127.0.0.1, its key beside it."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )
    return tmp_path / "cert.pem"


@pytest.fixture
def https_url(certificate: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate, certificate.with_name("key.pem"))
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/page"
    finally:
        server.shutdown()
        server.server_close()


def test_a_fetcher_reads_no_ca_certificates_until_its_first_tls_connection() -> None:
    context = TrustOnFirstUse()
    assert context.cert_store_stats()["x509_ca"] == 0
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    context.load_trusted()
    assert context.cert_store_stats()["x509_ca"] > 0


def test_a_certificate_no_trusted_authority_signed_is_refused(https_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    with Fetcher(UA, timeout=5.0, attempts=1, respect_robots=False) as fetcher, pytest.raises(FetchError, match="certificate"):
        fetcher.get(https_url)


def test_the_certificates_ssl_cert_file_names_are_trusted_as_httpx_trusts_them(
    https_url: str, certificate: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    with Fetcher(UA, timeout=5.0, attempts=1, respect_robots=False) as fetcher:
        response = fetcher.get(https_url)
    assert response.status == 200
    assert response.content == b"ALAB Q4 2024: over TLS"
