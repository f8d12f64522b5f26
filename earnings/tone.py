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
from earnings.lexicon import tokens

TONE_RISE_POINTS = 0.02
TONE_RISE_RATIO = 1.5
TONE_MIN_WORDS = 80
TONE_Z = 2.0
TONE_MIN_POINTS = 0.01
TONE_MIN_RATIO = 1.5


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


def tone_rose(new: Tone, baseline: Tone) -> bool:
    """True when the new document reads markedly darker than the baseline.

    The rise must be clear (a two-proportion z-test at ``TONE_Z``: not what rewording or a few
    words in a short document produce) and sizeable: ``TONE_RISE_POINTS`` and ``TONE_RISE_RATIO``,
    or, in long documents where a few changed sentences barely move the share,
    ``TONE_MIN_POINTS`` and ``TONE_MIN_RATIO``.
    """
    if min(new.words, baseline.words) < TONE_MIN_WORDS:
        return False
    rise = new.share - baseline.share
    pooled = (new.dark + baseline.dark) / (new.words + baseline.words)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / new.words + 1 / baseline.words)) if 0 < pooled < 1 else 0.0
    if (rise / spread if spread else 0.0) < TONE_Z:
        return False  # a handful of words in a short document: not a shift
    if rise >= TONE_RISE_POINTS and new.share >= TONE_RISE_RATIO * baseline.share:
        return True
    return rise >= TONE_MIN_POINTS and new.share >= TONE_MIN_RATIO * baseline.share


def section_similarity(new: dict[str, Counter[str]], baseline: dict[str, Counter[str]]) -> dict[str, dict[str, float]]:
    """``similarity`` per section present in both documents."""
    return {name: similarity(new[name], baseline[name]) for name in sorted(new.keys() & baseline.keys())}
