"""Whole-document measures: how alike two documents are, and how dark their wording is.

Similarity is the "Lazy Prices" kind (Cohen, Malloy & Nguyen): documents as bags of words,
compared by the cosine of their word-count vectors and the Jaccard index of their vocabularies.
Tone is the share of a document's words that are negative or uncertain (``earnings.lexicon``).
A ``tone_shift`` is reported only when that share rises markedly: by at least
``TONE_RISE_POINTS`` and to at least ``TONE_RISE_RATIO`` times the baseline share, in
documents long enough (``TONE_MIN_WORDS``) for a share to mean something.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from earnings.document import CallDocument
from earnings.lexicon import NEGATIVE, UNCERTAINTY, tags, tokens

TONE_RISE_POINTS = 0.02
TONE_RISE_RATIO = 1.5
TONE_MIN_WORDS = 80


def word_counts(document: CallDocument) -> Counter[str]:
    """How often each word occurs in the statements of ``document``."""
    return Counter(tokens(document.text))


def cosine(a: Counter[str], b: Counter[str]) -> float:
    """Cosine similarity of two word-count vectors, 0 to 1 (0 when either is empty)."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(count * large[word] for word, count in small.items() if word in large)
    norm = math.sqrt(sum(c * c for c in a.values())) * math.sqrt(sum(c * c for c in b.values()))
    return dot / norm


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard index of two vocabularies, 0 to 1 (1 when both are empty)."""
    left, right = set(a), set(b)
    union = left | right
    return len(left & right) / len(union) if union else 1.0


def similarity(new: Counter[str], baseline: Counter[str]) -> dict[str, float]:
    """``{"cosine": ..., "jaccard": ...}``, rounded to four places."""
    return {"cosine": round(cosine(new, baseline), 4), "jaccard": round(jaccard(new, baseline), 4)}


@dataclass(frozen=True)
class Tone:
    """The negative-and-uncertain share of a document's words."""

    words: int
    dark: int

    @property
    def share(self) -> float:
        return self.dark / self.words if self.words else 0.0


def tone_of(counts: Counter[str]) -> Tone:
    dark_lists = {NEGATIVE.name, UNCERTAINTY.name}
    dark = sum(n for word, n in counts.items() if not dark_lists.isdisjoint(tags(word)))
    return Tone(words=sum(counts.values()), dark=dark)


def tone_rose(new: Tone, baseline: Tone) -> bool:
    """True when the new document reads markedly darker than the baseline."""
    if min(new.words, baseline.words) < TONE_MIN_WORDS:
        return False
    return new.share - baseline.share >= TONE_RISE_POINTS and new.share >= TONE_RISE_RATIO * baseline.share
