"""Scoring the engine against a labelled corpus (``earnwatch eval DIR``).

A corpus is a folder of YAML files, one per document pair::

    kind: transcript                  # summary, transcript or press_release (for the tally only)
    old: docs/acme-2025q2.txt         # paths relative to the YAML file
    new: docs/acme-2025q3.txt
    note: what an analyst sees changed, and what is a trap
    expected:
      - {kind: guidance_lowered, phrase: "$1.10 billion"}   # a phrase of the before/after text or reason
      - {kind: risk_removed, topic: Supply chain risk}      # or the change's topic
      - {kind: [risk_removed, risk_eased], phrase: servo}   # either kind is right
      - {kind: tone_shift}

A found change matches an expected one when its kind is one of the expected kinds and the topic
(equal, ignoring case) or the phrase (found, ignoring case) agrees; each matches at most once.
Precision is matched / found and recall matched / expected, per category and overall.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from earnings.compare import compare
from earnings.report import CATEGORY_OF_KIND, Change, ChangeReport

CATEGORIES = ("risk", "guidance", "tone")


class CorpusError(ValueError):
    """A corpus file that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Expected:
    kinds: tuple[str, ...]
    topic: str = ""
    phrase: str = ""

    @property
    def category(self) -> str:
        return CATEGORY_OF_KIND[self.kinds[0]]

    def matches(self, change: Change) -> bool:
        if change.kind not in self.kinds:
            return False
        if self.topic and change.topic.strip().lower() == self.topic.strip().lower():
            return True
        if self.phrase:
            haystack = " ".join((change.topic, change.before, change.after, change.reason)).lower()
            return self.phrase.lower() in haystack
        return not self.topic

    def __str__(self) -> str:
        what = f"topic={self.topic!r}" if self.topic else f"phrase={self.phrase!r}" if self.phrase else ""
        return f"{'|'.join(self.kinds)} {what}".strip()


@dataclass(frozen=True)
class Pair:
    name: str
    kind: str
    old: Path
    new: Path
    expected: tuple[Expected, ...]


@dataclass
class PairResult:
    pair: Pair
    report: ChangeReport | None
    matched: list[tuple[Expected, Change]] = field(default_factory=list)
    missed: list[Expected] = field(default_factory=list)
    extra: list[Change] = field(default_factory=list)
    error: str = ""


@dataclass(frozen=True)
class Score:
    expected: int
    found: int
    matched_expected: int
    matched_found: int

    @property
    def precision(self) -> float:
        return self.matched_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.matched_expected / self.expected if self.expected else 1.0


def read_pair(path: Path) -> Pair:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"cannot read corpus file {path}: {exc}") from None
    if not isinstance(data, dict) or not {"old", "new"} <= data.keys():
        raise CorpusError(f"corpus file {path} needs 'old' and 'new' document paths and an 'expected' list")
    expected = []
    for index, item in enumerate(data.get("expected") or []):
        kinds = item.get("kind") if isinstance(item, dict) else None
        kinds = tuple(kinds) if isinstance(kinds, list) else (kinds,)
        unknown = [k for k in kinds if k not in CATEGORY_OF_KIND]
        if unknown or not kinds:
            raise CorpusError(f"{path}: expected item {index + 1} has unknown kind {unknown or kinds}; "
                              f"one of {', '.join(CATEGORY_OF_KIND)}")
        expected.append(Expected(kinds, str(item.get("topic") or ""), str(item.get("phrase") or "")))
    return Pair(path.stem, str(data.get("kind", "")), path.parent / data["old"], path.parent / data["new"], tuple(expected))


def read_corpus(folder: Path) -> list[Pair]:
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    if not files:
        raise CorpusError(f"no *.yaml pair files in {folder}; each names 'old', 'new' and 'expected' changes")
    return [read_pair(path) for path in files]


def _match(expected: Iterable[Expected], found: Iterable[Change]) -> tuple[list[tuple[Expected, Change]], list[Expected], list[Change]]:
    remaining = list(found)
    matched, missed = [], []
    # the most specific expectations (one kind, a topic) pick first
    for item in sorted(expected, key=lambda e: (len(e.kinds), not e.topic)):
        hit = next((c for c in remaining if item.matches(c)), None)
        if hit is None:
            missed.append(item)
        else:
            matched.append((item, hit))
            remaining.remove(hit)
    return matched, missed, remaining


def evaluate_pair(pair: Pair) -> PairResult:
    from worker.documents import load_document

    try:
        report = compare(load_document(str(pair.new)), load_document(str(pair.old)))
    except Exception as exc:  # a broken pair is reported, not fatal: the score counts it as all missed
        return PairResult(pair, None, missed=list(pair.expected), error=f"{type(exc).__name__}: {exc}")
    matched, missed, extra = _match(pair.expected, report.changes)
    return PairResult(pair, report, matched, missed, extra)


def scores(results: list[PairResult]) -> dict[str, Score]:
    """Per category and ``overall``."""
    out: dict[str, Score] = {}
    for category in (*CATEGORIES, "overall"):
        def wanted(cat: str) -> bool:
            return category == "overall" or cat == category

        out[category] = Score(
            expected=sum(1 for r in results for e in r.pair.expected if wanted(e.category)),
            found=sum(1 for r in results if r.report for c in r.report.changes if wanted(c.category)),
            matched_expected=sum(1 for r in results for e, _ in r.matched if wanted(e.category)),
            matched_found=sum(1 for r in results for _, c in r.matched if wanted(c.category)),
        )
    return out
