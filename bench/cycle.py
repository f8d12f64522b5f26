"""One check cycle of each tool over the same site, the way an operator runs it.

Every source is set up the same for both tools: a first cycle stores every page new (Q3 2024),
then every page publishes Q4 2024 (earnwatch stores and compares each with Q3; urlwatch diffs
each). Then, ``runs`` times each, the tools take turns on the timed cycles:

* all unchanged: every page answers 304 to the ETag each tool keeps;
* ``changed`` changed: that many pages publish a new revision of Q4 before each run.

Wall time and CPU are medians over the runs; peak RSS is the largest of the unchanged cycles,
and of all cycles (the largest is one where every page changed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.site import Site, serving
from bench.table import Row, median
from bench.tools import Earnwatch, Measured, Urlwatch


@dataclass
class _Runs:
    unchanged: list[Measured] = field(default_factory=list)
    changed: list[Measured] = field(default_factory=list)
    setup: list[Measured] = field(default_factory=list)

    def peak_rss(self, *, unchanged_only: bool = False) -> float:
        cycles = self.unchanged if unchanged_only else self.unchanged + self.changed + self.setup
        return max(m.peak_rss for m in cycles) / 2**20


def run(root: Path, sources: int, runs: int, changed: int, latency: float, say=print) -> tuple[list[Row], list[str]]:
    """The cycle rows of the table, and notes (each run's time)."""
    site = Site(sources, latency)
    revised = list(range(0, sources, max(1, sources // changed)))[:changed]
    with serving(site) as base:
        tools: list[Earnwatch | Urlwatch] = [Earnwatch(root / "earnwatch", base, sources), Urlwatch(root / "urlwatch", base, sources)]
        found = {tool.name: _Runs() for tool in tools}

        def turn(label: str, expect_new: int, into: str) -> None:
            for tool in tools:
                measured = tool.cycle(expect_new)
                getattr(found[tool.name], into).append(measured)
                say(f"  {tool.name:<9} {label:<32} {measured.wall:6.2f} s  CPU {measured.cpu:6.2f} s  RSS {measured.peak_rss / 2**20:4.0f} MB")

        turn("first cycle, all new (Q3)", sources, "setup")
        site.publish("2024Q4")
        turn("all publish Q4 (compared)", sources, "setup")
        for number in range(runs):
            turn(f"all unchanged, run {number + 1}", 0, "unchanged")
        for number in range(runs):
            site.revise(revised)
            turn(f"{changed} changed, run {number + 1}", changed, "changed")

    ew, uw = found["earnwatch"], found["urlwatch"]
    n = f"{sources:,}"
    rows = [
        Row(f"cycle, {n} unchanged (median of {runs})", median([m.wall for m in ew.unchanged]), median([m.wall for m in uw.unchanged])),
        Row(f"cycle, {changed} of {n} changed (median of {runs})", median([m.wall for m in ew.changed]), median([m.wall for m in uw.changed])),
        Row(f"first cycle, {n} new (1 run)", ew.setup[0].wall, uw.setup[0].wall),
        Row("CPU per source, unchanged", median([m.cpu for m in ew.unchanged]) / sources * 1000, median([m.cpu for m in uw.unchanged]) / sources * 1000, "ms"),
        Row(
            f"CPU per source, {changed} changed",
            median([m.cpu for m in ew.changed]) / sources * 1000,
            median([m.cpu for m in uw.changed]) / sources * 1000,
            "ms",
        ),
        Row("peak RSS, unchanged cycle", ew.peak_rss(unchanged_only=True), uw.peak_rss(unchanged_only=True), "MB"),
        Row(f"peak RSS, largest cycle ({n} new quarters)", ew.peak_rss(), uw.peak_rss(), "MB"),
        Row(f"documents/s, {n} new quarters fetched, ingested and compared in one cycle", sources / ew.setup[1].wall, None, "docs/s"),
    ]
    notes = [
        f"{name} runs, unchanged: {', '.join(f'{m.wall:.1f}' for m in r.unchanged)} s; {changed} changed: {', '.join(f'{m.wall:.1f}' for m in r.changed)} s"
        for name, r in found.items()
    ]
    return rows, notes
