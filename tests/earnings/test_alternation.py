"""``grouped`` finds exactly what the written expression finds (``earnings.alternation``)."""

from __future__ import annotations

import re

import pytest

from earnings.alternation import grouped

TEXTS = [
    "we raised costs and raise prices; the raises were small, lower and lowered",
    "excess inventory, in excess of plan, excessive",
    "form 483 observations and 483 observations; a recall, the recall, product recall",
    "headwinds, headwind, head wind, pressures pressured pressure",
    "we are only providing; only be providing, commonly providing, only",
    "a$5 b $5 c($ 6) (was 5) x(was",
    "",
    "x",
]

CASES = [
    r"(?<![\w'-])(?:raise|lower|raises|raised|rais\w*|low\w*)(?![\w'])",  # the first alternative that leads to a match wins
    r"\b(?:(?<!in\s)excess(?!\s+of)|excessive)\b",  # a lookbehind before the first letter
    r"(?<![\w'-])(?:(?:form\s+)?483\s+observations|(?:a|the|product)\s+recall)",  # an optional lead, a group of leads
    r"\b(?:headwinds?|head\s+wind|pressur\w*|pressure)\b",
    r"\bonly\s+(?:be\s+)?providing\b|\bonly\b",  # one first letter: its "\b" after its letters
    r"\b\$\d+|\b\(\s*was",  # a "\b" before a character that is no letter
]


@pytest.mark.parametrize("pattern", CASES)
def test_a_regrouped_expression_finds_what_the_written_one_finds_wherever_it_starts(pattern: str) -> None:
    written, regrouped = re.compile(pattern), grouped(pattern)
    assert regrouped.pattern is None  # it was regrouped, not compiled as written
    for text in TEXTS:
        assert [m.span() for m in regrouped.finditer(text)] == [m.span() for m in written.finditer(text)]
        for pos in range(len(text) + 1):
            found, expected = regrouped.search(text, pos), written.search(text, pos)
            assert (found and found.span()) == (expected and expected.span())


@pytest.mark.parametrize("pattern", [r"\b[a-z]+ing\b", r"(?P<word>risk|cost)s?", r"\s+(?:and|or)\b", r"risk", r"(?:cut|cuts?|)"])
def test_an_expression_it_cannot_regroup_is_compiled_as_written(pattern: str) -> None:
    assert grouped(pattern).pattern == pattern
