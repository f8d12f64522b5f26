"""A watchlist with wrong types or unknown keys, and a quarter that is no quarter: one clear
error, exit code 2 from the real ``earnwatch`` command, no traceback, the database untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select, table

from config import ConfigError
from config.settings import load_settings
from earnings.errors import PeriodError
from earnings.period import FiscalPeriod
from tests.conftest import SummarySite, parse_watchlist
from worker.stages.inline import check_sources
from worker.storage.db import make_engine

EARNWATCH = str(Path(sys.executable).with_name("earnwatch"))


def earnwatch(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([EARNWATCH, *args], capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
                          env={**os.environ, **env})


def row_counts() -> dict[str, int]:
    engine = make_engine(load_settings().database_url)
    try:
        with engine.connect() as conn:
            return {name: conn.execute(select(func.count()).select_from(table(name))).scalar_one()
                    for name in inspect(engine).get_table_names()}
    finally:
        engine.dispose()


GOOD = """companies:
  - ticker: ALAB
    sources: [{{kind: summary_page, url: "{url}", every: 1m}}]
routes:
  - name: log
    urls: ["console://"]
"""


@pytest.fixture
def stored(earnwatch_env, context, httpserver) -> dict[str, int]:
    """Two ALAB quarters stored and compared through a good watchlist; the row counts."""
    site = SummarySite(httpserver)
    config = Path(earnwatch_env["EARNWATCH_CONFIG"])
    config.write_text(GOOD.format(url=site.url))
    ctx = context(parse_watchlist(config.read_text()))
    site.publish("2024Q3")
    check_sources(ctx)
    site.publish("2024Q4")
    check_sources(ctx)
    ctx.close()
    counts = row_counts()
    assert counts["document_version"] == 2 and counts["comparison"] == 1
    return counts


BAD_WATCHLISTS = {
    "ticker is a number": ("companies:\n  - ticker: 123\n", ["companies[0] (123).ticker", "valid string"]),
    "every is a list": ("companies:\n  - ticker: ALAB\n    sources:\n      - {kind: summary_page, url: 'https://e.org/x', every: [1]}\n",
                        ["companies[0] (ALAB).sources[0].every", "not a duration", "15m"]),
    "urls is a string": ("routes:\n  - name: r\n    urls: x\n", ["routes[0] (r).urls", "valid list"]),
    "sources is a mapping": ("companies:\n  - ticker: ALAB\n    sources: {}\n", ["companies[0] (ALAB).sources", "valid list"]),
    "unknown company key": ("companies:\n  - ticker: ALAB\n    sector: semis\n", ["'sector'", "allowed keys: ticker, name, tags, sources"]),
    "unknown source key": ("companies:\n  - ticker: ALAB\n    sources:\n      - {kind: rss, url: 'https://e.org/f', documents: summary_page, pages: 3}\n",
                           ["'pages'", "allowed keys: kind, url, every, link_pattern, max_documents, respect_robots, fiscal_year_end, documents"]),
    "unknown top-level key": ("companies: []\nalerts: []\n", ["'alerts'", "allowed keys: companies, routes"]),
    "kind is a list": ("companies:\n  - ticker: ALAB\n    sources:\n      - {kind: [rss], url: 'https://e.org/f'}\n",
                       ["unknown source kind", "known kinds"]),
    "every is not a number": ("companies:\n  - ticker: ALAB\n    sources:\n      - {kind: summary_page, url: 'https://e.org/x', every: .nan}\n",
                              ["every", "longer than zero"]),
    "every is forever": ("companies:\n  - ticker: ALAB\n    sources:\n      - {kind: summary_page, url: 'https://e.org/x', every: .inf}\n",
                         ["every", "longer than a year"]),
    "nested too deeply": ("companies: " + "[" * 3000 + "]" * 3000 + "\n", ["nested too deeply"]),
    "top level is a list": ("- ticker: ALAB\n", ["top level must be a mapping"]),
}


@pytest.mark.parametrize("name", list(BAD_WATCHLISTS))
def test_a_bad_watchlist_is_one_clear_config_error(name: str) -> None:
    text, phrases = BAD_WATCHLISTS[name]
    with pytest.raises(ConfigError) as caught:
        parse_watchlist(text, source="watchlist.yaml")
    message = str(caught.value)
    assert message.startswith("watchlist.yaml: ") and all(p in message for p in phrases), message


@pytest.mark.parametrize("name", ["ticker is a number", "every is a list", "urls is a string", "sources is a mapping",
                                  "unknown source key", "kind is a list", "nested too deeply"])
def test_earnwatch_refuses_a_bad_watchlist_with_exit_2_and_the_database_unchanged(name: str, stored, earnwatch_env) -> None:
    text, phrases = BAD_WATCHLISTS[name]
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(text)
    for command in (["scrape"], ["retrigger", "ALAB", "2024Q4"]):
        result = earnwatch(*command, env=earnwatch_env)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr + result.stdout
        assert result.stderr.count("error:") == 1 and all(p in result.stderr.replace("\n", " ") for p in phrases), result.stderr
    assert row_counts() == stored


@pytest.mark.parametrize("quarter", ["Q7 2024", "2024Q5", "last year", "Q0 2024", "", "2024"])
def test_retrigger_with_a_quarter_that_is_no_quarter_exits_2_and_says_what_to_write(quarter: str, stored, earnwatch_env) -> None:
    result = earnwatch("retrigger", "ALAB", quarter, env=earnwatch_env)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    message = result.stderr.replace("\n", " ")
    assert "is not a fiscal quarter" in message and "2024Q4" in message and "Q4 2024" in message
    assert row_counts() == stored


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_quarter_or_a_period_error(text: str) -> None:
    try:
        period = FiscalPeriod.parse(text)
    except PeriodError as exc:
        assert "2024Q4" in str(exc)
        return
    assert FiscalPeriod.parse(str(period)) == period


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10),
                     st.sampled_from(["summary_page", "rss", "sec_edgar", "folder", "https://e.org/x", "/srv/drops", "15m", "ALAB"]))
_KEYS = st.sampled_from(["companies", "routes", "ticker", "name", "tags", "sources", "kind", "url", "every", "urls", "digest",
                         "min_severity", "kinds", "fiscal_year_end", "link_pattern", "documents", "cik", "forms", "bogus"])
_DATA = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=5), max_leaves=30)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_DATA, st.dictionaries(st.sampled_from(["companies", "routes"]), _DATA, max_size=2)))
def test_any_yaml_document_is_a_watchlist_or_a_config_error(data) -> None:
    try:
        text = yaml.safe_dump(data)
    except yaml.YAMLError:
        return
    try:
        parse_watchlist(text, source="w.yaml")
    except ConfigError as exc:
        assert str(exc).startswith("w.yaml: ")
