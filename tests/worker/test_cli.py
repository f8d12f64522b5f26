"""The command line as a user meets it: real ``earnwatch`` processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EARNWATCH = str(Path(sys.executable).with_name("earnwatch"))
SITE = ROOT / "worker" / "demo" / "site"
COMMANDS = ["run", "worker", "beat", "scrape", "retrigger", "status", "diff", "demo", "check-config", "alerts"]


def earnwatch(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [EARNWATCH, *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})}, cwd=cwd,
    )


def test_every_command_has_help():
    top = earnwatch("--help")
    assert top.returncode == 0
    for command in COMMANDS:
        assert command in top.stdout
        result = earnwatch(command, "--help")
        assert result.returncode == 0 and "Usage" in result.stdout, command


def test_every_command_in_the_readme_exists():
    readme = (ROOT / "README.md").read_text()
    for command in COMMANDS:
        assert f"earnwatch {command}" in readme


def test_check_config_accepts_the_example_and_masks_secrets(tmp_path, earnwatch_env):
    config = tmp_path / "w.yaml"
    config.write_text((ROOT / "config" / "watchlist.example.yaml").read_text().replace(
        '["console://"]', '["mailtos://alerts:${SMTP_PASSWORD}@smtp.example.org?to=team@example.org"]'))
    result = earnwatch("check-config", env={**earnwatch_env, "EARNWATCH_CONFIG": str(config), "SMTP_PASSWORD": "s3cret-pa55"})
    assert result.returncode == 0, result.stderr
    assert "ALAB" in result.stdout and "ok" in result.stdout
    assert "s3cret-pa55" not in result.stdout + result.stderr


def test_check_config_names_the_bad_entry_and_exits_nonzero(tmp_path, earnwatch_env):
    config = tmp_path / "w.yaml"
    config.write_text("companies:\n  - ticker: ALAB\n    sources:\n      - kind: summary_page\n        url: https://e.org/x\n        evry: 5m\n")
    result = earnwatch("check-config", env={**earnwatch_env, "EARNWATCH_CONFIG": str(config)})
    assert result.returncode == 2
    assert "companies[0] (ALAB).sources[0]" in result.stderr and "'evry'" in result.stderr and "allowed keys" in result.stderr
    assert "Traceback" not in result.stderr


CHECKED = {
    "an sec_edgar source without a contact": (
        "companies:\n  - ticker: QLN\n    sources: [{kind: sec_edgar}]\n", {"EARNWATCH_USER_AGENT": "earnwatch/0.1"},
        ["sec_edgar source of QLN", "contact email", "EARNWATCH_USER_AGENT"],
    ),
    "a route URL no apprise plugin takes": (
        "companies:\n  - ticker: ALAB\nroutes:\n  - {name: desk, urls: ['slak://TokenA/TokenB/TokenC']}\n", {},
        ["routes[0] (desk).urls", "did you mean slack://"],
    ),
    "a route whose companies match nothing": (
        "companies:\n  - ticker: ALAB\nroutes:\n  - {name: desk, urls: ['console://'], companies: [ALBA]}\n", {},
        ["routes[0] (desk)", "ALBA"],
    ),
    "a route whose tags match nothing": (
        "companies:\n  - {ticker: ALAB, tags: [semis]}\nroutes:\n  - {name: desk, urls: ['console://'], tags: [semi]}\n", {},
        ["routes[0] (desk)", "semi"],
    ),
    "an empty file": ("", {}, ["is empty", "watchlist.example.yaml"]),
    "a source listed twice": (
        "companies:\n  - ticker: ALAB\n    sources:\n      - {kind: rss, url: 'https://e.org/f'}\n      - {kind: rss, url: 'https://e.org/f'}\n", {},
        ["companies[0] (ALAB)", "listed twice"],
    ),
    "an operator route that is not there": (
        "companies:\n  - ticker: ALAB\nroutes:\n  - {name: desk, urls: ['console://']}\n", {"EARNWATCH_OPERATOR_ROUTE": "ops"},
        ["EARNWATCH_OPERATOR_ROUTE", "'ops'", "routes: desk"],
    ),
}


@pytest.mark.parametrize("name", list(CHECKED))
def test_check_config_of_a_file_catches(name, tmp_path, earnwatch_env):
    text, env, phrases = CHECKED[name]
    config = tmp_path / "checked.yaml"
    config.write_text(text)
    result = earnwatch("check-config", str(config), env={**earnwatch_env, **env})
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and result.stderr.count("error:") == 1, result.stderr
    message = result.stderr.replace("\n", " ")
    assert all(p in message for p in phrases), message
    assert "Unparseable" not in result.stdout + result.stderr


def test_check_config_counts_in_words_and_names_the_file(tmp_path, earnwatch_env):
    config = tmp_path / "one.yaml"
    config.write_text("companies:\n  - ticker: ALAB\n    sources: [{kind: summary_page, url: 'https://e.org/a'}]\nroutes:\n  - {name: log, urls: ['console://']}\n")
    result = earnwatch("check-config", str(config), env=earnwatch_env)
    assert result.returncode == 0, result.stderr
    assert f"ok: {config}: 1 company, 1 source, 1 route;" in result.stdout.replace("\n", "")
    assert result.stderr == ""


def test_run_without_a_watchlist_says_how_to_make_one(tmp_path, earnwatch_env):
    result = earnwatch("run", env={**earnwatch_env, "EARNWATCH_CONFIG": str(tmp_path / "missing.yaml")})
    assert result.returncode == 2 and "watchlist.example.yaml" in result.stderr


def test_diff_prints_the_change_report_as_json():
    result = earnwatch("diff", str(SITE / "alab-q3-2024.txt"), str(SITE / "alab-q4-2024.txt"), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["company"], report["period"], report["baseline_period"]) == ("ALAB", "2024Q4", "2024Q3")
    kinds = {(c["kind"], c["topic"]) for c in report["changes"]}
    assert ("risk_added", "Inventory buildup risk") in kinds
    assert any(k == "guidance_lowered" for k, _ in kinds)
    for change in report["changes"]:
        assert set(change) >= {"kind", "category", "topic", "before", "after", "severity", "reason"}


def test_diff_of_a_document_with_itself_reports_no_change():
    result = earnwatch("diff", str(SITE / "alab-q4-2024.txt"), str(SITE / "alab-q4-2024.txt"), "--format", "json")
    assert result.returncode == 0 and json.loads(result.stdout)["changes"] == []


RELEASES = ROOT / "tests" / "worker" / "releases"
NARROWED = "FY2026 revenue guide narrowed: $2.33B–$2.37B from $2.3B–$2.4B last quarter (midpoint unchanged)"


def test_diff_with_range_changes_reports_a_guide_narrowed_around_its_midpoint():
    old, new = str(RELEASES / "hldn-2026q2-release.txt"), str(RELEASES / "hldn-2026q3-release.txt")
    plain = earnwatch("diff", old, new, "--format", "json")
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout)["changes"] == []

    asked = earnwatch("diff", old, new, "--format", "json", "--range-changes")
    assert asked.returncode == 0, asked.stderr
    [change] = json.loads(asked.stdout)["changes"]
    assert (change["kind"], change["category"], change["severity_band"]) == ("guidance_narrowed", "guidance", "low")
    assert change["reason"] == NARROWED
    assert "$2.33 billion to $2.37 billion" in change["after"] and "$2.30 billion to $2.40 billion" in change["before"]

    text = earnwatch("diff", old, new, "--range-changes")
    assert text.returncode == 0, text.stderr
    assert "HLDN Q3 2026 vs Q2 2026: revenue guidance narrowed" in text.stdout
    assert f"guidance_narrowed: {NARROWED} (severity 25/100, low)" in text.stdout


@pytest.mark.parametrize("content", [b"", b"\x00\xff\xfe\x01" * 64, b"just some words without a quarter\n"])
def test_diff_of_an_unreadable_document_is_a_clear_error(tmp_path, content):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = earnwatch("diff", str(SITE / "alab-q3-2024.txt"), str(bad))
    assert result.returncode == 2 and "error:" in result.stderr and "Traceback" not in result.stderr


def test_status_as_json_has_the_documented_shape(earnwatch_env):
    result = earnwatch("status", "--format", "json", env=earnwatch_env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"companies": [], "alerts": {"pending": 0, "sent": 0, "failed": 0}}


def test_demo_shows_the_alert_with_no_network_and_no_credentials(tmp_path):
    result = earnwatch("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "ALAB Q4 2024 vs Q3 2024" in result.stdout
    assert "Inventory buildup risk" in result.stdout
    assert "gross margin" in result.stdout.lower()
    assert result.stdout.count("=== ALAB Q4 2024 vs Q3 2024") == 1


HOSTILE_TITLE = "ALAB Q3 2024: [/] Record [link=https://evil.example]Revenue[/link] [bold red]Surge\x1b[2J"


def test_scraped_text_is_printed_as_written_never_as_markup(earnwatch_env, httpserver):
    q3 = (SITE / "alab-q3-2024.txt").read_text().splitlines()
    page = "\n".join([HOSTILE_TITLE, *q3[1:]])
    httpserver.expect_request("/alab/q3").respond_with_data(page, content_type="text/plain; charset=utf-8")
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(
        f"companies:\n  - ticker: ALAB\n    name: '[bold]Astera[/]'\n    sources: [{{kind: summary_page, url: '{httpserver.url_for('/alab/q3')}'}}]\n"
    )
    env = {**earnwatch_env, "COLUMNS": "300"}
    scraped = earnwatch("scrape", env=env)
    assert scraped.returncode == 0, scraped.stderr
    assert "1 new" in scraped.stdout
    shown = earnwatch("status", env=env)
    assert shown.returncode == 0, shown.stderr
    assert "[/] Record [link=https://evil.example]Revenue[/link] [bold red]Surge" in shown.stdout
    assert "[bold]Astera[/]" in shown.stdout
    assert "\x1b[2J" not in shown.stdout and "\x1b]8;" not in shown.stdout  # no screen clearing, no hyperlink escape


def test_scrape_ends_with_one_line_of_what_the_cycle_came_to(earnwatch_env, httpserver):
    q3 = (SITE / "alab-q3-2024.txt").read_text()
    httpserver.expect_request("/alab/q3").respond_with_data(q3, content_type="text/plain; charset=utf-8")
    httpserver.expect_request("/gone").respond_with_data("not here", status=404)
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(
        "companies:\n"
        f"  - ticker: ALAB\n    name: Astera\n    sources: [{{kind: summary_page, url: '{httpserver.url_for('/alab/q3')}'}}]\n"
        f"  - ticker: GONE\n    name: Gone Co\n    sources: [{{kind: summary_page, url: '{httpserver.url_for('/gone')}'}}]\n"
    )
    scraped = earnwatch("scrape", env={**earnwatch_env, "COLUMNS": "300"})
    assert scraped.returncode == 0, scraped.stderr  # one bad source does not fail the cycle
    lines = [line for line in scraped.stdout.splitlines() if line.strip()]
    assert lines[-1] == "2 sources checked: 1 new document, 1 failing"
    assert scraped.stdout.count("sources checked") == 1
