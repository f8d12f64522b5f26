"""Properties that hold for any document: itself, any order, and determinism."""

from __future__ import annotations

import dataclasses

from earnings_summaries import Q3_2024, Q4_2024, load_summary
from hypothesis import given, settings
from hypothesis import strategies as st

from earnings.compare import compare
from earnings.document import CallDocument

Q3 = load_summary(Q3_2024)
Q4 = load_summary(Q4_2024)


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(len(Q4.statements))), st.sampled_from([Q3, Q4]))
def test_any_order_of_the_same_statements_is_no_change(order: list[int], source: CallDocument) -> None:
    statements = tuple(source.statements[i] for i in order if i < len(source.statements))
    shuffled = dataclasses.replace(source, statements=statements)
    assert compare(shuffled, source).changes == ()


@settings(max_examples=25, deadline=None)
@given(st.permutations(range(len(Q4.statements))))
def test_the_order_of_statements_does_not_change_what_is_found(order: list[int]) -> None:
    shuffled = dataclasses.replace(Q4, statements=tuple(Q4.statements[i] for i in order))
    found = {(c.kind, c.topic, c.reason) for c in compare(shuffled, Q3).changes}
    assert found == {(c.kind, c.topic, c.reason) for c in compare(Q4, Q3).changes}
