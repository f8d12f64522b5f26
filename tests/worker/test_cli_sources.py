"""``earnwatch reparse`` as a user runs it: a real process, no network."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

EARNWATCH = str(Path(sys.executable).with_name("earnwatch"))


def test_reparse_resolves_a_kept_document_once_the_watchlist_says_where_its_quarter_is(earnwatch_env, context, tmp_path, httpserver):
    from tests.worker.test_sources_pipeline import SELECTED, listing
    from worker.stages.inline import check_sources

    httpserver.expect_request("/alab").respond_with_data(listing("/s/q4-2024"), content_type="text/html")
    httpserver.expect_request("/s/q4-2024").respond_with_data(SELECTED, content_type="text/html")
    config = Path(earnwatch_env["EARNWATCH_CONFIG"])
    source = f"{{kind: summary_page, url: '{httpserver.url_for('/alab')}'"
    config.write_text(f"companies:\n  - ticker: ALAB\n    sources: [{source}}}]\n")
    check_sources(context())
    config.write_text(f"companies:\n  - ticker: ALAB\n    sources: [{source}, period_selector: '.fiscal-period', body_selector: article}}]\n")
    requests = len(httpserver.log)

    def earnwatch(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([EARNWATCH, *args], capture_output=True, text=True, timeout=120,
                              stdin=subprocess.DEVNULL, env={**os.environ, **earnwatch_env, "COLUMNS": "250"})

    shown = earnwatch("status")
    assert shown.returncode == 0, shown.stderr
    assert f"unresolved  {httpserver.url_for('/s/q4-2024')}: {httpserver.url_for('/s/q4-2024')} names no fiscal quarter" in shown.stdout
    assert "set period_selector" in shown.stdout
    result = earnwatch("reparse", "ALAB")
    assert result.returncode == 0, result.stderr
    assert "resolved and stored: 2024Q4" in result.stdout
    assert "0 changed, 0 unchanged, 1 resolved, 0 still unresolved, 0 failed" in result.stdout
    assert len(httpserver.log) == requests  # no network
