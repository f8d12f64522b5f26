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
"reduced", "no longer a constraint", input "prices eased"); an easing statement is read even
when it weighs less than a risk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from earnings.document import Statement
from earnings.memo import kept
from earnings.rules import case_blind, may_hold, metrics, possible_topics, tokens, topics, words
from earnings.rules import topic as rule_topic

_RELIEF = case_blind(r"\b(?:refunds?|relief|reprieve|exemptions?|waivers?|favou?rable\s+(?:\w+\s+){0,2}(?:impacts?|effects?))\b")
_EASING_WORDS = frozenset(
    "eased easing eases moderated moderating moderate moderates subsided subsiding abated abating receded receding "
    "stabilized stabilizing stabilised stable steady normalized normalizing improved improving improve improves "
    "lessened lessening diminished diminishing reduced lower smaller less fewer refund refunds relief reprieve "
    "exemption exemptions waiver waivers favorable favourable commitments commitment obligations liabilities since "
    "complete completed behind over done ended bottoming bottomed bottom troughing troughed stabilization stabilisation "
    "normalization normalisation".split())
_DID = case_blind(r"\bdid\s+$")
_GREW = case_blind(r"\b(?:further(?!\s+(?:reduc|cut|lower|improv|strengthen|invest|expand|optimi|streamlin|accelerat|enhanc|support|build|grow|our|we|to\b))|sequentially|more\s+pronounced|accelerat\w+|deepen\w*)\b")
RISK_WEIGHT = 2.0
_RESULT_DAMPING = 1 / 3
_PAST_DAMPING = 0.5
_MAX_WEIGHT = 6.0
_IF_HARM = case_blind(r"\bif\s+(?:\w+\s+){0,3}(?:weaken|soften|slow|declin|deteriorat|worsen|drop|fall)\w*")
_GOES_ON = case_blind(r"\bto\s+(?:continue|persist|remain)\b|\bfor\s+the\s+(?:rest|balance|remainder)\s+of\s+the\s+year\b")
_GOES_ON_NEEDLES = ("continue", "persist", "remain", "rest", "balance")  # one is in every match of _GOES_ON
_BECAME = case_blind(r"\b(?:has|have)\s+become\b|\bis\s+becoming\b|\bare\s+becoming\b")
# An analyst's question left in an executive's turn by speech-to-text: not the company's words.
_ASKED = case_blind(r"\b(?:i'?m\s+curious|i\s+(?:wanted|want)\s+to\s+ask|my\s+question|can\s+you\s+(?:talk|help|give|walk)"
                    r"|could\s+you\s+(?:talk|help|give|walk)|how\s+should\s+we\s+think)\b")
_ASKING_NEEDLES = ("curious", "ask", "question", "you", "think")  # every match of _ASKED holds one
_TRANSIENT = case_blind(r"\b(?:timing\s+of\s+(?:easter|the\s+holidays?|thanksgiving|ramadan|chinese\s+new\s+year)|easter\s+shift|calendar\s+shift"
                        r"|extra\s+week|53rd\s+week|leap\s+(?:day|year)|one\s+fewer\s+(?:day|week)"
                        r"|(?:currency|fx|foreign\s+exchange)\s+translation|translational)\b")
_TRANSIENT_NEEDLES = ("timing", "easter", "calendar", "week", "leap", "fewer", "translation")  # one is in every match of _TRANSIENT
_HYPOTHETICAL_DAMPING = 0.5
# A harm conceded and answered by strength in the same sentence: "While we experienced a slowdown
# in May, we did see momentum build …", "Construction soft in spots (Europe weak), but North
# America healthy". The sentence is about the strength.
_STRENGTH = (r"(?:momentum|recover\w*|rebound\w*|improv\w*|strong|stronger|strength|healthy|resilient|solid|robust"
             r"|turned\s+positive|accelerat\w*)")
_CONCEDED = case_blind(rf"^\W*(?:while|although|though|even\s+though)\b[^;]{{5,240}}?,\s*(?:but\s+)?(?:we|our|the|it|they)\b"
                       rf"[^;]{{0,60}}?\b(?:did|have|has|saw|see|seeing)\b[^;]{{0,30}}?\b{_STRENGTH}\b")
_OFFSET_BY_STRENGTH = case_blind(rf",\s*but\s+(?:[\w&()-]+\s+){{0,4}}{_STRENGTH}\b")
_BALANCED_DAMPING = 0.4
_REFERRED = re.compile(r"\b(?:the|this|that|these|those|its|our)\s+(?:[\w-]+\s+)?$", re.I)  # "the warning letter", "this recall"
# The harm is a rival's, and the company says it gains by it: "it will be harder for them, and
# that will widen our lead".
_RIVALS_HARM = case_blind(r"\b(?:widen|extend|strengthen|increase|grow)(?:s|ed|ing)?\s+our\s+(?:[\w-]+\s+)?(?:lead|advantage|moat|edge)\b"
                          r"|\b(?:gives?|giving)\s+us\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:advantage|edge)\b")
# Said to be small, right before the harm: "a limited impact", "minimal exposure" ("limited
# substrate supply could constrain output" is not a small constraint).
_SMALL = case_blind(r"\b(?:minimal|limited|immaterial|manageable|negligible)\s+(?:[\w-]+\s+)?$")
_NEGATION_REACH = 40  # characters before a harm word in which a negation cancels it
_DIGIT = re.compile(r"\d")
_SIZED_LEVY = case_blind(r"\b(?:tariffs?|duties|levies)\b[^.;]{0,80}?\d|\d[^.;]{0,40}?\b(?:of\s+|from\s+)?(?:tariffs?|duties|levies)\b")
_LEVY_NEEDLES = ("tariff", "duties", "levies")  # one is in every match of _SIZED_LEVY
_DESPITE = case_blind(r"\bdespite\b|\bin\s+spite\s+of\b")
_DESPITE_NEEDLES = ("spite",)  # in every match of _DESPITE
# "at the risk of repeating myself", "risk-adjusted", "risk management": the word, no risk
_RISK_IDIOM = case_blind(r"(?<=\bat\sthe\s)risk\s+of\b|risks?(?:-adjusted|-free|-based|\s+management|\s+appetite|\s+profile|\s+framework)\b")
# the generic "you" of an argument: "you would price yourself to be uncompetitive and risk eroding that business"
_YOU_WOULD = case_blind(r"\byou\s+(?:would|could|might|'d)\b")
_IF_THEN = case_blind(r"\bif\b[^.;]{0,80}\b(?:would|could|gets?|might)\b")
_WE = case_blind(r"\b(?:we|our|us)\b")


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
    """A harm word just after a negation ("we do not see any material impact"), or anywhere
    after "despite" in its clause ("margin expansion despite the pressure to mix from a
    skincare decline": the harm is said to be overcome)."""
    before = text[max(0, start - _NEGATION_REACH):start]
    clause = re.split(r"[,;.]|\bbut\b|\bhowever\b", before)[-1]
    if words().negation.search(clause) is not None or _SMALL.search(clause):
        return True
    if not may_hold(text, _DESPITE_NEEDLES):
        return False
    whole = re.split(r"[;.]|\bbut\b|\bhowever\b", text[:start])[-1]
    return _DESPITE.search(whole) is not None


def risk_topic(text: str) -> str:
    """The taxonomy topic with the most cues in ``text`` ("" when none)."""
    best, count = "", 0
    possible = possible_topics(tokens(text), text)  # a topic none of whose cues can match has no hits
    for topic in topics():
        if topic.id not in possible:
            continue
        hits = len(topic.cues.findall(text))
        if hits > count:
            best, count = topic.id, hits
    return best


_CLAUSES = re.compile(r";\s+")


def read_risks(statement: Statement) -> tuple[RiskReading, ...]:
    """The risks ``statement`` states, one per clause that states one: a summary's bullet
    "Tariffs are the primary headwind in H2; Europe weakness; coal price pressure on mining"
    names three."""
    return risks_of(statement.text)


def risks_of(text: str) -> tuple[RiskReading, ...]:
    """``read_risks`` of a statement whose text is ``text`` (they depend on nothing else)."""
    if text.rstrip().endswith("?"):
        return ()
    clauses = [c for c in _CLAUSES.split(text) if c.strip()]
    if len(clauses) == 1:
        found = read_risk(text)
        return (found,) if found else ()
    return tuple(r for r in (read_risk(c) for c in clauses) if r is not None)


def read_risk(text: str) -> RiskReading | None:
    """The risk a clause states, or None (see the module docstring)."""
    if text.rstrip().endswith("?"):
        return None
    lexicon = words()
    said = tokens(text)
    # (``may`` lets every text through for the strong list; ``could_match`` rules out the texts it cannot match)
    strong = lexicon.harm_strong.may(said) and lexicon.harm_strong.could_match(said, text)
    weak = lexicon.harm_weak.could_match(said, text)
    eventful = lexicon.event.could_match(said, text)
    if not (strong or weak or _EASING_WORDS.intersection(said) or not _RELIEF_WORDS.isdisjoint(said) or eventful):
        return None  # no word of harm or relief: most sentences of a call
    if may_hold(text, _ASKING_NEEDLES) and _ASKED.search(text):
        return None
    if "our" in said and _RIVALS_HARM.search(text):
        return None  # the harm is a rival's, and the company gains by it
    harms: list[str] = []
    weight = 0.0
    # an event told anew ("the FDA issued a warning letter"), not one referred back to ("the effect of the warning letter")
    event = eventful and any(not _negated(text, m.start()) and not _REFERRED.search(text, 0, m.start())
                             for m in lexicon.event.finditer(text))
    for pattern, value, maybe in ((lexicon.harm_strong, 2.0, strong), (lexicon.harm_weak, 1.0, weak), (lexicon.event, 2.0, event)):
        if not maybe:
            continue
        for m in pattern.finditer(text):
            if _negated(text, m.start()) or (text[m.start():m.start() + 4].lower() == "risk" and _RISK_IDIOM.match(text, m.start())):
                continue
            harm = m.group(0).lower()
            if pattern is lexicon.event and (harm in harms or _REFERRED.search(text, 0, m.start())):
                continue  # counted once, as a harm word; a reference back is no harm of its own
            if value < 2.0 and harm.rstrip("s") in {h.rstrip("s") for h in harms}:
                continue  # a word that needs company is not its own company: "tariff" four times is one
            harms.append(harm)
            weight += value
    easing = bool(_EASING_WORDS.intersection(said)) and _eases(text)
    relieved = False
    if not easing and not _RELIEF_WORDS.isdisjoint(said):
        relieved = easing = _relieved(text)
    if not harms and not easing:
        return None
    weight = min(weight, _MAX_WEIGHT)  # a run-on sentence of speech-to-text is not several risks
    # the damping expressions below are each tried only on a text that holds a word every match
    # of it holds: most risks hold none, and the expressions were a sixth of a risk's reading
    if may_hold(text, ("becom",)) and _BECAME.search(text):
        weight += 0.5  # "has become rather complicated": a condition that is new
    elif may_hold(text, _GOES_ON_NEEDLES) and _GOES_ON.search(text):
        weight += 0.5  # "the mix headwind … to continue for the rest of the year": a harm that lasts
    if lexicon.modal.search(text):
        weight += 1.0
    if lexicon.intensity.search(text):
        weight += 0.5
    if weight < RISK_WEIGHT and not easing:
        return None  # what follows only damps the weight: too light already (most harm words said in passing)
    result = _is_result(text)
    if result:
        weight *= _RESULT_DAMPING
    elif _narrates_past(text) and not event and not (may_hold(text, _LEVY_NEEDLES) and _SIZED_LEVY.search(text)):
        # an event ("we experienced a ransomware attack") is news however it is told, and so is
        # a levy's cost put at a size ("tariffs reduced gross margin by 80 basis points"): a
        # harm imposed from outside that lasts as long as the levy does
        weight *= _PAST_DAMPING
    if may_hold(text, _TRANSIENT_NEEDLES) and _TRANSIENT.search(text):
        weight *= _HYPOTHETICAL_DAMPING  # a calendar or translation effect ("the timing of Easter") passes by itself
    if (may_hold(text, ("though", "while")) and _CONCEDED.search(text)) or ("," in text and may_hold(text, ("but",)) and _OFFSET_BY_STRENGTH.search(text)):
        weight *= _BALANCED_DAMPING  # "while we experienced a slowdown in May, we did see momentum build"
    if (may_hold(text, ("if",)) and (_IF_THEN.search(text) or _IF_HARM.search(text))) or (may_hold(text, ("you",)) and _YOU_WOULD.search(text)):
        weight *= _HYPOTHETICAL_DAMPING  # "if you start to put a 20% cost on top of an aircraft, it gets very difficult"
    if weight < RISK_WEIGHT and not easing:
        return None
    topic = risk_topic(_DESPITE.split(text, maxsplit=1)[0])
    condition = ""  # the topic of a condition said to ease, in a text that names no other: "expectations of market stabilization"
    if not topic and easing and not harms and (eased := EASING.search(text)) is not None:
        condition = _CONDITION_TOPIC.get(eased.group(0).split()[0].lower().rstrip("s"), "")
    topic = topic or condition
    if not topic:
        return None
    if not harms and not _DIGIT.search(text) and not relieved and not condition:
        return None  # an easing that names no harm needs its size ("reduced by nearly $1.5 billion")
    worsening = any(not _negated(text, m.start()) for m in lexicon.worsening.finditer(text)) or _GREW.search(text) is not None
    return RiskReading(topic=topic, weight=round(weight, 2), harms=tuple(dict.fromkeys(harms)), worsening=worsening,
                       easing=easing, result=result, clause=text)


# What weighs on a business (its burdens) and what it works in (its conditions): a burden
# eases when it is lower, smaller or reduced; a condition when it stabilises or improves.
_BURDEN = (r"(?:headwinds?|pressures?|tariffs?|tariff\s+(?:costs?|impacts?)|inflation|costs?\s+of\s+\w+|impacts?\s+(?:of|from)\s+\w+"
           r"|charges?|exposures?|disruptions?|shortages?|constraints?|delays?|risks?|uncertainty|volatility)")
# how far it eased: "the constraints we talked about last quarter have largely eased"
_DEGREE = r"(?:(?:largely|mostly|partly|partially|significantly|substantially|meaningfully|somewhat|further|finally|since)\s+)?"
_CONDITION = r"(?:demand|environment|trends?|sentiment|bookings|traffic|consumers?|softness|weakness|declines?|slowdown|conditions|markets?)"
EASING = case_blind(rf"\b{_CONDITION}\s+(?:\w+\s+){{0,3}}(?:has|have|had|is|are)?\s*(?:been\s+|now\s+)?{_DEGREE}(?:eased|easing|moderat\w+|subsid\w+|abat\w+"
    rf"|reced\w+|stabiliz\w+|stable|steady|normaliz\w+|improv\w+)\b"
    rf"|\b{_BURDEN}\s+(?:\w+\s+){{0,6}}(?:has|have|had|is|are)?\s*(?:been\s+|now\s+)?{_DEGREE}(?:eased|easing|moderat\w+|subsid\w+|abat\w+"
    rf"|reced\w+|lessen\w*|diminish\w*|reduced|lower)\b"
    rf"|\b(?:eased|easing|lower|reduced|smaller|less|fewer)\s+(?:\w+\s+){{0,2}}{_BURDEN}"
    # "expectations of market stabilization", "a stabilization in demand"
    rf"|\b{_CONDITION}\s+(?:stabili[sz]ation|normali[sz]ation)\b"
    rf"|\b(?:stabili[sz]ation|normali[sz]ation)\s+(?:of|in)\s+(?:the\s+)?(?:\w+\s+)?{_CONDITION}\b"
    r"|\b(?:refunds?|relief|reprieve|exemptions?|waivers?)\b[^.;]{0,40}\b(?:tariffs?|duties|duty|levies)\b"
    r"|\b(?:tariffs?|duty|duties)\s+(?:\w+\s+){0,2}(?:refunds?|relief|exemptions?|reductions?|cuts?)\b"
    r"|\bfavou?rable\s+(?:\w+\s+){0,2}(?:impacts?|effects?)\b[^.;]{0,60}\b(?:from|of)\b[^.;]{0,30}\b(?:tariffs?|refunds?|currency|fx|pricing)\b"
    r"|\b(?:commitments?|obligations?|liabilit(?:y|ies))\b[^.;]{0,60}\b(?:have|has|had|were|was)\s+(?:already\s+)?(?:been\s+)?(?:reduced|cut|lowered|eliminated)\b"
    r"|\bstable\s+since\b"
    # a correction said to have run its course: "destocking is largely complete", "end markets bottoming"
    r"|\b(?:de-?stocking|destock\w*|digestion|(?:inventory|channel)\s+(?:corrections?|adjustments?))\s+(?:\w+\s+){0,4}?(?:(?:is|are|has|have|was|were)\s+)?"
    r"(?:been\s+|now\s+)?(?:(?:largely|mostly|substantially|essentially|nearly|now)\s+)?(?:complete[d]?|behind\s+us|over|done|ended)\b"
    r"|\b(?:markets?|demand|orders|destocking|inventor(?:y|ies))\s+(?:\w+\s+){0,3}?(?:(?:has|have|is|are|appears?\s+to\s+be|to\s+be)\s+)?"
    r"(?:bottom(?:ing|ed)(?:\s+out)?|at\s+(?:or\s+near\s+)?(?:the|a)\s+bottom|trough(?:ing|ed))\b")


# An easing still awaited: "the difficulty in forecasting the timing of market stabilization",
# "until demand stabilizes", "no signs of a recovery".
_AWAITED = case_blind(r"\b(?:timing|whether|when|until|before|awaiting|await|wait(?:ing)?\s+for|hop(?:e|es|ing)\s+for|signs?\s+of|lack\s+of)"
                      r"\s+(?:(?:of|a|an|the|any|for|in)\s+){0,2}$")
# The topic of a condition said to ease when the text names no other: markets and the
# environment are the macro picture, demand and traffic are demand.
_CONDITION_TOPIC = {"market": "macro", "environment": "macro", "condition": "macro", "demand": "demand", "traffic": "demand",
                    "booking": "demand", "consumer": "demand", "sentiment": "demand", "stabilization": "macro", "stabilisation": "macro",
                    "normalization": "macro", "normalisation": "macro"}


# A burden said to be gone or cheaper in so many words needs no size: "servo supply is no longer
# a constraint", "steel prices eased" (input prices, read only on the costs topic).
NO_LONGER = case_blind(r"\bno\s+longer\s+(?:an?\s+|any\s+)?(?:\w+\s+)?(?:constraints?|concerns?|issues?|headwinds?|risks?|pressures?"
                        r"|problems?|bottlenecks?|limit(?:s|ing)?|drags?)\b")
# A headwind said to be gone: "we expect currency to be neutral next year".
NEUTRAL = case_blind(r"\b(?:currency|currencies|fx|foreign\s+exchange|exchange\s+rates?|tariffs?)\s+(?:\w+\s+){0,4}?"
                      r"(?:(?:to\s+be|is|are|be|now|roughly|largely|broadly|about)\s+)+neutral\b")
# A harm said to have had no real effect: "no significant impact from tariffs", "we have not
# seen any material impact from the tariffs".
NO_IMPACT = case_blind(r"\b(?:no|not\s+(?:seen|seeing|experienced|expecting|expect|anticipate)\s+(?:any|a)|without\s+(?:any|a))\s+"
                        r"(?:(?:significant|material|meaningful|notable|major|real|discernible|measurable)\s+)?(?:impacts?|effects?)\s+(?:from|of)\b")
_RELIEF_WORDS = frozenset({"longer", "prices", "costs", "neutral", "impact", "impacts", "effect", "effects"})  # one of them is in every text NO_LONGER, NO_IMPACT, COSTS_EASED or NEUTRAL matches
COSTS_EASED = case_blind(r"\b(?:prices|costs)\s+(?:\w+\s+){0,2}(?:have\s+|has\s+|had\s+|are\s+|is\s+)?(?:been\s+|now\s+)?"
                          r"(?:eased|easing|moderat\w+|declined|fell|fallen|came\s+down|softened)\b")


def _relieved(text: str) -> bool:
    """Whether ``text`` says in so many words that a burden is gone or cheaper (``NO_LONGER``,
    ``NEUTRAL``, ``COSTS_EASED``)."""
    if NO_LONGER.search(text) or NEUTRAL.search(text) or NO_IMPACT.search(text):
        return True
    m = COSTS_EASED.search(text)
    costs = rule_topic("costs")
    # input prices ("on steel, prices eased"), not the company's own
    return m is not None and costs is not None and costs.cues.search(text) is not None and not _negated(text, m.start())


# An easing supposed, not seen: "… even if China tariffs go to lower levels", "in the event of tariff reductions".
_SUPPOSED = case_blind(r"\b(?:if|unless|whether|should|were|in\s+the\s+event\s+(?:of|that)|in\s+case\s+of|assuming)\s+(?:[\w'’-]+\s+){0,6}$")


def _eases(text: str) -> bool:
    """Whether ``text`` says a harm lessened: easing words about a harm ("the environment has been
    stable since", "a favorable impact … from tariff refunds", "commitments … have already been
    reduced"), not just anywhere near one. A past-tense account eases a risk only with a number."""
    m = EASING.search(text)
    if m is None or _negated(text, m.start()) or _AWAITED.search(text, max(0, m.start() - 40), m.start()) \
            or _SUPPOSED.search(text, max(0, m.start() - 40), m.start()):
        return False
    # told in the past, only a named relief with its size: "a favorable impact of about 2 points from tariff refunds"
    return not narrates_past(text) or (_DIGIT.search(text) is not None and _RELIEF.search(text) is not None)


@kept  # asked of one clause by several readers and rules, and again at every comparison
def narrates_past(text: str) -> bool:
    """A sentence told in the past only ("we experienced a net sales decline …", "was partially
    offset by …"): an account of the quarter reported, unless its subject is the market
    ("consumer sentiment in mainland China weakened further": the market is named before
    anything the company did)."""
    lexicon = words()
    if lexicon.past.search(text) is None:
        return False
    if any(not _DID.search(text, max(0, m.start() - 4), m.start()) for m in lexicon.present.finditer(text)):
        return False  # something said now ("is", "expect"; "did see" is the past)
    external = lexicon.external.search(text)
    if external is None or _WE.search(text[:external.start()]) is not None:
        return True
    # the market told in the past is the quarter's account too, unless it is said to have grown worse
    return lexicon.worsening.search(text) is None and _GREW.search(text) is None


_narrates_past = narrates_past


def _is_result(text: str) -> bool:
    """A sentence that reports the company's own figures for a past period."""
    lexicon = words()
    if not _DIGIT.search(text) or lexicon.result.search(text) is None:
        return False
    if lexicon.forward.search(text) or lexicon.external.search(text):
        return False
    return metrics().search(text) is not None
