"""Who may do what without and with a token; the signed session and flash cookies; the
risk matrix read across quarters. In this process: the app over a real SQLite database."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import parse_watchlist
from worker.storage.trends import risk_matrix
from worker.web.security import Guard, is_loopback

WATCHLIST = "companies:\n  - ticker: ALAB\n    name: Astera Labs\n"


def client(ctx, host: str) -> httpx.AsyncClient:
    from worker.web.app import create_app

    transport = httpx.ASGITransport(app=create_app(ctx), client=(host, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.mark.anyio
@pytest.mark.parametrize("anyio_backend", ["asyncio"])
async def test_without_a_token_writes_are_refused_and_only_this_machine_is_served(context, anyio_backend):
    ctx = context(parse_watchlist(WATCHLIST), api_token="")
    async with client(ctx, "127.0.0.1") as local:
        assert (await local.get("/api/companies")).status_code == 200
        refused = await local.post("/api/alerts/1/retry", headers={"Authorization": "Bearer anything"})
        assert refused.status_code == 403 and "EARNWATCH_API_TOKEN" in refused.json()["message"]
        assert "read only" in (await local.get("/")).text
    async with client(ctx, "192.0.2.10") as remote:
        page = await remote.get("/api/companies")
        assert page.status_code == 403 and "only on this machine" in page.json()["message"]
        assert (await remote.get("/healthz")).status_code == 200  # a container's health check
    ctx = context(parse_watchlist(WATCHLIST), api_token="t" * 24)
    async with client(ctx, "192.0.2.10") as remote:
        assert (await remote.get("/api/companies")).status_code == 200


def test_the_token_is_compared_whole_and_sessions_are_signed_by_it():
    guard = Guard("s3cret-token-value")
    assert guard.matches("s3cret-token-value") and not guard.matches("s3cret-token-valu") and not guard.matches("")
    assert not Guard("").matches("")
    cookie = guard.new_session(now=1_000_000)
    session = guard.session_id(cookie, now=1_000_060)
    assert session and guard.session_id(cookie, now=1_000_000 + 13 * 3600) is None  # sessions end
    assert Guard("another-token-value").session_id(cookie, now=1_000_060) is None  # a new token ends every session
    issued, nonce, signature = cookie.split(".")
    assert guard.session_id(f"{int(issued) + 9999}.{nonce}.{signature}", now=1_000_060) is None
    assert guard.read_flash(guard.flash("ok|done")) == "ok|done" and guard.read_flash("b2t8ZmFrZQ.0000") is None


def test_loopback_is_this_machine_only():
    assert is_loopback("127.0.0.1") and is_loopback("127.8.9.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("192.0.2.1") and not is_loopback("") and not is_loopback(None) and not is_loopback("example.org")


def test_the_risk_matrix_marks_each_quarter_and_carries_a_topic_between_changes():
    def report(*changes):
        return {"changes": [{"kind": kind, "topic": topic} for kind, topic in changes]}

    periods = ["2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1"]
    reports = [
        ("2024Q2", "2024Q1", report(("risk_added", "Tariffs"), ("risk_escalated", "Supply"))),
        ("2024Q3", "2024Q2", report(("guidance_raised", "Revenue"))),
        ("2024Q4", "2024Q3", report(("risk_eased", "Tariffs"), ("risk_removed", "Supply"))),
        ("2025Q1", "2024Q4", report(("risk_added", "Supply"))),
    ]
    rows = {row.topic: row.cells for row in risk_matrix(periods, reports).rows}
    assert rows == {
        "Tariffs": ["", "new", "present", "eased", "present"],
        "Supply": ["present", "escalated", "present", "gone", "new"],
    }
