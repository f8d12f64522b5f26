"""Folder: documents dropped in a local folder, read without the network."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from earnings.period import FiscalPeriod
from scrapers.base import Target, Validators
from scrapers.errors import FetchError
from scrapers.fetch import Fetcher
from scrapers.folder import Folder, FolderOptions

ROOT = Path(__file__).resolve().parents[2]
Q3 = (ROOT / "worker/demo/site/alab-q3-2024.txt").read_bytes()
Q4_HTML = (Path(__file__).resolve().parent / "pages/alab-q4-2024.html").read_bytes()


def fetch(url: str, validators=None, max_bytes: int = 5_000_000):
    with Fetcher("earnwatch-tests/1.0", max_bytes=max_bytes) as fetcher:
        target = Target(url=url, ticker="ALAB", options=FolderOptions(), validators=validators or (lambda u: Validators()))
        return list(Folder().fetch(fetcher, target))


def test_text_markdown_and_html_files_are_read_newest_first_and_others_ignored(tmp_path: Path) -> None:
    (tmp_path / "q3.txt").write_bytes(Q3)
    (tmp_path / "q4.html").write_bytes(Q4_HTML)
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".q4.html.swp").write_bytes(b"x")
    os.utime(tmp_path / "q3.txt", (1_700_000_000, 1_700_000_000))
    fetched = fetch(str(tmp_path))
    assert [Path(f.url).name for f in fetched] == ["q4.html", "q3.txt"]
    docs = [Folder().parse(f.raw, f.content_type, f.url, "ALAB", FolderOptions()) for f in fetched]
    assert [d.period for d in docs] == [FiscalPeriod(2024, 4), FiscalPeriod(2024, 3)]
    assert fetched[0].content_type == "text/html" and fetched[0].url.startswith("file://")


def test_a_file_url_works_like_a_path_and_an_unchanged_file_is_not_read_again(tmp_path: Path) -> None:
    (tmp_path / "q3.md").write_bytes(Q3)
    (first,) = fetch(tmp_path.as_uri())
    (again,) = fetch(tmp_path.as_uri(), validators=lambda url: Validators(etag=first.etag))
    assert first.raw == Q3 and again.unchanged


def test_a_missing_folder_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(FetchError, match=r"folder .*nowhere does not exist; create it"):
        fetch(str(tmp_path / "nowhere"))


def test_a_huge_file_is_an_error_for_that_file_alone(tmp_path: Path) -> None:
    cap = len(Q3) + 100
    (tmp_path / "huge.txt").write_bytes(b"x" * (cap + 1))
    (tmp_path / "q3.txt").write_bytes(Q3)
    errors = [f for f in fetch(str(tmp_path), max_bytes=cap) if f.error]
    assert [Path(f.url).name for f in errors] == ["huge.txt"]
    assert f"{cap:,}-byte cap" in str(errors[0].error)
