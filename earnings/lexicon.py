"""The tone word lists (negative, uncertain) and the tokenizer the engine's word counts share.

The lists are written for earnings calls and summaries of them (not taken from any published
dictionary: the Loughran–McDonald lists are free for academic use only). An entry ending in ``*`` matches every word that starts with it (``declin*``
matches "declined", "declining"); other entries match whole words. A hyphenated word matches
when it, or any of its parts, matches ("lower-margin" is negative, "write-downs" a risk cue).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from earnings.memo import kept

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


NEGATIVE = WordList("negative", [
    "adverse*", "declin*", "decreas*", "deteriorat*", "weak*", "loss", "losses", "lose", "losing",
    "lost", "lower", "lowered", "lowering", "lowers", "fall", "falls", "falling", "fell", "drop",
    "drops", "dropped", "dropping", "dip", "dips", "slow", "slower", "slowed", "slowing", "slows",
    "slowdown*", "slump*", "miss", "missed", "misses", "shortfall*", "impair*", "write-down*",
    "writedown*", "write-off*", "costly", "discounting", "downturn*", "unfavo*", "disappoint*",
    "delay*", "problem*", "concern*", "cut", "cuts", "cutting", "erosion", "erod*", "headwind*",
    "pressur*", "overhang*", "challeng*", "difficult*", "worse", "worsen*", "shortage*",
    "disrupt*", "litigation", "penalt*", "fail*", "underperform*", "soften*", "softness",
    "contraction", "shrink*", "negative*", "unable", "inability", "constrain*", "vulnerab*",
    "excess", "glut", "setback*", "struggl*", "downgrad*", "tariff*", "dilut*",
    "weigh", "weighs", "weighed", "weighing", "deficienc*", "backorder*", "slip", "slips", "slipped",
])

UNCERTAINTY = WordList("uncertainty", [
    "uncertain*", "may", "might", "could", "possibl*", "potentially", "unclear", "unknown*",
    "unpredictab*", "volatil*", "fluctuat*", "depend*", "contingen*", "risk*", "whether",
    "doubt*", "speculat*", "ambigu*", "exposure*", "variab*", "tentative*", "unsure",
    "unproven", "untested", "cautio*",
])


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
