"""Guidance as facts: what a statement guides, and the harms it puts a number on.

``read_facts(statement, reference)`` reads one statement into:

* **guides** — ``Figure``s, each a metric (canonical, ``earnings/data/metrics.yaml``), a basis
  ("adjusted", "organic", "constant currency"), a target period resolved against the
  document's own quarter ("FY2026", "Q3 2026", "H2 2025", "long term"), a value (a point, a
  range, an approximation, a bound, or a stated level such as "about flat" or "top half of the
  range"), a scenario when the document gives several ("pre-tariff scenario"), and the clause it
  came from. A figure is a guide when forward-looking words govern its clause (the nearest cue
  before it decides: "expect" guides, "was" reports), or when it stands in an outlook section,
  an outlook table or under a guidance label. Quotes of the old guide ("compared to its prior
  range of …", "up from …") and of last year ("compared to 9.4% last year") are not guides;
* **harms** — amounts a harm is said to cost ("a net adverse EBIT impact of about $1.5
  billion", "tariffs will have an ongoing impact of about 50 basis points"): the risk rules
  compare them; they are never read as a guide of the metric they hurt;
* **revisions** — explicit words that a guide moved ("we are reducing expected capacity growth",
  "improved outlook vs last quarter", "about half a million units lower than our original
  plan", "trimmed"), for guides whose numbers cannot be compared.

Growth rates are metrics of their own ("revenue_growth"): "revenue of $860 million" and
"revenue up 1% to 3%" are never compared. Signs follow the words: "decrease 6% to 8%" is −8 to
−6, "down 2% to up 2%" −2 to 2, "flat to up 4%" 0 to 4.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from earnings.document import Section, Statement
from earnings.figures import FROM_BEFORE, Quantity, is_currency, names_currency, quantities
from earnings.memo import kept
from earnings.period import FiscalPeriod
from earnings.report import Figure
from earnings.risk_reading import narrates_past
from earnings.needles import needles as literal_needles
from earnings.rules import CaseBlind, MetricMatch, case_blind, folds_oddly, may_hold, metrics, tokens, topics, words
from earnings.spoken import in_digits
from earnings.timeref import LONG_TERM, QUARTER, TimeRef, find_time_refs


@dataclass(frozen=True)
class Revision:
    """Words saying a guide moved: ``metric`` ("" when they speak of the outlook as a whole),
    ``direction`` +1 (raised) or -1 (lowered), and the words."""

    metric: str
    direction: int
    text: str
    # the words themselves name an earlier plan or a new bound ("lower than our original plan",
    # "now expect … less than", "lowering our outlook"): a revision even of a guide the last
    # document never gave; a remark in brackets ("(higher provisions)") is one only beside a guide
    explicit: bool = False


@dataclass(frozen=True)
class StatementFacts:
    guides: tuple[Figure, ...] = ()
    harms: tuple[Figure, ...] = ()
    revisions: tuple[Revision, ...] = ()
    # the guide (or cost of a harm) a statement says its own replaces: "to $5.8–5.9B, up from
    # $5.6–5.7B", "3% to 5%, compared with 5% to 7% previously" (its metric, period … are the new one's)
    priors: tuple[Figure, ...] = ()


_TELLS_PREVIOUS_GUIDE = case_blind(
    r"^\W*(?:previously|earlier|originally|before)\b"
    r"|\b(?:previous|prior|earlier|original|initial|last)\s+(?:forecasts?|outlooks?|guidance|guides?|projections?|expectations?)\b"
    r"(?:[^.]{0,60}?\b(?:which|that)\s+(?:projected|expected|called\s+for|anticipated|was\s+for)\b|\s+(?:of|for|was)\b)"
    r"|\bhad\s+(?:previously\s+)?(?:expected|projected|forecast|guided|anticipated)\b"
    # "On our last call, we forecast full-year 2025 procedure growth within a range of 13% and 16%"
    r"|^\W*(?:on|in|during|at)\s+(?:our|the)\s+(?:last|prior|previous)\s+(?:earnings\s+)?(?:call|quarter|update)\s*,?\s+(?:we|the\s+company|management)\s+"
    r"(?:forecast|guided|expected|projected|anticipated|said|estimated)\b"
    # "As outlined during our last call, we expect production to grow …": what was guided then, said again
    r"|^\W*as\s+(?:we\s+)?(?:outlined|discussed|said|noted|mentioned|indicated|guided|shared|previewed)\s+(?:on|during|in|at)\s+"
    r"(?:our|the)\s+(?:last|prior|previous)\s+(?:earnings\s+)?(?:call|quarter|update)\b")
_PREVIOUS_NEEDLES = ("previous", "prior", "earlier", "original", "initial", "last", "before", "had")
_NOW = case_blind(r"\bnow\b|\b(?:raises?|raised|lowers?|lowered|cuts?|updates?|updated|revises?|revised|increases?|increased|reduces?|reduced)\b")
_GOES_ON = case_blind(r"\s*(?:and|or|plus|as\s+well\s+as|along\s+with)\b")
_CLAUSE = re.compile(r";\s+|(?<=[.!?])\s+(?=[A-Z(\"“])")
_PRIOR_BEFORE = case_blind(r"(?:compared\s+(?:to|with)|versus|vs\.?|from|prior|previous(?:ly)?|\(\s*was|original(?:ly)?|earlier|last\s+(?:year|quarter)"
    r"|a\s+year\s+ago|prior[-\s]year|up\s+from|down\s+from|raised\s+from|lowered\s+from|in\s+line\s+with)\s*(?:[\w'’$-]+\s+){0,4}[~≈]?$")
# "reduced from $60 to $20": the figure after "to" is where it moved, not where it was
_MOVED_TO = case_blind(r"\bfrom\s+[~≈]?[$€£¥]?\d[\d.,]*\s*(?:%|[a-z]+\s+)?\s*to\s+(?:about\s+|approximately\s+|roughly\s+|~)?$")
_TO_FIGURE = case_blind(r"\s+to\s+(?:about\s+|approximately\s+|roughly\s+|~)?[$€£¥]?\d")
# "sales expected to range from $83.5 to $84.5 billion": a range, not a figure it moved from
_RANGING_FROM = case_blind(r"\b(?:rang(?:e|es|ing)|anywhere|somewhere)\s+from\s+(?:about\s+|approximately\s+|roughly\s+|~)?$")
# one of these is in every match of _PRIOR_BEFORE: the window before each figure is searched only when it holds one
_PRIOR_NEEDLES = ("compar", "versus", "vs", "from", "prior", "previous", "was", "original", "earlier", "last", "ago", "line")
# "compared to 9.4% last year": the figure is last year's; "decrease 10% to 8% compared to last
# year" is this year's guide, stated as growth.
_PRIOR_AFTER = case_blind(r"^\W{0,3}(?:in\s+)?(?:last\s+year|a\s+year\s+ago|the\s+prior[-\s]year(?:\s+period)?|prior[-\s]year\s+period"
                          r"|in\s+(?P<year>(?:19|20)\d\d)\b(?!\s+(?:and|to)))")
# The figure a guide replaces, said beside it: "up from", "raised from", "compared with our prior
# outlook of", "versus … previously".
_PRIOR_GUIDE_BEFORE = case_blind(r"(?:\b(?:up|down|raised|lowered|increased|decreased|reduced|cut|revised|narrowed|widened|updated|changed"
                                 r"|outlook|guidance|guide|forecast|targets?)\s+from"
                                 r"|\b(?:compared\s+(?:to|with)|versus|vs\.?|from)\s+(?:(?:our|the|its|their)\s+)?(?:prior|previous|earlier|original|initial)"
                                 r"\s+(?:(?:full[-\s]year\s+)?(?:guidance|outlook|guide|range|expectations?|view|forecast|estimates?)\s+)?(?:of\s+)?"
                                 # a summary's "(prior $3.9B-$4.0B)", "(was ~$1.1B)"
                                 r"|\(\s*(?:prior|previous(?:ly)?|was|from|vs\.?\s+(?:prior|previous))(?:\s+(?:guidance|outlook|guide|range))?(?:\s+of)?\s*:?"
                                 # "lowered … to 41%-42% from 43%-44%"
                                 r"|\bto\s+[~≈]?[$€£¥]?\d[\d.,]*\s*(?:%|[bmk]\b|bn|billion|million|trillion|bp|x)?"
                                 r"(?:\s*(?:-|–|to)\s*[$€£¥]?\d[\d.,]*\s*(?:%|[bmk]\b|bn|billion|million|trillion|bp|x)?)?"
                                 r"(?:\s*(?:yen|euros?|dollars?|pounds?|cents|per\s+share))?\s+from)"  # "to 3.2 trillion yen from"
                                 r"\s*(?:(?:our|the|its)\s+)?(?:(?:prior|previous|earlier|original)\s+|previously\s+(?:forecast|guided|expected|projected|announced)\s+)?"
                                 r"(?:(?:guidance|outlook|range)\s+(?:of\s+)?)?"
                                 r"(?:(?:up|down)\s+)?[~≈]?$")  # "(from up 4.1%–6.3%)"
_PRIOR_GUIDE_AFTER = case_blind(r"^\s*(?:previously|before|prior|earlier|(?:in\s+)?(?:our|the)\s+(?:prior|previous|earlier|original)\s+(?:guidance|outlook|guide))\b")
_SHARE_OF = case_blind(r"^\s*(?:of|as\s+a\s+(?:%|percent(?:age)?)\s+of)\s+(?:(?:total|net|our|its|the|group)\s+)*$")
# "dividend to $0.28 per share": a capital return named right before its amount is what it measures
_TIED_BEFORE = case_blind(r"\s*(?P<word>of|at|to\s+be|is|was|will\s+be)?\s*(?:to\s+)?(?:approximately|about|around|roughly|~)?\s*")
_GAP_AFTER = case_blind(r"^\s*(?:(?:increase|decrease|growth|decline|rise|improvement|reduction)\s+)?(?:(?:in|of|for|on)\s+)?"  # "a mid-single-digit increase in core EPS"
                        r"(?:(?:adjusted|non-gaap|gaap|total|annual|quarterly|consolidated|full[-\s]year|core|constant[-\s]currency|organic|comparable|diluted|reported"
                        r"|run[-\s]rate|incremental|additional)\s+)*$")
_GROWTH = case_blind(r"\b(?:growth|grow(?:s|ing)?|up|down|increas\w*|decreas\w*|declin\w*|fall\w*|ris(?:e|ing)|yoy|y/y|year[-\s]over[-\s]year"
                     r"|compared\s+to\s+(?:the\s+)?prior\s+year|versus\s+(?:the\s+)?prior\s+year|comps?|change)\b")
_NEGATIVE = case_blind(r"(?:\b(?:down|decrease[sd]?|decline[sd]?|declining|fall(?:ing)?|fell|lower(?:\s+by)?|drop(?:ping)?|negative|minus|contract(?:ion)?"
                       r"|slump(?:s|ed|ing)?|shrink(?:s|ing)?|shrank|plunge[sd]?|plunging|tumble[sd]?|sink(?:s|ing)?|sank)"
                       r"(?:\s+(?:of|by|between|in\s+the\s+range\s+of|in\s+the))?\s*(?:a\s+|an\s+)?(?:approximately\s+|about\s+|around\s+)?|[-\u2212]\s*)$")
_FLAT_TO = case_blind(r"\bflat\s+to\s+(?P<dir>up|down|slightly\s+(?:up|down))\s*$")
# "3% down from last year" is a decline; "12% down from 13%" a level and the one it replaces
_DOWN_AFTER = case_blind(r"\s*(?:down|lower|below|less)\s+(?:than|from|versus|vs\.?|compared|year[-\s]over[-\s]year|y/y|yoy)\b"
                         r"(?!\s+(?:(?:about|approximately|around|roughly|~)\s*)?[-$€£¥~\d])")
_TO_FLAT = case_blind(r"\s*to\s+flat\b")  # "down 1% to flat"
_BASIS = (("constant currency", case_blind(r"\bconstant[-\s]currency\b|\bcc\b")),
          ("organic", case_blind(r"\borganic(?:ally)?\b")),
          ("adjusted", case_blind(r"\badjusted\b|\bnon[-\s]?gaap\b|\bunderlying\b|\bcore\b|\bnormali[sz]ed\b|\bcomparable\s+(?:eps|earnings|diluted)")),
          ("gaap", case_blind(r"(?<![-\w])gaap\b|\breported\b")))
_SCENARIO = case_blind(r"(?P<name>[\w‑-]+(?:\s+[\w‑-]+)?)\s+scenario\b|\b(?P<ex>ex[-‑\s]tariffs?|excluding\s+(?:the\s+impact\s+of\s+)?tariffs"
                       r"|including\s+tariffs|net\s+of\s+tariffs)\b")
_SCENARIO_NEEDLES = ("scenario", "tariff")  # every match of _SCENARIO holds one
_HARM_NOUN = case_blind(r"\b(?:headwinds?|impacts?|costs?|hit|drag|charges?|expenses?|pressure)\b")
_HARM_ADJECTIVE = case_blind(r"\b(?:adverse(?:ly)?|unfavorabl[ey]|negative(?:ly)?|headwinds?|hit|drag|hurt)\b")

# Levels said in words: a direction of the metric, or a position in a range.
_LEVELS: tuple[tuple[CaseBlind, float], ...] = tuple((case_blind(p), v) for p, v in (
    (r"\b(?:significantly|sharply|substantially|meaningfully)\s+(?:lower|down|below)|\bdecline\s+significantly\b", -3.0),
    (r"\b(?:slightly|modestly|somewhat|a\s+bit)\s+(?:lower|down|below|negative)|\b(?:down|lower|decrease|decline)\s+slightly\b"
     r"|\bonly\s+slightly\s+down\b", -1.0),
    (r"\babout\s+flat\b|\broughly\s+flat\b|\bflattish\b|\b(?:~|approximately\s+)?flat\b|\bsimilar\b|\bunchanged\b|\bin\s+line\b"
     r"|\bstable\b|\bcomparable\b|\bconsistent\s+with\b", 0.0),
    (r"\b(?:slightly|modestly|somewhat)\s+(?:higher|up|above|positive)|\b(?:increase|grow|rise|up)\s+(?:slightly|modestly)\b"
     r"|\bmodest\s+(?:growth|increase)\b", 1.0),
    (r"\b(?:grow|increase|rise)\s+moderately\b|\bmoderate\s+(?:growth|increase)\b", 1.5),
    (r"\b(?:strong|robust|significant|double[-\s]digit)\s+(?:growth|increase)\b|\b(?:significantly|substantially)\s+(?:higher|up)\b", 3.0),
    (r"\b(?:lower|down|decrease|decline|contract)\b", -2.0),
    (r"\b(?:higher|up|increase|growth|grow|rising|rise)\b", 2.0),
))
_POSITIONS: tuple[tuple[CaseBlind, float], ...] = tuple((case_blind(p), v) for p, v in (
    (r"\b(?:top|upper)\s+half\b", 0.5), (r"\b(?:high|upper|top)\s+end\b", 0.75), (r"\b(?:mid[-\s]?point|middle)\b", 0.0),
    (r"\b(?:bottom|lower)\s+half\b", -0.5), (r"\b(?:low|lower|bottom)\s+end\b", -0.75), (r"\bwithin\b[^.;]{0,30}\brange\b", 0.0),
    (r"\babove\b[^.;]{0,20}\brange\b", 1.5), (r"\bbelow\b[^.;]{0,20}\brange\b", -1.5),
))
_RANGE_OF = case_blind(r"\b(?P<pos>top|upper|bottom|lower)\s+half\s+of\s*$|\b(?P<mid>mid[-\s]?point)\s+of\s*$"
                       r"|\b(?P<end>low|lower|bottom|high|higher|upper|top)\s+end\s+of\s+(?:(?:our|the|its|their|this)\s+)?"
                       r"(?:(?:prior|previous(?:ly)?|original(?:ly)?|initial|current|provided|given|announced|stated|issued|guidance|guided|outlook|full[-\s]year|annual)\s+)*"
                       r"(?:range\s+)?(?:of\s+)?$")
_RANGE_REACH = 60  # characters before a range in which "the top half of" or "the low end of our prior range of" is looked for
_RAISE = case_blind(r"\b(?<!-)(?:rais(?:e|es|ed|ing)|increas(?:ed|ing)|lift(?:s|ed|ing)|boost(?:s|ed|ing)|improv(?:ed|ing)|upgrad(?:ed|ing))\b")
# (not "rate-cut expectations": a compound names no revision)
_LOWER = case_blind(r"\b(?<!-)(?:lower(?:ed|ing)|(?<=\bto\s)lower|(?<=\bwe\s)lower|cut(?:s|ting)?|reduc(?:e|es|ed|ing)|trim(?:s|med|ming)?|revis(?:e|ed|ing)\s+down(?:ward)?"
                    r"|downgrad(?:ed|ing))\b")
_AGAINST_PLAN_NEEDLES = ("than", "below", "above", "under", "short", "ahead")  # one is in every match of _AGAINST_PLAN
_RAISE_NEEDLES = ("rais", "increas", "lift", "boost", "improv", "upgrad")  # one is in every match of _RAISE
_LOWER_NEEDLES = ("lower", "cut", "reduc", "trim", "revis", "downgrad")  # and of _LOWER
_GUIDE_NOUN = case_blind(r"\b(?:outlook|guidance|guide|forecast|expectations?|expected|targets?|assumptions?)\b")
_REVISED_NOUN = case_blind(r"\s*(?:(?:our|the|its|their)\s+)?(?:(?:full[-\s]year|annual|fiscal(?:\s+year)?|\d{4}|fy\s?\d{2,4}|prior|previous)\s+)*"
                           r"(?:(?:[a-z&/*'’-]+\s+){0,5}(?:outlook|guidance|guide|forecast|expectations?|targets?)\b|expected\s+[a-z]+)")
_AGAINST_PLAN = case_blind(r"\b(?:(?P<dir>lower|higher|less|more|better|worse)\s+than|(?P<side>below|above|under|short\s+of|ahead\s+of))"
                           r"\s+(?:our|the)\s+(?:original|prior|previous|initial|earlier)"
                           r"\s+(?:plan|guidance|outlook|expectations?|forecast|view)\b")
# "we now expect net additions to be less than 1%": a bound said with "now" revises what was
# expected before, down for a ceiling and up for a floor (a figure must follow: "more than offset" is no bound)
_NOW_BOUND = case_blind(r"\bnow\s+(?:expect|anticipate|see|project|forecast|plan|estimate)s?\b[^.;]{0,80}?\b"
                        r"(?P<dir>less|fewer|lower|below|under|more|greater|higher|above|in\s+excess)(?:\s+than|\s+of)?\s+"
                        r"(?=[-\d$€£¥~]|approximately\b|about\b|roughly\b)")
_PAREN_REVISION = case_blind(r"\((?P<words>[^)]{0,60}\b(?:trimmed|lowered|cut|reduced|raised|increased|higher|lower|improved)\b[^)]{0,60})\)")
_FORWARD_SECTIONS = frozenset({Section.OUTLOOK})
_COMPARED_TO = case_blind(r"\b(?:similar\s+to|compared\s+(?:to|with)|versus|vs\.?|than|from|like|relative\s+to|over)\s+(?:the\s+|last\s+year'?s\s+)?$")
# A stated cost of a harm counts when it looks ahead or goes on ("we estimate … will have an
# ongoing impact of about 50 basis points"), not as the quarter's account ("despite a net
# tariff impact of about $800 million").
_HARM_AHEAD = case_blind(r"\b(?:estimat\w*|expect\w*|anticipat\w*|assum\w*|will|would|could|may|ongoing|projected|forecast\w*"
                         r"|outlook|guidance|run[-\s]rate|going\s+forward)\b")
_REPORTED_AFTER = case_blind(r"\s*(?:\w+\s+){0,2}(?:was|were|has\s+been|have\s+been)\s+(?:recorded|recognized|booked|incurred|paid|reported)\b")
# Cheap tests that rule a statement out before the readers run: revision words, and the words
# a guide said without a number needs ("expect … to be about flat").
_REVISION_HINT = case_blind(r"\b(?:lower|higher|less|more|better|worse|rais|increas|lift|boost|improv|upgrad|cut|reduc|trim|revis"
                            r"|downgrad|now\s|low\s+end|high\s+end|bottom|top|upper)|\(")
_LEVEL_HINT = case_blind(r"\b(?:expect|anticipat|guid|outlook|forecast|now\s+see)")
_CAPITAL_RETURN = frozenset({"dividend", "buybacks"})  # capital returned is a stance, not a guide
# "half a million units lower than planned", and "sequential EBITDA to be approximately $50 million lower": a change's size
_DELTA = case_blind(r"^\s*(?:units?\s+|aircraft\s+)?(?:lower|higher|less|more|fewer|below|above|better|worse)\s+than\b"
                    r"|^\s*(?:lower|higher|better|worse)\s*(?:[.;,]|$|\s+(?:sequentially|year[-\s]over[-\s]year|versus|vs\.?|compared|quarter[-\s]over[-\s]quarter|in\s+the|for\s+the))")
_OF_OTHER = case_blind(r"^\s*(?:of|in)\s+(?:the\s+|our\s+|its\s+)?(?:debt|the\s+benefits|benefits|cash|shares|stock|liquidity|savings|buybacks?|"
                       r"dividends?|investments?|borrowings?|bonds|notes|commitments|us\s+investment|investment)\b")
# A note that starts with a metric and a direction in the present: "CapEx rising primarily due to AI".
_NOTE_LEVEL = re.compile(r"\W*(?:[A-Z][\w&/.-]*\s+){1,3}(?:rising|increasing|growing|moving\s+(?:higher|lower)|declining|falling|stepping\s+up)\b")
_ASKS = case_blind(r"\b(?:i'?m\s+curious|i\s+(?:wanted|want)\s+to\s+ask|my\s+question|can\s+you\s+(?:also\s+)?(?:talk|help|give|walk|update)"
                   r"|could\s+you\s+(?:talk|help|give|walk)|how\s+should\s+we\s+think|you\s+(?:noted|mentioned|said|talked\s+about)"
                   r"|your\s+(?:[\w-]+\s+){0,3}?(?:goal|guidance|outlook|target|ability|forecast|assumptions?)"
                   # an analyst saying back what the company guides: "you guys are expecting around $435 million"
                   r"|(?:is\s+it|would\s+it\s+be|would\s+be|is\s+that)\s+fair\s+to\s+say"
                   r"|you(?:\s+guys|\s+all)?(?:\s+are|\s+were|'re)\s+(?:now\s+)?(?:expecting|assuming|guiding|forecasting|targeting|looking\s+for|baking\s+in))\b")
ASKING_NEEDLES = ("curious", "ask", "question", "you", "think")  # every match of _ASKS (and risk_reading._ASKED) holds one
_SHARE_BEFORE = case_blind(r"(?:%|percent(?:age)?)\s+of\s+(?:(?:total|net|our|its|the)\s+)*$")
_PERCENT_OF = case_blind(r"(?:%|percent(?:age)?)\s+of\s*$")
_WAS_BEFORE = case_blind(r"\b(?:was|were|grew|rose|fell|came\s+in)\s*(?:\S+\s+){0,3}$")
_NET_BEFORE = case_blind(r"\b(net|gross)\b(?:\s+[\w-]+){0,4}\s*(?:of\s+)?(?:about\s+|approximately\s+|~)?$")
_NEAR = 140  # characters before a figure in which its guiding words must stand, outside an outlook
# or right after it: "operating margin of approximately 45.5% expected for Q3"; a note's "expected
# between" / "expected at" right before it guides it too
_EXPECTED_AT = case_blind(r"(?<!than\s)(?<!as\s)\bexpected\s+(?P<at>(?:between|at|around|near|in\s+the\s+range\s+of)\s+(?:approximately\s+|about\s+|roughly\s+|~)?)?$")
_FORWARD_AFTER = case_blind(r"\s*(?:is\s+|are\s+)?(?:expected|anticipated|projected|forecast|guided|targeted)\s+(?:for|in|by|during|over|through|next|this)\b")


def _forward_near(before: str) -> bool:
    return bool(_FORWARD_NEAR.search(before) or words().forward.search(before))


_FORWARD_NEAR = case_blind(r"\b(?:expect\w*|achieve|reach|anticipat\w*|guid\w*|outlook|forecast\w*|estimat\w*|target\w*|plan(?:s|ning)?\s+(?:to|for)"
                           r"|assum\w*|project\w*|will\s+be|should\s+be|see\s+(?:it|that)?)\b(?:\W+\w+){0,20}\W*$")
# A level said in words is a guide only where guiding words are plain: "we now anticipate
# comparable sales to be about flat for the full year".
_LEVEL_GUIDE = case_blind(r"\b(?:expect\w*|anticipat\w*|guid(?:e|es|ed|ing|ance)|outlook|forecast\w*|now\s+see)\b[^.;]{0,60}"
                          r"\b(?:to\s+(?:be|remain|grow|increase|decrease|decline|come\s+in)|(?:towards?|at|near|in)\s+the\s+(?:low|lower|bottom|high|higher|upper|top)\s+(?:end|half))\b")


def period_label(ref: TimeRef) -> str:
    if ref.granularity == LONG_TERM:
        return "long term"
    label = ref.label
    return f"FY{label}" if label.isdigit() else label


@kept
def _prelude(raw: str) -> tuple[str, tuple[Revision, ...]] | None:
    """What ``read_facts`` reads from a statement's words alone, kept by its text: None for a
    question; else the text in digits and its revisions."""
    if raw.rstrip().endswith("?") or (may_hold(raw, ASKING_NEEDLES) and _ASKS.search(raw)):
        return None
    text = in_digits(raw)
    return text, tuple(_revisions(text)) if _REVISION_HINT.search(text) else ()


@kept
def _quantities(text: str) -> tuple[Quantity, ...]:
    """``figures.quantities`` of a statement's text in digits, kept by it: read only when one of
    its clauses may guide (``_guides_nothing``)."""
    return tuple(quantities(text))


def read_facts(statement: Statement, reference: FiscalPeriod | None = None, fiscal_year_end: int = 12, *,
               notes: bool = False) -> StatementFacts:
    """The guides, harms and revisions of one statement (see the module docstring). ``notes``:
    the statement is a summary's note, where "CapEx rising primarily due to AI" is a guide."""
    prelude = _prelude(statement.text)
    if prelude is None:
        return StatementFacts()  # an analyst's question, whoever the transcript says asked it
    text, revisions = prelude
    tells_previous = may_hold(text, _PREVIOUS_NEEDLES) and _TELLS_PREVIOUS_GUIDE.search(text) is not None and not _NOW.search(text)
    forward_context = statement.section in _FORWARD_SECTIONS or _guiding_context(statement.context, statement.topic) or tells_previous
    if not forward_context and not (statement.cells and statement.columns) and _guides_nothing(text, True, notes) \
            and not _quarter_ahead_named(text, None, reference, fiscal_year_end):
        return StatementFacts(revisions=revisions)  # no clause of it can guide, whatever figures it holds: they are not read
    found = _quantities(text)
    # the words a guide said without a number needs
    level_hint = not found and _LEVEL_HINT.search(text) is not None
    if not found and not (forward_context or notes or level_hint):
        return StatementFacts(revisions=revisions)  # no number and no guiding words: nothing guided here
    context_period = _context_period(statement, reference, fiscal_year_end)
    if statement.cells and statement.columns:
        row = _row_guides(statement, reference, fiscal_year_end, forward_context)
        return StatementFacts(guides=tuple(f for f, role in row if role == _GUIDE), priors=tuple(f for f, role in row if role == _PRIOR))
    if not forward_context and not found and _guides_nothing(text, False, notes):
        # with figures it was asked above; with none, a harm's words guide nothing: no level either
        return StatementFacts(revisions=revisions)
    guides: list[Figure] = []
    harms: list[Figure] = []
    priors: list[Figure] = []
    lexicon = words()
    shares = _parts_of_a_whole(found)
    previous_metric = ""
    unread: list[str] = []  # clauses since the last one read for metrics: the metric last named may be in them
    last_clause, last_guiding = "", False
    for lo, hi in _clauses(text):
        clause = text[lo:hi]
        # "expects a low-single-digit increase in organic revenue; and a mid-single-digit increase
        # in core EPS": the verb of the clause before governs the list it goes on with
        guiding = forward_context or (bool(last_clause) and _GOES_ON.match(clause) is not None
                                      and (last_guiding or lexicon.forward.search(last_clause) is not None))
        last_clause, last_guiding = clause, guiding
        here = [q for q in found if lo <= q.start and q.end <= hi]
        levels = not here and bool(guiding or _LEVEL_GUIDE.search(clause)
                                   or (notes and _NOTE_LEVEL.match(clause) and not narrates_past(clause)))
        if not here and not levels:
            unread.append(clause)  # guides nothing: its metrics are read only if a later clause needs the last one named
            continue
        if here and not guiding and _clause_guides_nothing(clause) and not _quarter_ahead_named(clause, here[0].start - lo, reference, fiscal_year_end):
            unread.append(clause)  # its figures are results: not one of them is read on (see ``_clause_guides_nothing``)
            continue
        for before in reversed(unread):
            if named := metrics().finditer(before):
                previous_metric = metrics().of(named[-1]).id
                break
        unread.clear()
        metric_matches = metrics().finditer(clause)
        forward: list[re.Match[str]] | None = None  # the clause's forward words that are no yardstick (``_guided``), found once
        results: list[re.Match[str]] | None = None  # and its result words
        used_metric, last_unit = "", ""
        replaced: list[Quantity] = []  # figures a guide of this clause replaces
        given: list[tuple[int, Figure]] = []  # the clause's guides and costs of harms, where each was said
        earlier_figures = 0  # figures of an earlier period or guide: "in line with the 2024 level of $47.7 billion"
        for q in _positioned(_signed(here, text), text):
            start, end = q.start - lo, q.end - lo
            ahead = False  # a quarter still to come is named just before the figure (``_quarter_ahead_named``)
            if q.unit == "%" and shares:
                continue  # "about 60% cash, 40% non-cash": the parts of a whole, no guide of growth or margin
            before40 = clause[max(0, start - 40):start]
            before80 = clause[max(0, start - 80):start]
            if ((may_hold(before40, _PRIOR_NEEDLES) and _PRIOR_BEFORE.search(before40) and not _MOVED_TO.search(before40) and not _RANGING_FROM.search(before40)) or _prior_after(clause[end:end + 40], reference)
                    or _past_year_level(before40, reference)) \
                    and not _RANGE_OF.search(clause[max(0, start - _RANGE_REACH):start]):  # "the low end of our prior range of": where in it, now
                if _PRIOR_GUIDE_BEFORE.search(clause[max(0, start - 60):start]) or _PRIOR_GUIDE_AFTER.match(clause[end:end + 30]) \
                        or (FROM_BEFORE.search(before40) and _TO_FIGURE.match(clause, end)):  # "from $60 million to $20 million"
                    replaced.append(q)
                earlier_figures += 1
                continue
            if (prior := _revised_by(q, here, clause, lo, start, end)) is not None:
                replaced.append(prior)  # "lowering our outlook for operating margin by 50 basis points to 12.5%": 13%
                earlier_figures += 1
                continue
            harm = _harm_topic(clause, start, end)
            if harm:
                refs = _targets(clause, reference, fiscal_year_end)
                if (_HARM_AHEAD.search(clause) or not narrates_past(clause)) and not _realized(refs, start, end, reference, clause):
                    harms.append(_figure(_net_or_gross(f"{harm}_impact", clause, start), q,
                                         _period_of(refs, start, end, context_period, clause), clause, statement))
                    given.append((start, harms[-1]))
                continue
            if not guiding:
                if forward is None:
                    forward = _forward_cues(clause)
                    results = _result_cues(clause, forward) if forward else []
                ahead = not forward and _quarter_ahead_named(clause, start, reference, fiscal_year_end)
                if not forward and not ahead and not (may_hold(clause, ("expected",)) and _expected_at(clause[max(0, start - 40):start], q)):
                    continue  # no word looks ahead and none governs the clause: no figure of it is guided (``_guided``)
            if _harmed_by(clause, start) or (is_currency(q.unit) and _CHANGED_BY.search(clause, max(0, start - 90), start)) \
                    or (q.unit != "count" and may_hold(before40, ("add", "contribut")) and _ADDS.search(before40)) \
                    or _EFFECT_AFTER.match(clause, end) or (may_hold(before80, ("minimum", "requir")) and _REQUIRED.search(before80)) \
                    or ("incremental" in before80.lower() and _INCREMENT.search(before80)):
                continue  # a harm with no topic named, or an amount a metric is to move by ("improve the operating balance by ¥899.5 billion"): no level
            metric, metric_start, metric_end = _metric_for(clause, start, end, metric_matches, q.unit)
            segment = _segment(clause, metric_start) if metric_start >= 0 else ""
            if not metric and used_metric and q.unit == last_unit:
                metric = used_metric  # "marketing costs in the mid 2% range, with the full year in the high 2% range"
            if not metric:
                metric, segment = _label_metric(statement, clause)
                metric = metric or previous_metric
            planned_return = metric in _CAPITAL_RETURN and lexicon.forward.search(clause) is not None \
                and not narrates_past(clause) and not _RETURNED.search(clause)
            of_other = _OF_OTHER.match(clause[end:end + 40])
            if of_other and planned_return and re.search(r"\b(?:shares|stock)\b", of_other.group(0)):
                of_other = None  # "repurchase about $150 million of stock": the amount repurchased
            if given and (_CHANGE_OF.search(clause[max(0, start - 30):start]) or _CHANGE_AFTER.match(clause[end:end + 40])):
                continue  # "to $4,205 million - $4,280 million, an increase of $90 million": the size of the change
            if (metric in _CAPITAL_RETURN and not planned_return) or _DELTA.match(clause[end:end + 30]) \
                    or of_other or _REPORTED_AFTER.match(clause[end:end + 30]):
                continue  # a dividend declared (one planned is guided), "half a million units lower than planned", "$3 billion of debt"
            if not metric or (metric_end >= 0 and _IMPACT_AFTER.match(clause, metric_end)):
                continue
            if forward is None:
                forward = _forward_cues(clause)
            if results is None:
                results = _result_cues(clause, forward)
            expected_at = _expected_at(clause[max(0, start - 40):start], q)  # "… expected between 5.5 and 6 million"
            if not (expected_at or ahead or _guided(clause, start, end, forward, results, guiding)) or _onlookers_figure(clause, start):
                continue
            if metrics().metrics[metric].harm:
                named_cost = (metric_start < 0 or _HARM_NOUN.search(clause[max(0, start - 60):end + 40])) \
                    and not _FAVOURABLE.search(clause, max(0, start - 70), start)
                refs = _targets(clause, reference, fiscal_year_end)
                if q.unit not in ("pts",) and (_HARM_AHEAD.search(clause) or not narrates_past(clause)) and named_cost \
                        and not _realized(refs, start, end, reference, clause):
                    harm_metric = "tariffs_impact" if metric == "tariff_cost" else metric
                    harms.append(_figure(_net_or_gross(harm_metric, clause, start), q,
                                         _period_of(refs, start, end, context_period, clause), clause, statement))
                    given.append((start, harms[-1]))
                continue
            if metrics().metrics[metric].unit == "pct" and is_currency(q.unit):
                continue  # "$1B of margin enhancements": an amount is no margin
            if not guiding and not expected_at and not ahead and not _forward_near(clause[max(0, start - _NEAR):start]) and not _FORWARD_AFTER.match(clause, end):
                continue  # outside an outlook, a figure is a guide only when the guiding words stand close to it
            if metrics().metrics[metric].unit == "count" and is_currency(q.unit) and not names_currency(q.text):
                q = replace(q, unit="count")  # "diluted share count of approximately 152 million": shares, not dollars
            if metric_start >= 0 and _lowered_change(clause, metric, q, metric_start, metric_end, start):
                q = replace(q, low=-q.high, high=-q.low)  # "lower industry pricing of roughly 2%": pricing down 2%
            metric_id = _metric_id(metric, q, clause, start, end, metric_end)
            figure = _figure(metric_id, q, _period_of(_targets(clause, reference, fiscal_year_end), start, end, context_period, clause),
                             clause, statement)
            if _reported_quarter(figure.period, reference):
                continue  # "(Q1 buybacks: $300M)" in a Q1 document: done, not guided
            basis = _guide_basis(clause, start, end, metric_start, [p.end - lo for p in here], metric_matches) or _clause_basis(clause, end)
            guides.append(replace(figure, basis=basis,
                                  scenario=_scenario(statement, clause), segment=segment))
            given.append((start, guides[-1]))
            used_metric, last_unit = metric, q.unit
        priors += _replaced(replaced, given, lo)
        if here and earlier_figures == len(here) and not replaced:
            # every figure is the past the guide is set against: the guide is in words ("roughly in line with")
            levels = bool(guiding or _LEVEL_GUIDE.search(clause))
        if levels:
            guides += _levels(clause, metric_matches, _targets(clause, reference, fiscal_year_end), context_period, statement, previous_metric)
        elif here and (forward_context or lexicon.forward.search(clause) is not None) and (tail := [m for m in metric_matches if m.start() >= here[-1].end - lo
                                                   and metrics().of(m).id in {f.metric for _, f in given}]):
            # "pricing … about 1% to 1.5% in the second half, with full year pricing flat": the same
            # metric for another period, guided in words after the figures
            guides += [g for g in _levels(clause, tail, _targets(clause, reference, fiscal_year_end), context_period, statement, "") if (g.metric, g.period) not in {(f.metric, f.period) for _, f in given}]
        previous_metric = used_metric or (metrics().of(metric_matches[-1]).id if metric_matches else previous_metric)
    if tells_previous and guides and not priors:
        # "Previously, the company expected earnings in the range of $9.45 to $9.85 per share": the
        # guides a sentence of its own says came before (``guidance`` sets them against the new ones)
        return StatementFacts(harms=tuple(harms), revisions=revisions, priors=tuple(guides))
    return StatementFacts(tuple(guides), tuple(harms), revisions, tuple(priors))


def _guides_nothing(text: str, quantified: bool, notes: bool) -> bool:
    """Whether, outside a forward context, no clause of ``text`` can give a guide, a harm's cost
    or a prior: a figure is read on only when a forward word or "expected" stands in its clause
    (``_forward_cues``), or as a harm's cost when a harm's word does (``_harm_topic``); a level in
    words only when ``_LEVEL_GUIDE`` (or a note's ``_NOTE_LEVEL``) matches; and a prior is only
    ever the prior of one of these. Each of those expressions is ruled out by the words every
    match of it holds (``earnings.needles``), the forward list by ``could_match``: most of a
    call's figures are results, and reading each of them to find that nothing looks ahead was a
    third of a transcript's fact reading. A clause is cut at a space, so a word of a clause is a
    word of ``text``."""
    if _names_guiding_words(text, harms=quantified, notes=notes):
        return False
    return not words().forward.could_match(tokens(text), text)


def _clause_guides_nothing(clause: str) -> bool:
    """Whether no figure of a clause not governed by the clause before (``guiding``) can be a
    guide, a harm's cost or a prior, nor its levels guides: no forward word in it (``_forward_cues``
    is empty) nor "expected", no word of a harm's cost (``_harm_topic``) and none of
    ``_LEVEL_GUIDE``'s. Such a clause is passed over as one with no figure is; the last metric it
    names is found when a later clause needs it, as for those."""
    if _names_guiding_words(clause, harms=True, notes=False):
        return False
    return words().forward.search(clause) is None


def _names_guiding_words(text: str, *, harms: bool, notes: bool) -> bool:
    """Whether ``text`` may hold "expected", a word of ``_LEVEL_GUIDE``, of a note's level (with
    ``notes``) or of a harm's cost (with ``harms``); True when that cannot be told from its words."""
    held = _cannot_guide_needles()
    if held is None or folds_oddly(text):
        return True  # "ſ", "ı", "İ" match "s" and "i" case-blind: words in lower case say nothing
    lowered = text.lower()
    levels, notes_levels, harm_words = held
    return ("expected" in lowered or any(needle in lowered for needle in levels)
            or (notes and any(needle in text for needle in notes_levels))
            or (harms and any(needle in lowered for needle in harm_words)))


@cache
def _cannot_guide_needles() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    """The needles ``_guides_nothing`` looks for: of ``_LEVEL_GUIDE``; of ``_NOTE_LEVEL`` (as
    written: it is case-sensitive); of the expressions that name a harm's cost (None when one of
    them has none)."""
    levels = literal_needles(_LEVEL_GUIDE.pattern, _LEVEL_GUIDE.flags)
    notes_levels = literal_needles(_NOTE_LEVEL.pattern, _NOTE_LEVEL.flags)
    harm = [literal_needles(p.pattern, p.flags) for p in (_HARM_AFTER, _HARM_BEFORE, _HARM_VERB)]
    if levels is None or notes_levels is None or any(h is None for h in harm):
        return None
    return levels, notes_levels, tuple(sorted({n for h in harm if h for n in h}))


@kept  # asked for each figure of a clause that may be a guide or a cost, and for its levels; never for a result's
def _targets(clause: str, reference: FiscalPeriod | None, fiscal_year_end: int) -> tuple[TimeRef, ...]:
    """The times a clause names that are no yardstick ("compared to the second quarter"; "over
    the long term" is a span, never one)."""
    return tuple(r for r in find_time_refs(clause, reference, strict=False, fiscal_year_end=fiscal_year_end)
                 if r.granularity == LONG_TERM or not _COMPARED_TO.search(clause[max(0, r.start - 24):r.start]))


_LOWER_BEFORE = case_blind(r"\b(?:lower|negative|declining|reduced)\s+$")
_OF_SIZE = case_blind(r"\s+(?:of|at)\s+(?:about\s+|approximately\s+|roughly\s+|around\s+|~)?")


def _lowered_change(clause: str, metric: str, q: Quantity, metric_start: int, metric_end: int, start: int) -> bool:
    """"lower industry pricing of roughly 2%": a change said lower is a fall, for a metric that is
    a change (pricing, growth), not a level ("a lower tax rate of 21%" is 21%)."""
    return q.unit in ("%", "pts", "bp") and q.low >= 0 and metrics().metrics[metric].growth and metric_end <= start \
        and _LOWER_BEFORE.search(clause[max(0, metric_start - 16):metric_start]) is not None \
        and _OF_SIZE.fullmatch(clause, metric_end, start) is not None


_YEAR_LEVEL = case_blind(r"\b(?P<year>(?:19|20)\d\d)(?:(?:'s|’s)?\s+(?:levels?|totals?|results?|base|figures?|amounts?|actuals?)\s+of|'s|’s)"
                         r"\s+(?:about\s+|approximately\s+|roughly\s+|~)?$")


def _past_year_level(before: str, reference: FiscalPeriod | None) -> bool:
    """"in line with the 2024 level of $47.7 billion", "over 2024's $47.7 billion": a figure of a
    year before the document's."""
    if "19" not in before and "20" not in before:
        return False  # every match names its year
    m = _YEAR_LEVEL.search(before)
    return m is not None and reference is not None and int(m["year"]) < reference.year


def _prior_after(after: str, reference: FiscalPeriod | None) -> bool:
    """A figure said to be last year's ("9.4% last year", "$4.1 billion in 2023"); "in 2025" names
    the year guided when it is not before the document's own fiscal year."""
    m = _PRIOR_AFTER.match(after)
    return m is not None and not (m["year"] and reference is not None and int(m["year"]) >= reference.year)


def _replaced(replaced: list[Quantity], given: list[tuple[int, Figure]], lo: int) -> list[Figure]:
    """Each replaced figure as the guide it was, of the nearest guide of its unit in the clause
    ("raised from $5.6B to $5.8B": the one after it; "$5.8B, up from $5.6B": the one before)."""
    out = []
    for q in replaced:
        mine = [(abs(at - (q.start - lo)), figure) for at, figure in given if figure.unit == q.unit]
        if mine:
            owner = min(mine, key=lambda pair: pair[0])[1]
            out.append(replace(owner, low=q.low, high=q.high, text=q.text, approximate=q.approximate, bound=q.bound))
    return out


@lru_cache(maxsize=4096)
def _guiding_context(context: tuple[str, ...], topic: str) -> bool:
    return any(_GUIDE_NOUN.search(c) for c in context) or bool(topic and _GUIDE_NOUN.search(topic))


def _parts_of_a_whole(found: tuple[Quantity, ...]) -> bool:
    """Whether a statement's percentages are the parts of one whole: two or more single figures
    that add up to 100 ("approximately 35% … from variable costs, about 35% … semi-variable, and
    about 30% … from savings")."""
    parts = [q.low for q in found if q.unit == "%" and q.low == q.high and q.low > 0]
    return len(parts) >= 2 and len(parts) == sum(1 for q in found if q.unit == "%") and abs(sum(parts) - 100) <= 1


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for brk in _CLAUSE.finditer(text):
        spans.append((start, brk.start()))
        start = brk.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _signed(found: list[Quantity], text: str) -> list[Quantity]:
    """Quantities with the sign their words give, and "down 2% to up 2%" joined into one range."""
    out: list[Quantity] = []
    for q in found:
        before = text[max(0, q.start - 40):q.start]
        if q.unit in ("%", "pts", "bp") and q.low >= 0 and (_NEGATIVE.search(before) or _DOWN_AFTER.match(text, q.end)):
            q = replace(q, low=-q.high, high=-q.low)  # "down 3%", "3% down from last year"
        if (flat := _FLAT_TO.search(before)) and q.unit in ("%", "pts", "bp"):
            down = "down" in flat["dir"].lower()
            q = replace(q, low=min(q.low, 0.0) if down else 0.0, high=0.0 if down else q.high, start=flat.start() + max(0, q.start - 40),
                        text=text[flat.start() + max(0, q.start - 40):q.end])
        elif q.unit in ("%", "pts", "bp") and (flat_after := _TO_FLAT.match(text, q.end)):
            # "down 1% to flat": from the figure, signed, to zero
            q = replace(q, low=min(q.low, 0.0), high=max(q.high, 0.0) if q.low >= 0 else 0.0, end=flat_after.end(),
                        text=text[q.start:flat_after.end()])
        if out and q.unit == out[-1].unit and re.fullmatch(r"\s*(?:to|and)\s*(?:up|down|an?\s+(?:increase|decrease)\s+of)?\s*",
                                                           text[out[-1].end:q.start], re.I) and (q.low != abs(q.low) or out[-1].low < 0):
            last = out.pop()
            q = Quantity(min(last.low, q.low), max(last.high, q.high), q.unit, text[last.start:q.end], last.start, q.end,
                         last.approximate or q.approximate)
        out.append(q)
    return out


def _positioned(found: list[Quantity], text: str) -> list[Quantity]:
    """"top half of $5–$10B" is $7.5–10B, "midpoint of $5–$10B" $7.5B, "bottom half of" $5–7.5B."""
    out = []
    for q in found:
        m = _RANGE_OF.search(text[max(0, q.start - _RANGE_REACH):q.start])
        if m and q.low != q.high and m["end"]:
            at = q.low if m["end"].lower() in ("low", "lower", "bottom") else q.high
            q = replace(q, low=at, high=at)  # "at the low end of our range of $5.6 to $5.7 billion": $5.6 billion, a move from the midpoint
        elif m and q.low != q.high:
            mid = (q.low + q.high) / 2
            low, high = (mid, q.high) if (m["pos"] or "").lower() in ("top", "upper") else (q.low, mid) if m["pos"] else (mid, mid)
            q = replace(q, low=low, high=high, approximate=True)
        out.append(q)
    return out


_MODIFYING = case_blind(r"\b(?:related\s+to|driven\s+by|due\s+to|tied\s+to|associated\s+with|excluding|including)\s+(?:the\s+|our\s+)?$")


def _metric_for(clause: str, start: int, end: int, matches: list[MetricMatch], unit: str) -> tuple[str, int, int]:
    """The metric a quantity at ``clause[start:end]`` measures: a metric phrase right after it
    ("$1.2 billion in revenue", "9% to 11% operating margin") or else the nearest before it.
    A phrase after "% of" is what the quantity is a share of, not what it measures."""
    if unit == "count" and (inside := [m for m in matches if start <= m.start() and m.end() <= end and metrics().of(m).id in _COUNTED_NEW]):
        return metrics().of(inside[-1]).id, inside[-1].start(), inside[-1].end()  # "60 to 65 new restaurants": what is counted
    after = [m for m in matches if m.start() >= end]
    before = [m for m in matches if m.end() <= start]
    while len(before) > 1 and _MODIFYING.search(clause[max(0, before[-1].start() - 24):before[-1].start()]) and start - before[-2].end() <= 70:
        before.pop()  # "industry pricing related to tariffs at about 1%": pricing is measured, tariffs say why
    if before and (tie := _TIED_BEFORE.fullmatch(clause[before[-1].end():start])) \
            and (tie["word"] or metrics().of(before[-1]).id in ("dividend", "buybacks")):
        # "pre-tax income of $1.5 billion to $2 billion on revenue that is flat": what the figure
        # is "of" is what it measures, whatever is named after it
        return metrics().of(before[-1]).id, before[-1].start(), before[-1].end()
    if after and _GAP_AFTER.match(clause[end:after[0].start()]) and not (unit == "%" and _SHARE_OF.match(clause[end:after[0].start()])):
        return metrics().of(after[0]).id, after[0].start(), after[0].end()
    if after and _CHANGE_IN.match(clause, end, after[0].start()):
        return metrics().of(after[0]).id, after[0].start(), after[0].end()  # "a 1% increase in Federal Express revenue"
    if unit == "%" and re.match(r"^\s*of\s+(?:the|our|its|their|these|those|this)\b", clause[end:end + 20], re.I) and not (
            after and _SHARE_OF.match(clause[end:after[0].start()])):
        return "", -1, -1  # "20% of the benefits": a share of something that is no metric
    for m in reversed(before):
        gap = _APPOSITIVE.sub("", clause[m.end():start])  # "Net interest income, a critical measure of …, held steady with"
        if _SHARE_BEFORE.search(clause[:m.start()]):
            continue  # "... as a % of net revenue": revenue is the denominator
        if len(gap) <= 70:
            return metrics().of(m).id, m.start(), m.end()
    gap = clause[end:after[0].start()] if after else ""
    if after and len(gap) <= 25 and "," not in gap and not _SHARE_OF.match(gap) and not re.search(r"\d", gap):
        return metrics().of(after[0]).id, after[0].start(), after[0].end()
    return "", -1, -1


# what a change is "in", a unit's name between ("increase in Federal Express revenue"): the metric it changes
_CHANGE_IN = case_blind(r"\s*(?:increase|decrease|growth|decline|rise|improvement|reduction)\s+in\s+(?:[\w&'’-]+\s+){0,3}$")
_COUNTED_NEW = frozenset({"new_units", "net_additions"})  # what "60 to 65 new restaurants" counts, said inside the figure
_APPOSITIVE = re.compile(r"^,\s+(?:a|an|the|which|who|our)\b[^,;]{0,140},")
_SEGMENT = re.compile(r"(?<![\w&.,'’-])(?P<name>(?:[A-Z][\w&.,'’-]*\s+){1,3}(?:(?:business|segment|division|unit|recurring)\s+)?)$")  # "Base business revenues", "CAG Diagnostics recurring revenue"
_NOT_SEGMENT = case_blind(r"^(?:the|our|its|their|total|net|gross|adjusted|non-gaap|gaap|organic|reported|underlying|full|fiscal|fy\d*"
                          r"|f?q[1-4]|[1-4]q|h[12]|\d{2,4}|january|february|march|april|may|june|july|august|september|october"
                          r"|november|december|sep|dec|mar|jun|first|second|third|fourth|we|i|and|but|for|in|on|this|that|company|consolidated|operating"
                          r"|annual|quarterly|group|overall|core|ex-tariffs|including|excluding|guidance|outlook|expect\w*"
                          r"|(?:first|second|third|fourth|1st|2nd|3rd|4th|full|back|front)[-‑](?:quarter|half|year))$")


def _segment(clause: str, metric_start: int) -> str:
    """The part of the business a metric is for, named just before it ("Services revenues",
    "Ford Pro EBIT", "ME&T FCF"), folded so that "M,E&T" and "ME&T" are one."""
    m = _SEGMENT.search(clause[max(0, metric_start - 40):metric_start])
    if m is None:
        return ""
    words_before = [w for w in m["name"].split() if not _NOT_SEGMENT.match(w.strip(",."))]
    if not words_before or m.start() + max(0, metric_start - 40) == 0 and len(words_before) == len(m["name"].split()) == 1 \
            and clause[:1].isupper() and words_before[0].lower() in ("sales", "revenue"):
        return ""
    parts = re.sub(r"[^a-z0-9& ]", "", " ".join(words_before).lower()).split()
    # "Ford Pro" is "ford pro", but "M, E&T" and "ME&T" are one: initials run together
    return "".join(parts) if any(len(p) <= 2 or "&" in p for p in parts) else " ".join(parts)


def _label_metric(statement: Statement, clause: str) -> tuple[str, str]:
    """The metric a label names ("Net Sales | …"), or a segment's revenue for a label that names
    a part of the business ("Services: growth rate similar to Q3"): (metric, segment)."""
    label = statement.cells[0] if statement.cells else statement.topic
    if label and (m := metrics().search(label)):
        return metrics().of(m).id, ""
    if label and len(label.split()) <= 3 and _GROWTH.search(clause) and not words().forward.search(label):
        return "revenue", label.strip()
    return "", ""


def _metric_id(metric: str, q: Quantity, clause: str, start: int, end: int, metric_end: int) -> str:
    catalogue = metrics().metrics.get(metric)
    kind = catalogue.unit if catalogue else "money"
    if q.unit == "%" and kind in ("money", "count"):
        if re.match(r"^\s*of\b", clause[end:end + 6]) or _PERCENT_OF.search(clause[:max(0, metric_end)]):
            return f"{metric}_share"  # "3% of sales", "as a percentage of net sales"
        return f"{metric}_growth"
    if q.unit in ("pts", "bp") and kind == "pct":
        return f"{metric}_change"
    return metric


_RETURNED = case_blind(r"\b(?:declared|paid|repurchased|bought\s+back|returned|approved|authori[sz]ed)\b")


# A guide named as the yardstick of a result ("was $412 million, above the high end of our
# guidance range of …", "beat our outlook"): its "guidance" governs no figure.
_BENCHMARK_LEAD = case_blind(r"\b(?:above|below|exceed\w*|beat(?:ing)?|ahead\s+of|within|in\s+line\s+with|topp?(?:ed|ing)?|surpass\w*|short\s+of"
                             r"|versus|vs\.?|relative\s+to|compared\s+(?:to|with))\s+(?:the\s+)?(?:(?:high|low|top|upper|lower|bottom)\s+(?:end|half)\s+of\s+"
                             r"|midpoint\s+of\s+)?(?:(?:our|the|its)\s+)?(?:prior\s+|previous\s+|original\s+|initial\s+|own\s+)?$")


# after a metric's name: "the net profit impact could be $60 to $180 million" sizes a harm to it, not its level
_IMPACT_AFTER = case_blind(r"\s+(?:impacts?|headwinds?|tailwinds?|hit|drag|effects?)\b")
# "our required CET1 regulatory minimum plus buffers would be 8.6%": what a regulator requires, not a guide
_REQUIRED = case_blind(r"\b(?:regulatory|required|statutory)\s+(?:[\w-]+\s+){0,2}minimums?\b|\bminimum\s+(?:capital\s+)?requirements?\b")
# "an incremental operating cash flow of around $160 million once the project starts up": an increment, no level
_INCREMENT = case_blind(r"\bincremental\s+(?:[\w-]+\s+){0,4}?(?:of\s+)?(?:around\s+|about\s+|approximately\s+|roughly\s+|~)?$")
# "we expect a $130 million tailwind": the size of an effect on the metric, not its level
_EFFECT_AFTER = case_blind(r"\s*(?:(?:net|gross|year[-\s]over[-\s]year|incremental)\s+)?(?:tailwinds?|headwinds?)\b")
_CHANGE_OF = case_blind(r"\b(?:an?\s+)?(?:increase|decrease|reduction|raise|cut|improvement|change|decline|rise|benefit)\s+of\s+(?:about\s+|approximately\s+|roughly\s+|~)?$")
_CHANGE_AFTER = case_blind(r"\s*(?:or\s+~?[\d.]+%\s+)?(?:increase|decrease|improvement|reduction|benefit|tailwind|higher|lower|raise|cut)\b")
# "reported revenue growth": the basis of a metric, not the verb of a result
_REPORTED_BASIS = case_blind(r"reported\s+(?:[\w&-]+\s+){0,3}?(?:revenues?|sales|growth|eps|earnings\s+per\s+share|margins?|ebitda)\b")
_GUIDE_REVISED = case_blind(r"\b(?:guidance|outlook|forecasts?|guides?|projections?|targets?)\s+(?:(?:was|were|has\s+been|have\s+been|is\s+being)\s+)?"
                            r"(?:cut|lowered|raised|reduced|increased|decreased|trimmed|lifted|boosted|revised|updated|narrowed|widened"
                            r"|reaffirmed|maintained|reiterated|hiked|slashed)\b")
# every entry of words.yaml's ``onlookers`` holds one of these
_ONLOOKER_NEEDLES = ("analyst", "consensus", "street", "sell", "reuters", "lseg", "factset", "refinitiv", "zacks", "visible",
                     "s&p", "bloomberg", "capital", "estimates")
_OUR_VOICE = case_blind(r"\b(?:we|our|us|management|the\s+company)\b(?!\s+to\b)")


def _onlookers_figure(clause: str, start: int) -> bool:
    """A figure the analysts expect ("16 analysts polled by Thomson Reuters expect the company to
    report earnings of $9.03 per share", "versus the consensus of $2.30"): no guide of the company's.
    The company speaking again between them ("analysts asked, and we expect") makes it ours."""
    if not may_hold(clause, _ONLOOKER_NEEDLES):
        return False
    seen = list(words().onlookers.finditer(clause[:start]))
    return bool(seen) and _OUR_VOICE.search(clause, seen[-1].end(), start) is None


def _expected_at(before: str, q: Quantity) -> bool:
    """A note's "expected between 5.5 and 6 million", "expected at 87.5%": the figure is guided."""
    m = _EXPECTED_AT.search(before) if "expected" in before.lower() else None
    return m is not None and (bool(m["at"]) or q.text[:7].lower() in ("between", "in the "))


def _forward_cues(clause: str) -> list[re.Match[str]]:
    """The forward-looking words of ``clause`` that do not name a guide as a yardstick."""
    return [m for m in words().forward.finditer(clause) if not _BENCHMARK_LEAD.search(clause, max(0, m.start() - 60), m.start())]


def _result_cues(clause: str, forward: list[re.Match[str]]) -> list[re.Match[str]]:
    """The result words of ``clause`` (whose ``_forward_cues`` are ``forward``), for ``_guided``:
    found once per clause, not again for each of its figures."""
    # "guidance was cut to", "full-year outlook increased to": the verbs of a guide revised, not of a result
    revised = [m.span() for m in _GUIDE_REVISED.finditer(clause)] if forward else []
    return [m for m in words().result.finditer(clause) if not any(a <= m.start() < b for a, b in revised)
            and not _REPORTED_BASIS.match(clause, m.start())]


_QUARTER_NEEDLES = ("q1", "q2", "q3", "q4", "quarter")  # one is in every quarter a time reference names
_THIS_QUARTER = case_blind(r"\W*(?:\w+\s+)?(?:this|the\s+current|current)\b")  # a call's "this quarter" is the one it reports, whenever it is held
_FIGURE_NEAR = re.compile(r"[$€£¥]?\d")
_AHEAD_REACH = 30  # characters between a quarter named and the figure said of it


def _quarter_ahead_named(clause: str, start: int | None, reference: FiscalPeriod | None, fiscal_year_end: int) -> bool:
    """Whether a quarter after the document's own is named just before the figure at ``start``
    (None: before any figure of the clause): "this translates to a Q1 adjusted EPS range of $3.40
    to $4" in a fourth-quarter call. A figure for a quarter not yet begun is a guide, whatever
    verb says it."""
    if reference is None or not may_hold(clause, _QUARTER_NEEDLES):
        return False
    own = reference.year + (reference.quarter - 1) / 4
    return not narrates_past(clause) and any(
        r.granularity == QUARTER and r.value > own + 1e-9 and not _THIS_QUARTER.match(r.text)
        and (r.end <= start and start - r.end <= _AHEAD_REACH if start is not None else _FIGURE_NEAR.search(clause, r.end, r.end + _AHEAD_REACH + 2))
        for r in _targets(clause, reference, fiscal_year_end))


def _guided(clause: str, start: int, end: int, forward: list[re.Match[str]], results: list[re.Match[str]],
            forward_context: bool) -> bool:
    """Whether forward-looking words govern the figure (the nearest cue before it decides);
    ``forward`` and ``results``: the clause's ``_forward_cues`` and ``_result_cues``."""
    before = clause[:start]
    cues = [(m.end(), True) for m in forward if m.end() <= start] + [(m.end(), False) for m in results if m.end() <= start]
    if cues:
        return max(cues)[1] or (forward_context and not _WAS_BEFORE.search(before))
    cues = [(m.start() - end, True) for m in forward if m.start() >= end] + [(m.start() - end, False) for m in results if m.start() >= end]
    if cues:
        return min(cues)[1]
    return forward_context


_HARM_AFTER = case_blind(r"^(?:,\s*or\s+(?:about\s+|roughly\s+|approximately\s+|~)?[\d.]+\s*(?:basis\s+points?|bps?|%|percent|cents)\s*,)?"  # "$240 million, or roughly 220 basis points, …"
                         r"\s*(?:(?:of|in)\s+)?(?:(?:net|gross|total|ongoing|annual|adverse|unfavou?rable|incremental|additional"
                         r"|[a-z]+-related|one-time|gross[-\s]margin|margin|eps|ebitda|earnings|profit|operating|cogs)\s+)*(?:headwinds?|impacts?|costs?|hit|drag|charges?)\b")
_HARM_BEFORE = case_blind(r"\b(?:headwinds?|impacts?|costs?|hit|drag|charges?|exposure)\s*,?\s+(?:(?:estimated|expected|projected|seen|put)\s+)?(?:of|from|by|at)\s+"
                          r"(?:(?:about|approximately|around|roughly|nearly|up\s+to|~)\s+)?$"  # "rising material costs, estimated at"
                          # "based on tariffs in place today, our approximate 2025 exposure is about"
                          r"|\b(?:headwinds?|impacts?|exposure)\s+(?:is|was|will\s+be|would\s+be|of)\s+(?:(?:about|approximately|around|roughly|nearly|up\s+to|~)\s+)?$"
                          # "gross tariff impact reduced from $60 to", "the tariff cost is now lowered to"
                          r"|\b(?:headwinds?|impacts?|costs?|hit|drag|charges?)\s+(?:(?:is|was|now|has\s+been|have\s+been)\s+)*"
                          r"(?:(?:reduced|lowered|cut|trimmed|raised|increased|revised|updated)\s+(?:from\s+[~≈]?[$€£¥]?\d[\d.,]*\s*(?:%|[a-z]+\s+)?\s*)?"
                          r"|from\s+[~≈]?[$€£¥]?\d[\d.,]*\s*(?:%|[a-z]+\s+)?\s*)to\s+(?:(?:about|approximately|around|roughly|~)\s+)?$")
_HARM_NOUNS = ("headwind", "impact", "cost", "hit", "drag", "charge", "exposure")  # one is in every match of _HARM_BEFORE


_HARM_VERB = case_blind(r"\b(?:dilute|reduce|hurt|weigh\s+on|pressure|lower|impact|hit)\w*\s+(?:[\w'’-]+\s+){0,3}by\s+(?:about\s+|approximately\s+|~)?$"
                        r"|\b(?:raise|increase|add\s+to|drive\s+up|push\s+up)\w*\s+(?:our\s+)?(?:[\w-]+\s+){0,2}(?:costs|expenses|cost\s+of\s+(?:goods\s+sold|sales|revenues?)|cogs)"
                        r"\s+by\s+(?:about\s+|approximately\s+|roughly\s+|~)?$")


def _realized(refs: Sequence[TimeRef], start: int, end: int, reference: FiscalPeriod | None, clause: str) -> bool:
    """A harm stated for the quarter just reported, or earlier, is the quarter's result
    ("June-quarter tariff costs ~$800M" in the June-quarter call), not an estimate."""
    if reference is None or _HARM_AHEAD.search(clause):
        return False
    label = _period_of(refs, start, end, "", clause)
    if not label.startswith("Q") or " " not in label:
        return False
    quarter, year = label.split()
    return (int(year), int(quarter[1])) <= (reference.year, reference.quarter)


def _net_or_gross(metric: str, clause: str, start: int) -> str:
    """"a gross adverse EBIT impact of $2.5 billion and a net … of about $1.5 billion": the gross
    and the net cost of a harm are two figures."""
    m = _NET_BEFORE.search(clause[max(0, start - 60):start]) \
        or re.match(r"\W*(?:[\d.,$%–-]+\w*\s+)?\b(net|gross)\b", clause[start:start + 40], re.I)
    return f"{metric}_{m.group(1).lower()}" if m else metric


_HARM_TOPICS = frozenset({"inventory", "pricing", "supply", "quality", "regulation", "costs"})  # whose costs a figure may be


def _harm_topic(clause: str, start: int, end: int) -> str:
    """The risk topic a quantity is the cost of ("tariff headwind of $2 billion", "a 20 basis
    point impact" of tariffs, "currency is expected to dilute EPS by 4 cents"), or ""."""
    before = clause[max(0, start - 60):start]
    verb = _HARM_VERB.search(before) if may_hold(before, ("by",)) else None  # "… dilute EPS by"
    if verb is not None and _OWN_ACTION.search(before, 0, verb.start()):
        verb = None  # "we plan to reduce total operational hours by 25 million": the company's own doing
    before = clause[max(0, start - 40):start]
    named = _HARM_AFTER.match(clause[end:end + 90]) or (may_hold(before, _HARM_NOUNS) and _HARM_BEFORE.search(before)) or verb
    if named is None or _FAVOURABLE.search(clause, max(0, start - 70), start):
        return ""  # "an incremental positive foreign currency impact of $1.1 billion", "favorably impacted by": a help, no harm
    window = clause[max(0, start - 120):min(len(clause), end + 80)]
    for topic in topics():
        if topic.id in ("tariffs", "fx") and topic.cues.search(clause):
            return topic.id
    # "costs … expected to pressure gross margin by about 150 basis points": the verb says it harms
    if verb or _HARM_ADJECTIVE.search(window):
        # the topic named nearest the figure: "memory prices have risen, and we expect memory costs
        # to reduce gross margin by about 150 basis points" is a cost
        at = min(start, 120)  # where the figure starts in the window
        near = [(min(abs(m.start() - at) for m in found), k, topic.id) for k, topic in enumerate(topics())
                if (topic.id in _HARM_TOPICS or verb) and (found := list(topic.cues.finditer(window)))]
        if near:  # a verb that says the figure harms lets any topic be its cause: "export restrictions expected to reduce revenue by"
            return min(near)[2]
    return ""


_FAVOURABLE = case_blind(r"\b(?:positive|favou?rable|beneficial)\s+(?:[\w-]+\s+){0,3}(?:impacts?|effects?|contributions?)\s+(?:of|from)\s+"
                         r"(?:about\s+|approximately\s+|roughly\s+|~)?$|\b(?:favou?rably|positively)\s+(?:impacted|affected)\s+by\s+(?:about\s+|approximately\s+|roughly\s+|~)?$")
# "increasing our operational sales guidance for the full year by $700 million": the size of the move
_CHANGED_BY = case_blind(r"\b(?:improv|increas|rais|boost|lift|add|grow|expand|benefit|reduc|lower|cut|decreas)\w*\s+(?:[\w'’-]+\s+){0,8}by\s+"
                         r"(?:about\s+|approximately\s+|roughly\s+|~)?$")
# "acquisitions are expected to add approximately 33 cents per share to EPS": what something adds, no level
_ADDS = case_blind(r"\b(?:add|adds|adding|contribut(?:e|es|ing))\s+(?:(?:an\s+)?(?:about|approximately|roughly|around|nearly|estimated|incremental|another)\s+|~)*$")
_OWN_ACTION = case_blind(r"\b(?:we|i)(?:'ll|\s+will|\s+(?:plan|aim|intend|expect|want|are\s+going|hope)\s+to|\s+can|\s+could|\s+would)?\s+$")


def _harmed_by(clause: str, start: int) -> bool:
    """Whether the quantity at ``clause[start:]`` is how much something harms a metric ("the
    divestiture will reduce revenue by about $200 million"): the size of a change, no level."""
    before = clause[max(0, start - 60):start]
    return may_hold(before, ("by",)) and _HARM_VERB.search(before) is not None


_FULL_YEAR = "full year"
_NEW_TELLING = case_blind(r"\b(?:and|while|but|whereas|with)\s+(?:we|the\s+company|it|management|they|our)\b|\d")


_AFTER_REACH = 60  # characters after a figure within which a period named is the figure's


def _period_of(refs: Sequence[TimeRef], start: int, end: int, default: str, clause: str = "") -> str:
    """The period nearest a figure: one before it, or one right after it with no comma
    between ("$3.20 to $3.30, reflecting the strong first half" is for no half)."""
    # one after it only close by: a run-on call's "… up 20 basis points a prior year as margin improvement … is
    # offset by contraction in aero for the year we now expect" gives the year to what follows
    usable = [r for r in refs if r.end <= start or (not re.search(r",|\(|\bwith\b", clause[end:r.start]) and r.start - end <= _AFTER_REACH)] \
        if clause else refs
    if clause and re.match(r"\s*(?:FY|full[-\s]year)\b(?!\s*'?\d)", clause, re.I) and not [r for r in usable if r.end <= start]:
        return default if default.startswith("FY") else _FULL_YEAR  # "FY tariff headwind …": the year the document guides
    if not usable:
        return default

    def distance(ref: TimeRef) -> int:
        return start - ref.end if ref.end <= start else (ref.start - end)

    if any(r.end <= start for r in usable) and clause:
        # a period named before the figure holds unless one follows it in the same telling ("1.7%
        # pricing planned at the start of Q4"): "second quarter EPS guidance is $0.57 to $0.59
        # and we expect our full-year EPS to be …" gives the full year to the next sentence's figure
        usable = [r for r in usable if r.end <= start or not _NEW_TELLING.search(clause, end, r.start)]
        # a period with another figure between it and this one is that figure's ("peak beef
        # pressure in Q3 (~7%) with 1.7% pricing planned at the start of Q4"), when another is named
        own = [r for r in usable if not re.search(r"\d", clause[r.end:start] if r.end <= start else clause[end:r.start])]
        usable = own or usable
    nearest = min(usable, key=distance)
    if nearest.granularity == LONG_TERM and (dated := [r for r in usable if r.granularity != LONG_TERM and r.absolute]):
        nearest = min(dated, key=distance)  # "our long-term target of 20% operating margin by 2028": the year says when
    return period_label(nearest)


def _context_period(statement: Statement, reference: FiscalPeriod | None, fiscal_year_end: int) -> str:
    """The period a statement's label, lead-in or headings give ("Q2 2025:", "In the third
    quarter of 2026, we estimate:", "Fiscal 2026 Outlook")."""
    return _labels_period(statement.topic, statement.context, reference, fiscal_year_end)


@lru_cache(maxsize=4096)
def _labels_period(topic: str, context: tuple[str, ...], reference: FiscalPeriod | None, fiscal_year_end: int) -> str:
    for where in (topic, *reversed(context)):
        if not where:
            continue
        refs = find_time_refs(where, reference, strict=False, fiscal_year_end=fiscal_year_end)
        if refs:
            return period_label(refs[-1] if "fq" in where.lower() else refs[0])
    return ""


_REVISED_BY = case_blind(r"\b(?P<verb>rais\w*|lower\w*|reduc\w*|cut(?:s|ting)?|increas\w*|trimm?\w*|lift\w*|boost\w*|decreas\w*)\b[^.;]{0,60}?"
                         r"\bby\s+(?:about\s+|approximately\s+|roughly\s+|~)?$")
_TO_NEW = re.compile(r"\s*,?\s+to\s+(?:about\s+|approximately\s+|roughly\s+|~)?$", re.I)


def _revised_by(q: Quantity, here: list[Quantity], clause: str, lo: int, start: int, end: int) -> Quantity | None:
    """For the size of a revision said before its new value ("lowering our outlook for operating
    margin by 50 basis points to 12.5%"): the value it replaces (13%), as a figure before the new
    one; None for any other figure."""
    before = clause[max(0, start - 90):start]
    verb = _REVISED_BY.search(before) if may_hold(before, ("by",)) else None  # "… lowering our outlook … by"
    later = [p for p in here if p.start - lo >= end]
    if verb is None or not later or not _TO_NEW.fullmatch(clause[end:later[0].start - lo]):
        return None
    new = later[0]
    size = q.low / 100 if (q.unit, new.unit) in (("bp", "%"), ("bp", "pts")) else q.low if q.unit == new.unit or (q.unit, new.unit) == ("pts", "%") else None
    if size is None or new.low != new.high:
        return None
    sign = -1 if re.match(r"lower|reduc|cut|trim|decreas", verb["verb"], re.I) else 1
    was = new.low - sign * size
    return replace(new, low=was, high=was, text=q.text)


def _reported_quarter(period: str, reference: FiscalPeriod | None) -> bool:
    """A quarter ("Q1 2025") that is the document's own, or one before it: no guide can be for it."""
    quarter = FiscalPeriod.find(period) if reference is not None and period.startswith("Q") else None
    return quarter is not None and reference is not None and quarter <= reference


def _figure(metric: str, q: Quantity, period: str, clause: str, statement: Statement) -> Figure:
    return Figure(metric=metric, low=q.low, high=q.high, unit=q.unit, text=q.text, period=period,
                  approximate=q.approximate, bound=q.bound, source=statement.text if len(statement.text) < 400 else clause)


def _guide_basis(clause: str, start: int, end: int, metric_start: int, figure_ends: list[int], matches: list[MetricMatch]) -> str:
    """The basis of the guide at ``clause[start:end]`` whose metric is named at ``metric_start``
    (-1: none): named with the metric before the figure ("adjusted EPS, with comparable sales":
    not past the metric or figure before it), or, for a metric named after its figure, between
    them or just before the figure ("adjusted earnings in a range of $9.00 and $9.50 per share")."""
    lead_from = max((e for e in figure_ends if e <= start), default=0)  # the words that lead the figure start after the one before it
    if 0 <= metric_start < start:
        named_before = max((m.end() for m in matches if m.end() <= metric_start), default=0)
        return _basis(clause, metric_start, 25, max(lead_from, named_before))
    return (metric_start >= 0 and _basis(clause, metric_start, 25, end)) or _basis(clause, start, 40, lead_from)


def _clause_basis(clause: str, end: int) -> str:
    """The basis a clause states for its figures ("on a constant currency basis", "in constant
    currency", "excluding currency"): the one right after the figure ending at ``end`` ("$3.00
    on a GAAP basis and $3.50 on an adjusted basis"), else the clause's one basis, or ""."""
    if not may_hold(clause, _BASIS_PHRASE_NEEDLES):
        return ""
    said = [(m.start(), _basis(m.group(0), len(m.group(0)), len(m.group(0))) or "constant currency")  # "excluding currency": at constant rates
            for m in _BASIS_PHRASE.finditer(clause)]
    after = [basis for at, basis in said if 0 <= at - end <= 30]
    if after:
        return after[0]
    return said[0][1] if len({basis for _, basis in said}) == 1 else ""


_BASIS_PHRASE = case_blind(r"\b(?:on\s+an?|in)\s+(?:constant[-\s]currency|organic|adjusted|non[-\s]?gaap|gaap|reported)\s+(?:basis|terms)\b"
                           r"|\b(?:in|at)\s+constant\s+(?:currency|currencies|exchange\s+rates|fx)\b"
                           r"|\bexcluding\s+(?:the\s+(?:impact|effect)s?\s+of\s+)?(?:currency|currencies|foreign\s+exchange|fx)\b")
_BASIS_PHRASE_NEEDLES = ("basis", "terms", "constant", "excluding")  # one is in every match of _BASIS_PHRASE


def _basis(clause: str, start: int, reach: int = 25, lead_from: int = 0) -> str:
    """The basis named just before a metric ("adjusted EBITDA", "organic net sales"), or, for a
    metric named after its figure ("adjusted earnings in a range of $9.00 and $9.50 per share"),
    before the figure, as far back as ``lead_from``."""
    window = clause[max(0, lead_from, start - reach):start + 12]
    for name, pattern in _BASIS:
        if pattern.search(window):
            return name
    return ""


def _scenario(statement: Statement, clause: str) -> str:
    """The scenario a guide is given under, from its clause, else the statement's first clause
    or label: "ex tariffs" (pre-tariff, excluding tariffs), "incl tariffs" (including them,
    or a scenario that assumes them), or the scenario's own name ("downside scenario")."""
    return _scenario_in(clause) or _lead_scenario(statement.text, statement.topic)


@kept  # asked for every guide of a statement
def _lead_scenario(text: str, topic: str) -> str:
    """The scenario a statement's first clause or its label names for all of it; a first clause
    with figures of its own ("commodity inflation raised to ~4% including tariffs; …") names
    their scenario only."""
    first = _CLAUSE.split(text, maxsplit=1)[0]
    named = _scenario_in(first)  # the cheap test first: most first clauses name no scenario
    return (named if named and not quantities(first) else "") or _scenario_in(topic)


def _scenario_in(where: str) -> str:
    if where and may_hold(where, _SCENARIO_NEEDLES) and (m := _SCENARIO.search(where)):
        return _canonical_scenario(where[m.start():m.end() + 60])
    return ""


def clause_of(text: str, fragment: str) -> str:
    """The clause of ``text`` (split as ``read_facts`` splits it) that holds ``fragment``, else ``text``."""
    return next((part for part in _CLAUSE.split(text) if fragment and fragment in part), text)


def _canonical_scenario(text: str) -> str:
    lowered = re.sub(r"[\s‑-]+", " ", text.lower())
    if "net of tariff" in lowered:
        return ""
    if re.search(r"\b(?:pre|ex|excluding|before|without)\s+tariff", lowered):
        return "ex tariffs"
    if re.search(r"\btariff", lowered):
        return "incl tariffs"
    m = re.match(r"([\w ]{1,30}?)\s+scenario", lowered)
    return f"{m.group(1).strip()} scenario" if m else ""


_NOT_EXPECTED = case_blind(r"\b(?:don't|do\s+not|doesn't|does\s+not|not)\s+(?:currently\s+)?(?:expect|anticipate|see|plan|assume)\b")


def _levels(clause: str, matches: list[MetricMatch], refs: Sequence[TimeRef], default_period: str, statement: Statement,
            previous_metric: str) -> list[Figure]:
    """Guides said in words: "Sales/revenues about flat vs 2024", "including tariffs, bottom half"."""
    out: list[Figure] = []
    if may_hold(clause, ("not", "n't")) and _NOT_EXPECTED.search(clause):
        return out  # "we don't expect Threads to be a meaningful driver of revenue growth in 2025": no level guided
    candidates = [(metrics().of(m).id, m.start(), m.end()) for m in matches if not metrics().of(m).harm]
    if not candidates and previous_metric:
        candidates = [(previous_metric, 0, 0)]
    seen: set[str] = set()
    used_until = 0  # the end of the words the last level was read from: no two metrics share them
    for k, (metric, start, end) in enumerate(candidates):
        if metric in seen or metrics().metrics.get(metric, None) is None or metrics().metrics[metric].harm:
            continue
        stop = candidates[k + 1][1] if k + 1 < len(candidates) else len(clause)
        span_start = end if end < stop else 0
        span = clause[span_start:stop] if end < stop else clause
        # words before a metric are its own only after the metric before it: "OpEx is guided down
        # materially on restructuring savings" guides OpEx down, not the savings
        span_before = clause[max(0, start - 30, candidates[k - 1][2] if k else 0, used_until):start]
        for pattern, value in _POSITIONS:
            if m := pattern.search(span):
                out.append(Figure(metric=metric, low=value, high=value, unit="level", text=m.group(0),
                                  period=_period_of(refs, start, end, default_period), qualitative=m.group(0),
                                  scenario=_scenario(statement, clause), segment=_segment(clause, start) if end else "",
                                  source=statement.text))
                seen.add(metric)
                used_until = span_start + m.end()
                break
        else:
            for pattern, value in _LEVELS:
                after, before = pattern.search(span[:80]), pattern.search(span_before)
                if after and not value and _GUIDE_NOUN.search(span[:after.start()]):
                    after = None  # "revenue guidance remains unchanged": the guide is kept, not a growth of nil
                m = after or before
                if m:
                    used_until = span_start + m.end() if after else start
                    metric_id = f"{metric}_growth" if metrics().metrics[metric].unit in ("money", "count") else metric
                    out.append(Figure(metric=metric_id, low=value, high=value, unit="level", text=m.group(0),
                                      period=_period_of(refs, start, end, default_period), qualitative=m.group(0),
                                      scenario=_scenario(statement, clause), segment=_segment(clause, start) if end else "",
                                      source=statement.text))
                    seen.add(metric)
                    break
    return out


# What an outlook table's column holds, by its header: "Prior Guidance | Updated Guidance"
# (the guide it replaces and the guide), "2025 Actual | 2026 Outlook" (a result and the guide).
_GUIDE, _PRIOR, _RESULT = "guide", "prior", "result"
_PRIOR_COLUMN = case_blind(r"\b(?:prior|previous(?:ly)?|original(?:ly)?|initial|old|earlier|last)\b")
_RESULT_COLUMN = case_blind(r"\b(?:actuals?|results?|reported|ytd|year[-\s]to[-\s]date)\b")
_NEW_COLUMN = case_blind(r"\b(?:updated|current|new|revised|raised|lowered|outlook|guidance|guide|forecast|expected|estimates?)\b")


_LOW_COLUMN = case_blind(r"^(?P<rest>.*?)\b(?:low|minimum|min|low\s+end)\b(?P<tail>.*)$")
_HIGH_COLUMN = case_blind(r"\b(?:high|maximum|max|high\s+end)\b")
_SCALE_NOTE = case_blind(r"\bin\s+(?P<scale>thousands|millions|billions)\b")
_SCALED = case_blind(r"\d\s*(?:thousand|million|billion|trillion|[kmb]n?|mm)\b")
_PER_SHARE = frozenset({"eps", "dividend"})


def _row_cells(statement: Statement) -> list[tuple[str, str]]:
    """(column header, cell) of a table row's values; a "Low" and a "High" column side by side are
    one range ("$3,250 | $3,320" under "Low | High" is $3,250 - $3,320)."""
    columns = statement.columns
    pairs = [(columns[k] if k < len(columns) else "", cell) for k, cell in enumerate(statement.cells) if k]
    out: list[tuple[str, str]] = []
    k = 0
    while k < len(pairs):
        header, cell = pairs[k]
        low = _LOW_COLUMN.match(header)
        if low is not None and k + 1 < len(pairs) and _HIGH_COLUMN.search(pairs[k + 1][0]) and cell.strip() and pairs[k + 1][1].strip():
            out.append(((low["rest"] + low["tail"]).strip(), f"{cell} - {pairs[k + 1][1]}"))
            k += 2
            continue
        out.append((header, cell))
        k += 1
    return out


def _table_scale(statement: Statement) -> float:
    """The scale a table's note gives its money figures: "(in millions, except per share)"."""
    for text in (*statement.columns[:1], statement.topic, *statement.context):
        if text and (m := _SCALE_NOTE.search(text)):
            return {"thousands": 1e3, "millions": 1e6, "billions": 1e9}[m["scale"].lower()]
    return 1.0


def _column_role(header: str) -> str:
    if _NEW_COLUMN.search(header) and not _PRIOR_COLUMN.search(header):
        return _GUIDE  # "Updated Guidance", "2026 Outlook"
    if _PRIOR_COLUMN.search(header):
        return _PRIOR
    return _RESULT if _RESULT_COLUMN.search(header) else _GUIDE


def _row_guides(statement: Statement, reference: FiscalPeriod | None, fiscal_year_end: int, forward: bool) -> list[tuple[Figure, str]]:
    """An outlook table's row: each cell a guide for its column's period, or, under a header that
    says so, the guide it replaces or a result; each with its column's role."""
    if not forward:
        return []
    label = statement.cells[0]
    m = metrics().search(label)
    if m is None:
        return []
    metric = metrics().of(m).id
    share = re.search(r"(?:%|percent(?:age)?)\s+of\b", label, re.I) is not None
    out: list[tuple[Figure, str]] = []
    scale = _table_scale(statement) if metrics().metrics[metric].unit == "money" and metric not in _PER_SHARE else 1.0
    for column, cell in _row_cells(statement):
        written = in_digits(cell)
        role = _column_role(column)
        if role == _RESULT:
            continue
        for q in quantities(written):
            if scale != 1.0 and is_currency(q.unit) and not _SCALED.search(q.text):
                q = replace(q, low=q.low * scale, high=q.high * scale)  # "(in millions)": "$3,250" is $3.25 billion
            refs = find_time_refs(column, reference, strict=False, fiscal_year_end=fiscal_year_end) if column else []
            period = period_label(refs[0]) if refs else _context_period(statement, reference, fiscal_year_end)
            metric_id = metric
            if q.unit == "%" and metrics().metrics[metric].unit in ("money", "count"):
                metric_id = f"{metric}_growth" if (_GROWTH.search(label) or q.low < 0) else f"{metric}_share"
            if share and metrics().metrics[metric].unit != "pct":
                # "Adjusted EBITDA as a percentage of Net Sales" is the margin, whatever it is a share of
                metric_id = "ebitda_margin" if metric == "ebitda" else f"{metric}_share"
            out.append((Figure(metric=metric_id, low=q.low, high=q.high, unit=q.unit, text=q.text, period=period,
                               approximate=q.approximate or bool(re.search(r"approx", cell, re.I)), bound=q.bound,
                               basis=_basis(label, len(label)), source=statement.text), role))
    return out


_TOWARD_END = case_blind(r"\b(?:expected|now\s+(?:expects?|sees?|anticipates?)|trending|tracking|guid\w+)\s+(?:[\w-]+\s+){0,4}?(?:towards?|at|near|to)\s+the\s+"
                         r"(?P<end>low|lower|bottom|high|higher|upper|top)\s+(?:end|half)\s+of\s+(?:the|its|their|our)\s+(?:respective\s+)?"
                         r"(?:[\w-]+\s+){0,3}?ranges?\b")  # "of our full-year revenue range", "of our guidance ranges"


def _revisions(text: str) -> list[Revision]:
    """Explicit words that a guide moved."""
    out: list[Revision] = []
    # each expression is tried only on a text that holds the words every match of it holds
    # (most hold one or two of them): five scans of each statement with a hint were a fifth of its facts
    for m in (_AGAINST_PLAN.finditer(text) if may_hold(text, _AGAINST_PLAN_NEEDLES) else ()):
        clause = text[max(0, text.rfind(".", 0, m.start()) + 1):m.end()]
        if not words().forward.search(clause):
            continue  # "were up 2.6%, better than our initial expectations" is a result
        direction = -1 if (m["dir"] or m["side"]).lower() in ("lower", "less", "worse", "below", "under") or (m["side"] or "").lower().startswith("short") else 1
        out.append(Revision(_nearest_metric(text, m.start()), direction, m.group(0), explicit=True))
    for m in (_NOW_BOUND.finditer(text) if may_hold(text, ("now",)) else ()):
        direction = -1 if m["dir"].lower() in ("less", "fewer", "lower", "below", "under") else 1
        out.append(Revision(_nearest_metric(text, m.start()), direction, m.group(0).strip(), explicit=True))
    for m in (_PAREN_REVISION.finditer(text) if "(" in text else ()):
        if re.search(r"\b(?:yoy|y/y|year[-\s]over[-\s]year|vs\.?\s+(?:prior|last)|than\s+(?:prior|last)\s+year|sequentially|q/q)\b", m["words"], re.I):
            continue  # "(~$100M lower YoY)" compares with last year, not with the last guide
        direction = 1 if _RAISE.search(m["words"]) or re.search(r"\bhigher\b", m["words"], re.I) else -1
        if re.search(r"\b(?:trimmed|lowered|cut|reduced|lower)\b", m["words"], re.I):
            direction = -1
        out.append(Revision(_nearest_metric(text, m.start()), direction, m.group(0)))
    for m in (_TOWARD_END.finditer(text) if may_hold(text, (" end", " half")) else ()):
        # "expected towards the lower end of their respective ranges": the midpoint guided before moves
        direction = -1 if m["end"].lower() in ("low", "lower", "bottom") else 1
        out.append(Revision(_nearest_metric(text, m.start()), direction, m.group(0), explicit=True))
    for verb, direction, needles in ((_LOWER, -1, _LOWER_NEEDLES), (_RAISE, 1, _RAISE_NEEDLES)):
        for m in (verb.finditer(text) if may_hold(text, needles) else ()):
            noun = _REVISED_NOUN.match(text, m.end())
            if noun:
                # the metric named with the noun, not one the next clause names ("raised earnings
                # guidance, while maintaining its revenue outlook")
                reach = text[noun.end():noun.end() + 40]
                reach = reach[:m2.start()] if (m2 := re.search(r"[,;]|\b(?:while|but|and\s+(?:maintain|reaffirm|reiterat|kept))", reach)) else reach
                metric = _nearest_metric(text[:noun.end() + len(reach)], m.end())
                out.append(Revision(metric, direction, text[m.start():noun.end()], explicit=True))
    return out


def _nearest_metric(text: str, at: int) -> str:
    best, distance = "", 10**9
    for m in metrics().finditer(text):
        d = abs(m.start() - at)
        if d < distance and not metrics().of(m).harm:
            best, distance = metrics().of(m).id, d
    return best
