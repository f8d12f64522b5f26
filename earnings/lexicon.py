"""The tone word lists (negative, uncertain) and the tokenizer the engine's word counts share.

The lists are data, ``earnings/data/tone.yaml`` (read once), written for earnings calls and
summaries of them; that file says why they are not the Loughran–McDonald lists. An entry ending
in ``*`` matches every word that starts with it (``declin*`` matches "declined", "declining");
other entries match whole words. A hyphenated word matches when it, or any of its parts,
matches ("lower-margin" is negative).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from earnings.memo import kept
from earnings.rules import tone_words

_CACHE_LIMIT = 50_000  # words remembered per lookup cache before it starts afresh
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")


def tokens(text: str) -> list[str]:
    """The lower-case words of ``text``, hyphenated words kept whole."""
    return _TOKEN.findall(text.lower())


@kept
def kept_tokens(text: str) -> tuple[str, ...]:
    """``tokens(text)``, kept by text (``earnings.memo``)."""
    return tuple(_TOKEN.findall(text.lower()))


class WordList:
    """A named set of whole words and ``prefix*`` entries."""

    def __init__(self, name: str, entries: Iterable[str]) -> None:
        self.name = name
        items = sorted(set(entries))
        self.words = frozenset(e for e in items if not e.endswith("*"))
        self.prefixes = tuple(e[:-1] for e in items if e.endswith("*"))
        self._seen: dict[str, bool] = {}

    def __contains__(self, token: str) -> bool:
        hit = self._seen.get(token)
        if hit is None:
            hit = self._match(token) or ("-" in token and any(self._match(p) for p in token.split("-") if p))
            if len(self._seen) >= _CACHE_LIMIT:
                self._seen.clear()
            self._seen[token] = hit
        return hit

    def _match(self, token: str) -> bool:
        return token in self.words or token.startswith(self.prefixes)

    def find(self, words: Iterable[str]) -> list[str]:
        """The words of ``words`` that are on this list, in order, repeats kept."""
        return [w for w in words if w in self]

    def __repr__(self) -> str:
        return f"WordList({self.name!r}, {len(self.words)} words, {len(self.prefixes)} prefixes)"


NEGATIVE = WordList("negative", tone_words("negative"))

UNCERTAINTY = WordList("uncertainty", tone_words("uncertainty"))


_DARK: dict[str, bool] = {}


def count_dark(words: Iterable[str]) -> int:
    """How many of ``words`` are on the negative or the uncertain list."""
    seen, count = _DARK, 0
    for word in words:
        dark = seen.get(word)
        if dark is None:
            if len(seen) >= _CACHE_LIMIT:
                seen.clear()
            dark = seen[word] = word in NEGATIVE or word in UNCERTAINTY
        count += dark
    return count
