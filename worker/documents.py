"""Reading one document from a file or a URL, outside any source (``earnwatch diff``)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from earnings.document import CallDocument
from scrapers.errors import ParseError
from scrapers.reader import read_document
from scrapers.reading import ReadHints


def load_document(where: str, hints: ReadHints | None = None) -> CallDocument:
    """Read the document at ``where`` (a path or an http(s) URL) with ``read_document``."""
    hints = hints or ReadHints(require_period=False)
    if where.startswith(("http://", "https://")):
        from worker.runtime import make_fetcher

        with make_fetcher() as fetcher:
            response = fetcher.get(where)
        raw, content_type, url = response.content, response.content_type, response.url
    else:
        path = Path(where)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ParseError(f"cannot read {where}: {exc.strerror}; give a file path or an http(s) URL") from None
        content_type = mimetypes.guess_type(path.name)[0] or "text/plain"
        url = path.resolve().as_uri()
    from dataclasses import replace

    return read_document(raw, replace(hints, content_type=content_type, url=url))
