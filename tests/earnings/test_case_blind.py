"""``CaseBlind`` finds exactly what the case-blind expression finds, only faster.

The engine's case-blind expressions search ``text.lower()`` case-sensitively; a reading is the
same only if every match (where it starts, ends, and its groups) is the written expression's
own. Checked for every such expression of the engine over the project's corpus, in upper case
too, and over texts with the letters that fold oddly ("İ", "ı", "ſ").
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import earnings
from earnings.rules import CaseBlind, case_blind, topics, words
from worker.documents import load_document

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
ODD = ["TARİFF headwinds are a rİsk", "ſupply riſk and ſoftness", "Dıvıdend paused; tarıffs", "KELVIN-grade \u212aPI risk"]


def _blind_patterns() -> list[tuple[str, CaseBlind]]:
    found: dict[int, tuple[str, CaseBlind]] = {}

    def collect(name: str, value: object) -> None:
        if isinstance(value, CaseBlind):
            found.setdefault(id(value), (name, value))
        elif isinstance(value, (tuple, list)):
            for k, item in enumerate(value):
                collect(f"{name}[{k}]", item)
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(f"{name}[{key!r}]", item)

    for module in pkgutil.iter_modules(earnings.__path__):
        loaded = importlib.import_module(f"earnings.{module.name}")
        for attribute, value in vars(loaded).items():
            collect(f"{module.name}.{attribute}", value)
    lexicon = words()
    for name in lexicon.__dataclass_fields__:
        collect(f"words.{name}", CaseBlind(getattr(lexicon, name).regex))
    for topic in topics():
        collect(f"topic.{topic.id}", CaseBlind(topic.cues.regex))
    return sorted(found.values(), key=lambda item: item[0])


@pytest.fixture(scope="module")
def texts() -> list[str]:
    said: set[str] = set()
    for path in sorted(DOCS.iterdir()):
        said.update(statement.text for statement in load_document(str(path)).statements)
    ordered = sorted(said)
    return ordered + [text.upper() for text in ordered[::7]] + ODD


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


def test_the_engine_searches_most_of_its_case_blind_expressions_in_lower_case() -> None:
    patterns = _blind_patterns()
    assert len(patterns) > 100
    assert sum(1 for _, p in patterns if p._lower is not None) > 0.9 * len(patterns)


def test_every_case_blind_expression_finds_what_it_finds_as_written(texts: list[str]) -> None:
    wrong = []
    for name, pattern in _blind_patterns():
        for text in texts:
            if _spans(pattern.finditer(text)) != _spans(pattern.regex.finditer(text)):
                wrong.append((name, text[:80]))
            found, written = pattern.search(text), pattern.regex.search(text)
            if (found and (found.span(), found.groups())) != (written and (written.span(), written.groups())):
                wrong.append((name, text[:80]))
    assert wrong == []


def test_a_search_from_a_position_up_to_an_end_matches_the_written_one() -> None:
    pattern = case_blind(r"\b(?:tariffs?|headwinds?)\b")
    text = "Tariffs and HEADWINDS, then tariffs again"
    for pos, end in ((0, len(text)), (1, len(text)), (12, 21), (13, 40), (30, 41)):
        found, written = pattern.search(text, pos, end), pattern.regex.search(text, pos, end)
        assert (found and found.span()) == (written and written.span())
        assert _spans(pattern.finditer(text, pos, end)) == _spans(pattern.regex.finditer(text, pos, end))


def test_an_expression_naming_upper_case_letters_runs_as_written() -> None:
    for source in (r"\bQ[1-4]\b", r"[A-Z]{2,}\s+risk", r"(?-i:EPS)\s+guide", r"(risk)\s+\1"):
        pattern = case_blind(source)
        assert pattern._lower is None
        text = "Q3 EPS guide; FX RISK risk"
        assert _spans(pattern.finditer(text)) == _spans(re.finditer(source, text, re.I))


def test_odd_letters_fall_back_to_the_written_expression() -> None:
    pattern = case_blind(r"\b(?:tariffs?|supply\s+risk)\b")
    for text in ODD:
        assert _spans(pattern.finditer(text)) == _spans(re.finditer(pattern.pattern, text, re.I))
    assert [m.group(0) for m in pattern.finditer("ſupply riſk")] == ["ſupply riſk"]
