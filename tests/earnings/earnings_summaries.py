"""A tiny reader for the demo summary files, only for these tests.

The real parser lives in ``scrapers/summary_page.py``; this one splits the plain-text form:
a title line ``TICKER Qn YYYY: headline``, bullets ``- Label: text``, a lone ``-``, then topic
blocks of a topic line, ``Q: ...`` and ``A: ... -``.
"""

from __future__ import annotations

from pathlib import Path

from earnings.document import HIGHLIGHTS, QA, CallDocument, Statement
from earnings.period import FiscalPeriod

SITE = Path(__file__).resolve().parents[2] / "worker" / "demo" / "site"
Q3_2024 = SITE / "alab-q3-2024.txt"
Q4_2024 = SITE / "alab-q4-2024.txt"


def read_summary(text: str) -> CallDocument:
    """A ``CallDocument`` from the plain-text summary ``text``."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = lines[0]
    head, _, headline = title.partition(":")
    ticker = head.split()[0]
    statements: list[Statement] = []
    index = 1
    while index < len(lines) and lines[index] != "-":
        label, _, body = lines[index].removeprefix("- ").partition(":")
        statements.append(Statement(text=body.strip(), section=HIGHLIGHTS, topic=label.strip()))
        index += 1
    index += 1
    while index + 2 < len(lines) + 1 and index < len(lines):
        if index + 2 < len(lines) and lines[index + 1].startswith("Q:") and lines[index + 2].startswith("A:"):
            answer = lines[index + 2].removeprefix("A:").strip().removesuffix("-").strip()
            statements.append(Statement(
                text=answer, section=QA, topic=lines[index], question=lines[index + 1].removeprefix("Q:").strip()))
            index += 3
        else:
            index += 1
    return CallDocument(ticker=ticker, period=FiscalPeriod.parse(head), title=title,
                        statements=tuple(statements), headline=headline.strip())


def load_summary(path: Path) -> CallDocument:
    return read_summary(path.read_text(encoding="utf-8"))
