"""``folder``: a local folder where a person drops ``.txt``, ``.md`` and ``.html`` documents.

The source's ``url`` is a path (``/srv/drops/alab``, ``drops/alab``) or a ``file://`` URL; the
only kind that reads no network. Each file (newest first, up to ``max_documents``) is a
document, parsed as ``documents`` says (summary pages by default). A file's modification time
and size stand in for an ETag, so an unchanged file is not read again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import BaseModel, Field

from earnings.document import CallDocument
from scrapers.base import Documents, Fetched, SourceKind, SourceOptions, Target
from scrapers.errors import FetchError, ResponseTooLargeError
from scrapers.fetch import Fetcher
from scrapers.parsers import DocumentType, parse_document

CONTENT_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html"}


class FolderOptions(SourceOptions):
    """Watchlist keys of a ``folder`` source."""

    documents: Documents = Field(Documents.SUMMARY_PAGE, description="what the files are: summary_page, transcript_page or press_release")
    max_documents: int = Field(50, ge=1, le=1000, description="newest files to read")


class Folder(SourceKind):
    """A folder of dropped files."""

    name = "folder"
    Options = FolderOptions
    schemes = ("file", "")

    def fetch(self, fetcher: Fetcher, target: Target) -> Iterator[Fetched]:
        options = target.options if isinstance(target.options, FolderOptions) else FolderOptions()
        folder = folder_path(target.url)
        if not folder.is_dir():
            problem = "is not a folder" if folder.exists() else "does not exist"
            raise FetchError(f"folder {folder} {problem}; create it or fix the source's url", url=target.url, permanent=False)
        files = [p for p in folder.iterdir() if p.suffix.lower() in CONTENT_TYPES and p.is_file() and not p.name.startswith(".")]
        files.sort(key=lambda p: (p.stat().st_mtime_ns, p.name), reverse=True)
        for path in files[: options.max_documents]:
            yield _read(path, target, fetcher.max_bytes)

    def parse(self, raw: bytes, content_type: str, url: str, ticker: str, options: BaseModel) -> CallDocument:
        opts = options if isinstance(options, FolderOptions) else FolderOptions.model_validate(options.model_dump())
        return parse_document(cast(DocumentType, opts.documents.value), raw, content_type, url, ticker, fiscal_year_end=opts.fiscal_year_end)


def folder_path(url: str) -> Path:
    """The folder a source's url names: a ``file://`` URL or a path."""
    parts = urlsplit(url)
    if parts.scheme == "file":
        return Path(unquote(parts.path))
    return Path(url).expanduser()


def _read(path: Path, target: Target, max_bytes: int) -> Fetched:
    url = path.resolve().as_uri()
    try:
        stat = path.stat()
        stamp = f'"{stat.st_mtime_ns}-{stat.st_size}"'
        if target.validators(url).etag == stamp:
            return Fetched(url, unchanged=True)
        if stat.st_size > max_bytes:
            raise ResponseTooLargeError(f"file {path} is larger than the {max_bytes:,}-byte cap (max_bytes); is it really a document?", url=url)
        raw = path.read_bytes()
    except OSError as exc:
        return Fetched(url, error=FetchError(f"cannot read {path}: {exc.strerror}; check its permissions", url=url, permanent=False))
    except ResponseTooLargeError as exc:
        return Fetched(url, error=exc)
    return Fetched(url, raw=raw, content_type=CONTENT_TYPES[path.suffix.lower()], etag=stamp)
