"""What the rules know about one statement: its facts, its risk, its stances, its words.

``read(statement, index, document)`` runs every reader of ``earnings`` over a statement once;
the comparison rules then work on these readings only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from earnings.content import content_words
from earnings.document import NOT_JUDGED, CallDocument, DocumentKind, Section, Statement
from earnings.facts import StatementFacts, read_facts
from earnings.memo import forget, kept
from earnings.lexicon import count_dark, kept_tokens
from earnings.period import FiscalPeriod
from earnings.risk_reading import RiskReading, risks_of
from earnings.rules import case_blind, tokens
from earnings.stance import read_stances

# Explicit withdrawal of guidance: a withdrawing verb before the guidance it withdraws
# ("suspending guidance for full year 2025", "not providing an updated full year outlook"), or
# guidance said to be withdrawn ("the outlook has been suspended"). Absence of guidance is never one.
_GUIDANCE_NOUN = (r"(?:guidance|outlook|forecasts?|targets?|full[-\s]year\s+(?:guide|view)|guides"
                  r"|(?:(?:share|stock)\s+)?(?:repurchases?|buybacks?)(?:\s+(?:program|plan|authori[sz]ation))?)")
_QUALIFIERS = (r"(?:(?:its|our|the|their|any|all|an?|updated|full[-\s]year|annual|quarterly|fiscal|financial|formal|forward"
               r"|previous|prior|previously\s+(?:issued|provided|announced)|\d{4}|revenue|sales|earnings|eps|margin|operating"
               r"|long[-\s]term|longer[-\s]term|medium[-\s]term|multi[-\s]year|year|\d{4}-\d{2,4}|or|and|ebit|ebitda|full|fy\d{2,4})\s+){0,8}")
WITHDRAWAL = case_blind(r"\b(?:withdr[ae]w(?:s|n|ing)?|suspend(?:s|ed|ing)?|rescind(?:s|ed|ing)?|pull(?:s|ed|ing)?|paus(?:e|es|ed|ing)"
    r"|discontinu(?:e|es|ed|ing)|no\s+longer\s+(?:provid|giv|issu|offer)\w*"
    # "we are not reiterating our full year 2025 or our full year 2026 EBIT guides" ("not updating" leaves them standing)
    r"|not\s+(?:reiterat|reaffirm|affirm)\w*"
    # "will not host a call or provide an outlook"; "not updating our guidance" leaves it standing
    r"|(?:not|won't|will\s+not)\s+(?:be\s+)?(?:(?:[\w-]+\s+){1,4}(?:or|nor|and)\s+)?(?:provid|giv|issu)\w*)\s+"
    + _QUALIFIERS + _GUIDANCE_NOUN + r"\b"
    + r"|\b" + _GUIDANCE_NOUN + r"\s+(?:is|was|has\s+been|have\s+been|were|remains?)\s+"
    r"(?:withdrawn|suspended|rescinded|pulled|paused|discontinued)\b"
    # "resuming our full year outlook for adjusted EPS … as visibility improves": not given until then
    + r"|\b(?:resum|reinstat)(?:e|es|ed|ing)\s+" + _QUALIFIERS + _GUIDANCE_NOUN
    + r"\b(?=[^.]{0,100}\b(?:as|when|once|until)\s+(?:[\w-]+\s+){0,3}(?:visibility|clarity|conditions?|the\s+environment)\s+(?:improves?|returns?|stabili[sz]es?))"
    + r"|\b(?:premature|too\s+early)\s+to\s+(?:project|provide|give|forecast|guide)\s+(?:you\s+)?(?:(?:the|an?|any)\s+)?"
    r"(?:full[-\s]year\b|(?:[\w-]+\s+){0,2}(?:guidance|outlook|ebitda|eps|margins?|revenue|earnings)\b)")
_NOT_A_LABEL = case_blind(r"^\W*(?:f?y\s*'?\d|q[1-4]|[1-4]q|h[12]|fy|full[-\s]year|(?:19|20)\d\d|(?:first|second|third|fourth)\s+quarter)"
                          r"|^\W*(?:\d+[.)]\s*)?(?:results|highlights|commentary|takeaways|summary|context|overview|q\s*&\s*a|guidance"
                          r"|outlook|guidance/outlook|risks?|risks?/challenges)\W*$")
# "we are only providing an outlook for the third quarter": guidance narrowed to a quarter.
ONLY_NEAR_TERM = case_blind(r"\bonly\s+(?:be\s+)?(?:providing|giving|offering)\s+(?:an?\s+)?(?:outlook|guidance)\s+for\s+the\b")


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
    words: int = 0  # how many words it has
    dark: int = 0  # how many of them are negative or uncertain (``earnings.lexicon``)
    # the statement's, asked of every reading by every rule: plain attributes, not properties
    text: str = field(init=False, repr=False, compare=False)
    section: str = field(init=False, repr=False, compare=False)
    # The document's own name for what the statement is about, when it gives one: a summary's
    # bullet label or topic heading ("Export control risk", "Share Buyback"), not a period
    # ("FY2025") or a section ("Headline Financial Results").
    label: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        statement = self.statement
        object.__setattr__(self, "text", statement.text)
        object.__setattr__(self, "section", statement.section)
        topic = statement.topic.strip()
        labelled = self.summary and topic and len(topic.split()) <= 6 and not _NOT_A_LABEL.search(topic)
        object.__setattr__(self, "label", topic if labelled else "")


_WITHDRAWAL_WORDS = frozenset("withdraw withdrew withdrawn withdrawing withdraws suspend suspends suspended suspending rescind "
                               "rescinds rescinded rescinding pull pulls pulled pulling pause pauses paused pausing discontinue "
                               "discontinues discontinued discontinuing longer not won't premature early resume resumes resuming reinstate "
                               "reinstates reinstating".split())


def read(statement: Statement, index: int, document: CallDocument) -> Reading:
    """Every reading of one statement of ``document``.

    A statement reads the same whenever it is said (the same words, section, labels and
    document quarter), and quarter after quarter a company repeats much of what it said: its
    safe harbor, its unchanged guides, its standing risks. Readings are kept for the last
    ``CACHE_SIZE`` statements read in this process, so a baseline read when it was new is not
    read again when the next quarter is compared with it."""
    return read_all([statement], document, start=index)[0]


def read_all(statements: Sequence[Statement], document: CallDocument, *, start: int = 0) -> list[Reading]:
    """``read`` of each of ``statements``, the first at index ``start``."""
    year_end = int(document.extra.get("fiscal_year_end", 12) or 12)
    period, summary = document.period, document.kind == DocumentKind.SUMMARY
    return [_placed(statement, period, year_end, summary, index) for index, statement in enumerate(statements, start)]


CACHE_SIZE = 50_000


def clear_cache() -> None:
    """Forget every reading kept (the benchmark reads documents cold)."""
    _read.cache_clear()
    _placed.cache_clear()
    forget()  # the readings kept by text (``earnings.memo``)


@lru_cache(maxsize=CACHE_SIZE)
def _placed(statement: Statement, period: FiscalPeriod | None, year_end: int, summary: bool, index: int) -> Reading:
    """``_read``'s reading of ``statement`` at ``index``, kept too: a document read again gives the
    same reading objects, by which ``memo.kept_per_document`` knows it (the baseline, compared
    again with the next quarter)."""
    reading = _read(statement, period, year_end, summary)
    if reading.index == index:
        return reading
    moved = object.__new__(Reading)  # ``replace(reading, index=index)``, without its field-by-field checks
    moved.__dict__.update(reading.__dict__)
    object.__setattr__(moved, "index", index)
    return moved


@lru_cache(maxsize=CACHE_SIZE)
def _read(statement: Statement, period: FiscalPeriod | None, year_end: int, summary: bool) -> Reading:
    index = 0
    judged = statement.section not in NOT_JUDGED and statement.section != Section.FORWARD_LOOKING
    said, content, length, dark = _words_of(statement.text)
    risks, stances, withdrawal = _judged_words_of(statement.text, said) if judged else ((), (), "")
    # what a withdrawal names is what stops being guided, not a guide
    facts = read_facts(statement, period, year_end, notes=summary) if judged and not withdrawal else StatementFacts()
    return Reading(
        statement=statement,
        index=index,
        facts=facts,
        risks=risks,
        stances=stances,
        withdrawal=withdrawal,
        content=content,
        summary=summary,
        words=length,
        dark=dark,
    )


# What depends on a statement's words alone is kept by its text: the same sentence under another
# heading, or in a document of another quarter, is not read for them again.
@kept
def _words_of(text: str) -> tuple[frozenset[str], tuple[str, ...], int, int]:
    """``text``'s ``rules.tokens``, content words, word count and dark-word count."""
    all_words = kept_tokens(text)
    return tokens(text), tuple(content_words(text)), len(all_words), count_dark(all_words)


@kept
def _judged_words_of(text: str, said: frozenset[str]) -> tuple[tuple[RiskReading, ...], tuple[str, ...], str]:
    """The risks, stances and withdrawal words of a judged statement's ``text``."""
    withdrawal = WITHDRAWAL.search(text) if not _WITHDRAWAL_WORDS.isdisjoint(said) else None
    return risks_of(text), read_stances(text, said), withdrawal.group(0) if withdrawal else ""
