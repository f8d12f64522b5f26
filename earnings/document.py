"""``CallDocument``: one earnings-call summary, transcript or press release, parsed.

A parser in ``scrapers/`` turns bytes into a ``CallDocument``; the engine in
``earnings.compare`` compares two of them. The JSON form (``to_dict``/``from_dict``) is what
the database keeps beside the raw bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from earnings.errors import DocumentError
from earnings.period import FiscalPeriod

# Section names a parser may give a statement.
HEADLINE = "headline"
HIGHLIGHTS = "highlights"
RISKS = "risks"
QA = "qa"
OUTLOOK = "outlook"
PREPARED_REMARKS = "prepared_remarks"
FORWARD_LOOKING = "forward_looking"


@dataclass(frozen=True)
class Statement:
    """One unit of meaning: a bullet, a sentence or a Q&A answer.

    ``topic`` is the label the document itself gives it ("Margin Outlook", "Inventory buildup
    risk"); ``question`` is the analyst's question when the statement is a Q&A answer.
    """

    text: str
    section: str
    topic: str = ""
    question: str = ""

    def to_dict(self) -> dict[str, str]:
        return {"text": self.text, "section": self.section, "topic": self.topic, "question": self.question}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        return cls(
            text=data["text"],
            section=data["section"],
            topic=data.get("topic", ""),
            question=data.get("question", ""),
        )


@dataclass(frozen=True)
class CallDocument:
    """A company's earnings document for one fiscal quarter."""

    ticker: str
    period: FiscalPeriod
    title: str
    statements: tuple[Statement, ...]
    kind: str = "summary"
    url: str | None = None
    published: str | None = None  # ISO date, when the page gives one
    headline: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if not self.ticker:
            raise DocumentError("a document needs the company's ticker")

    def section(self, name: str) -> list[Statement]:
        return [s for s in self.statements if s.section == name]

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.statements)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ticker": self.ticker,
            "period": str(self.period),
            "title": self.title,
            "kind": self.kind,
            "url": self.url,
            "published": self.published,
            "headline": self.headline,
            "statements": [s.to_dict() for s in self.statements],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallDocument:
        return cls(
            ticker=data["ticker"],
            period=FiscalPeriod.parse(data["period"]),
            title=data["title"],
            statements=tuple(Statement.from_dict(s) for s in data["statements"]),
            kind=data.get("kind", "summary"),
            url=data.get("url"),
            published=data.get("published"),
            headline=data.get("headline", ""),
        )
