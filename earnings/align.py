"""One-to-one alignment of the statements of two documents.

Two statements are counterparts when they say something about the same thing:

0. identical statements (same words, same topic) pair first, so an unchanged stretch costs
   nothing;
1. same label: a topic that labels at most ``_LABEL_USES`` statements in each document
   ("Customer concentration risks" and "customer concentration risk", once normalised) pairs
   its statements by wording; a topic shared by many statements (a speaker in a transcript, a
   section of a release) is no label and only helps the score;
2. then, among what is left, the most similar pairs by wording, greedily, when the similarity
   (rapidfuzz ``token_set_ratio`` on content words, blended with label similarity when both
   have labels) reaches ``THRESHOLD``. Only the ``_CANDIDATES`` baseline statements sharing the
   most rare words with a statement are scored (an inverted index), so time grows about
   linearly with length.

The result is deterministic: ties break on position.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from earnings.document import Statement
from earnings.lexicon import tokens

THRESHOLD = 62.0
_TOPIC_WEIGHT = 0.4
# Below this wording similarity a shared topic does not lift the score: in a long call one
# speaker says hundreds of sentences, and two of them about different things are no pair.
_MIN_TEXT = 50.0

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


def content_from_tokens(words: Sequence[str]) -> list[str]:
    """``content_words`` of a text whose ``lexicon.tokens`` are already known."""
    out = []
    for word in words:
        for part in word.split("-") if "-" in word else (word,):
            if part and part not in _STOPWORDS:
                out.append(_stem(part))
    return out


def normalise_topic(topic: str) -> str:
    """A label as compared: "Customer Concentration Risks" -> "customer concentration risk"."""
    return " ".join(content_words(topic))


@dataclass(frozen=True)
class _Prepared:
    text: str
    topic: str


def _prepare(statement: Statement, content: Sequence[str] | None = None) -> _Prepared:
    words = content if content is not None else content_words(statement.text)
    return _Prepared(" ".join(words), _topic(statement.topic))


@lru_cache(maxsize=4096)
def _topic(topic: str) -> str:
    return normalise_topic(topic)


def _score(a: _Prepared, b: _Prepared) -> float:
    text = fuzz.token_set_ratio(a.text, b.text)
    if a.topic and b.topic and text >= _MIN_TEXT:
        topic = fuzz.token_set_ratio(a.topic, b.topic)
        return _TOPIC_WEIGHT * topic + (1 - _TOPIC_WEIGHT) * text
    return text


def similarity(a: Statement, b: Statement) -> float:
    """How alike two statements read, 0-100."""
    return _score(_prepare(a), _prepare(b))


class Alignment:
    """``pairs`` maps an index of the new statements to its counterpart in the baseline;
    ``score(i, j)`` is ``similarity(new[i], baseline[j])``, computed once when first asked."""

    def __init__(self, new: Sequence[Statement], baseline: Sequence[Statement],
                 new_content: Sequence[Sequence[str]] | None = None,
                 base_content: Sequence[Sequence[str]] | None = None) -> None:
        self._left = [_prepare(s, new_content[k] if new_content else None) for k, s in enumerate(new)]
        self._right = [_prepare(s, base_content[k] if base_content else None) for k, s in enumerate(baseline)]
        self._scores: dict[tuple[int, int], float] = {}
        self.pairs: dict[int, int] = {}

    def score(self, i: int, j: int) -> float:
        found = self._scores.get((i, j))
        if found is None:
            found = self._scores[(i, j)] = _score(self._left[i], self._right[j])
        return found

    def counterpart_of_baseline(self) -> dict[int, int]:
        return {j: i for i, j in self.pairs.items()}


_COMMON_FLOOR = 8  # a word in more baseline statements than this (and than _COMMON_SHARE of them) finds no candidates
_COMMON_SHARE = 0.1
_CANDIDATES = 8  # baseline statements scored per new statement, the ones sharing most rare words
_LABEL_USES = 2  # a topic used this often or less in a document is a label ("Margin Outlook"); more is a speaker or a section


def _candidates(left: list[_Prepared], right: list[_Prepared], done: dict[int, int], taken: set[int]) -> dict[int, list[int]]:
    """For each new statement, the baseline statements most worth scoring: those sharing the most
    rare content words (an inverted index, so long documents do not cost n x m fuzzy matches)."""
    postings: dict[str, list[int]] = {}
    for j, prepared in enumerate(right):
        if j in taken:
            continue
        for word in set(prepared.text.split()):
            postings.setdefault(word, []).append(j)
    common = max(_COMMON_FLOOR, int(_COMMON_SHARE * len(right)))
    postings = {word: hits for word, hits in postings.items() if len(hits) <= common}
    found: dict[int, list[int]] = {}
    for i, prepared in enumerate(left):
        if i in done:
            continue
        weights: dict[int, float] = {}
        for word in set(prepared.text.split()):
            hits = postings.get(word)
            if hits:
                weight = 1.0 / len(hits)
                for j in hits:
                    weights[j] = weights.get(j, 0.0) + weight
        if len(weights) > _CANDIDATES:
            found[i] = heapq.nsmallest(_CANDIDATES, weights, key=lambda j: (-weights[j], j))
        else:
            found[i] = sorted(weights, key=lambda j: (-weights[j], j))
    return found


def align(new: Sequence[Statement], baseline: Sequence[Statement],
          new_content: Sequence[Sequence[str]] | None = None,
          base_content: Sequence[Sequence[str]] | None = None) -> Alignment:
    """Align the statements of two documents one-to-one (see the module docstring);
    ``*_content`` are their ``content_words`` when the caller has them already."""
    alignment = Alignment(new, baseline, new_content, base_content)
    left, right, pairs, score = alignment._left, alignment._right, alignment.pairs, alignment.score
    taken: set[int] = set()
    # identical statements first: the bulk of an unchanged document costs nothing
    exact: dict[tuple[str, str], list[int]] = {}
    for j, prepared in enumerate(right):
        exact.setdefault((prepared.topic, prepared.text), []).append(j)
    for i, prepared in enumerate(left):
        same = exact.get((prepared.topic, prepared.text))
        if same:
            j = same.pop(0)
            pairs[i] = j
            taken.add(j)
            alignment._scores[(i, j)] = 100.0

    uses_left: dict[str, int] = {}
    uses_right: dict[str, int] = {}
    for prepared in left:
        uses_left[prepared.topic] = uses_left.get(prepared.topic, 0) + 1
    base_by_topic: dict[str, list[int]] = {}
    for j, prepared in enumerate(right):
        uses_right[prepared.topic] = uses_right.get(prepared.topic, 0) + 1
        if prepared.topic:
            base_by_topic.setdefault(prepared.topic, []).append(j)
    for i, prepared in enumerate(left):
        topic = prepared.topic
        if i in pairs or not topic or uses_left[topic] > _LABEL_USES or uses_right.get(topic, 0) > _LABEL_USES:
            continue
        candidates = [j for j in base_by_topic.get(topic, ()) if j not in taken]
        if candidates:
            best = candidates[0] if len(candidates) == 1 else max(candidates, key=lambda j: (score(i, j), -j))
            pairs[i] = best
            taken.add(best)

    candidates = _candidates(left, right, pairs, taken)
    ranked = sorted(
        (-score(i, j), i, j)
        for i in range(len(left)) if i not in pairs
        for j in candidates[i] if j not in taken and score(i, j) >= THRESHOLD
    )
    for _, i, j in ranked:
        if i not in pairs and j not in taken:
            pairs[i] = j
            taken.add(j)
    return alignment
