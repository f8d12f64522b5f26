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
from functools import lru_cache

from earnings.align import content_from_tokens
from earnings.document import OUTLOOK, Statement
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
# "could pressure margins": a risk cue under a modal of possibility is a risk by itself
_MODALS = frozenset({"could", "may", "might"})
# "lower freight and tariff costs" is good news: a falling word before a cost is not negative
_FALLING = frozenset({"lower", "lowered", "reduced", "reduce", "reduces", "reducing", "decreased", "declining",
                      "fewer", "falling", "fell", "dropped", "eased", "easing"})
_COSTS = frozenset({"cost", "costs", "expense", "expenses", "freight", "spending", "inflation", "prices", "price"})
# every time reference holds a digit or one of these words (see earnings.timeref._ANCHOR)
_DIGIT = re.compile(r"\d")
_TIME_WORDS = ("half", "quarter", "year", "term", "range")
_GUIDANCE_NOUNS = frozenset({"guidance", "outlook", "forecast", "forecasts", "target", "targets", "repurchase",
                             "repurchases", "buyback", "buybacks", "dividend"})


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
    content: tuple[str, ...] = ()  # ``align.content_words`` of the text
    dark: int = 0  # negative and uncertain words, as ``compare._tone`` adds them up

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


# "expected" looks ahead only as "expected to" or "is expected": "than expected", "as expected" and
# "we had expected" look back.
_EXPECTED_BEFORE = frozenset({"is", "are", "be", "been", "remains", "remain", "still", "now", "currently"})


def forward_flags(words: list[str], marks: list[frozenset[str]] | None = None) -> list[bool]:
    """Whether each word is forward-looking language where it stands (``marks``: their ``tags``)."""
    name = FORWARD_LOOKING.name
    flags = [name in m for m in (marks if marks is not None else map(tags, words))]
    if "expected" in words:
        for k, word in enumerate(words):
            if word == "expected":
                nxt = words[k + 1] if k + 1 < len(words) else ""
                prev = words[k - 1] if k else ""
                flags[k] = nxt == "to" or prev in _EXPECTED_BEFORE
    return flags


def is_guidance_mention(mention: Mention, forward_context: bool = False) -> bool:
    """True when a figure is guided, not reported.

    In the figure's clause, the nearest cue before the figure decides: forward-looking words
    ("expects", "guided", "outlook") make it guidance, a past-tense result verb ("grew", "was",
    "expanded") a result; with no cue before it, the nearest after it decides; with none in the
    clause, forward words anywhere in the sentence make it guidance, and so does a
    ``forward_context`` (the statement stands in an outlook section: "Q4 revenue: $525M to $535M").
    """
    if not mention.figure.metric:
        return False
    clause = _clause(mention.sentence, mention.start)
    offset = mention.sentence.find(clause) if clause else 0
    cut = max(0, mention.start - offset)
    before, after = tokens(clause[:cut]), tokens(clause[cut:])
    for words, order in ((before, reversed), (after, iter)):
        flags = forward_flags(words)
        for k in order(range(len(words))):
            if flags[k]:
                return True
            if RESULT_VERBS.name in tags(words[k]):
                return False
    return forward_context or any(forward_flags(tokens(mention.sentence)))


def guidance_figures(text: str, reference: FiscalPeriod | None = None) -> list[Figure]:
    """The figures of ``text`` that are guidance, in order."""
    return [m.figure for m in figure_mentions(text, reference) if is_guidance_mention(m)]


@lru_cache(maxsize=8192)
def _label_cues(topic: str) -> tuple[str, ...]:
    return tuple(w for w in tokens(topic) if w in RISK_LABEL_CUES)


_INFO_LIMIT = 50_000
_INFO: dict[str, tuple[bool, bool, bool, bool, tuple[str, ...]]] = {}


def _info(word: str) -> tuple[bool, bool, bool, bool, tuple[str, ...]]:
    """(risk cue, negative or uncertain, forward-looking, negative or intensity, content words) of a word."""
    found = _INFO.get(word)
    if found is None:
        m = tags(word)
        dark = NEGATIVE.name in m or UNCERTAINTY.name in m
        if len(_INFO) >= _INFO_LIMIT:
            _INFO.clear()
        found = _INFO[word] = (RISK_CUES.name in m, dark, FORWARD_LOOKING.name in m,
                               NEGATIVE.name in m or INTENSITY.name in m, tuple(content_from_tokens([word])))
    return found


def _classify(statement: Statement, words: list[str], risk_cues: list[str], leaning: list[str], forward: list[str],
              figures: list[Figure], targets: list[TimeRef]) -> Classification:
    label = _label_cues(statement.topic)
    if label:
        return Classification(RISK, tuple(f"label:{w}" for w in label) + tuple(risk_cues))
    if forward and figures:
        return Classification(GUIDANCE, tuple(forward) + tuple(f.text for f in figures))
    if risk_cues and (len(risk_cues) + len(leaning) >= _RISK_WORDS_NEEDED or _MODALS.intersection(leaning)):
        return Classification(RISK, tuple(risk_cues + leaning))
    deadline = any(t.kind == DEADLINE for t in targets)
    if (forward and targets) or ((forward or deadline) and METRIC_PATTERN.search(statement.text)):
        return Classification(GUIDANCE, tuple(forward) + tuple(t.text for t in targets))
    return Classification(None)


def _period_of_guide(ref: TimeRef, figure_periods: set[str]) -> bool:
    """Whether a time reference names the period a figure is for ("for the full year", "revenue of
    $X in the fourth quarter"), not a milestone: such periods roll forward every quarter."""
    if ref.text.lower().startswith(("for ", "during ", "throughout ")):
        return True
    return ref.kind != DEADLINE and ref.label in figure_periods


# "compared to its prior expectation of $4.30 to $4.45": the old guide quoted beside the new one
_PRIOR = re.compile(
    r"\b(?:prior|previous(?:ly)?|earlier|original(?:ly)?|compared\s+(?:to|with)|versus|vs\.?|(?:up|down|raised|lowered"
    r"|cut|increased|reduced|narrowed|widened)\s+from)\b(?:\s+[\w'’-]+){0,5}\s*$", re.I)


def _is_prior(mention: Mention) -> bool:
    return _PRIOR.search(mention.sentence, max(0, mention.start - 60), mention.start) is not None


def _costs_falling(words: list[str], infos: list) -> list:
    """Word readings with "lower ... costs" (a falling word up to four words before a cost word)
    read as neither negative nor a risk: for the company, falling costs are good news."""
    out = list(infos)
    for k, word in enumerate(words):
        if word in _FALLING and not _COSTS.isdisjoint(words[k + 1:k + 5]):
            for n in range(k, min(len(words), k + 5)):
                cue, dark, ahead, hard, parts = out[n]
                if cue or dark:
                    out[n] = (False, False, ahead, False, parts)
    return out


def read_statement(statement: Statement, reference: FiscalPeriod | None = None) -> Reading:
    """Classify ``statement`` and gather its guidance figures and target times; relative
    times ("in Q4", "later in the year") are resolved against ``reference``."""
    text = statement.text
    words = tokens(text)
    infos = [_INFO.get(w) or _info(w) for w in words]  # each word looked up once
    dark = sum(i[1] for i in infos)
    if not _FALLING.isdisjoint(words) and not _COSTS.isdisjoint(words):
        infos = _costs_falling(words, infos)
    risk_cues = [w for w, i in zip(words, infos) if i[0]]
    leaning = [w for w, i in zip(words, infos) if i[1] and not i[0]]
    forward = [w for w, i in zip(words, infos) if i[2]]
    if "expected" in forward:
        forward = [w for w, f in zip(words, forward_flags(words)) if f]
    intensity = sum(i[3] for i in infos)
    content = [part for i in infos for part in i[4]]
    lowered = text.lower()
    timed = _DIGIT.search(text) is not None or any(w in lowered for w in _TIME_WORDS)
    refs = find_time_refs(text, reference, strict=False) if timed else []
    # an outlook section looks ahead by itself; elsewhere, without forward-looking words no
    # figure is guided, so the figures are not read at all
    outlook = statement.section == OUTLOOK
    if outlook:
        forward = forward or ["section:outlook"]
    mentions = figure_mentions(text, reference, refs) if forward else []
    figures = [m.figure for m in mentions if is_guidance_mention(m, outlook) and not _is_prior(m)]
    quarter_periods = {m.figure.period for m in mentions if m.figure.period}
    targets = [t for t in refs if t.target and t.granularity != LONG_TERM and not _period_of_guide(t, quarter_periods)]
    withdrawal = WITHDRAWAL.search(text) if _GUIDANCE_NOUNS.intersection(words) else None
    return Reading(
        statement=statement,
        classification=_classify(statement, words, risk_cues, leaning, forward, figures, targets),
        guidance_figures=tuple(figures),
        targets=tuple(targets),
        intensity=intensity,
        withdrawal=withdrawal.group(0) if withdrawal else "",
        words=tuple(words),
        content=tuple(content),
        dark=dark,
    )


def classify(statement: Statement) -> Classification:
    """Whether ``statement`` is a risk, guidance or neither, and the cues that decided it."""
    return read_statement(statement).classification
