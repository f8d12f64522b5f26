"""``earnwatch show``, ``export`` and ``alerts show`` read the same query layer as the web;
``earnwatch web`` refuses what it cannot do with one line; ``health --role web``."""

from __future__ import annotations

import csv
import io
import json
import socket

import pytest

pytestmark = pytest.mark.slow


def test_show_prints_a_quarter_and_a_history_as_the_api_has_them(site):
    quarter = site.cli("show", "ALAB", "Q4 2024")
    assert quarter.returncode == 0, quarter.stderr
    assert "ALAB Q4 2024 vs Q3 2024" in quarter.stdout and "guidance_lowered" in quarter.stdout and "Inventory buildup risk" in quarter.stdout
    history = site.cli("show", "alab")
    assert history.returncode == 0 and "2024Q4" in history.stdout and "gross margin guide lowered" in history.stdout
    as_json = json.loads(site.cli("show", "ALAB", "2024Q4", "--format", "json").stdout)
    api = site.client().get("/api/companies/ALAB/quarters/2024Q4").json()
    assert as_json["comparisons"] == api["comparisons"]
    missing = site.cli("show", "ALAB", "2019Q1")
    assert missing.returncode == 2 and "stored: 2024Q3, 2024Q4" in missing.stderr and "Traceback" not in missing.stderr
    assert site.cli("show", "NOPE").returncode == 2


def test_export_writes_every_change_by_company_and_quarter(site, tmp_path):
    rows = list(csv.DictReader(io.StringIO(site.cli("export", "--format", "csv").stdout)))
    api = site.client().get("/api/companies/ALAB/quarters/2024Q4").json()["comparisons"][0]["changes"]
    alab = [r for r in rows if r["ticker"] == "ALAB"]
    assert [(r["period"], r["kind"], r["reason"]) for r in alab] == [("2024Q4", c["kind"], c["reason"]) for c in api]
    assert set(rows[0]) == {"ticker", "period", "baseline_period", "kind", "topic", "severity", "severity_band", "reason", "before", "after"}
    out = tmp_path / "changes.json"
    written = site.cli("export", "--format", "json", "--ticker", "ALAB", "--output", str(out))
    assert written.returncode == 0 and f"{len(alab)} changes written" in written.stdout
    assert [r["kind"] for r in json.loads(out.read_text())] == [r["kind"] for r in alab]


def test_alerts_show_gives_the_attempts_and_what_the_alert_says(site):
    shown = site.cli("alerts", "show", "1")
    assert shown.returncode == 0, shown.stderr
    assert "alert 1" in shown.stdout and "to desk" in shown.stdout and "sent" in shown.stdout and "ALAB Q4 2024 vs Q3 2024" in shown.stdout
    assert "hookpass" not in shown.stdout
    detail = json.loads(site.cli("alerts", "show", "1", "--format", "json").stdout)
    assert detail == site.client().get("/api/alerts/1").json()
    assert site.cli("alerts", "show", "99999").returncode == 2


def test_health_asks_the_dashboard_on_this_host(site):
    healthy = site.cli("health", "--role", "web")
    assert healthy.returncode == 0 and "ok   web" in healthy.stdout


def test_a_second_web_on_the_same_port_is_refused_with_one_line(site):
    port = site.env["EARNWATCH_WEB_PORT"]
    second = site.cli("web")
    assert second.returncode == 2 and f"127.0.0.1:{port}" in second.stderr and "EARNWATCH_WEB_PORT" in second.stderr
    assert "Traceback" not in second.stderr and len(second.stderr.strip().splitlines()) == 1
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", int(port))) == 0, "the first server still serves"
