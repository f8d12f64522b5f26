"""``folder``: a local folder where a person drops ``.txt``, ``.md`` and ``.html`` documents.

The source's ``url`` is a path (``/srv/drops/alab``, ``drops/alab``) or a ``file://`` URL; the
only kind that reads no network. Each file (newest first, up to ``max_documents``) is a
document, read by ``scrapers.reader``, which tells its kind from its content (``documents``
overrides it): a summary, a transcript, a press release, an 8-K exhibit in its SGML wrapper. A
file's modification time and size stand in for an ETag, so an unchanged file is not read again.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import Field

from scrapers.base import Fetched, SourceKind, SourceOptions, Target
from scrapers.errors import FetchError, ResponseTooLargeError
from scrapers.fetch import Fetcher

CONTENT_TYPES = {".txt": "text/plain", ".md": "text/markdown", ".html": "text/html", ".htm": "text/html"}


class FolderOptions(SourceOptions):
    """Watchlist keys of a ``folder`` source."""

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
