"""Word-level differences between a before and an after quote, shortened to what changed.

``redline(before, after)`` gives the pieces of one merged line (kept, deleted, inserted words);
``sides(before, after)`` gives the before and after quotes each cut down to the words that
changed with a few words of context around them. Long unchanged stretches become ``…``.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

CONTEXT = 4  # unchanged words kept on each side of a change
MAX_WORDS = 60  # a quote side never shows more words than this

Op = Literal["equal", "delete", "insert", "gap"]


@dataclass(frozen=True)
class Piece:
    """A run of words: kept (``equal``), removed, added, or a cut (``gap``, shown as ``…``)."""

    op: Op
    text: str


MIN_KEPT = 3  # an unchanged run shorter than this between two changes joins them


def _opcodes(before: list[str], after: list[str]) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with short unchanged runs ("in", "the") between two changes merged
    into one change, so a rewritten sentence reads as one change and not as confetti."""
    ops = [list(op) for op in SequenceMatcher(None, before, after, autojunk=False).get_opcodes()]
    merged: list[list] = []
    for op in ops:
        if op[0] != "equal":
            op[0] = "replace"
        if merged and op[0] == "replace" and len(merged) >= 2 and merged[-1][0] == "equal" \
                and merged[-1][2] - merged[-1][1] < MIN_KEPT and merged[-2][0] == "replace":
            short = merged.pop()
            previous = merged[-1]
            previous[2], previous[4] = op[2], op[4]
            assert short[0] == "equal"
            continue
        if merged and op[0] == "replace" and merged[-1][0] == "replace":
            merged[-1][2], merged[-1][4] = op[2], op[4]
            continue
        merged.append(op)
    return [tuple(op) for op in merged]


def _changes(before: str, after: str):
    """(tag, the before words, the after words) for each stretch of a word-level diff."""
    a, b = before.split(), after.split()
    for tag, i1, i2, j1, j2 in _opcodes(a, b):
        yield tag, " ".join(a[i1:i2]), " ".join(b[j1:j2])


def redline(before: str, after: str, context: int = CONTEXT) -> list[Piece]:
    """One line with the removed words (``delete``) and the added ones (``insert``)."""
    pieces: list[Piece] = []
    for tag, old, new in _changes(before, after):
        if tag == "equal":
            pieces.append(Piece("equal", old))
            continue
        if old:
            pieces.append(Piece("delete", old))
        if new:
            pieces.append(Piece("insert", new))
    return _shorten(pieces, context)


def sides(before: str, after: str, context: int = CONTEXT) -> tuple[list[Piece], list[Piece]]:
    """The before quote with its removed words marked ``delete``, and the after quote with its
    added words marked ``insert``; unchanged stretches are cut to ``context`` words each side."""
    left: list[Piece] = []
    right: list[Piece] = []
    for tag, old, new in _changes(before, after):
        if tag == "equal":
            left.append(Piece("equal", old))
            right.append(Piece("equal", new))
            continue
        if old:
            left.append(Piece("delete", old))
        if new:
            right.append(Piece("insert", new))
    return _shorten(left, context), _shorten(right, context)


def plain(text: str, max_words: int = MAX_WORDS) -> list[Piece]:
    """A quote with nothing to compare it with (a new or dropped risk), capped in length."""
    words = text.split()
    pieces = [Piece("equal", " ".join(words[:max_words]))] if words else []
    return pieces + [Piece("gap", "…")] if len(words) > max_words else pieces


def _shorten(pieces: list[Piece], context: int) -> list[Piece]:
    if not any(p.op != "equal" for p in pieces):
        return _cap([p for p in pieces if p.text])
    out: list[Piece] = []
    for index, piece in enumerate(pieces):
        if piece.op != "equal" or not piece.text:
            if piece.text:
                out.append(piece)
            continue
        words = piece.text.split()
        first, last = index == 0, index == len(pieces) - 1
        if first and len(words) > context:
            out += [Piece("gap", "…"), Piece("equal", " ".join(words[-context:]))]
        elif last and len(words) > context:
            out += [Piece("equal", " ".join(words[:context])), Piece("gap", "…")]
        elif not first and not last and len(words) > 2 * context + 1:
            out += [Piece("equal", " ".join(words[:context])), Piece("gap", "…"), Piece("equal", " ".join(words[-context:]))]
        else:
            out.append(piece)
    return _cap(out)


def _cap(pieces: list[Piece], max_words: int = MAX_WORDS) -> list[Piece]:
    out, count = [], 0
    for piece in pieces:
        words = piece.text.split()
        if count + len(words) > max_words:
            keep = max_words - count
            if keep > 0:
                out.append(Piece(piece.op, " ".join(words[:keep])))
            out.append(Piece("gap", "…"))
            return out
        out.append(piece)
        count += len(words)
    return out
