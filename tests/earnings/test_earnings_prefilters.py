"""The quick tests the engine runs before an expression never rule out a text it matches.

``WordPattern.could_match``, ``possible_topics`` and ``may_hold`` let the readers skip costly
expressions; the engine's output is the same only if they never say no to a text the expression
would match. Checked on every statement (and clause) of the project's corpus.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from earnings.facts import _ASKS, _SCENARIO, _SCENARIO_NEEDLES, ASKING_NEEDLES
from earnings.risk_reading import _ASKED, _CLAUSES
from earnings.rules import WordPattern, may_hold, possible_topics, tokens, topics, words
from worker.documents import load_document

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found: set[str] = {"Form 483 observations were issued.", "TARİFF headwinds", "ſupply riſk", "write-downs loom", "in flux"}
    for path in sorted(DOCS.iterdir()):
        for statement in load_document(str(path)).statements:
            found.add(statement.text)
            found.update(c for c in _CLAUSES.split(statement.text) if c.strip())
            found.add(re.split(r"\bdespite\b", statement.text, maxsplit=1, flags=re.I)[0])
    return sorted(found)


def _patterns() -> list[tuple[str, WordPattern]]:
    lexicon = words()
    return [(name, getattr(lexicon, name)) for name in lexicon.__dataclass_fields__] + [(t.id, t.cues) for t in topics()]


def test_a_word_list_is_never_skipped_on_a_text_it_matches(texts: list[str]) -> None:
    wrong = [(name, text) for text in texts for name, pattern in _patterns() if not pattern.could_match(tokens(text), text) and pattern.search(text)]
    assert wrong == []


def test_the_word_lists_skip_most_texts_for_most_lists(texts: list[str]) -> None:
    skipped = sum(1 for text in texts for _, pattern in _patterns() if not pattern.could_match(tokens(text), text))
    assert skipped > len(texts) * len(_patterns()) / 2


def test_a_risk_topic_is_never_ruled_out_on_a_text_that_cues_it(texts: list[str]) -> None:
    wrong = [(t.id, text) for text in texts for t in topics() if t.id not in possible_topics(tokens(text), text) and t.cues.search(text)]
    assert wrong == []


def test_needles_are_never_missing_from_a_text_the_expression_matches(texts: list[str]) -> None:
    for pattern, needles in ((_SCENARIO, _SCENARIO_NEEDLES), (_ASKS, ASKING_NEEDLES), (_ASKED, ASKING_NEEDLES)):
        assert [text for text in texts if pattern.search(text) and not may_hold(text, needles)] == []
