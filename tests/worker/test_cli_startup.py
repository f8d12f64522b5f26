"""`earnwatch --help` and `earnwatch status` start without loading what they do not use: no
Celery, and no apprise (route URLs are checked by check-config and the roles, not by status);
`earnwatch scrape` reads a plain-text page without bs4, and compares without jinja2 when no
route wants the report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.end_to_end.conftest import EARNWATCH

PROBE = """
import json, sys
sys.argv = ["earnwatch", *sys.argv[1:]]
from worker.cli import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
print(json.dumps({"code": code, "loaded": sorted(m for m in ("apprise", "bs4", "celery", "earnings.compare", "jinja2", "kombu") if m in sys.modules)}), file=sys.stderr)
"""

WATCHLIST = """companies:
  - ticker: ALAB
    sources: [{kind: summary_page, url: "http://127.0.0.1:9/alab", every: 1h}]
routes:
  - name: email
    urls: ["mailto://127.0.0.1:2525?mode=insecure&from=earnwatch@example.org&to=team@example.org"]
"""


def loaded_by(env: dict[str, str], *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=120, cwd=Path(env["EARNWATCH_DATA_DIR"]).parent
    )
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_help_loads_neither_celery_nor_apprise(earnwatch_env):
    probe = loaded_by(earnwatch_env, "--help")
    assert probe["code"] == 0 and probe["loaded"] == []


def test_status_loads_neither_celery_nor_apprise_nor_the_comparison_engine(earnwatch_env):
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(WATCHLIST)
    assert subprocess.run([EARNWATCH, "db", "upgrade"], env={**os.environ, **earnwatch_env}, capture_output=True, timeout=120).returncode == 0
    probe = loaded_by(earnwatch_env, "status")
    assert probe["code"] == 0 and probe["loaded"] == []
    probe = loaded_by(earnwatch_env, "status", "--format", "json")
    assert probe["code"] == 0 and probe["loaded"] == []


def test_check_config_still_checks_route_urls_with_apprise(earnwatch_env):
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(WATCHLIST.replace("mailto://", "mialto://"))
    result = subprocess.run([EARNWATCH, "check-config"], env={**os.environ, **earnwatch_env}, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "mialto" in result.stderr
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(WATCHLIST)
    probe = loaded_by(earnwatch_env, "check-config")
    assert probe["code"] == 0 and "apprise" in probe["loaded"]


def test_a_scrape_compares_a_new_plain_text_summary_without_bs4_or_jinja2(earnwatch_env, httpserver):
    demo = Path(__file__).resolve().parents[2] / "worker" / "demo" / "site"
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(
        f"companies:\n  - ticker: ALAB\n    sources: [{{kind: summary_page, url: \"{httpserver.url_for('/alab')}\", every: 1h}}]\n"
    )
    env = {**earnwatch_env, "EARNWATCH_HOST_RATE": "0"}
    assert subprocess.run([EARNWATCH, "db", "upgrade"], env={**os.environ, **env}, capture_output=True, timeout=120).returncode == 0
    for quarter in ("q3", "q4"):
        httpserver.clear()
        httpserver.expect_request("/alab").respond_with_data((demo / f"alab-{quarter}-2024.txt").read_bytes(), content_type="text/plain; charset=utf-8")
        probe = loaded_by(env, "scrape")
        assert probe["code"] == 0
    assert probe["loaded"] == ["earnings.compare"]
