"""Scoring the engine against a labelled corpus (``earnwatch eval DIR``).

Two layouts are read, side by side in one folder or apart:

* **pair files** (the project's own corpus, ``tests/corpus``): one YAML file per document pair::

      kind: transcript                  # summary, transcript or press_release (for the tally only)
      old: docs/acme-2025q2.txt         # paths relative to the YAML file
      new: docs/acme-2025q3.txt
      note: what an analyst sees changed, and what is a trap
      expected:
        - {kind: guidance_lowered, phrase: "$1.10 billion"}   # a phrase of the before/after text or reason
        - {kind: risk_removed, topic: Supply chain risk}      # or the change's topic
        - {kind: [risk_removed, risk_eased], phrase: servo}   # either kind is right
        - {kind: tone_shift}

  A found change matches an expected one when its kind is one of the expected kinds and the
  topic (the change's topic, or the label of a statement it quotes: "Export control risk: …",
  ignoring case) or the phrase (found, ignoring case) agrees; each matches at most once.

* **labels.json folders** (real documents labelled by an analyst, as in a ``pairs/`` folder of
  them): ``{"old", "new", "expected": [{"id", "kinds", "match"}], "ignore": [...],
  "must_not_flag": [...]}``, paths relative to the folder. Scored as that corpus's own
  ``score.py`` scores ``earnwatch diff --format json``: a reported change is right when its kind
  is one of a label's kinds and the label's ``match`` occurs (ignoring case) in its ``before``,
  ``after`` or ``topic``; a change that is right for no label but holds an ``ignore`` string
  counts neither way; any other change is a false alarm.

Precision is right changes / reported changes (the ignored ones left out), recall labels found
/ labels expected, per category and overall.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from earnings.compare import DEFAULT_OPTIONS, CompareOptions, compare
from earnings.report import CATEGORY_OF_KIND, Change, ChangeReport

CATEGORIES = ("risk", "guidance", "tone")
PAIR_FILES, LABELS = "pair file", "labels.json"


class CorpusError(ValueError):
    """A corpus file that cannot be read; the message names the file and the problem."""


@dataclass(frozen=True)
class Expected:
    kinds: tuple[str, ...]
    topic: str = ""
    phrase: str = ""
    match: str = ""  # labels.json: a verbatim piece of the sentence that carries the change
    id: str = ""

    @property
    def category(self) -> str:
        return CATEGORY_OF_KIND[self.kinds[0]]

    def matches(self, change: Change) -> bool:
        if change.kind not in self.kinds:
            return False
        if self.match:
            return self.match.lower() in " ".join((change.before, change.after, change.topic)).lower()
        if self.topic and (change.topic.strip().lower() == self.topic.strip().lower()
                           or f"{self.topic.strip().lower()}:" in f"{change.before} {change.after}".lower()):
            return True  # the change's own topic, or the label the document gave the statement it quotes
        if self.phrase:
            haystack = " ".join((change.topic, change.before, change.after, change.reason)).lower()
            return self.phrase.lower() in haystack
        return not self.topic

    def __str__(self) -> str:
        if self.match:
            return f"{'|'.join(self.kinds)} {self.id}: {self.match!r}"
        what = f"topic={self.topic!r}" if self.topic else f"phrase={self.phrase!r}" if self.phrase else ""
        return f"{'|'.join(self.kinds)} {what}".strip()


@dataclass(frozen=True)
class Pair:
    name: str
    kind: str
    old: Path
    new: Path
    expected: tuple[Expected, ...]
    ignore: tuple[str, ...] = ()
    layout: str = PAIR_FILES


@dataclass
class PairResult:
    pair: Pair
    report: ChangeReport | None
    matched: list[tuple[Expected, Change]] = field(default_factory=list)
    missed: list[Expected] = field(default_factory=list)
    extra: list[Change] = field(default_factory=list)
    right: list[Change] = field(default_factory=list)  # reported changes that are right for some label
    ignored: list[Change] = field(default_factory=list)
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


def _kinds(value: object, where: str) -> tuple[str, ...]:
    kinds = tuple(value) if isinstance(value, list) else (value,)
    unknown = [k for k in kinds if k not in CATEGORY_OF_KIND]
    if unknown or not kinds:
        raise CorpusError(f"{where} has unknown kind {unknown or kinds}; one of {', '.join(CATEGORY_OF_KIND)}")
    return tuple(str(k) for k in kinds)


def read_pair(path: Path) -> Pair:
    """One YAML pair file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CorpusError(f"cannot read corpus file {path}: {exc}") from None
    if not isinstance(data, dict) or not {"old", "new"} <= data.keys():
        raise CorpusError(f"corpus file {path} needs 'old' and 'new' document paths and an 'expected' list")
    expected = []
    for index, item in enumerate(data.get("expected") or []):
        kinds = _kinds(item.get("kind") if isinstance(item, dict) else None, f"{path}: expected item {index + 1}")
        expected.append(Expected(kinds, str(item.get("topic") or ""), str(item.get("phrase") or "")))
    return Pair(path.stem, str(data.get("kind", "")), path.parent / data["old"], path.parent / data["new"], tuple(expected))


def read_labels(path: Path) -> Pair:
    """One folder's ``labels.json``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CorpusError(f"cannot read {path}: {exc}") from None
    folder = path.parent
    if not isinstance(data, dict) or "expected" not in data:
        raise CorpusError(f"{path} needs an 'expected' list (and 'old' and 'new' paths, or old.* and new.* files beside it)")
    try:
        old = folder / data["old"] if "old" in data else next(folder.glob("old.*"))
        new = folder / data["new"] if "new" in data else next(folder.glob("new.*"))
    except StopIteration:
        raise CorpusError(f"{path} names no 'old' and 'new' documents and {folder} holds no old.* and new.* files") from None
    expected = []
    for index, item in enumerate(data["expected"]):
        if not isinstance(item, dict) or not item.get("match"):
            raise CorpusError(f"{path}: expected item {index + 1} needs 'kinds' and a 'match' string")
        expected.append(Expected(_kinds(item.get("kinds"), f"{path}: expected item {index + 1}"),
                                 match=str(item["match"]), id=str(item.get("id") or index + 1)))
    kind = _kind_of(new.name)
    return Pair(folder.name, kind, old.resolve(), new.resolve(), tuple(expected),
                tuple(str(s) for s in data.get("ignore", [])), LABELS)


def _kind_of(name: str) -> str:
    for kind, cue in (("transcript", "transcript"), ("press_release", "release"), ("summary", "summary")):
        if cue in name:
            return kind
    return ""


def read_corpus(folder: Path) -> list[Pair]:
    """Every pair of ``folder``: its YAML pair files and the ``labels.json`` of its subfolders
    (directly, or in a ``pairs/`` subfolder)."""
    files = sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml"))
    labels = sorted(folder.glob("*/labels.json")) + sorted(folder.glob("pairs/*/labels.json"))
    if (folder / "labels.json").exists():
        labels.insert(0, folder / "labels.json")
    if not files and not labels:
        raise CorpusError(f"no pairs in {folder}: expected *.yaml pair files (old, new, expected) "
                          "or folders holding a labels.json")
    return [read_pair(path) for path in files] + [read_labels(path) for path in labels]


def _match(expected: Iterable[Expected], found: Iterable[Change]) -> tuple[list[tuple[Expected, Change]], list[Expected], list[Change]]:
    remaining = list(found)
    matched, missed = [], []
    # the most specific expectations (one kind, a topic) pick first
    used: list[Change] = []
    for item in sorted(expected, key=lambda e: (len(e.kinds), not e.topic)):
        hit = next((c for c in remaining if item.matches(c)), None)
        if hit is None:  # one quoted sentence may carry two expected changes, as in score.py
            hit = next((c for c in used if item.phrase and item.matches(c)
                        and item.phrase.lower() in f"{c.before} {c.after}".lower()), None)
        if hit is None:
            missed.append(item)
            continue
        matched.append((item, hit))
        if hit in remaining:
            remaining.remove(hit)
            used.append(hit)
    return matched, missed, remaining


def evaluate_pair(pair: Pair, options: CompareOptions = DEFAULT_OPTIONS) -> PairResult:
    from worker.documents import load_document

    try:
        report = compare(load_document(str(pair.new)), load_document(str(pair.old)), options)
    except Exception as exc:  # a broken pair is reported, not fatal: the score counts it as all missed
        return PairResult(pair, None, missed=list(pair.expected), error=f"{type(exc).__name__}: {exc}")
    if pair.layout == PAIR_FILES:
        matched, missed, extra = _match(pair.expected, report.changes)
        return PairResult(pair, report, matched, missed, extra, right=list({id(c): c for _, c in matched}.values()))
    return _score_labels(pair, report)


def _score_labels(pair: Pair, report: ChangeReport) -> PairResult:
    result = PairResult(pair, report)
    found: dict[str, tuple[Expected, Change]] = {}
    ignore = [s.lower() for s in pair.ignore]
    for change in report.changes:
        hits = [e for e in pair.expected if e.matches(change)]
        if hits:
            result.right.append(change)
            for item in hits:
                found.setdefault(item.id, (item, change))
        elif any(s in " ".join((change.before, change.after, change.topic)).lower() for s in ignore):
            result.ignored.append(change)
        else:
            result.extra.append(change)
    result.matched = list(found.values())
    result.missed = [e for e in pair.expected if e.id not in found]
    return result


def scores(results: list[PairResult]) -> dict[str, Score]:
    """Per category and ``overall``: precision over the reported changes (ignored ones left
    out), recall over the expected ones."""
    out: dict[str, Score] = {}
    for category in (*CATEGORIES, "overall"):
        def wanted(cat: str) -> bool:
            return category == "overall" or cat == category

        out[category] = Score(
            expected=sum(1 for r in results for e in r.pair.expected if wanted(e.category)),
            found=sum(1 for r in results for c in (*r.right, *r.extra) if wanted(c.category)),
            matched_expected=sum(1 for r in results for e, _ in r.matched if wanted(e.category)),
            matched_found=sum(1 for r in results for c in r.right if wanted(c.category)),
        )
    return out
