"""Reading one document from a file or a URL, outside any source (``earnwatch diff``).

The document is read by the one reader, ``scrapers.reader.read_document``, which tells its
kind, company and quarter from its content; a document whose quarter cannot be found is still
read (``diff`` compares it and says so).
"""

from __future__ import annotations

import mimetypes
from dataclasses import replace
from pathlib import Path

from earnings.document import CallDocument
from scrapers.errors import ParseError, ResponseTooLargeError
from scrapers.reader import read_document
from scrapers.reading import ReadHints


def load_document(where: str, hints: ReadHints | None = None) -> CallDocument:
    """Read the document at ``where`` (a path or an http(s) URL) with ``read_document``. A local
    file is refused past the same size cap as a fetched page (``EARNWATCH_MAX_PAGE_BYTES``)."""
    hints = hints or ReadHints(require_period=False)
    if where.startswith(("http://", "https://")):
        from worker.runtime import make_fetcher

        with make_fetcher() as fetcher:
            response = fetcher.get(where)
        raw, content_type, url = response.content, response.content_type, response.url
    else:
        from config.settings import load_settings

        path = Path(where)
        cap = load_settings().max_page_bytes
        try:
            size = path.stat().st_size
            if size > cap:
                raise ResponseTooLargeError(
                    f"{where} is larger than the {cap:,}-byte cap (EARNWATCH_MAX_PAGE_BYTES); is it really a document?",
                    url=path.resolve().as_uri())
            with path.open("rb") as file:
                raw = file.read(cap + 1)
        except OSError as exc:
            raise ParseError(f"cannot read {where}: {exc.strerror}; give a file path or an http(s) URL") from None
        if len(raw) > cap:  # it grew while we looked
            raise ResponseTooLargeError(f"{where} is larger than the {cap:,}-byte cap (EARNWATCH_MAX_PAGE_BYTES)")
        content_type = mimetypes.guess_type(path.name)[0] or "text/plain"
        url = path.resolve().as_uri()
    return read_document(raw, replace(hints, content_type=content_type, url=url))
