"""``CallDocument``: one earnings-call summary, transcript or press release, as read.

A reader in ``scrapers/`` turns bytes into a ``CallDocument``; the engine in
``earnings.compare`` compares two of them. The JSON form (``to_dict``/``from_dict``) is what
the database keeps beside the raw bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from earnings.period import FiscalPeriod


class DocumentKind(StrEnum):
    """What a document is: the reader that reads it and the rules that judge it follow."""

    SUMMARY = "summary"
    TRANSCRIPT = "transcript"
    PRESS_RELEASE = "press_release"


class Section(StrEnum):
    """Where in a document a statement stands. Readers name sections by what they hold, whatever
    the document calls them ("Business Outlook", "Guidance", "Fiscal 2026 Outlook" are OUTLOOK)."""

    HEADLINE = "headline"  # a release's headline and sub-headlines, a summary's title
    HIGHLIGHTS = "highlights"  # a summary's bullets outside any named section
    RESULTS = "results"  # the quarter's results narrative
    OUTLOOK = "outlook"  # guidance, outlook, expectations
    RISKS = "risks"  # a summary's risk bullets
    COMMENTARY = "commentary"  # management's commentary, quotes, strategy
    RECAP = "recap"  # a summary's takeaways and sentiment: restates what comes before it
    QA = "qa"  # answers in a call's question-and-answer session
    PREPARED_REMARKS = "prepared_remarks"  # the executives' opening remarks on a call
    FORWARD_LOOKING = "forward_looking"  # the safe-harbor text: boilerplate, read only for new risk factors
    BOILERPLATE = "boilerplate"  # non-GAAP notes, definitions, About, contacts, call logistics
    FINANCIALS = "financials"  # financial statements and reconciliation tables
    METADATA = "metadata"  # "Company: …", "Period: …" lines of a summary


# The names earlier code imports.
HEADLINE = Section.HEADLINE
HIGHLIGHTS = Section.HIGHLIGHTS
RISKS = Section.RISKS
QA = Section.QA
OUTLOOK = Section.OUTLOOK
PREPARED_REMARKS = Section.PREPARED_REMARKS
FORWARD_LOOKING = Section.FORWARD_LOOKING

# Sections whose statements are never read as risk or guidance of their own.
NOT_JUDGED = frozenset({Section.HEADLINE, Section.BOILERPLATE, Section.FINANCIALS, Section.METADATA})


@dataclass(frozen=True)
class Statement:
    """One unit of meaning: a bullet, a sentence, a table row or a Q&A answer.

    ``topic`` is the label the document itself gives it ("Margin Outlook", "Tariffs" in
    "Tariffs: net headwind of …"); ``context`` the headings and parent bullets it stands under,
    outermost first ("Guidance (Sep quarter/FQ4 2025)"); ``question`` the analyst's question when
    the statement is a Q&A answer; ``speaker`` who said it, when the document says. A table row
    keeps its cells in ``cells`` and the column headings in force in ``columns``.
    """

    text: str
    section: str
    topic: str = ""
    question: str = ""
    speaker: str = ""
    context: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "section": str(self.section), "topic": self.topic,
                                "question": self.question}
        for name in ("speaker", "context", "cells", "columns"):
            value = getattr(self, name)
            if value:
                data[name] = list(value) if isinstance(value, tuple) else value
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Statement:
        return cls(
            text=data["text"],
            section=data["section"],
            topic=data.get("topic", ""),
            question=data.get("question", ""),
            speaker=data.get("speaker", ""),
            context=tuple(data.get("context", ())),
            cells=tuple(data.get("cells", ())),
            columns=tuple(data.get("columns", ())),
        )


@dataclass(frozen=True)
class CallDocument:
    """A company's earnings document for one fiscal quarter.

    ``ticker`` is "" and ``period`` None when the document does not say and no one told the
    reader (``earnwatch diff`` of two files); a stored document always has both. ``found`` says
    where the reader found its kind, company and period ("title", "body", "date", "given").
    """

    ticker: str
    period: FiscalPeriod | None
    title: str
    statements: tuple[Statement, ...]
    kind: str = DocumentKind.SUMMARY
    url: str | None = None
    published: str | None = None  # ISO date, when the document gives one
    headline: str = ""
    company_name: str = ""
    found: dict[str, str] = field(default_factory=dict, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def section(self, name: str) -> list[Statement]:
        return [s for s in self.statements if s.section == name]

    @property
    def text(self) -> str:
        return "\n".join(s.text for s in self.statements)

    @property
    def name(self) -> str:
        """How a person names the document: "ALAB Q4 2024", "Astera Labs (quarter unknown)"."""
        who = self.ticker or self.company_name or "unknown company"
        return f"{who} {self.period.label}" if self.period else f"{who} (quarter unknown)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "ticker": self.ticker,
            "period": str(self.period) if self.period else None,
            "title": self.title,
            "kind": str(self.kind),
            "url": self.url,
            "published": self.published,
            "headline": self.headline,
            "company_name": self.company_name,
            "found": dict(self.found),
            "statements": [s.to_dict() for s in self.statements],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CallDocument:
        period = data.get("period")
        return cls(
            ticker=data.get("ticker", ""),
            period=FiscalPeriod.parse(period) if period else None,
            title=data.get("title", ""),
            statements=tuple(Statement.from_dict(s) for s in data["statements"]),
            kind=data.get("kind", DocumentKind.SUMMARY),
            url=data.get("url"),
            published=data.get("published"),
            headline=data.get("headline", ""),
            company_name=data.get("company_name", ""),
            found=dict(data.get("found", {})),
        )
