"""One-to-one alignment of the statements of two documents.

Two statements are counterparts when they say something about the same thing:

1. same topic: the labels are equal once normalised ("Customer concentration risks" and
   "customer concentration risk"); several statements under one label pair by wording;
2. then, among what is left, the most similar pairs by wording, greedily, when the similarity
   (rapidfuzz ``token_set_ratio`` on content words, blended with label similarity when both
   have labels) reaches ``THRESHOLD``.

The result is deterministic: ties break on position.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from earnings.document import Statement
from earnings.lexicon import tokens

THRESHOLD = 62.0
_TOPIC_WEIGHT = 0.4

_STOPWORDS = frozenset(
    "a an the and or of to in on for by with at from as is are was were be been being it its this that "
    "these those they them their we our us he she his her management said noted stated explained "
    "remarked confirmed emphasized highlighted also both which who will would can could may might "
    "into than then so such very more most less over under about up down while after before".split()
)


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    """``word`` with a plural ending folded: "risks" -> "risk", "inventories" -> "inventory"."""
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        if word.endswith("ies"):
            return word[:-3] + "y"
        return word[:-2] if word.endswith("es") and word[-3] in "sxz" else word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning, plurals folded."""
    words = tokens(text.replace("&", " and ").replace("-", " "))
    return [_stem(w) for w in words if w not in _STOPWORDS]


def normalise_topic(topic: str) -> str:
    """A label as compared: "Customer Concentration Risks" -> "customer concentration risk"."""
    return " ".join(content_words(topic))


@dataclass(frozen=True)
class _Prepared:
    text: str
    topic: str


def _prepare(statement: Statement) -> _Prepared:
    return _Prepared(" ".join(content_words(statement.text)), normalise_topic(statement.topic))


def _score(a: _Prepared, b: _Prepared) -> float:
    text = fuzz.token_set_ratio(a.text, b.text)
    if a.topic and b.topic:
        topic = fuzz.token_set_ratio(a.topic, b.topic)
        return _TOPIC_WEIGHT * topic + (1 - _TOPIC_WEIGHT) * text
    return text


def similarity(a: Statement, b: Statement) -> float:
    """How alike two statements read, 0-100."""
    return _score(_prepare(a), _prepare(b))


class Alignment:
    """``pairs`` maps an index of the new statements to its counterpart in the baseline;
    ``score(i, j)`` is ``similarity(new[i], baseline[j])``, computed once when first asked."""

    def __init__(self, new: Sequence[Statement], baseline: Sequence[Statement]) -> None:
        self._left = [_prepare(s) for s in new]
        self._right = [_prepare(s) for s in baseline]
        self._scores: dict[tuple[int, int], float] = {}
        self.pairs: dict[int, int] = {}

    def score(self, i: int, j: int) -> float:
        found = self._scores.get((i, j))
        if found is None:
            found = self._scores[(i, j)] = _score(self._left[i], self._right[j])
        return found

    def counterpart_of_baseline(self) -> dict[int, int]:
        return {j: i for i, j in self.pairs.items()}


def align(new: Sequence[Statement], baseline: Sequence[Statement]) -> Alignment:
    """Align the statements of two documents one-to-one (see the module docstring)."""
    alignment = Alignment(new, baseline)
    left, right, pairs, score = alignment._left, alignment._right, alignment.pairs, alignment.score
    taken: set[int] = set()
    base_by_topic: dict[str, list[int]] = {}
    for j, prepared in enumerate(right):
        if prepared.topic:
            base_by_topic.setdefault(prepared.topic, []).append(j)
    for i, prepared in enumerate(left):
        candidates = [j for j in base_by_topic.get(prepared.topic, ()) if j not in taken] if prepared.topic else []
        if candidates:
            best = candidates[0] if len(candidates) == 1 else max(candidates, key=lambda j: (score(i, j), -j))
            pairs[i] = best
            taken.add(best)

    ranked = sorted(
        (-score(i, j), i, j)
        for i in range(len(left)) if i not in pairs
        for j in range(len(right)) if j not in taken and score(i, j) >= THRESHOLD
    )
    for _, i, j in ranked:
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return alignment
