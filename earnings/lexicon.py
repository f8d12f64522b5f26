"""The project's own word lists, and the tokenizer every rule of the engine shares.

The lists are written for earnings calls and summaries of them (not taken from any published
dictionary). An entry ending in ``*`` matches every word that starts with it (``declin*``
matches "declined", "declining"); other entries match whole words. A hyphenated word matches
when it, or any of its parts, matches ("lower-margin" is negative, "write-downs" a risk cue).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_CACHE_LIMIT = 50_000  # words remembered per lookup cache before it starts afresh
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'’][a-z0-9]+)*")


def tokens(text: str) -> list[str]:
    """The lower-case words of ``text``, hyphenated words kept whole."""
    return _TOKEN.findall(text.lower())


class WordList:
    """A named set of whole words and ``prefix*`` entries."""

    def __init__(self, name: str, entries: Iterable[str]) -> None:
        self.name = name
        items = sorted(set(entries))
        self.words = frozenset(e for e in items if not e.endswith("*"))
        self.prefixes = tuple(e[:-1] for e in items if e.endswith("*"))
        self._seen: dict[str, bool] = {}

    def __contains__(self, token: str) -> bool:
        hit = self._seen.get(token)
        if hit is None:
            hit = self._match(token) or ("-" in token and any(self._match(p) for p in token.split("-") if p))
            if len(self._seen) >= _CACHE_LIMIT:
                self._seen.clear()
            self._seen[token] = hit
        return hit

    def _match(self, token: str) -> bool:
        return token in self.words or token.startswith(self.prefixes)

    def find(self, words: Iterable[str]) -> list[str]:
        """The words of ``words`` that are on this list, in order, repeats kept."""
        return [w for w in words if w in self]

    def __repr__(self) -> str:
        return f"WordList({self.name!r}, {len(self.words)} words, {len(self.prefixes)} prefixes)"


NEGATIVE = WordList("negative", [
    "adverse*", "declin*", "decreas*", "deteriorat*", "weak*", "loss", "losses", "lose", "losing",
    "lost", "lower", "lowered", "lowering", "lowers", "fall", "falls", "falling", "fell", "drop",
    "drops", "dropped", "dropping", "dip", "dips", "slow", "slower", "slowed", "slowing", "slows",
    "slowdown*", "slump*", "miss", "missed", "misses", "shortfall*", "impair*", "write-down*",
    "writedown*", "write-off*", "costly", "discounting", "downturn*", "unfavo*", "disappoint*",
    "delay*", "problem*", "concern*", "cut", "cuts", "cutting", "erosion", "erod*", "headwind*",
    "pressur*", "overhang*", "challeng*", "difficult*", "worse", "worsen*", "shortage*",
    "disrupt*", "litigation", "penalt*", "fail*", "underperform*", "soften*", "softness",
    "contraction", "shrink*", "negative*", "unable", "inability", "constrain*", "vulnerab*",
    "excess", "glut", "setback*", "struggl*", "downgrad*", "tariff*", "dilut*",
    "weigh", "weighs", "weighed", "weighing", "deficienc*", "backorder*", "slip", "slips", "slipped",
])

UNCERTAINTY = WordList("uncertainty", [
    "uncertain*", "may", "might", "could", "possibl*", "potentially", "unclear", "unknown*",
    "unpredictab*", "volatil*", "fluctuat*", "depend*", "contingen*", "risk*", "whether",
    "doubt*", "speculat*", "ambigu*", "exposure*", "variab*", "tentative*", "unsure",
    "unproven", "untested", "cautio*",
])

HEDGING = WordList("hedging", [
    "approximately", "approximate", "about", "around", "roughly", "nearly", "almost", "somewhat",
    "perhaps", "likely", "unlikely", "believe*", "suggest*", "appear*", "seem*", "generally",
    "largely", "relatively", "fairly", "tend*", "estimat*", "broadly", "arguably",
])

INTENSITY = WordList("intensity", [
    "sharp", "sharply", "significant", "significantly", "substantial*", "material", "materially",
    "severe*", "heavy", "heavily", "dramatic*", "steep*", "surg*", "outsized", "extreme*",
    "considerabl*", "marked", "markedly", "rapid*", "massive*", "acute*", "serious*",
    "unprecedented", "profound*", "drastic*", "intens*", "sizable", "sizeable", "meaningfully",
    "critical*",
])

FORWARD_LOOKING = WordList("forward-looking", [
    "expect", "expects", "expected", "expecting", "guid*", "outlook*", "anticipat*", "target*",
    "will", "forecast*", "projected", "projecting", "projection*", "predict*", "intend*", "aim", "aims", "aiming", "goal*", "foresee*", "envision*",
    "should", "reaffirm*", "reiterat*", "commit*", "going-forward", "plan", "plans", "planning",
    "sees", "projects",
])

RISK_CUES = WordList("risk cue", [
    "risk*", "pressur*", "headwind*", "uncertain*", "overhang*", "write-down*", "writedown*",
    "write-off*", "impair*", "delay*", "vulnerab*", "concentrat*", "constrain*", "exposure*",
    "exposed", "reliance", "reliant", "relies", "relying", "dependen*", "shortage*", "disrupt*", "threat*", "tariff*",
    "litigation", "lawsuit*", "recall*", "downturn*", "volatil*", "adverse*", "bottleneck*",
    "scarcity", "default*", "sanction*", "breach*", "cyber*", "obsolesc*", "slowdown*",
    "deficienc*", "remediat*", "backorder*", "warning", "warned", "warns", "violation*", "noncomplian*",
    "non-compliance", "investigation*", "subpoena*", "inquiries", "probe", "strike*", "outage*",
])

# Words that say a risk has lessened ("shortages have eased", "no longer a concern"), or grown.
EASING = WordList("easing", [
    "eased", "easing", "eases", "resolved", "abated", "abating", "receded", "diminished", "subsided",
    "alleviated", "mitigated", "stabilized", "stabilised", "normalized", "normalised", "improved", "improving",
])
WORSENING = WordList("worsening", [
    "worsened", "worsening", "intensified", "intensifying", "deteriorated", "deteriorating", "escalated",
    "escalating", "heightened", "mounting", "widened", "widening",
])

# Words in a statement's own label that mark it as a risk ("Inventory buildup risk").
RISK_LABEL_CUES = WordList("risk label", [
    "risk*", "pressur*", "headwind*", "concern*", "challeng*", "threat*", "uncertaint*",
    "exposure*", "vulnerab*", "overhang*", "caution*", "warning*", "dependen*", "reliance",
    "concentration", "constrain*", "shortage*", "disruption*", "downturn*", "slowdown*",
])

# Past-tense verbs that report a result rather than guide: "grew 47% to $113.1 million".
RESULT_VERBS = WordList("result verb", [
    "grew", "increased", "decreased", "declined", "rose", "fell", "was", "were", "reached",
    "reported", "delivered", "totaled", "totalled", "came", "ended", "achieved", "generated",
    "posted", "expanded", "contracted", "improved", "dropped", "surged", "jumped", "climbed",
    "saw", "recorded", "finished", "exceeded", "beat",
])

# Words that, next to a money metric, make a percentage a growth rate ("revenue up 13%").
GROWTH_WORDS = WordList("growth", [
    "up", "down", "grew", "grow*", "increas*", "decreas*", "declin*", "rose", "rise", "rising",
    "fell", "fall", "sequential*", "year-over-year", "yoy", "surg*", "jump*", "climb*", "drop*",
])

_WORD_LISTS = (NEGATIVE, UNCERTAINTY, HEDGING, INTENSITY, FORWARD_LOOKING, RISK_CUES, RESULT_VERBS, GROWTH_WORDS)
_TAGS: dict[str, frozenset[str]] = {}


def tags(token: str) -> frozenset[str]:
    """The names of the word lists above that ``token`` is on ("pressures" -> negative, risk cue)."""
    found = _TAGS.get(token)
    if found is None:
        if len(_TAGS) >= _CACHE_LIMIT:
            _TAGS.clear()
        found = _TAGS[token] = frozenset(wl.name for wl in _WORD_LISTS if token in wl)
    return found


# Explicit withdrawal of guidance: a withdrawing verb right before the guidance it withdraws
# ("withdrawing its full-year revenue guidance", "no longer providing an outlook"), or guidance
# said to be withdrawn ("the outlook has been suspended"). Absence of guidance is never one.
_GUIDANCE_NOUN = (r"(?:guidance|outlook|forecasts?|targets?|dividend"
                  r"|(?:(?:share|stock)\s+)?(?:repurchase|buyback)(?:s|\s+(?:program|plan|authori[sz]ation))?)")
_QUALIFIERS = (r"(?:(?:its|our|the|their|any|all|an?|full[-\s]year|annual|quarterly|fiscal|financial|formal"
               r"|forward|previous|prior|previously\s+issued|\d{4}|revenue|sales|earnings|eps|margin|operating"
               r"|long[-\s]term|longer[-\s]term|medium[-\s]term|multi[-\s]year|\d{4}-\d{2,4})\s+){0,5}")
WITHDRAWAL = re.compile(
    r"\b(?:withdr[ae]w(?:s|n|ing)?|suspend(?:s|ed|ing)?|rescind(?:s|ed|ing)?|pull(?:s|ed|ing)?"
    r"|discontinu(?:e|es|ed|ing)|no\s+longer\s+(?:provid|giv|issu|offer)\w*"
    r"|(?:not|won't|will\s+not)\s+(?:be\s+)?(?:provid|giv|issu)\w*)\s+"
    + _QUALIFIERS + _GUIDANCE_NOUN + r"\b"
    + r"|\b" + _GUIDANCE_NOUN + r"\s+(?:is|was|has\s+been|have\s+been|were|remains?)\s+"
    r"(?:withdrawn|suspended|rescinded|pulled|discontinued)\b",
    re.I,
)

# Metric phrases, longest first within a metric; (pattern, metric, kind of value).
# kind "pct" metrics are ratios given in percent; "money" metrics are amounts.
METRIC_PHRASES: tuple[tuple[str, str, str], ...] = (
    (r"gross\s+(?:profit\s+)?margins?", "gross_margin", "pct"),
    (r"operating\s+(?:profit\s+)?margins?", "operating_margin", "pct"),
    (r"(?:adjusted\s+)?ebitda\s+margins?", "ebitda_margin", "pct"),
    (r"net\s+(?:profit\s+)?margins?", "net_margin", "pct"),
    (r"free\s+cash\s+flow\s+margins?", "fcf_margin", "pct"),
    (r"(?:effective\s+)?tax\s+rate", "tax_rate", "pct"),
    (r"operating\s+(?:expenses?|expenditures?|costs?)|opex", "operating_expenses", "money"),
    (r"research\s+and\s+development(?:\s+(?:expenses?|spending|costs?))?|r&d(?:\s+(?:expenses?|spending))?",
     "rd_expenses", "money"),
    (r"earnings\s+per\s+(?:diluted\s+)?share|\beps|per\s+(?:diluted\s+)?share", "eps", "money"),
    (r"capital\s+(?:expenditures?|spending|investment)|capex", "capex", "money"),
    (r"free\s+cash\s+flow|fcf", "free_cash_flow", "money"),
    (r"(?:adjusted\s+)?ebitda", "ebitda", "money"),
    (r"operating\s+income|operating\s+profit", "operating_income", "money"),
    (r"net\s+income|net\s+profit|net\s+earnings", "net_income", "money"),
    (r"gross\s+profit", "gross_profit", "money"),
    (r"inventor(?:y|ies)", "inventory", "money"),
    (r"backlog|bookings", "backlog", "money"),
    (r"(?:share\s+|stock\s+)?(?:repurchases?|buybacks?)", "buybacks", "money"),
    (r"(?:net\s+)?revenues?|(?:net\s+)?sales|top[-\s]line", "revenue", "money"),
)

METRIC_KIND: dict[str, str] = {metric: kind for _, metric, kind in METRIC_PHRASES}
# The lookahead (first letters of every phrase above) lets the scan skip most words quickly.
METRIC_PATTERN = re.compile(
    r"\b(?=[abcefginoprst])(?:"
    + "|".join(f"(?P<m{i}>(?:{pattern})\\b)" for i, (pattern, _, _) in enumerate(METRIC_PHRASES))
    + ")",
    re.I,
)


def metric_of(match: re.Match[str]) -> str:
    """The metric name of a ``METRIC_PATTERN`` match."""
    index = int(match.lastgroup[1:]) if match.lastgroup else 0
    return METRIC_PHRASES[index][1]


def metric_label(metric: str) -> str:
    """How a reason names a metric: ``gross_margin`` -> "gross margin", ``eps`` -> "EPS"."""
    special = {"eps": "EPS", "capex": "capex", "ebitda": "EBITDA", "ebitda_margin": "EBITDA margin",
               "fcf_margin": "free cash flow margin", "rd_expenses": "R&D expenses"}
    return special.get(metric, metric.replace("_", " "))
