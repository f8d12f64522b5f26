"""Which routes want which report, and which of its changes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from config.watchlist import RouteEntry
from earnings.report import ChangeReport


def wants(route: RouteEntry, ticker: str, tags: Iterable[str]) -> bool:
    """True when ``route`` covers this company (no companies and no tags means every company)."""
    if not route.companies and not route.tags:
        return True
    return ticker.upper() in route.companies or bool(set(route.tags) & set(tags))


def filtered(route: RouteEntry, report: ChangeReport) -> ChangeReport:
    """``report`` with only the changes the route asks for (kinds, minimum severity)."""
    changes = tuple(
        c
        for c in report.changes
        if c.severity >= route.min_severity and (not route.kinds or c.kind in route.kinds)
    )
    return ChangeReport(report.company, report.period, report.baseline_period, changes, report.similarity)


def plan(routes: Iterable[RouteEntry], report: ChangeReport, tags: Iterable[str]) -> Iterator[tuple[RouteEntry, ChangeReport]]:
    """Each route that should hear about ``report``, with the part of it that route wants."""
    tags = list(tags)
    for route in routes:
        if wants(route, report.company, tags):
            part = filtered(route, report)
            if part.changes:
                yield route, part
