"""The engine's data, read once from ``earnings/data``: word lists, metrics, risk topics and
the severity table.

Each file is YAML with a comment at its top saying what it holds. A word-list entry is a
regular expression matched as whole words (case-insensitive); a trailing ``*`` stands for any
ending. ``words()`` compiles each list into one pattern; ``metrics()`` and ``topics()`` give
the catalogues as small frozen records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml


def _load(name: str) -> dict[str, Any]:
    text = resources.files("earnings").joinpath("data", name).read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _entry(entry: str) -> str:
    entry = str(entry).strip()
    return entry[:-1] + r"[\w'’-]*" if entry.endswith("*") else entry


def compile_words(entries: list[str] | str) -> re.Pattern[str]:
    """One pattern matching any entry as whole words, longest entries first (``entries``: a
    list, or one string of entries separated by spaces)."""
    if isinstance(entries, str):
        entries = entries.split()
    parts = sorted({_entry(e) for e in entries}, key=len, reverse=True)
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(parts) + r")(?![\w'’-])", re.I)


@dataclass(frozen=True)
class Words:
    """The word lists of ``words.yaml``, compiled."""

    harm_strong: re.Pattern[str]
    harm_weak: re.Pattern[str]
    forward: re.Pattern[str]
    result: re.Pattern[str]
    negation: re.Pattern[str]
    easing: re.Pattern[str]
    worsening: re.Pattern[str]
    modal: re.Pattern[str]
    intensity: re.Pattern[str]
    external: re.Pattern[str]
    present: re.Pattern[str]
    past: re.Pattern[str]


@cache
def words() -> Words:
    data = _load("words.yaml")
    return Words(
        harm_strong=compile_words(data["harm"][2]),
        harm_weak=compile_words(data["harm"][1]),
        forward=compile_words(data["forward"]),
        result=compile_words(data["result"]),
        negation=compile_words(data["negation"]),
        easing=compile_words(data["easing"]),
        worsening=compile_words(data["worsening"]),
        modal=compile_words(data["modal"]),
        intensity=compile_words(data["intensity"]),
        external=compile_words(data["external"]),
        present=compile_words(data["present"]),
        past=compile_words(data["past"]),
    )


@dataclass(frozen=True)
class Metric:
    id: str
    label: str
    unit: str  # money, pct, count, ratio
    headline: bool
    harm: bool
    line_item: bool = False
    growth: bool = False


@dataclass(frozen=True)
class MetricCatalogue:
    """Every metric, and one pattern whose named groups say which metric a phrase names."""

    metrics: dict[str, Metric]
    pattern: re.Pattern[str]
    group_metric: dict[str, str]

    def of(self, match: re.Match[str]) -> Metric:
        return self.metrics[self.group_metric[match.lastgroup or ""]]


@cache
def metrics() -> MetricCatalogue:
    data = _load("metrics.yaml")["metrics"]
    catalogue: dict[str, Metric] = {}
    names: list[tuple[str, str]] = []
    for item in data:
        metric = Metric(item["id"], item["label"], item["unit"], bool(item.get("headline")), bool(item.get("harm")),
                        bool(item.get("line_item")), bool(item.get("growth")))
        catalogue[metric.id] = metric
        names += [(str(name), metric.id) for name in item["names"]]
    names.sort(key=lambda pair: len(pair[0]), reverse=True)
    groups = {f"m{k}": metric_id for k, (_, metric_id) in enumerate(names)}
    pattern = re.compile(
        r"(?<![\w&-])(?:" + "|".join(f"(?P<m{k}>{name})" for k, (name, _) in enumerate(names)) + r")(?![\w&-])", re.I)
    return MetricCatalogue(catalogue, pattern, groups)


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    severity: int
    cues: re.Pattern[str]


@cache
def topics() -> tuple[Topic, ...]:
    return tuple(Topic(t["id"], t["label"], int(t["severity"]), compile_words(t["cues"]))
                 for t in _load("risk_topics.yaml")["topics"])


@cache
def topic(topic_id: str) -> Topic | None:
    return next((t for t in topics() if t.id == topic_id), None)


@dataclass(frozen=True)
class Severities:
    kinds: dict[str, dict[str, Any]]
    bands: tuple[tuple[int, str], ...]

    def band(self, score: int) -> str:
        return next(name for start, name in self.bands if score >= start)


@cache
def severities() -> Severities:
    data = _load("severity.yaml")
    bands = tuple(sorted(((int(b["from"]), str(b["name"])) for b in data["bands"]), reverse=True))
    return Severities({k: dict(v) for k, v in data["kinds"].items()}, bands)
