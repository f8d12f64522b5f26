"""The engine's work grows in step with a document's length, never with its square.

A document of N identical risk bullets against a baseline of N others is compared at N and 4N,
and two deterministic measures of the work are taken (no clock: the machine may be busy):

* the function calls the comparison makes (Python and built-in, counted by ``sys.setprofile``);
* the characters handed to the engine's word-list searches (``earnings.rules.WordPattern``),
  which catches a search of the whole document repeated once per statement.

Linear work grows about 4x from N to 4N; a pairwise loop or a per-statement scan of the whole
document grows 16x. The bound is 8x.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from earnings.compare import compare
from earnings.document import CallDocument, DocumentKind, Section, Statement
from earnings.period import FiscalPeriod
from earnings.reading import clear_cache
from earnings.rules import WordPattern, topics, words

NEW_RISK = "Tariffs could pressure gross margin by up to 150 basis points in the second half."
OLD_RISK = "Supply constraints on advanced substrates may limit shipments in the near term."
N = 500
GROWTH_BOUND = 8.0


def _document(text: str, label: str, count: int, quarter: int, kind: str) -> CallDocument:
    statements = tuple(Statement(text, Section.RISKS, topic=label) for _ in range(count))
    return CallDocument(ticker="ACME", period=FiscalPeriod(2025, quarter), title=f"ACME Q{quarter} 2025", statements=statements, kind=kind)


def _word_patterns() -> list[WordPattern]:
    lexicon = words()
    return [getattr(lexicon, name) for name in lexicon.__dataclass_fields__] + [t.cues for t in topics()]


@contextmanager
def _counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, int]]:
    counts = {"calls": 0, "searched": 0}

    def counting(method):
        def wrapper(text, *args, **kwargs):
            counts["searched"] += len(text)
            return method(text, *args, **kwargs)

        return wrapper

    with monkeypatch.context() as patch:
        for pattern in _word_patterns():
            for name in ("search", "finditer", "findall"):
                patch.setattr(pattern, name, counting(getattr(pattern.regex, name)))

        def profile(frame, event, arg):
            if event in ("call", "c_call"):
                counts["calls"] += 1

        sys.setprofile(profile)
        try:
            yield counts
        finally:
            sys.setprofile(None)


def _cost(monkeypatch: pytest.MonkeyPatch, count: int, label: str, kind: str) -> dict[str, int]:
    new = _document(NEW_RISK, label, count, 3, kind)
    old = _document(OLD_RISK, label.replace("Tariff", "Supply"), count, 2, kind)
    compare(new, old)  # word lists compiled, as in a running worker
    clear_cache()  # then read cold, as a document never seen
    with _counted(monkeypatch) as counts:
        report = compare(new, old)
    assert report.changes  # the tariff risk is new and the supply risk is gone: real work was done
    return counts


@pytest.mark.parametrize(
    ("label", "kind"),
    [
        ("Risk", DocumentKind.SUMMARY),
        ("Tariff risk", DocumentKind.SUMMARY),
        ("", DocumentKind.TRANSCRIPT),
    ],
)
def test_comparing_four_times_as_many_repeated_risk_bullets_costs_about_four_times_the_work(monkeypatch: pytest.MonkeyPatch, label: str, kind: str) -> None:
    small = _cost(monkeypatch, N, label, kind)
    large = _cost(monkeypatch, 4 * N, label, kind)
    for measure in ("calls", "searched"):
        growth = large[measure] / max(1, small[measure])
        assert growth < GROWTH_BOUND, f"{measure} grew {growth:.1f}x from {N} to {4 * N} bullets ({small} -> {large})"
