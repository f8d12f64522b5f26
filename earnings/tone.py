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
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from earnings.document import FORWARD_LOOKING, NOT_JUDGED, PREPARED_REMARKS, QA, CallDocument
from earnings.lexicon import tokens
from earnings.reading import Reading
from earnings.report import TONE_SHIFT, Change
from earnings.rules import severities

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


def tone_of(readings: list[Reading], section: str | None = None) -> Tone:
    """The ``Tone`` of the judged statements (not the safe harbor, not boilerplate), or of one
    ``section``'s only."""
    kept = [r for r in readings if r.section not in NOT_JUDGED and r.section != FORWARD_LOOKING
            and (section is None or r.section == section)]
    return Tone(words=sum(r.words for r in kept), dark=sum(r.dark for r in kept))


_QUOTED = 2  # the darkest new statements a tone change quotes
_SHORT = 12  # words: a shorter statement's share of dark words counts as if it had this many
_TONE_LABEL = re.compile(r"^\W*(?:management(?:'s)?\s+)?(?:tone|sentiment)\b", re.I)  # "Management Tone: Cautious about …"


def _tells_tone(reading: Reading) -> bool:
    """Whether a summary's statement is its account of management's tone."""
    return reading.summary and bool(_TONE_LABEL.match(reading.statement.topic) or _TONE_LABEL.match(reading.text))


def tone_change(new: list[Reading], base: list[Reading]) -> Change | None:
    """A ``tone_shift`` when the new document reads markedly darker (``tone_rose``) as a whole,
    or in its prepared remarks (a call's own account: in a long call a Q&A over unchanged ground
    dilutes a darker script). It quotes the darkest statements the baseline did not make."""
    where = ""
    new_tone, base_tone = tone_of(new), tone_of(base)
    if not tone_rose(new_tone, base_tone):
        new_tone, base_tone = tone_of(new, PREPARED_REMARKS), tone_of(base, PREPARED_REMARKS)
        if not tone_rose(new_tone, base_tone):
            return None
        where = " in the prepared remarks"
    said = {r.text for r in base}
    fresh = [r for r in new if r.text not in said and r.dark and r.section not in NOT_JUDGED and r.section != FORWARD_LOOKING
             and (not where or r.section == PREPARED_REMARKS)]
    # the company's own account first (not the answers), then the densest in dark words
    darkest = sorted(sorted(fresh, key=lambda r: (r.section == QA, -r.dark / max(r.words, _SHORT), r.index))[:_QUOTED],
                     key=lambda r: r.index)
    # a summary that says what management's tone was says it best: its new word on it comes first
    told = next((r for r in fresh if _tells_tone(r)), None)
    told_before = next((r.text for r in base if _tells_tone(r)), "") if told else ""
    quoted = [told, *(r for r in darkest if r is not told)][:_QUOTED] if told else darkest
    table = severities().kinds[TONE_SHIFT]
    return Change(kind=TONE_SHIFT, topic="tone", before=told_before, after=" ".join(r.text for r in quoted),
                  severity=int(table.get("wording", table["base"])),
                  reason=f"darker wording{where}: {new_tone.share:.1%} of words negative or uncertain, "
                         f"from {base_tone.share:.1%}")
