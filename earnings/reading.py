"""What the rules know about one statement: its facts, its risk, its stances, its words.

``read(statement, index, document)`` runs every reader of ``earnings`` over a statement once;
the comparison rules then work on these readings only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from earnings.align import content_words
from earnings.document import NOT_JUDGED, CallDocument, DocumentKind, Section, Statement
from earnings.facts import StatementFacts, read_facts
from earnings.risk_reading import RiskReading, read_risks
from earnings.stance import read_stances

# Explicit withdrawal of guidance: a withdrawing verb before the guidance it withdraws
# ("suspending guidance for full year 2025", "not providing an updated full year outlook"), or
# guidance said to be withdrawn ("the outlook has been suspended"). Absence of guidance is never one.
_GUIDANCE_NOUN = (r"(?:guidance|outlook|forecasts?|financial\s+targets?|full[-\s]year\s+(?:guide|view)"
                  r"|(?:(?:share|stock)\s+)?(?:repurchases?|buybacks?)(?:\s+(?:program|plan|authori[sz]ation))?)")
_QUALIFIERS = (r"(?:(?:its|our|the|their|any|all|an?|updated|full[-\s]year|annual|quarterly|fiscal|financial|formal|forward"
               r"|previous|prior|previously\s+(?:issued|provided|announced)|\d{4}|revenue|sales|earnings|eps|margin|operating"
               r"|long[-\s]term|longer[-\s]term|medium[-\s]term|multi[-\s]year|year|\d{4}-\d{2,4})\s+){0,6}")
WITHDRAWAL = re.compile(
    r"\b(?:withdr[ae]w(?:s|n|ing)?|suspend(?:s|ed|ing)?|rescind(?:s|ed|ing)?|pull(?:s|ed|ing)?|paus(?:e|es|ed|ing)"
    r"|discontinu(?:e|es|ed|ing)|no\s+longer\s+(?:provid|giv|issu|offer)\w*"
    r"|(?:not|won't|will\s+not)\s+(?:be\s+)?(?:provid|giv|issu|updat)\w*)\s+"
    + _QUALIFIERS + _GUIDANCE_NOUN + r"\b"
    + r"|\b" + _GUIDANCE_NOUN + r"\s+(?:is|was|has\s+been|have\s+been|were|remains?)\s+"
    r"(?:withdrawn|suspended|rescinded|pulled|paused|discontinued)\b"
    + r"|\b(?:premature|too\s+early)\s+to\s+(?:project|provide|give|forecast)\s+(?:the\s+)?full[-\s]year\b",
    re.I,
)
# "we are only providing an outlook for the third quarter": guidance narrowed to a quarter.
ONLY_NEAR_TERM = re.compile(r"\bonly\s+(?:be\s+)?(?:providing|giving|offering)\s+(?:an?\s+)?(?:outlook|guidance)\s+for\s+the\b", re.I)


@dataclass(frozen=True)
class Reading:
    """One statement as the rules see it."""

    statement: Statement
    index: int
    facts: StatementFacts
    risks: tuple[RiskReading, ...]
    stances: tuple[str, ...]
    withdrawal: str
    content: tuple[str, ...]
    summary: bool = False  # the statement is from a call summary (terse notes, not sentences)

    @property
    def section(self) -> str:
        return self.statement.section

    @property
    def text(self) -> str:
        return self.statement.text


def read(statement: Statement, index: int, document: CallDocument) -> Reading:
    """Every reading of one statement of ``document``."""
    judged = statement.section not in NOT_JUDGED and statement.section != Section.FORWARD_LOOKING
    year_end = int(document.extra.get("fiscal_year_end", 12) or 12)
    summary = document.kind == DocumentKind.SUMMARY
    facts = read_facts(statement, document.period, year_end, notes=summary) if judged else StatementFacts()
    withdrawal = WITHDRAWAL.search(statement.text) if judged else None
    return Reading(
        statement=statement,
        index=index,
        facts=facts,
        risks=read_risks(statement) if judged else (),
        stances=read_stances(statement.text) if judged else (),
        withdrawal=withdrawal.group(0) if withdrawal else "",
        content=tuple(content_words(statement.text)),
        summary=summary,
    )
