"""The labelled corpus (tests/corpus): what an analyst expects, scored like ``earnwatch eval``.

The threshold is the project's bar for the engine, not a number fitted to it: overall precision
and recall of at least 0.9 on pairs of summaries, transcripts and press releases that include
rewording, reordering, reaffirmed guidance, refreshed results and boilerplate.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from worker.evaluation import evaluate_pair, read_corpus, scores

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def results():
    return [evaluate_pair(pair) for pair in read_corpus(CORPUS)]


def test_the_corpus_has_at_least_fifteen_pairs_of_every_kind() -> None:
    pairs = read_corpus(CORPUS)
    assert len(pairs) >= 15
    assert set(Counter(p.kind for p in pairs)) == {"summary", "transcript", "press_release"}
    assert min(Counter(p.kind for p in pairs).values()) >= 4


def test_the_corpus_holds_hard_negatives() -> None:
    pairs = read_corpus(CORPUS)
    assert sum(1 for p in pairs if not p.expected) >= 2
    assert sum(1 for p in pairs if len(p.expected) <= 1) >= 5


def test_transcripts_in_the_corpus_are_call_length() -> None:
    lengths = [len(path.read_text(encoding="utf-8").split()) for path in (CORPUS / "docs").glob("*transcript*")]
    assert sum(1 for n in lengths if n >= 1500) >= 6 and sum(1 for n in lengths if n >= 900) >= 8


def test_every_pair_is_read_and_compared(results) -> None:
    assert [r.pair.name for r in results if r.error] == []


def test_overall_precision_and_recall_are_at_least_nine_in_ten(results) -> None:
    overall = scores(results)["overall"]
    assert overall.precision >= 0.9, [(r.pair.name, [c.reason for c in r.extra]) for r in results if r.extra]
    assert overall.recall >= 0.9, [(r.pair.name, [str(m) for m in r.missed]) for r in results if r.missed]


def test_hard_negatives_report_nothing(results) -> None:
    for result in results:
        if not result.pair.expected:
            assert result.report is not None and result.report.changes == (), result.pair.name
