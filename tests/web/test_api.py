"""The JSON API through httpx, against a real ``earnwatch web`` process on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.conftest import wait_for
from tests.web.conftest import HOSTILE_TEXT, SCRIPT, TOKEN

pytestmark = pytest.mark.slow


def test_the_watchlist_lists_each_company_with_its_latest_quarter_and_changes(site):
    companies = {c["ticker"]: c for c in site.client().get("/api/companies").json()}
    alab = companies["ALAB"]
    assert alab["latest_period"] == "2024Q4" and alab["tags"] == ["semis", "watch"]
    assert alab["latest_changes"] >= 3 and alab["check_status"] == "ok" and alab["last_checked_at"]
    assert [p["period"] for p in alab["similarity"]] == ["2024Q4"] and 0 < alab["similarity"][0]["cosine"] < 1
    assert companies["HOST"]["check_status"] == "none" and companies["HOST"]["latest_period"] == "2024Q2"
    assert [c["ticker"] for c in site.client().get("/api/companies", params={"tag": "odd"}).json()] == ["HOST"]


def test_a_company_has_its_timeline_risk_matrix_and_guidance_charts(site):
    alab = site.client().get("/api/companies/alab").json()
    assert [q["period"] for q in alab["quarters"]] == ["2024Q3", "2024Q4"]
    q4 = alab["quarters"][1]
    assert q4["baseline_period"] == "2024Q3" and q4["by_kind"]["risk_added"] == 2 and q4["changes"] == sum(q4["by_kind"].values())
    risks = {row["topic"]: row["cells"] for row in alab["risks"]["rows"]}
    assert alab["risks"]["periods"] == ["2024Q3", "2024Q4"]
    assert risks["Inventory buildup risk"] == ["", "new"]
    margin = next(chart for chart in alab["guidance"] if chart["metric"] == "gross_margin")
    assert margin["guided_in"] == ["2024Q3", "2024Q4"] and margin["unit"] == "%"
    assert {(m["guided_in"], m["low"], m["high"]) for m in margin["marks"]} >= {("2024Q3", 75.0, 75.0), ("2024Q4", 70.0, 74.0)}


def test_a_quarter_has_its_document_comparisons_and_changes(site):
    quarter = site.client().get("/api/companies/ALAB/quarters/Q4 2024").json()
    assert quarter["period"] == "2024Q4" and quarter["document"]["title"].startswith("ALAB Q4 2024")
    (previous,) = quarter["comparisons"]
    assert previous["baseline_period"] == "2024Q3" and previous["stored"]
    lowered = next(c for c in previous["changes"] if c["kind"] == "guidance_lowered")
    assert "70–74%" in lowered["after"] and lowered["severity"] > 0 and lowered["reason"]
    compared = site.client().get("/api/companies/ALAB/compare", params={"old": "2024Q4", "new": "2024Q3"}).json()
    assert not compared["stored"] and compared["period"] == "2024Q3"  # any two quarters, worked out now


def test_alerts_sources_health_and_metrics_read_the_same_database(site):
    alerts = site.client().get("/api/alerts").json()
    first = alerts[-1]
    assert first["ticker"] == "ALAB" and first["period"] == "2024Q4" and first["status"] == "sent" and first["route"] == "desk"
    detail = site.client().get(f"/api/alerts/{first['id']}").json()
    assert detail["history"][0]["ok"] and detail["changes"] and detail["baseline_period"] == "2024Q3"
    assert site.client().get("/api/alerts", params={"status": "failed"}).json() == [a for a in alerts if a["status"] == "failed"]
    (source,) = site.client().get("/api/sources").json()
    assert source["ticker"] == "ALAB" and source["status"] == "ok" and source["next_check_at"]
    assert site.client().get("/healthz").json()["status"] == "ok"
    metrics = site.client().get("/metrics")
    assert metrics.headers["content-type"].startswith("text/plain") and "earnwatch_documents_total 3.0" in metrics.text


def test_every_write_needs_the_token(site):
    for path in ("/api/companies/ALAB/quarters/2024Q4/retrigger", "/api/alerts/1/retry", "/api/alerts/1/resend", "/api/documents"):
        anonymous = site.client().post(path, json={"ticker": "ALAB", "text": "x"})
        assert anonymous.status_code == 401 and "Bearer" in anonymous.json()["message"], path
        assert anonymous.headers["www-authenticate"] == "Bearer"
        wrong = site.client("not-the-token").post(path, json={"ticker": "ALAB", "text": "x"})
        assert wrong.status_code == 403 and "not the EARNWATCH_API_TOKEN" in wrong.json()["message"], path
        assert TOKEN not in wrong.text
    scheme = site.client().post("/api/alerts/1/retry", headers={"Authorization": f"Basic {TOKEN}"})
    assert scheme.status_code == 401


def test_retriggering_a_quarter_with_resend_sends_its_alert_again(site):
    before = len(site.hook.messages)
    quiet = site.client(TOKEN).post("/api/companies/ALAB/quarters/2024Q4/retrigger", json={})
    assert quiet.status_code == 200 and quiet.json()["alert_ids"] == [] and "--resend" in quiet.json()["message"]
    resent = site.client(TOKEN).post("/api/companies/ALAB/quarters/2024Q4/retrigger", json={"resend": True}).json()
    (alert_id,) = resent["alert_ids"]
    assert resent["deliveries"][0]["status"] == "sent" and len(site.hook.messages) == before + 1
    assert "ALAB Q4 2024 vs Q3 2024" in site.hook.messages[-1]["title"]
    assert site.client().get(f"/api/alerts/{alert_id}").json()["status"] == "sent"


def test_retry_and_resend_answer_for_what_the_alert_is(site):
    sent = site.client().get("/api/alerts", params={"status": "sent"}).json()[0]
    again = site.client(TOKEN).post(f"/api/alerts/{sent['id']}/retry")
    assert again.status_code == 409 and "resend" in again.json()["message"]
    before = len(site.hook.messages)
    resent = site.client(TOKEN).post(f"/api/alerts/{sent['id']}/resend").json()
    assert resent["deliveries"][0]["status"] == "sent" and len(site.hook.messages) == before + 1
    assert site.client(TOKEN).post("/api/alerts/999999/retry").status_code == 404


def test_a_pushed_document_is_stored_compared_and_alerted_like_a_scraped_one(site):
    text = HOSTILE_TEXT.replace("Q2 2024", "Q3 2024").replace("$100 million to $110 million in Q3", "$80 million to $90 million in Q3") + (
        "- Demand risk: a customer's delayed orders could reduce revenue sharply and may lead to losses.\n"
    )
    before = len(site.hook.messages)
    pushed = site.client(TOKEN).post("/api/documents", json={"ticker": "host", "text": text, "kind": "summary"})
    assert pushed.status_code == 201, pushed.text
    body = pushed.json()
    assert body["document_ids"] and body["changes"] >= 1 and body["alert_ids"]
    wait_for(lambda: len(site.hook.messages) > before, 60, what="the pushed document's alert at the webhook")
    assert site.client().get("/api/companies/HOST").json()["quarters"][-1]["period"] == "2024Q3"
    twice = site.client(TOKEN).post("/api/documents", json={"ticker": "HOST", "text": text, "kind": "summary"})
    assert twice.status_code == 200 and twice.json()["document_ids"] == [] and "already stored" in twice.json()["message"]


def test_bad_pushes_get_a_message_that_says_what_to_do_and_store_nothing(site):
    client = site.client(TOKEN)
    count = len(site.client().get("/api/companies/HOST").json()["quarters"])
    cases = [
        ({"ticker": "NOPE", "text": HOSTILE_TEXT}, 404, "add it to the watchlist"),
        ({"ticker": "HOST"}, 422, "text, or a url"),
        ({"ticker": "HOST", "text": HOSTILE_TEXT, "period": "Q7 2024"}, 422, "not a fiscal quarter"),
        ({"ticker": "HOST", "text": "\x00\x01 binary"}, 422, ""),
        ({"ticker": "HOST", "text": "x" * 300_000}, 413, "EARNWATCH_MAX_PAGE_BYTES"),
        ({"ticker": "HOST", "url": "ftp://example.org/doc"}, 422, ""),
    ]
    for body, status, phrase in cases:
        answer = client.post("/api/documents", json=body)
        assert answer.status_code == status, (body.get("period"), answer.text[:300])
        assert phrase in answer.json()["message"] and "Traceback" not in answer.text
    assert client.post("/api/documents", content=b"{not json", headers={"content-type": "application/json"}).status_code == 422
    assert len(site.client().get("/api/companies/HOST").json()["quarters"]) == count


def test_no_answer_holds_a_secret_or_a_scraped_script(site):
    client = site.client()
    answers = [client.get(path) for path in (
        "/", "/alerts", "/sources", "/companies/ALAB", "/companies/HOST", "/companies/HOST/quarters/2024Q2", "/push", "/login",
        "/api/companies", "/api/alerts", "/api/sources", "/api/companies/HOST", "/openapi.json", "/metrics", "/healthz",
    )]
    documents = [client.get(f"/documents/{i}") for i in range(1, 4)]
    for answer in answers + documents + [client.get("/api/alerts/1")]:
        assert answer.status_code == 200, answer.url
        for secret in site.secrets:
            assert secret not in answer.text, (answer.url, secret)
        if answer.headers["content-type"].startswith("text/html"):
            assert SCRIPT not in answer.text, answer.url
            assert "default-src 'self'" in answer.headers["content-security-policy"]
    hostile = next(d for d in documents if "Hostile" in d.text)
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in hostile.text  # shown as text, escaped
    assert SCRIPT in client.get("/api/companies/HOST").json()["name"]  # JSON carries it as data


def test_unknown_things_get_404_with_a_message(site):
    client = site.client()
    for path, phrase in (("/api/companies/NOPE", "see /api/companies"), ("/api/companies/ALAB/quarters/2020Q1", "stored: 2024Q3, 2024Q4"),
                         ("/api/alerts/424242", "no alert"), ("/api/documents/424242", "no document")):
        answer = client.get(path)
        assert answer.status_code == 404 and phrase in answer.json()["message"], path
    bad = client.get("/api/companies/ALAB/quarters/Q9")
    assert bad.status_code == 422 and "2024Q4" in bad.json()["message"]
    page = client.get("/companies/NOPE")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html") and "NOPE" in page.text
