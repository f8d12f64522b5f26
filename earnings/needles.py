"""The literal words every match of an expression holds, found from the expression itself.

``needles(pattern, flags)`` is a short tuple of strings such that every match of the
expression holds one of them, or None when its parse gives no such short list. A text that
holds none of them cannot match, and is told so by a few substring tests (``str.__contains__``
runs in C) instead of the expression tried at every place of the text: most of a statement's
expressions find nothing in it, and most of them name a word it does not hold.

The list is read from ``re``'s own parse (``re._parser``): a run of literal characters is held
by every match of the sequence it stands in; an alternation holds what each of its branches
holds; a group or a repeat of at least one, what its body holds. Classes, lookarounds, optional
parts and anchors hold nothing for sure and are passed over. Of the lists a sequence offers,
the one of the longest shortest string (then the fewest strings) is kept. The case of the
literals is as written: for a case-blind expression, use this only on a lower-cased text with an
expression written in lower case (``earnings.rules.CaseBlind`` does), or with flags without
``re.I``. On anything it does not know (a newer ``re``), it says None: the expression runs as
always.
"""

from __future__ import annotations

import re
from typing import Any

MOST = 24  # a list longer than this costs about what the search it would spare does


def needles(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Strings one of which every match of ``pattern`` holds (its literals as written), or None."""
    import re._parser as parser

    try:
        tree = parser.parse(pattern, flags & ~re.IGNORECASE)
    except re.error:
        return None
    return needles_of(tree)


def needles_of(tree: Any) -> tuple[str, ...] | None:
    """``needles`` of an expression already parsed (``re._parser.parse``; its case flag makes
    no difference to the parse: the literals are as written)."""
    try:
        found = _needles(tree)
    except Exception:  # noqa: BLE001 - re's private parse changed: no list, the expression runs as always
        return None
    if not found or len(found) > MOST:
        return None
    return tuple(sorted(found, key=lambda s: (-len(s), s)))


def _useful(strings: frozenset[str]) -> bool:
    """Whether a list rules out texts: no string of one letter, digit or space ("a", " "),
    which nearly every text holds; one sign ("$", "%", "(") is rare enough."""
    return all(len(s) >= 2 or not (s.isalnum() or s.isspace()) for s in strings)


def _needles(tree: Any) -> frozenset[str] | None:
    import re._constants as c

    def sequence(items: Any, depth: int = 0) -> frozenset[str] | None:
        if depth > 20:
            return None
        offered: list[frozenset[str]] = []
        run: list[str] = []

        def close_run() -> None:
            if run:
                offered.append(frozenset(["".join(run)]))
                run.clear()

        for op, arg in items:
            if op is c.LITERAL:
                run.append(chr(arg))
                continue
            close_run()
            held: frozenset[str] | None = None
            if op is c.SUBPATTERN:
                _, add_flags, del_flags, inner = arg
                if not add_flags and not del_flags:
                    held = sequence(inner, depth + 1)
            elif op is c.BRANCH:
                branches = [sequence(branch, depth + 1) for branch in arg[1]]
                if all(b is not None for b in branches):
                    held = frozenset().union(*branches)  # type: ignore[arg-type]
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                low, _, body = arg
                if low >= 1:
                    held = sequence(body, depth + 1)
            elif op is c.ATOMIC_GROUP:
                held = sequence(arg, depth + 1)
            if held:
                offered.append(held)
        close_run()
        kept = [strings for strings in offered if _useful(strings) and len(strings) <= MOST]
        if not kept:
            return None
        return max(kept, key=lambda strings: (min(3, min(map(len, strings))), -len(strings)))

    return sequence(tree)
