"""Words for people: counts with the right plural, and untrusted text made safe to print."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 company``, ``2 companies``: the count and the noun that goes with it."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def printable(text: str) -> str:
    """Scraped text with no terminal control sequences (escape codes, bells, carriage returns)."""
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
