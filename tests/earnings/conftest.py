"""Fixtures for the comparison engine: the two demo ALAB summaries as ``CallDocument``s."""

from __future__ import annotations

import pytest
from earnings_summaries import Q3_2024, Q4_2024, load_summary

from earnings.compare import compare
from earnings.document import CallDocument
from earnings.report import ChangeReport


@pytest.fixture(scope="session")
def q3() -> CallDocument:
    return load_summary(Q3_2024)


@pytest.fixture(scope="session")
def q4() -> CallDocument:
    return load_summary(Q4_2024)


@pytest.fixture(scope="session")
def q4_vs_q3(q4: CallDocument, q3: CallDocument) -> ChangeReport:
    return compare(q4, q3)
