"""Whether a statement is a risk, guidance, or neither, decided from its words.

The section a parser put a statement in does not decide: a risk read in a "highlights" bullet
is a risk. The statement's own label is a strong cue ("Inventory buildup risk",
"Execution and margin pressures"), then, in order:

* guidance: forward-looking words (expects, guided, outlook, target, anticipates, will, ...)
  in the same clause as a figure with a metric ("expects gross margins of ~75%");
* risk: at least one risk cue (risk, pressure, overhang, delay, vulnerable, ...) with enough
  negative or uncertain language around it (three such words in all);
* guidance: forward-looking words about a metric or a target time ("believes it can become
  the largest product line by 2027" is a target; a deadline such as "by 2028" is forward
  language by itself);
* otherwise neither.

``read_statement`` also gathers what the comparison rules need: the guidance figures (those
in forward-looking clauses; results such as "grew 47% to $113.1 million" are not guidance),
the target times and the count of negative and intensity words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from earnings.document import Statement
from earnings.figures import Mention, figure_mentions
from earnings.lexicon import (
    FORWARD_LOOKING,
    INTENSITY,
    METRIC_PATTERN,
    NEGATIVE,
    RESULT_VERBS,
    RISK_CUES,
    RISK_LABEL_CUES,
    UNCERTAINTY,
    WITHDRAWAL,
    tags,
    tokens,
)
from earnings.period import FiscalPeriod
from earnings.report import Figure
from earnings.timeref import DEADLINE, LONG_TERM, TimeRef, find_time_refs

RISK = "risk"
GUIDANCE = "guidance"

_CLAUSE_BREAK = re.compile(r";|\s[—–]\s|,\s*(?:and|but|while|whereas|although|though)\s|\b(?:while|whereas)\b", re.I)
_RISK_WORDS_NEEDED = 3
_GUIDANCE_NOUNS = frozenset({"guidance", "outlook", "forecast", "forecasts", "target", "targets"})


@dataclass(frozen=True)
class Classification:
    """``kind`` is "risk", "guidance" or None; ``cues`` are the words that decided it."""

    kind: str | None
    cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reading:
    """Everything the comparison rules use about one statement."""

    statement: Statement
    classification: Classification
    guidance_figures: tuple[Figure, ...]
    targets: tuple[TimeRef, ...]  # strict time references, "long term" left out
    intensity: int  # negative + intensity words: how hard the statement leans
    withdrawal: str  # the withdrawal wording ("no longer providing guidance"), or ""
    words: tuple[str, ...] = ()  # ``lexicon.tokens`` of the text

    @property
    def kind(self) -> str | None:
        return self.classification.kind


def _clause(sentence: str, start: int) -> str:
    """The clause of ``sentence`` holding position ``start``."""
    lo, hi = 0, len(sentence)
    for brk in _CLAUSE_BREAK.finditer(sentence):
        if brk.end() <= start:
            lo = brk.end()
        elif brk.start() >= start:
            hi = brk.start()
            break
    return sentence[lo:hi]


def is_guidance_mention(mention: Mention) -> bool:
    """True when a figure is guided, not reported: forward words in its clause, or in its
    sentence when the clause has no past-tense result verb of its own."""
    if not mention.figure.metric:
        return False
    clause = [tags(w) for w in tokens(_clause(mention.sentence, mention.start))]
    if any(FORWARD_LOOKING.name in m for m in clause):
        return True
    if any(RESULT_VERBS.name in m for m in clause):
        return False
    return any(FORWARD_LOOKING.name in tags(w) for w in tokens(mention.sentence))


def guidance_figures(text: str, reference: FiscalPeriod | None = None) -> list[Figure]:
    """The figures of ``text`` that are guidance, in order."""
    return [m.figure for m in figure_mentions(text, reference) if is_guidance_mention(m)]


def _classify(statement: Statement, words: list[str], marks: list[frozenset[str]], figures: list[Figure],
              targets: list[TimeRef]) -> Classification:
    label = [w for w in tokens(statement.topic) if w in RISK_LABEL_CUES]
    risk_cues = [w for w, m in zip(words, marks) if RISK_CUES.name in m]
    leaning = [w for w, m in zip(words, marks)
               if (NEGATIVE.name in m or UNCERTAINTY.name in m) and RISK_CUES.name not in m]
    forward = [w for w, m in zip(words, marks) if FORWARD_LOOKING.name in m]
    if label:
        return Classification(RISK, tuple(f"label:{w}" for w in label) + tuple(risk_cues))
    if forward and figures:
        return Classification(GUIDANCE, tuple(forward) + tuple(f.text for f in figures))
    if risk_cues and len(risk_cues) + len(leaning) >= _RISK_WORDS_NEEDED:
        return Classification(RISK, tuple(risk_cues + leaning))
    deadline = any(t.kind == DEADLINE for t in targets)
    if (forward and targets) or ((forward or deadline) and METRIC_PATTERN.search(statement.text)):
        return Classification(GUIDANCE, tuple(forward) + tuple(t.text for t in targets))
    return Classification(None)


def read_statement(statement: Statement, reference: FiscalPeriod | None = None) -> Reading:
    """Classify ``statement`` and gather its guidance figures and target times; relative
    times ("in Q4", "later in the year") are resolved against ``reference``."""
    text = statement.text
    words = tokens(text)
    marks = [tags(w) for w in words]
    refs = find_time_refs(text, reference, strict=False)
    figures = [m.figure for m in figure_mentions(text, reference, refs) if is_guidance_mention(m)]
    targets = [t for t in refs if t.target and t.granularity != LONG_TERM]
    withdrawal = WITHDRAWAL.search(text) if _GUIDANCE_NOUNS.intersection(words) else None
    return Reading(
        statement=statement,
        classification=_classify(statement, words, marks, figures, targets),
        guidance_figures=tuple(figures),
        targets=tuple(targets),
        intensity=sum(1 for m in marks if NEGATIVE.name in m or INTENSITY.name in m),
        withdrawal=withdrawal.group(0) if withdrawal else "",
        words=tuple(words),
    )


def classify(statement: Statement) -> Classification:
    """Whether ``statement`` is a risk, guidance or neither, and the cues that decided it."""
    return read_statement(statement).classification
