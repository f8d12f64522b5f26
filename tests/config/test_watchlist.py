from __future__ import annotations

from pathlib import Path

import pytest

from config import ConfigError
from config.durations import parse_duration
from config.settings import load_settings
from earnings.compare import CompareOptions
from worker.runtime.watchlist import compare_options, load_watchlist, parse_watchlist, problems

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
    assert "hunter2-very-secret" in watchlist.secrets
    assert "hunter2-very-secret" not in watchlist.masker().mask(f"sending to {watchlist.routes[0].urls[0]} failed")


def test_a_secret_may_come_from_the_file_a_VAR_FILE_variable_names(tmp_path, monkeypatch):
    secret = tmp_path / "smtp_password"
    secret.write_text("from-a-docker-secret\n")
    monkeypatch.delenv("SMTP_PASSWORD", raising=False)
    monkeypatch.setenv("SMTP_PASSWORD_FILE", str(secret))
    watchlist = parse_watchlist(GOOD)
    assert "from-a-docker-secret@smtp.example.org" in watchlist.routes[0].urls[0]
    assert "from-a-docker-secret" in watchlist.secrets


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


def test_range_changes_are_off_unless_the_watchlist_turns_them_on(monkeypatch):
    monkeypatch.setenv("SMTP_PASSWORD", "x" * 8)
    assert compare_options(parse_watchlist(GOOD), "ALAB") == CompareOptions(range_changes=False)
    assert compare_options(load_watchlist(ROOT / "config" / "watchlist.example.yaml"), "ALAB") == CompareOptions()


def test_range_changes_are_set_once_for_the_watchlist_and_a_company_may_choose_otherwise():
    watchlist = parse_watchlist("""
compare: {range_changes: true}
companies:
  - ticker: acme
  - ticker: beta
    compare: {range_changes: false}
  - ticker: gama
    compare: {}
""")
    assert compare_options(watchlist, "ACME") == compare_options(watchlist, "GAMA") == CompareOptions(range_changes=True)
    assert compare_options(watchlist, "BETA") == CompareOptions(range_changes=False)
    alone = parse_watchlist("companies:\n  - ticker: acme\n  - ticker: beta\n    compare: {range_changes: true}\n")
    assert (compare_options(alone, "ACME"), compare_options(alone, "BETA")) == (CompareOptions(), CompareOptions(range_changes=True))


@pytest.mark.parametrize("text", [
    "compare: {narrowing: true}\ncompanies:\n  - ticker: acme\n",
    "companies:\n  - ticker: acme\n    compare: {narrowing: true}\n",
])
def test_a_misspelt_compare_choice_names_the_allowed_ones(text):
    with pytest.raises(ConfigError) as caught:
        parse_watchlist(text, source="w.yaml")
    assert "compare" in str(caught.value) and "'narrowing'" in str(caught.value) and "allowed keys: range_changes" in str(caught.value)


def test_a_missing_watchlist_says_how_to_make_one(tmp_path):
    with pytest.raises(ConfigError, match="watchlist.example.yaml"):
        load_watchlist(tmp_path / "nope.yaml")
    (tmp_path / "dir.yaml").mkdir()  # what Docker leaves when the file it should mount is missing
    with pytest.raises(ConfigError, match="is a folder, not a watchlist file"):
        load_watchlist(tmp_path / "dir.yaml")


@pytest.mark.parametrize("text", ["", "\n# only a comment\n", "companies: []\n", "routes:\n  - {name: r, urls: ['console://']}\n"])
def test_an_empty_watchlist_is_refused_with_what_to_write(text):
    with pytest.raises(ConfigError) as caught:
        parse_watchlist(text, source="w.yaml")
    assert str(caught.value).startswith("w.yaml: ") and "watchlist.example.yaml" in str(caught.value)


def test_a_source_listed_twice_is_refused():
    twice = "companies:\n  - ticker: ALAB\n    sources:\n      - {kind: rss, url: 'https://x.org/f'}\n      - {kind: rss, url: 'https://x.org/f', every: 1h}\n"
    with pytest.raises(ConfigError, match=r"companies\[0\] \(ALAB\): the rss source https://x.org/f is listed twice"):
        parse_watchlist(twice)


def test_a_route_url_no_apprise_plugin_takes_is_refused_with_the_reason(capfd):
    with pytest.raises(ConfigError) as caught:
        parse_watchlist(GOOD.replace("mailtos://alerts:${SMTP_PASSWORD}@smtp.example.org?to=team@example.org", "slak://TokenA/TokenB/TokenC"))
    assert "routes[0] (analysts-email).urls" in str(caught.value) and "did you mean slack://" in str(caught.value)
    assert "Unparseable URL" not in capfd.readouterr().err


def test_loading_a_watchlist_with_a_console_route_logs_nothing(capfd):
    parse_watchlist("companies:\n  - ticker: ALAB\nroutes:\n  - {name: t, urls: ['console://']}\n")
    assert capfd.readouterr().err == ""


def test_routes_that_match_no_company_and_an_sec_source_without_a_contact_are_problems(monkeypatch):
    monkeypatch.delenv("EARNWATCH_USER_AGENT", raising=False)
    watchlist = parse_watchlist(
        "companies:\n  - ticker: ALAB\n    tags: [semis]\n    sources: [{kind: sec_edgar}]\n"
        "routes:\n  - {name: desk, urls: ['console://'], companies: [ALAB, ALBA]}\n  - {name: banks, urls: ['console://'], tags: [banks]}\n"
    )
    found = problems(watchlist, load_settings())
    assert len(found) == 3, found
    assert "routes[0] (desk)" in found[0] and "ALBA" in found[0] and "ALAB" not in found[0].split(":")[-1]
    assert "routes[1] (banks)" in found[1] and "banks" in found[1]
    assert "EARNWATCH_USER_AGENT" in found[2] and "contact email" in found[2]
    assert problems(watchlist, load_settings(user_agent="Acme Research ops@acme.example"))[2:] == []


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("15m", 900), ("1h", 3600), ("2h30m", 9000), (45, 45)])
def test_durations_read_as_people_write_them(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "15", "15x", "m", "-5m", "0s"])
def test_a_duration_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError):
        parse_duration(text)
