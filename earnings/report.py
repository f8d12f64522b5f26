"""``Change`` and ``ChangeReport``: what the engine found, in a form every stage can store.

The JSON form is a contract (``earnwatch diff --format json``, the database, alerts):
``{"company", "period", "baseline_period", "similarity", "changes": [{"kind", "category",
"topic", "before", "after", "figures_before", "figures_after", "severity", "severity_band",
"reason"}]}``. A figure is a guidance fact or a stated harm: ``{"metric", "low", "high",
"unit", "text", "period", "approximate", "basis", "qualitative", "bound", "segment",
"scenario", "source"}``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any


class ChangeKind(StrEnum):
    RISK_ADDED = "risk_added"
    RISK_REMOVED = "risk_removed"
    RISK_ESCALATED = "risk_escalated"
    RISK_EASED = "risk_eased"
    GUIDANCE_RAISED = "guidance_raised"
    GUIDANCE_LOWERED = "guidance_lowered"
    GUIDANCE_NEW = "guidance_new"
    GUIDANCE_WITHDRAWN = "guidance_withdrawn"
    GUIDANCE_TIMING = "guidance_timing"
    GUIDANCE_NARROWED = "guidance_narrowed"  # only with CompareOptions(range_changes=True)
    GUIDANCE_WIDENED = "guidance_widened"
    TONE_SHIFT = "tone_shift"

    @property
    def category(self) -> str:
        return self.value.split("_", 1)[0]


RISK_ADDED = ChangeKind.RISK_ADDED
RISK_REMOVED = ChangeKind.RISK_REMOVED
RISK_ESCALATED = ChangeKind.RISK_ESCALATED
RISK_EASED = ChangeKind.RISK_EASED
GUIDANCE_RAISED = ChangeKind.GUIDANCE_RAISED
GUIDANCE_LOWERED = ChangeKind.GUIDANCE_LOWERED
GUIDANCE_NEW = ChangeKind.GUIDANCE_NEW
GUIDANCE_WITHDRAWN = ChangeKind.GUIDANCE_WITHDRAWN
GUIDANCE_TIMING = ChangeKind.GUIDANCE_TIMING
GUIDANCE_NARROWED = ChangeKind.GUIDANCE_NARROWED
GUIDANCE_WIDENED = ChangeKind.GUIDANCE_WIDENED
TONE_SHIFT = ChangeKind.TONE_SHIFT

CATEGORY_OF_KIND = {kind.value: kind.category for kind in ChangeKind}
CHANGE_KINDS = tuple(kind.value for kind in ChangeKind)


@dataclass(frozen=True)
class Figure:
    """A number or a stated level a document gives for a metric.

    ``Figure("gross_margin", 70, 74, "%", "70–74%", period="Q1 2025")``. ``unit`` is "%", "pts",
    "bp", "x", "count", a currency code ("USD") or "level" (a stated position: "about flat" is
    0, "slightly lower" -1, "top half of the range" 0.5); ``bound`` is "min" for "more than
    $7.35" and "max" for "less than 1%"; ``basis`` "adjusted", "gaap", "organic",
    "constant currency" or ""; ``source`` the clause it was read from.
    """

    metric: str
    low: float | None
    high: float | None
    unit: str
    text: str
    period: str = ""
    approximate: bool = False
    basis: str = ""
    qualitative: str = ""
    bound: str = ""
    segment: str = ""
    scenario: str = ""
    source: str = ""

    @property
    def midpoint(self) -> float:
        if self.low is None or self.high is None:
            return 0.0
        return (self.low + self.high) / 2

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class Change:
    """One material change an analyst must know about."""

    kind: str
    topic: str
    before: str
    after: str
    severity: int
    reason: str
    figures_before: tuple[Figure, ...] = ()
    figures_after: tuple[Figure, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in CATEGORY_OF_KIND:
            raise ValueError(f"unknown change kind {self.kind!r}; one of {', '.join(CHANGE_KINDS)}")
        if not 0 <= self.severity <= 100:
            raise ValueError(f"severity must be 0 to 100, not {self.severity}")

    @property
    def category(self) -> str:
        return CATEGORY_OF_KIND[self.kind]

    @property
    def severity_band(self) -> str:
        from earnings.rules import severities

        return severities().band(self.severity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": str(self.kind),
            "category": self.category,
            "topic": self.topic,
            "before": self.before,
            "after": self.after,
            "figures_before": [f.to_dict() for f in self.figures_before],
            "figures_after": [f.to_dict() for f in self.figures_after],
            "severity": self.severity,
            "severity_band": self.severity_band,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Change:
        return cls(
            kind=data["kind"],
            topic=data.get("topic", ""),
            before=data.get("before", ""),
            after=data.get("after", ""),
            severity=int(data["severity"]),
            reason=data.get("reason", ""),
            figures_before=tuple(Figure.from_dict(f) for f in data.get("figures_before", ())),
            figures_after=tuple(Figure.from_dict(f) for f in data.get("figures_after", ())),
        )


@dataclass(frozen=True)
class ChangeReport:
    """Everything that changed in ``company``'s ``period`` document against ``baseline_period``."""

    company: str
    period: str
    baseline_period: str
    changes: tuple[Change, ...] = ()
    # {"cosine": 0.97, "jaccard": 0.71, "sections": {"qa": {"cosine": ..., "jaccard": ...}, ...}}
    similarity: dict[str, Any] = field(default_factory=dict)

    def fingerprint(self) -> str:
        """A stable hash of what the report says, used to never alert the same report twice."""
        body = json.dumps(
            [self.company, self.period, self.baseline_period, [c.to_dict() for c in self.changes]],
            sort_keys=True,
        )
        return hashlib.sha256(body.encode()).hexdigest()[:32]

    def to_dict(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "period": self.period,
            "baseline_period": self.baseline_period,
            "similarity": dict(self.similarity),
            "changes": [c.to_dict() for c in self.changes],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChangeReport:
        return cls(
            company=data["company"],
            period=data["period"],
            baseline_period=data["baseline_period"],
            changes=tuple(Change.from_dict(c) for c in data.get("changes", ())),
            similarity=dict(data.get("similarity", {})),
        )
