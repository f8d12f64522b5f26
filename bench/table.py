"""The table the benchmark prints: one row per figure, earnwatch beside urlwatch and their ratio."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    label: str
    earnwatch: float | None
    urlwatch: float | None = None  # None: a figure of earnwatch alone
    unit: str = "s"

    @property
    def ratio(self) -> float | None:
        if self.earnwatch is None or not self.urlwatch:
            return None
        return self.earnwatch / self.urlwatch


def value(number: float | None, unit: str) -> str:
    if number is None:
        return "—"
    if unit == "s":
        return f"{number:.2f} s" if number < 10 else f"{number:.1f} s"
    if unit == "ms":
        return f"{number:.1f} ms" if number < 100 else f"{number:.0f} ms"
    if unit == "MB":
        return f"{number:.0f} MB"
    return f"{number:.1f} {unit}"


def render(rows: Sequence[Row]) -> str:
    """A Markdown table (it reads as well in a terminal as in the README)."""
    lines = ["| | earnwatch | urlwatch | ratio |", "|---|---|---|---|"]
    for row in rows:
        ratio = f"{row.ratio:.2f}×" if row.ratio is not None else ""
        lines.append(f"| {row.label} | {value(row.earnwatch, row.unit)} | {value(row.urlwatch, row.unit)} | {ratio} |")
    return "\n".join(lines)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value with at least ``share`` of them at or below it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * share // 1))
    return ordered[int(rank) - 1]
