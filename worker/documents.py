"""Reading one document from a file or a URL, outside any source (``earnwatch diff``).

The kind of document (a call summary, a transcript, a press release) is told from its text,
and the matching parser reads it.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from bs4 import BeautifulSoup

from earnings.document import CallDocument
from scrapers.blocks import outline
from scrapers.decoding import decode_page
from scrapers.errors import ParseError
from scrapers.press_release import parse_press_release
from scrapers.registry import source_kind
from scrapers.transcript import parse_transcript

SUMMARY, TRANSCRIPT, PRESS_RELEASE = "summary", "transcript", "press_release"

_TRANSCRIPT_CUES = re.compile(
    r"\b(?:earnings\s+call|conference\s+call)\s+transcript\b|^operator\b|\bprepared\s+remarks\b"
    r"|^questions?\s*(?:and|&)\s*answers?\b|^question-and-answer\b|\s(?:--|-|—|–)\s.*\b(?:chief|officer|analyst)\b"
    r"|\((?:[^)]*\b(?:chief|officer|ceo|cfo|analyst)\b[^)]*)\)\s*:", re.I | re.M)
_RELEASE_CUES = re.compile(
    r"\b(?:reports?|announces?|announced)\b.{0,80}\b(?:results|quarter)\b|\((?:nasdaq|nyse)\s*:|"
    r"\bforward[-\s]looking\s+statements\b|\b(?:globe\s*newswire|business\s*wire|pr\s*newswire)\b", re.I)
_QA_LINE = re.compile(r"^(?:Q|A|Question|Answer)\s*:", re.M)


def detect_kind(raw: bytes, content_type: str, url: str) -> str:
    """``summary``, ``transcript`` or ``press_release``, from the document's own text."""
    page = decode_page(raw, content_type, url)
    shape = outline(page)
    lines = [shape.title, *(b.text for b in shape.blocks)]
    text = "\n".join(lines)
    if page.is_html and len(text) < 0.5 * len(page.text) / 3:  # pages of <div>s: read the whole text
        text = "\n".join(line.strip() for line in BeautifulSoup(page.text, "lxml").get_text("\n").splitlines() if line.strip())
    qa_lines = len(_QA_LINE.findall("\n".join(b.text for b in shape.blocks)))
    transcript = len(_TRANSCRIPT_CUES.findall(text))
    release = len(_RELEASE_CUES.findall(text[:20_000]))
    if transcript >= 2 and transcript >= qa_lines:
        return TRANSCRIPT
    if release >= 2 and qa_lines < 2:
        return PRESS_RELEASE
    return SUMMARY


def parse_document(raw: bytes, content_type: str, url: str, ticker: str = "") -> CallDocument:
    """Parse ``raw`` with the parser for its kind (``detect_kind``)."""
    kind = detect_kind(raw, content_type, url)
    if kind == TRANSCRIPT:
        return parse_transcript(raw, content_type, url, ticker)
    if kind == PRESS_RELEASE:
        return parse_press_release(raw, content_type, url, ticker)
    summary = source_kind("summary_page")
    return summary.parse(raw, content_type, url, ticker, summary.Options())


def load_document(where: str) -> CallDocument:
    """Parse the document at ``where`` (a path or an http(s) URL); its title names the company."""
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
    return parse_document(raw, content_type, url)
