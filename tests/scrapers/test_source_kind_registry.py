"""The registry of source kinds."""

from __future__ import annotations

import pytest

from scrapers.registry import SOURCE_KINDS, UnknownSourceKindError, source_kind
from scrapers.summary_page import SummaryPage, SummaryPageOptions


def test_every_kind_is_registered_under_its_name() -> None:
    assert set(SOURCE_KINDS) == {"summary_page", "transcript_page", "sec_edgar", "rss", "folder"}
    assert all(kind.name == name for name, kind in SOURCE_KINDS.items())
    assert isinstance(source_kind("summary_page"), SummaryPage)


def test_an_unknown_kind_is_a_key_and_value_error_listing_the_known_kinds() -> None:
    with pytest.raises(UnknownSourceKindError) as caught:
        source_kind("rss_feed")
    assert isinstance(caught.value, KeyError) and isinstance(caught.value, ValueError)
    assert str(caught.value) == "unknown source kind 'rss_feed'; known kinds: folder, rss, sec_edgar, summary_page, transcript_page"


def test_summary_page_options_forbid_unknown_keys_and_bad_patterns() -> None:
    with pytest.raises(ValueError, match="extra"):
        SummaryPageOptions.model_validate({"link_patern": "q4"})
    with pytest.raises(ValueError, match="not a valid regular expression"):
        SummaryPageOptions(link_pattern="(unclosed")
    with pytest.raises(ValueError):
        SummaryPageOptions(max_documents=0)
