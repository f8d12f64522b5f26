"""A source URL is stored and shown with its ``${VAR}``; the secret is put back only to fetch it."""

from __future__ import annotations

from config.secrets import Masker
from tests.conftest import parse_watchlist

WATCHLIST = """companies:
  - ticker: ALAB
    sources:
      - {kind: summary_page, url: "https://feeds.example.org/alab?token=${FEED_TOKEN}"}
      - {kind: rss, url: "https://reader:${FEED_PASSWORD}@example.org/feed.xml"}
"""


def test_a_source_url_is_stored_with_its_variable_and_fetched_with_its_value(monkeypatch):
    monkeypatch.setenv("FEED_TOKEN", "tok-abc/123+x")
    monkeypatch.setenv("FEED_PASSWORD", "pw-9f8e7d")
    watchlist = parse_watchlist(WATCHLIST)
    urls = [s.url for _, s in watchlist.sources()]
    stored = [watchlist.stored_url(u) for u in urls]
    assert stored == ["https://feeds.example.org/alab?token=${FEED_TOKEN}", "https://reader:${FEED_PASSWORD}@example.org/feed.xml"]
    assert [watchlist.fetch_url(s) for s in stored] == urls


def test_the_masker_hides_a_secret_also_percent_encoded_and_leaves_a_variable_readable():
    mask = Masker(["tok-abc/123+x"]).mask
    assert mask("GET https://h/?token=tok-abc%2F123%2Bx failed") == "GET https://h/?token=**** failed"
    assert mask("https://h/a?t=tok-abc/123%2Bx") == "https://h/a?t=****"
    assert mask('{"url": "https://u:${PW}@h/?token=${T}", "b": 1}') == '{"url": "https://u:${PW}@h/?token=${T}", "b": 1}'
    assert mask('{"url": "https://h/?token=abc", "b": 1}') == '{"url": "https://h/?token=****", "b": 1}'
