"""Bytes to text for parsers: pick the charset, refuse binary content, tell HTML from text.

Order of charsets tried (each strictly): the Content-Type ``charset``, a byte-order mark, an
HTML ``<meta charset>``, UTF-8; then a detected multi-byte (CJK) charset, windows-1252, and
finally whatever bs4's ``UnicodeDammit`` makes of it.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from scrapers.errors import ParseError

_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:\-]+)", re.I)
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|h1|title|meta|div|p)\b", re.I | re.S)
_MAGIC = {
    b"%PDF": "a PDF file",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "gzip-compressed data",
}
_BINARY_TYPES = ("image/", "audio/", "video/", "font/", "application/pdf", "application/zip", "application/gzip")
_MULTIBYTE = ("shift", "sjis", "euc", "gb", "big5", "iso-2022", "cp932", "cp936", "cp949", "cp950", "hz", "johab")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class Page:
    """A page's text, the charset it was decoded with, and whether it is HTML."""

    text: str
    encoding: str
    is_html: bool


def decode_page(raw: bytes, content_type: str, url: str) -> Page:
    """Decode ``raw`` into a ``Page``; ``ParseError`` for empty or binary content."""
    if not raw or not raw.strip():
        raise ParseError(f"page {url} is empty; nothing to parse", url=url)
    media = content_type.split(";", 1)[0].strip().lower()
    kind = _binary_kind(raw, media)
    if kind:
        raise ParseError(f"page {url} is {kind}, not a text or HTML document", url=url)
    sniff_html = media in ("text/html", "application/xhtml+xml") or (
        media not in ("text/plain", "text/markdown") and _HTML_START.match(raw[:2048].decode("latin-1")) is not None
    )
    text, encoding = _decode(raw, content_type, sniff_html)
    text = text.lstrip("\ufeff")
    if _looks_binary(text):
        raise ParseError(
            f"page {url} looks like binary data (many control characters after decoding as {encoding}), "
            "not a text or HTML document; if it is text, its charset is not the one the server names (Content-Type)",
            url=url,
        )
    if not text.strip():
        raise ParseError(f"page {url} has no text; nothing to parse", url=url)
    return Page(text=text, encoding=encoding, is_html=sniff_html)


def charset_of(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if it names a known codec.

    Like browsers, latin-1 and ASCII labels are read as windows-1252 (a superset that servers
    mislabel as latin-1 all the time: curly quotes, dashes).
    """
    match = _CHARSET.search(content_type or "")
    if not match or not _known(match.group(1)):
        return None
    name = codecs.lookup(match.group(1)).name
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else match.group(1)


def _decode(raw: bytes, content_type: str, is_html: bool) -> tuple[str, str]:
    candidates: list[str] = []
    header = charset_of(content_type)
    if header:
        candidates += [header, "latin-1"] if header == "cp1252" else [header]
    candidates += [enc for bom, enc in _BOMS if raw.startswith(bom)][:1]
    if is_html:
        from bs4.dammit import EncodingDetector  # bs4 (~70 ms to import) only for HTML, or a page no charset reads

        declared = EncodingDetector.find_declared_encoding(raw, is_html=True)
        if declared and _known(declared):
            candidates.append(declared)
    candidates.append("utf-8")
    if b"\x00" not in raw[:4096]:
        # UTF-16/32 with any ASCII in it (tags, spaces, digits) has NUL bytes: without them the
        # label is wrong (the HTML standard reads <meta charset="utf-16"> as UTF-8 for a like reason)
        candidates = [c for c in candidates if not codecs.lookup(c).name.startswith(("utf-16", "utf-32"))]
    for encoding in candidates:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    # Undeclared and not UTF-8: trust detection for multi-byte (CJK) encodings, where it is
    # reliable; otherwise read windows-1252, as browsers do (detection confuses the single-byte
    # code pages on short pages).
    from bs4 import UnicodeDammit

    dammit = UnicodeDammit(raw, is_html=is_html)
    guessed = (dammit.original_encoding or "").lower().replace("_", "-")
    if dammit.unicode_markup is not None and guessed.startswith(_MULTIBYTE):
        return dammit.unicode_markup, guessed
    try:
        return raw.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    if dammit.unicode_markup is not None:
        return dammit.unicode_markup, guessed or "unknown"
    return raw.decode("utf-8", errors="replace"), "utf-8 (with replacements)"


def _known(encoding: str) -> bool:
    try:
        codecs.lookup(encoding)
    except LookupError:
        return False
    return True


def _binary_kind(raw: bytes, media: str) -> str | None:
    for magic, name in _MAGIC.items():
        if raw.startswith(magic):
            return name
    if media.startswith(_BINARY_TYPES):
        return f"{media} content"
    return None


# Control characters other than whitespace, C1 controls, and the replacement character.
_BINARY_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")


def _looks_binary(text: str) -> bool:
    sample = text[:20_000]
    return len(_BINARY_CHARS.findall(sample)) > max(2, len(sample) // 50)
