from __future__ import annotations

from pathlib import Path

import pytest

from config import ConfigError
from config.durations import parse_duration
from config.secrets import mask_secrets
from config.watchlist import load_watchlist, parse_watchlist

ROOT = Path(__file__).resolve().parents[2]

GOOD = """
companies:
  - ticker: alab
    name: Astera Labs
    tags: [semis]
    sources:
      - kind: summary_page
        url: https://example.org/alab/earnings-summaries
        every: 15m
routes:
  - name: analysts-email
    urls: ["mailtos://alerts:${SMTP_PASSWORD}@smtp.example.org?to=team@example.org"]
    tags: [semis]
    min_severity: 10
"""


def test_the_documented_shape_loads_with_secrets_from_the_environment(monkeypatch):
    monkeypatch.setenv("SMTP_PASSWORD", "hunter2-very-secret")
    watchlist = parse_watchlist(GOOD)
    company = watchlist.companies[0]
    assert company.ticker == "ALAB"
    assert company.sources[0].every == 900
    assert watchlist.routes[0].urls[0] == "mailtos://alerts:hunter2-very-secret@smtp.example.org?to=team@example.org"
    assert "hunter2-very-secret" not in mask_secrets(f"sending to {watchlist.routes[0].urls[0]} failed")


def test_the_shipped_example_watchlist_is_valid():
    watchlist = load_watchlist(ROOT / "config" / "watchlist.example.yaml")
    assert watchlist.companies and watchlist.routes


@pytest.mark.parametrize(
    ("change", "phrases"),
    [
        (("every: 15m", "evry: 15m"), ["companies[0] (ALAB).sources[0]", "'evry'", "allowed keys: kind, url, every, link_pattern"]),
        (("kind: summary_page", "kind: telepathy"), ["unknown source kind 'telepathy'", "summary_page"]),
        (("url: https://example.org", "url: file:///etc"), ["not an http(s) URL"]),
        (("every: 15m", "every: soon"), ["'soon' is not a duration", "15m"]),
        (("    tags: [semis]\n    sources", "    tagz: [semis]\n    sources"), ["companies[0] (ALAB)", "'tagz'", "allowed keys: ticker, name, tags, sources"]),
        (("min_severity: 10", "min_severity: 500"), ["routes[0] (analysts-email).min_severity", "100"]),
        (("${SMTP_PASSWORD}", "${NOT_SET_ANYWHERE}"), ["NOT_SET_ANYWHERE", "not set"]),
        (("companies:", "companies: [\n"), ["not valid YAML"]),
    ],
)
def test_a_bad_watchlist_gets_one_clear_error_naming_the_entry(monkeypatch, change, phrases):
    monkeypatch.setenv("SMTP_PASSWORD", "x" * 8)
    with pytest.raises(ConfigError) as caught:
        parse_watchlist(GOOD.replace(*change), source="watchlist.yaml")
    message = str(caught.value)
    assert message.startswith("watchlist.yaml: ")
    for phrase in phrases:
        assert phrase in message


def test_a_missing_watchlist_says_how_to_make_one(tmp_path):
    with pytest.raises(ConfigError, match="watchlist.example.yaml"):
        load_watchlist(tmp_path / "nope.yaml")


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("2h30m", 9000), (45, 45)])
def test_durations_read_as_people_write_them(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "15x", "m", "-5m", "0s"])
def test_a_duration_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)
