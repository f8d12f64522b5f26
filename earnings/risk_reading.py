"""Whether a statement states a risk, how strongly, about what, and which way it is moving.

A risk is a statement of a possible harm ("tariffs could pressure margins") or of a harm
present now ("main cabin demand softness is persisting"). The harm words of
``earnings/data/words.yaml`` weigh 2 (a harm by itself: "headwind", "softness") or 1 (one that
needs company: "lower", "tariffs"); a statement is a risk at a weight of ``RISK_WEIGHT``.

* A harm word just after a negation does not count ("we do not see any material impact"),
  nor one introduced by "despite" ("despite a choppy start, we delivered …").
* A result is not a risk: a sentence that reports the company's own figures in the past tense
  ("decreased 9%", "Adjusted EBITDA margin decreased three percentage points") weighs a third,
  and one that only narrates the quarter in the past ("we experienced a decline in Hong Kong")
  half, unless its subject is the market around the company ("consumer sentiment weakened
  further").
* A question is not a risk, whoever asks it.
* Possibility ("could", "may") and intensity ("significant", "double-digit") add weight.

The topic is the one of ``earnings/data/risk_topics.yaml`` with the most cues in the
statement. ``worsening`` and ``easing`` say whether the statement itself reports the harm
growing ("weakened further", "more pronounced") or lessening ("stable since", "refunds",
"reduced"); an easing statement is read even when it weighs less than a risk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from earnings.document import Statement
from earnings.rules import metrics, topics, words

RISK_WEIGHT = 2.0
_RESULT_DAMPING = 1 / 3
_PAST_DAMPING = 0.5
_NEGATION_REACH = 40  # characters before a harm word in which a negation cancels it
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class RiskReading:
    """One risk a statement states: in which of its clauses, on what topic, how strongly."""

    topic: str
    weight: float
    harms: tuple[str, ...]
    worsening: bool = False
    easing: bool = False
    result: bool = False
    clause: str = ""

    @property
    def is_risk(self) -> bool:
        return self.weight >= RISK_WEIGHT


def _negated(text: str, start: int) -> bool:
    before = text[max(0, start - _NEGATION_REACH):start]
    clause = re.split(r"[,;.]|\bbut\b|\bhowever\b", before)[-1]
    return words().negation.search(clause) is not None


def risk_topic(text: str) -> str:
    """The taxonomy topic with the most cues in ``text`` ("" when none)."""
    best, count = "", 0
    for topic in topics():
        hits = len(topic.cues.findall(text))
        if hits > count:
            best, count = topic.id, hits
    return best


_CLAUSES = re.compile(r";\s+")


def read_risks(statement: Statement) -> tuple[RiskReading, ...]:
    """The risks ``statement`` states, one per clause that states one: a summary's bullet
    "Tariffs are the primary headwind in H2; Europe weakness; coal price pressure on mining"
    names three."""
    if statement.text.rstrip().endswith("?"):
        return ()
    clauses = [c for c in _CLAUSES.split(statement.text) if c.strip()]
    if len(clauses) == 1:
        found = read_risk(statement.text)
        return (found,) if found else ()
    return tuple(r for r in (read_risk(c) for c in clauses) if r is not None)


def read_risk(text: str) -> RiskReading | None:
    """The risk a clause states, or None (see the module docstring)."""
    if text.rstrip().endswith("?"):
        return None
    lexicon = words()
    harms: list[str] = []
    weight = 0.0
    for pattern, value in ((lexicon.harm_strong, 2.0), (lexicon.harm_weak, 1.0)):
        for m in pattern.finditer(text):
            if _negated(text, m.start()):
                continue
            harms.append(m.group(0).lower())
            weight += value
    easing = _eases(text)
    if not harms:
        return None
    worsening = any(not _negated(text, m.start()) for m in lexicon.worsening.finditer(text))
    if lexicon.modal.search(text):
        weight += 1.0
    if lexicon.intensity.search(text):
        weight += 0.5
    result = _is_result(text)
    if result:
        weight *= _RESULT_DAMPING
    elif _narrates_past(text):
        weight *= _PAST_DAMPING
    topic = risk_topic(text)
    if not topic:
        return None
    if weight < RISK_WEIGHT and not easing:
        return None
    return RiskReading(topic=topic, weight=round(weight, 2), harms=tuple(dict.fromkeys(harms)), worsening=worsening,
                       easing=easing, result=result, clause=text)


_HARM_NOUN = (r"(?:headwinds?|pressures?|tariffs?|tariff\s+(?:costs?|impacts?)|inflation|softness|weakness|uncertainty|volatility"
              r"|declines?|slowdown|demand|environment|trends?|sentiment|bookings|disruptions?|shortages?|constraints?|delays?"
              r"|risks?|costs?\s+of\s+\w+|impacts?\s+(?:of|from)\s+\w+)")
_EASING = re.compile(
    rf"\b{_HARM_NOUN}\s+(?:\w+\s+){{0,3}}(?:has|have|had|is|are)?\s*(?:been\s+|now\s+)?(?:eased|easing|moderat\w+|subsid\w+|abat\w+"
    rf"|reced\w+|stabiliz\w+|stable|steady|normaliz\w+|lessen\w*|diminish\w*|improv\w+)\b"
    rf"|\b(?:eased|easing|lower|reduced|smaller|less|fewer|modest)\s+(?:\w+\s+){{0,2}}{_HARM_NOUN}"
    r"|\b(?:refunds?|relief|reprieve|exemptions?|waivers?)\b[^.;]{0,40}\b(?:tariffs?|duties|duty|levies)\b"
    r"|\b(?:tariffs?|duty|duties)\s+(?:\w+\s+){0,2}(?:refunds?|relief|exemptions?|reductions?|cuts?)\b"
    r"|\bfavou?rable\s+(?:\w+\s+){0,2}(?:impacts?|effects?)\b[^.;]{0,60}\b(?:from|of)\b[^.;]{0,30}\b(?:tariffs?|refunds?|currency|fx|pricing)\b"
    r"|\b(?:commitments?|obligations?|exposures?|liabilit(?:y|ies))\b[^.;]{0,60}\b(?:have|has|had|were|was)\s+(?:already\s+)?(?:been\s+)?(?:reduced|cut|lowered|eliminated)\b"
    r"|\bstable\s+since\b",
    re.I)


def _eases(text: str) -> bool:
    """Whether ``text`` says a harm lessened: easing words about a harm ("the environment has been
    stable since", "a favorable impact … from tariff refunds", "commitments … have already been
    reduced"), not just anywhere near one. A past-tense account eases a risk only with a number."""
    m = _EASING.search(text)
    if m is None or _negated(text, m.start()):
        return False
    return not narrates_past(text) or _DIGIT.search(text) is not None


def narrates_past(text: str) -> bool:
    """A sentence told in the past only ("we experienced a net sales decline …", "was partially
    offset by …"): an account of the quarter reported, unless its subject is the market
    ("consumer sentiment in mainland China weakened further": the market is named before
    anything the company did)."""
    lexicon = words()
    if lexicon.past.search(text) is None or lexicon.present.search(text) is not None:
        return False
    external = lexicon.external.search(text)
    if external is None:
        return True
    return re.search(r"\b(?:we|our|us)\b", text[:external.start()], re.I) is not None


_narrates_past = narrates_past


def _is_result(text: str) -> bool:
    """A sentence that reports the company's own figures for a past period."""
    lexicon = words()
    if not _DIGIT.search(text) or lexicon.result.search(text) is None:
        return False
    if lexicon.forward.search(text) or lexicon.external.search(text):
        return False
    return metrics().pattern.search(text) is not None
