"""Risk rules: risks compared by topic.

Each risk statement has a topic (``earnings.risk_reading``). For every topic:

* **added** — risk statements the baseline has nothing like (no statement of the baseline reads
  like them, ``_SAME``) and that name something new: either the baseline stated no risk on the
  topic, or these statements are about a subject its risks never named (new words, not new
  wording). One change per topic, quoting its strongest statements;
* **escalated** — new statements on a topic the baseline already had risks on, that say the
  harm grew ("weakened further", "more pronounced", "now expected to partially offset"), or a
  stated cost of the harm that grew ("a net tariff headwind of about $2 billion" after "$1.5
  billion"; quarterly estimates are compared with the last quarterly one);
* **eased** — a stated cost that shrank ("about 50 basis points" after "about 60"), or new
  words that the harm lessened ("stable since resetting", "refunds", "reduced") on a topic the
  baseline had risks on;
* **removed** — a topic a summary listed under its risks that the new document never mentions.

The safe-harbor text is boilerplate: only a topic entering its list of risk factors is a
change, of low severity. Rewording, reordering and repeating are never changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dataclasses import dataclass, replace

from rapidfuzz import fuzz

from earnings.content import content_words
from earnings.document import DocumentKind, Section
from earnings.figures import format_value, is_currency
from earnings.memo import kept, kept_per_document
from earnings.reading import Reading
from earnings.report import RISK_ADDED, RISK_EASED, RISK_ESCALATED, RISK_REMOVED, Change, Figure
from earnings.risk_reading import COSTS_EASED, EASING, NO_LONGER, RiskReading, narrates_past, risk_topic
from earnings.rules import Topic, case_blind, severities, topic, topics, words

_SIZE = case_blind(r"\d|\b(?:single|double)[-\s]digits?\b|\bteens\b|\b(?:basis\s+points|percent)\b")
_NEWLY = case_blind(r"\b(?:incremental|additional|new|newly|emerging|fresh)\s+(?:[\w-]+\s+){0,2}(?:pressures?|headwinds?|risks?|challenges?"
                    r"|uncertaint\w+|threats?)\b")
# ("a decline less than expected" is better than feared, not worse)
_AGAINST_BEFORE = case_blind(r"\b(?:now\s+expected\s+to|(?<!less\s)(?<!lower\s)(?<!smaller\s)(?<!better\s)(?<!fewer\s)(?<!milder\s)"
                             r"than\s+(?:we\s+)?(?:previously\s+)?(?:expected|anticipated|planned)|than\s+(?:our|the)\s+"
                             r"(?:prior|previous|original|initial)|further\s+(?:deteriorat|weaken|declin|slow)\w*|weakened\s+further"
                             r"|continued\s+to\s+(?:weaken|slow|decline|deteriorate)|more\s+pronounced)\b")
# "if demand rises faster than planned": a case supposed, not a comparison with the last outlook
_IF_THAN = case_blind(r"\b(?:if|should|unless|were)\b[^.;]{0,80}\bthan\s+(?:we\s+)?(?:previously\s+)?(?:planned|expected|anticipated)\b")
_GOES_ON = case_blind(r"(?:that'?s|that\s+is|this\s+is|there'?s\s+also|there\s+has\s+also|it'?s\s+also|also,|in\s+addition)\b")
_POSTINGS = 200  # statements a word is looked up in, at most: the first ones that use it
_SAME = 70.0  # similarity of content words above which two statements say the same
_SHARED = 0.8  # share of the shorter statement's stems the other must hold to say the same
_STEM = 5  # words compared by their first letters: "policies" and "policy" are one
# ("further" of a harm, not of the company's own doing: "to further reduce costs")
_GROWING = case_blind(r"\b(?:further(?!\s+(?:reduc|cut|lower|improv|strengthen|invest|expand|optimi|streamlin|accelerat|enhanc|support|build|grow|our|we|to\b))|more\s+pronounced|greater\s+than|larger\s+than|more\s+than\s+(?:we\s+)?(?:expected|anticipated)"
                      r"|strong\s+double[-\s]digit|double[-\s]digit\s+(?:decline|decrease|drop)|sharp(?:er|ly)?|steep(?:er|ly)?"
                      r"|significant(?:ly)?|now\s+expected\s+to|continued\s+to\s+(?:weaken|slow|decline|deteriorate))\b")
_NOT_GROWN = case_blind(r"\b(?:no|not|never|any|n't|without|hardly)\s+(?:[\w'-]+\s+){0,2}$")


def _growth(clause: str) -> list[re.Match[str]]:
    """The words of ``clause`` that say a harm grew, not those denied ("we haven't seen any significant pattern")."""
    return [m for m in _GROWING.finditer(clause) if not _NOT_GROWN.search(clause, max(0, m.start() - 30), m.start())]


_NOVEL_WORDS = 2  # content words a statement must add to a topic's vocabulary to be a new risk
_QUOTES = 3  # statements quoted per change
_HARM_STEP = 0.10  # a stated cost that moved by more than 10% moved
_SECTION_WEIGHT: dict[str, float] = {Section.PREPARED_REMARKS: 1.0, Section.OUTLOOK: 1.2, Section.RISKS: 1.2, Section.RESULTS: 0.6,
                   Section.COMMENTARY: 1.0, Section.HIGHLIGHTS: 1.0, Section.QA: 0.8, Section.RECAP: 0.6}
_MIN_TOPIC_WEIGHT = 2.0
_SUMMARY_RESULTS_WEIGHT = 0.4
_KNOWN_WEIGHT = 4.0
# Topics whose words every call uses loosely: a new risk on them needs one statement this strong.
_TOPIC_FLOOR = {"macro": 3.0, "costs": 3.0, "execution": 3.0, "competition": 3.0, "fx": 3.0}  # the baseline's risks on a topic must weigh this much for the topic to be known
_HARM_NOUNS = frozenset("cost costs price prices pricing margin margins expense expenses".split())
# A risk said to be what was assumed before: "we maintain the assumption that biosimilar competition
# will accelerate", "as we said last quarter".
_RESTATED = case_blind(r"\b(?:maintain(?:s|ed|ing)?|reiterat\w+|reaffirm\w*|keep(?:ing)?)\s+(?:the\s+|our\s+|this\s+)?(?:same\s+)?"
                       r"(?:assumptions?|view|expectations?|outlook|stance)\b"
                       r"|\bas\s+(?:we\s+)?(?:previously\s+|had\s+)?(?:said|expected|anticipated|guided|indicated|discussed|flagged)"
                       r"(?:\s+(?:last|in\s+the\s+prior|on\s+our\s+last)\s+(?:quarter|call))?\b"
                       r"|\b(?:similar|consistent)\s+(?:to|with)\s+(?:(?:f?q[1-4]|[1-4]q)\b|the\s+(?:prior|last|previous)\s+quarter|last\s+quarter|what\s+we\s+(?:saw|said|discussed))")
# A harm said to have been foreseen: "we entered 2025 knowing that would be a challenging time".
_FORESEEN = case_blind(r"\b(?:knowing|knew)\s+(?:that\s+)?(?:it\s+|this\s+|that\s+)?(?:would|was\s+going\s+to)\s+be\b")
_GENERIC = frozenset(
    "risk risks headwind headwinds pressure pressures uncertainty uncertain environment impact impacts year quarter quarters "
    "business company continue continued expect expected think see seeing level levels trend trends time term near result "
    "results lower higher overall also still really well going look looking things thing way lot bit kind sort actually "
    # words of degree, time and mood, which name no new subject: "cautious in the immediate term"
    "long short immediate confident confidence cautious caution cautiously remain remains remained significant "
    "potential potentially expressed noted".split())


@dataclass(frozen=True)
class _Risk:
    """One risk a statement states, with the statement."""

    reading: Reading
    risk: RiskReading

    @property
    def words(self) -> list[str]:
        return content_words(self.risk.clause)

    @property
    def weight(self) -> float:
        weight = _SECTION_WEIGHT.get(self.reading.section, 1.0)
        if self.reading.section == Section.RESULTS and self.reading.summary:
            weight = _SUMMARY_RESULTS_WEIGHT  # a summary's results bullets are the quarter's numbers
        return self.risk.weight * weight


def _risks(readings: Sequence[Reading]) -> list[_Risk]:
    return [_Risk(r, risk) for r in readings for risk in r.risks]


class _Said:
    """What a document said, indexed so that "has it said this before?" scores only the few
    statements that share words with the question (not every statement of a long call)."""

    def __init__(self, readings: Sequence[Reading]) -> None:
        unique: dict[str, Reading] = {}
        for r in readings:
            if r.content:
                unique.setdefault(" ".join(r.content), r)  # a statement said twice is one statement
        self.readings = list(unique.values())
        self.texts = list(unique)
        self.stems = [_long_stems(r.content) for r in self.readings]
        self.exact = {text: k for k, text in enumerate(self.texts)}
        self.postings: dict[str, list[int]] = {}
        for k, stems in enumerate(self.stems):
            for stem in stems:
                postings = self.postings.setdefault(stem, [])
                if len(postings) < _POSTINGS:
                    postings.append(k)
        self.known: dict[str, Reading | None] = {}

    def like(self, words: list[str]) -> Reading | None:
        """The statement that says what ``words`` say, or None: their content words are alike
        in order (``token_sort_ratio``), or nearly all of the shorter one's are in the other.

        Its cost is bounded whatever a document repeats: each word looks at no more than
        ``_POSTINGS`` statements, and a question asked before is answered from memory."""
        if not words:
            return None
        mine = " ".join(words)
        if mine in self.exact:
            return self.readings[self.exact[mine]]
        if mine not in self.known:
            self.known[mine] = self._like(mine, {w[:_STEM] for w in words if len(w) >= 4})
        return self.known[mine]

    def _like(self, mine: str, stems: set[str]) -> Reading | None:
        counts: dict[int, int] = {}
        for stem in stems:
            for k in self.postings.get(stem, ()):
                counts[k] = counts.get(k, 0) + 1
        needed = max(1, int(0.4 * len(stems)))
        best, score = None, 0.0
        for k, shared_count in counts.items():
            if shared_count < needed:
                continue
            value = fuzz.token_sort_ratio(mine, self.texts[k])
            theirs = self.stems[k]
            if stems and theirs and min(len(stems), len(theirs)) >= 3:
                shared = shared_count / min(len(stems), len(theirs))
                if shared >= _SHARED:
                    value = max(value, 100.0 * shared)
            if value > score:
                best, score = self.readings[k], value
        return best if score >= _SAME else None


@kept_per_document
def _said(readings: Sequence[Reading]) -> _Said:
    """``_Said(readings)``, built once per baseline (each quarter is compared with the one before)."""
    return _Said(readings)


@kept
def _long_stems(content: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w[:_STEM] for w in content if len(w) >= 4)


def _like(words: list[str], others: Sequence[Reading] | _Said) -> Reading | None:
    said = others if isinstance(others, _Said) else _Said(others)
    return said.like(words)


def _stems(readings: Sequence[Reading]) -> set[str]:
    return {w[:_STEM] for r in readings for w in r.content}


def _new_subject(item: _Risk, document_stems: set[str]) -> bool:
    """On a topic discussed before, a risk is new when it names a subject the baseline never
    named at all ("selling policies at several Korean retailers", "rare earth materials"); an
    answer must name more than one such word, being said in passing."""
    if narrates_past(item.risk.clause):
        return False
    if _NEWLY.search(item.risk.clause):
        return True  # "incremental pressure from the change in selling policies": said to be new
    novel = {w[:_STEM] for w in item.words if len(w) >= 4 and not w.isdigit() and w not in _GENERIC} - document_stems
    return len(novel) >= (2 if item.reading.section == Section.QA else 1)


def _worse_than(item: _Risk, before: Reading) -> bool:
    """A risk said again, now with words that it grew ("weakened further", "a strong
    double-digit decline") that the baseline's statement did not have."""
    earlier = before.text
    if item.risk.worsening and not any(r.worsening for r in before.risks):
        return True
    lexicon_hits = {m.group(0).lower() for m in _growth(item.risk.clause)}
    return bool(lexicon_hits - {m.group(0).lower() for m in _GROWING.finditer(earlier)})


def _novel(words: list[str], vocabulary: set[str]) -> set[str]:
    return {w for w in words if len(w) >= 4 and not w.isdigit() and w not in vocabulary and w not in _GENERIC}


def _severity(kind: str, topic_id: str, extra: float = 0.0) -> int:
    table = severities().kinds[kind]
    score = float(table["base"])
    found = topic(topic_id)
    if table.get("topic") and found is not None:
        score = max(score, float(found.severity))
    return int(min(100, round(score + extra)))


def _label(topic_id: str) -> str:
    found = topic(topic_id)
    return found.label if found else topic_id.replace("_", " ")


_RISK_LABEL = case_blind(r"\b(?:risks?|headwinds?|pressures?|concerns?|challenges?|exposures?|uncertaint(?:y|ies)|threats?|shortages?"
                         r"|disruptions?|weakness|slowdown|overhang)\b")


def _risk_label(reading: Reading) -> str:
    """The document's own name for a risk it states ("Export control risk"), or ""."""
    return reading.label if reading.label and _names_risk(reading.label) else ""


# The label readings below are asked of the same few labels many times in one comparison, and
# again at the next: kept by label.
@kept
def _names_risk(label: str) -> bool:
    return _RISK_LABEL.search(label) is not None


@kept
def _label_subject(label: str) -> frozenset[str]:
    """The stems of what a risk's name is about: "Plant consolidation risk" -> plant, consolidation;
    "Cocoa cost risk" -> cocoa (a cost, a price or a margin is the harm, not the subject)."""
    return frozenset(w[:_STEM] for w in content_words(_RISK_LABEL.sub(" ", label)) if w not in _GENERIC and w not in _HARM_NOUNS)


def _labelled_as(reading: Reading, topic_id: str) -> bool:
    """Whether the document's own label for the statement names the topic ("FX Impact" for a
    currency headwind): a summary that gives a risk its own bullet did not say it in passing."""
    found = topic(topic_id)
    return bool(reading.label) and found is not None and found.cues.search(reading.label) is not None


@kept
def _label_key(label: str) -> frozenset[str]:
    """Names alike for what they are about: "Supply chain risk" and "Supply-chain risks"."""
    return frozenset(_label_subject(label)) or frozenset({label.lower()})


def _named_before(item: _Risk, base_labelled: dict[frozenset[str], _Risk]) -> bool:
    label = _risk_label(item.reading)
    return bool(label) and _label_key(label) in base_labelled


def _named_anew(item: _Risk, base_labelled: dict[frozenset[str], _Risk], base_risk_stems: set[str]) -> bool:
    """A risk the document names ("Cocoa cost risk") about a subject none of the baseline's risks
    named."""
    label = _risk_label(item.reading)
    if not label or _label_key(label) in base_labelled:
        return False
    subject = _label_subject(label)
    return bool(subject) and not subject & base_risk_stems


def _topic_of(topic_id: str, readings: list[Reading]) -> str:
    """A risk change's topic: the document's own label for the risk ("Export control risk"),
    else the taxonomy's name for it ("export controls")."""
    return next((label for reading in readings if (label := _risk_label(reading))), "") or _label(topic_id)


def _representatives(items: list[_Risk]) -> list[_Risk]:
    """The statements a risk change quotes: the company's own account first (remarks, outlook,
    results), then answers, each in document order, up to ``_QUOTES``."""
    usable = [r for r in items if r.weight >= _MIN_TOPIC_WEIGHT] or items
    return sorted(usable, key=lambda r: (r.reading.section == Section.QA, r.reading.index))[:_QUOTES]


def _quote(risks: list[_Risk], readings: Sequence[Reading] = ()) -> str:
    """The statements that state the risks, in document order, each once; a statement that
    names no size is followed by the next one when that one gives it ("tariffs on new store
    builds are in flux." "… it'll be an increase of somewhere in the mid-single-digit range.")."""
    seen: dict[int, str] = {}
    for item in sorted(risks, key=lambda r: r.reading.index):
        seen.setdefault(item.reading.index, item.reading.text)
        after = item.reading.index + 1
        if readings and after < len(readings) and not _SIZE.search(item.reading.text):
            follower = readings[after]
            if follower.section == item.reading.section and _SIZE.search(follower.text) and not follower.risks:
                seen.setdefault(after, follower.text)
        # the same answer going on about it: "That's still driven by …", "There's also been …"
        for step in (1, 2):
            k = item.reading.index + step
            if not readings or k >= len(readings) or readings[k].section != item.reading.section:
                break
            if not _GOES_ON.match(readings[k].text) or any(r.topic != item.risk.topic and r.is_risk for r in readings[k].risks):
                break
            seen.setdefault(k, readings[k].text)
    return " ".join(seen[k] for k in sorted(seen))


def risk_changes(new: Sequence[Reading], base: Sequence[Reading], kind: str, told: frozenset[str] = frozenset()) -> list[Change]:
    """Every risk change between two documents' readings (see the module docstring). ``told``:
    statements a guidance change already quotes (the sentence that cuts a guide for softer
    demand is told once, as the cut)."""
    changes: list[Change] = []
    new_risks = [r for r in _risks(new) if r.risk.is_risk and r.reading.text not in told]
    base_risks = [r for r in _risks(base) if r.risk.is_risk]
    base_by_topic: dict[str, list[_Risk]] = {}
    for item in base_risks:
        base_by_topic.setdefault(item.risk.topic, []).append(item)
    harm_changes, harm_topics = _harm_changes(new, base)
    changes += harm_changes
    used = {text for c in harm_changes for text in _statements_of(c.after, new)}
    novel_by_topic: dict[str, list[_Risk]] = {}
    grown_by_topic: dict[str, list[_Risk]] = {}
    said = _said(base)
    for item in new_risks:
        if item.reading.text in used or item.reading.section == Section.RECAP:
            continue  # a summary's takeaways restate what it said above them
        if item.risk.easing and not item.risk.worsening:
            continue  # "shortages have eased": an easing, read below, not a new risk
        said_before = said.like(item.words)
        if said_before is None:
            novel_by_topic.setdefault(item.risk.topic, []).append(item)
        elif _worse_than(item, said_before):
            grown_by_topic.setdefault(item.risk.topic, []).append(item)
    base_stems = _stems(base)
    # every risk the baseline named, read as a risk or not ("Supply chain risk: … could limit shipments")
    risk_of = {id(i.reading): i for i in reversed(base_risks)}
    base_labelled = {_label_key(label): risk_of.get(id(r)) or _Risk(r, RiskReading(topic="", weight=0.0, harms=()))
                     for r in base if (label := _risk_label(r))}
    base_risk_stems = {w[:_STEM] for item in base_risks for w in item.words} | {s for key in base_labelled for s in key}
    for topic_id in sorted(set(novel_by_topic) | set(grown_by_topic)):
        items = novel_by_topic.get(topic_id, [])
        known = base_by_topic.get(topic_id, [])
        if sum(k.weight for k in known) < _KNOWN_WEIGHT:
            known = []  # a passing mention last time does not make a topic known
        # a risk the baseline listed under the same name is known, however briefly it was put
        known = known or [base_labelled[_label_key(label)] for r in items
                          if (label := _risk_label(r.reading)) and _label_key(label) in base_labelled][:1]
        # a risk said to have grown is an escalation when the topic was known, or when the words
        # compare it with the last outlook ("now expected to partially offset these benefits")
        named_anew = [r for r in items if _named_anew(r, base_labelled, base_risk_stems)]
        anew = set(named_anew)  # membership by a set: a list's costs every risk of the topic, for each
        worse = [r for r in items if r not in anew and not narrates_past(r.risk.clause) and not _RESTATED.search(r.risk.clause) and (
            (known and (r.risk.worsening or _growth(r.risk.clause)) and (r.reading.section != Section.QA or r.reading.summary))
            or (_AGAINST_BEFORE.search(r.risk.clause) and not _IF_THAN.search(r.risk.clause)))] + grown_by_topic.get(topic_id, [])
        # a risk the baseline named alike ("Customer concentration risk") is not new, only reworded
        worsened = set(worse)
        fresh = [r for r in items if r not in worsened and not narrates_past(r.risk.clause) and not _named_before(r, base_labelled)
                 and not _FORESEEN.search(r.risk.clause)
                 and (not known or r in anew or _new_subject(r, base_stems))]
        escalated = False
        if worse and topic_id not in harm_topics.get("any", set()):
            strongest = _representatives(worse)
            if sum(r.weight for r in strongest) >= _MIN_TOPIC_WEIGHT:
                escalated = True
                # a known topic grown worse is one change, quoting a new side of it too (one
                # more market, one more cause), not an escalation and a "new" risk of one topic
                also = [r for r in _representatives(fresh) if r.reading.section != Section.QA or r.reading.summary][:1] if known else []
                changes.append(Change(
                    kind=RISK_ESCALATED, topic=_topic_of(topic_id, [r.reading for r in strongest]),
                    before=known[0].reading.text if known else "",
                    after=_quote(strongest + also, new), severity=_severity(RISK_ESCALATED, topic_id),
                    reason=_said_how(f"{_named(topic_id, strongest)} escalated", strongest, _growth_phrases)))
        if known and (escalated or all(r.reading.section == Section.QA and not r.reading.summary for r in fresh)):
            fresh = []  # on a topic discussed last quarter, an answer's new detail is not a new risk, nor is one side of an escalation
        if fresh:
            strongest = _representatives(fresh)
            total = sum(r.weight for r in strongest)
            if topic_id in harm_topics.get(RISK_ADDED, set()):
                changes = _with_quotes(changes, topic_id, strongest, new)  # one new risk per topic, its cost and its words
            elif total >= _MIN_TOPIC_WEIGHT * (1.5 if known else 1.0) and (max(r.weight for r in strongest) >= _TOPIC_FLOOR.get(topic_id, 0.0) or any(_labelled_as(r.reading, topic_id) for r in strongest)):
                changes.append(Change(
                    kind=RISK_ADDED, topic=_topic_of(topic_id, [r.reading for r in strongest]), before="",
                    after=_quote(strongest, new),
                    severity=_severity(RISK_ADDED, topic_id),
                    reason=(f"new risk: {label}" if (label := _topic_of("", [r.reading for r in strongest]))
                            else f"new {_label(topic_id)} risk")
                           + (" (the topic came up last quarter; this did not)" if known else "")))
    changes += _easing(new, base, base_by_topic, harm_topics.get(RISK_EASED, set()), used, said)
    changes += _said_more_mildly(new, base_labelled, {c.topic for c in changes})
    if kind == DocumentKind.SUMMARY:
        changes += _removed(new, base)
    told_topics = {c.topic for c in changes if c.kind in (RISK_ADDED, RISK_ESCALATED)}
    # a topic entering the safe-harbor list is told already when the document states the risk itself
    changes += [c for c in _risk_factor_changes(new, base) if c.topic not in told_topics]
    return _one_per_passage(changes, new)


def _with_quotes(changes: list[Change], topic_id: str, more: list[_Risk], new: Sequence[Reading]) -> list[Change]:
    """``changes`` with the new risk a stated cost made of ``topic_id`` quoting ``more`` too:
    "export restrictions are expected to reduce revenue by about $40 million" and the
    restrictions announced are one new risk."""
    label = _label(topic_id)
    out = []
    for change in changes:
        if change.kind == RISK_ADDED and change.topic == label and not change.before:
            quoted = [r for r in more if r.reading.text not in change.after][: max(0, _QUOTES - 1)]
            change = replace(change, after=" ".join([change.after, _quote(quoted, new)]).strip() if quoted else change.after)
        out.append(change)
    return out


def _one_per_passage(changes: list[Change], new: Sequence[Reading]) -> list[Change]:
    """New risks told in one passage are one change ("the FDA issued a warning letter …" "…
    we have slowed output, which could cause backorders …"): two ``risk_added`` changes whose
    quotes hold statements next to each other in the same turn are merged, the stronger first. A
    summary's statements are each an item of their own: two of them are merged only when they are
    one. A stated cost is not merged with a risk told in words."""
    where = {r.text: r for r in new}
    added = sorted((c for c in changes if c.kind == RISK_ADDED), key=lambda c: -c.severity)
    merged: list[Change] = []
    for change in added:
        mine = [where[s] for s in _statements_of(change.after, new) if s in where]
        for k, other in enumerate(merged):
            if bool(change.figures_after) != bool(other.figures_after):
                continue  # a stated cost ("about 150 basis points") is news of its own beside a risk told in words
            theirs = [where[s] for s in _statements_of(other.after, new) if s in where]
            if any(abs(a.index - b.index) <= 1 and a.section == b.section and a.statement.topic == b.statement.topic
                   and a.statement.speaker == b.statement.speaker and (a.index == b.index or not (a.summary or b.summary))
                   for a in mine for b in theirs):
                statements = sorted({r.index: r for r in (*mine, *theirs)}.values(), key=lambda r: r.index)
                # named as the passage first names it: "the FDA issued a warning letter" before "slowed output"
                lead = change if min(r.index for r in mine) < min(r.index for r in theirs) else other
                merged[k] = replace(lead, after=" ".join(r.text for r in statements), severity=max(change.severity, other.severity))
                break
        else:
            merged.append(change)
    return [c for c in changes if c.kind != RISK_ADDED] + merged


def _named(topic_id: str, risks: list[_Risk]) -> str:
    """How a reason names a risk: the document's name for it, else "<topic> risk"."""
    return _topic_of("", [r.reading for r in risks]) or f"{_label(topic_id)} risk"


def _growth_phrases(clause: str) -> list[re.Match[str]]:
    return [m for pattern in (words().worsening, _GROWING, _AGAINST_BEFORE) for m in pattern.finditer(clause)]


def _easing_phrases(clause: str) -> list[re.Match[str]]:
    return [m for pattern in (EASING, NO_LONGER, COSTS_EASED) for m in pattern.finditer(clause)]


def _said_how(reason: str, risks: list[_Risk], phrases) -> str:
    """``reason`` and the words that say so, quoted: "demand risk escalated: “weakened further”"."""
    quoted: list[str] = []
    for item in risks:
        clause = item.risk.clause
        spans: list[list[int]] = []
        for m in sorted(phrases(clause), key=lambda m: (m.start(), -m.end())):
            if spans and m.start() <= spans[-1][1] + 1:  # overlapping or adjacent: "weakened" "further"
                spans[-1][1] = max(spans[-1][1], m.end())
            else:
                spans.append([m.start(), m.end()])
        for start, end in spans:
            core = clause[start:end].lower()
            if not any(core in q.lower() for q in quoted):
                quoted.append(_phrase_around(clause, start, end))
    return f"{reason}: " + ", ".join(f"\u201c{q}\u201d" for q in quoted[:2]) if quoted else reason


def _phrase_around(text: str, start: int, end: int) -> str:
    """The words ``start:end`` spans with one word either side, within its clause."""
    left = [w for w in re.split(r"[,;:.()]", text[:start])[-1].split()[-1:] if w.lower() not in _GLUE]
    right = [w for w in re.split(r"[,;:.()]", text[end:])[0].split()[:1] if w.lower() not in _GLUE]
    return " ".join([*left, text[start:end], *right]).strip(" ,;:")


_GLUE = frozenset("a an the as in by of to and or for at on with that which it is are was were".split())


def _harm_changes(new: Sequence[Reading], base: Sequence[Reading]) -> tuple[list[Change], dict[str, set[str]]]:
    """Stated costs of a harm compared: the same period (or the latest quarter with the latest
    quarter), the same unit, net with net and gross with gross. Every statement that states
    the new cost is quoted."""
    changes: list[Change] = []
    touched: dict[str, set[str]] = {}
    new_harms = [(f, r) for r in new for f in r.facts.harms]
    base_harms = [(f, r) for r in base for f in r.facts.harms]
    seen: set[tuple[str, str]] = set()
    for figure, reading in new_harms:
        if (figure.metric, figure.period) in seen:
            continue
        saying = [r for f, r in new_harms if (f.metric, f.low, f.high) == (figure.metric, figure.low, figure.high)
                  and (f.period == figure.period or not f.period or not figure.period)]
        quoted = " ".join(dict.fromkeys(r.text for r in sorted(saying, key=lambda r: (r.section == Section.RECAP, r.index))[:_QUOTES]))
        # the same unit and the same scale: a cost per share ("$0.25") is no company's cost ("$600 million")
        candidates = [(f, r) for f, r in base_harms if f.metric == figure.metric and f.unit == figure.unit
                      and (abs(f.midpoint) >= _PER_SHARE) == (abs(figure.midpoint) >= _PER_SHARE)]
        same = [(f, r) for f, r in candidates if f.period == figure.period] \
            or [(f, r) for f, r in candidates if not f.period and figure.period.startswith("FY")] \
            or [(f, r) for f, r in candidates if not figure.period and f.period.startswith("FY")]  # "~$200M tariff impact": the year's
        quarterly = [(f, r) for f, r in candidates if f.period[:1] == "Q" and figure.period[:1] == "Q"]
        pick = same[0] if same else (max(quarterly, key=lambda c: c[0].period) if quarterly else None)
        if pick is None:
            # "about $40 million in the second half, up from $15 million": the cost it replaces, said beside it
            replaced = [f for f in reading.facts.priors if (f.metric, f.unit, f.period) == (figure.metric, figure.unit, figure.period)]
            pick = (replaced[0], reading) if replaced else None
        topic_id = _harm_topic_of(figure.metric)
        if pick is None:
            known = any(_harm_topic_of(f.metric) == topic_id for f, _ in base_harms)  # the harm had a cost before
            # "the $300 million of incremental impact from the tariffs": a company's first cost of a harm never costed
            first_cost = not figure.period and is_currency(figure.unit) and abs(figure.midpoint) >= _COMPANY_COST and not known
            if (figure.period or first_cost) and figure.unit not in ("%",) and not (candidates and figure.period[:1] == "Q"):
                # a first figure for this period: escalated when the harm had a figure before, else new
                kind = RISK_ESCALATED if known else RISK_ADDED
                seen.add((figure.metric, figure.period))
                touched.setdefault(kind, set()).add(topic_id)
                touched.setdefault("any", set()).add(topic_id)
                changes.append(Change(
                    kind=kind, topic=_label(topic_id), before="", after=quoted, severity=_severity(kind, topic_id),
                    reason=f"{_label(topic_id)} cost now put at {_shown(figure)}"
                           + (f" for {figure.period}" if figure.period else ""),
                    figures_after=(figure,)))
            continue
        before, before_reading = pick
        if before.high is None or figure.high is None or before.low is None or figure.low is None:
            continue
        old, now = abs(before.midpoint), abs(figure.midpoint)
        if not old or abs(now - old) <= _HARM_STEP * old:
            continue
        kind = RISK_ESCALATED if now > old else RISK_EASED
        seen.add((figure.metric, figure.period))
        touched.setdefault(kind, set()).add(topic_id)
        touched.setdefault("any", set()).add(topic_id)
        changes.append(Change(
            kind=kind, topic=_label(topic_id), before=before_reading.text, after=quoted,
            severity=_severity(kind, topic_id, 5 if kind == RISK_ESCALATED else 0),
            reason=f"{_label(topic_id)} cost {'raised' if kind == RISK_ESCALATED else 'cut'} to {_moved_cost(before, figure)}",
            figures_before=(before,), figures_after=(figure,)))
    return changes, touched


_PER_SHARE = 1000.0  # an amount below this is per share (or per unit); above it, the company's
_COMPANY_COST = 1e6  # a first cost of a harm said with no period counts from this size: a company's, not a unit's


def _moved_cost(before: Figure, after: Figure) -> str:
    """"~$40M from $15M for H2 2026" (one period named once), "~$2B for FY2025 from $1.5B for Q1 2025"."""
    def at(figure: Figure) -> str:
        return f" for {figure.period}" if figure.period else ""

    if after.period and before.period == after.period:
        return f"{_shown(after)} from {_shown(before)}{at(after)}"
    return f"{_shown(after)}{at(after)} from {_shown(before)}{at(before)}"


def _statements_of(quoted: str, readings: Sequence[Reading]) -> set[str]:
    return {r.text for r in readings if r.text and r.text in quoted}


def _harm_topic_of(metric: str) -> str:
    return metric.removesuffix("_net").removesuffix("_gross").removesuffix("_impact")


def _shown(figure: Figure) -> str:
    return format_value(figure.low, figure.high, figure.unit, approximate=figure.approximate, bound=figure.bound)


def _easing(new: Sequence[Reading], base: Sequence[Reading], base_by_topic: dict[str, list[_Risk]], done: set[str],
            used: set[str], said: _Said) -> list[Change]:
    """New words that a harm lessened, on a topic the baseline had risks on and was not already
    calling better."""
    already = {r.topic for r in (x for b in base for x in b.risks) if r.easing}
    changes: list[Change] = []
    for item in _risks(new):
        risk = item.risk
        if not risk.easing or risk.worsening or risk.topic in done or risk.topic in already or item.reading.text in used:
            continue
        quantified = _SIZE.search(item.risk.clause) is not None
        if (risk.topic not in base_by_topic and not quantified) or said.like(item.words) \
                or (item.reading.section == Section.QA and not item.reading.summary):
            continue  # an answer's reassurance is not the company's account; an easing of a harm never stated needs its size
        done.add(risk.topic)
        changes.append(Change(
            kind=RISK_EASED, topic=_topic_of(risk.topic, [item.reading]),
            before=base_by_topic[risk.topic][0].reading.text if risk.topic in base_by_topic else "", after=item.reading.text,
            severity=_severity(RISK_EASED, risk.topic), reason=_said_how(f"{_named(risk.topic, [item])} eased", [item], _easing_phrases)))
    return changes


_MILDER = 0.5  # a named risk restated at half its weight or less is said more mildly


def _said_more_mildly(new: Sequence[Reading], base_labelled: dict[frozenset[str], _Risk], reported: set[str]) -> list[Change]:
    """A risk the baseline named and stated strongly ("Competition is sharply intensifying and
    could severely pressure pricing"), named again and stated at half the weight or less
    ("Competition could pressure pricing"): eased."""
    changes: list[Change] = []
    for reading in new:
        label = _risk_label(reading)
        before = base_labelled.get(_label_key(label)) if label else None
        if before is None or label in reported or not before.risk.is_risk or before.risk.weight < _KNOWN_WEIGHT:
            continue
        weight = max((r.weight for r in reading.risks), default=0.0)
        if weight > _MILDER * before.risk.weight \
                or fuzz.token_sort_ratio(" ".join(before.reading.content), " ".join(reading.content)) >= _SAME:
            continue  # as strong, or the same words put another way
        reported.add(label)
        changes.append(Change(kind=RISK_EASED, topic=label, before=before.reading.text, after=reading.text,
                              severity=_severity(RISK_EASED, before.risk.topic), reason=f"{label} eased: said more mildly"))
    return changes


def _removed(new: Sequence[Reading], base: Sequence[Reading]) -> list[Change]:
    """Risks a summary listed that the new one drops: a risk it named ("Plant consolidation
    risk: …") whose name and substance are both gone, or a topic listed under its risks that the
    new one never mentions."""
    changes: list[Change] = []
    new_text = " ".join(r.text for r in new)
    new_stems = _stems(new) | {w[:_STEM] for r in new if r.label for w in content_words(r.label)}
    done: set[str] = set()
    mentioned: dict[str, bool] = {}  # topic -> whether the new text has its cues (searched once per topic, not per risk)
    for item in _risks(base):
        if not item.risk.is_risk:
            continue
        found = topic(item.risk.topic)
        label = _risk_label(item.reading)
        if label:
            subject = _label_subject(label)
            if not subject or subject & new_stems or label.lower() in done:
                continue  # the risk's subject ("plant consolidation") is still talked about, or named
            done.add(label.lower())
        elif item.reading.section != Section.RISKS or found is None or _mentioned(found, new_text, mentioned) or found.id in done \
                or _listed_with_kept(item.reading.text, found, new_text, mentioned):
            continue
        else:
            done.add(found.id)
        name = label or (found.label if found else _label(item.risk.topic))
        changes.append(Change(kind=RISK_REMOVED, topic=_topic_of(item.risk.topic, [item.reading]), before=item.reading.text, after="",
                              severity=_severity(RISK_REMOVED, item.risk.topic), reason=f"{name} no longer mentioned"))
    return changes


def _listed_with_kept(text: str, found: Topic, new_text: str, seen: dict[str, bool]) -> bool:
    """Whether the risk was one item of a list whose other topics the new summary still names
    ("policy changes and macroeconomic uncertainties, including NIH funding and export
    controls"): the list was retold shorter, not a risk dropped."""
    listed = _LISTING.search(text)
    if listed is None or found.cues.search(text, listed.end()) is None:
        return False  # the topic is what the statement is about, not an item of its list
    return any(other.id != found.id and other.cues.search(text) is not None and _mentioned(other, new_text, seen) for other in topics())


_LISTING = case_blind(r"\b(?:including|such\s+as|notably|particularly|especially)\b")


def _mentioned(found: Topic, text: str, seen: dict[str, bool]) -> bool:
    if found.id not in seen:
        seen[found.id] = found.cues.search(text) is not None
    return seen[found.id]


def _risk_factor_changes(new: Sequence[Reading], base: Sequence[Reading]) -> list[Change]:
    """A topic entering the safe-harbor list of risk factors: one low-severity change."""
    new_fls = " ".join(r.text for r in new if r.section == Section.FORWARD_LOOKING)
    base_fls = " ".join(r.text for r in base if r.section == Section.FORWARD_LOOKING)
    if not new_fls or not base_fls:
        return []
    changes = []
    for item in topics():
        if item.id in ("macro", "execution", "costs", "demand", "regulation", "competition"):
            continue  # every safe harbor names these
        if item.cues.search(new_fls) and not item.cues.search(base_fls):
            sentence = next((r.text for r in new if r.section == Section.FORWARD_LOOKING and item.cues.search(r.text)), "")
            changes.append(Change(kind=RISK_ADDED, topic=item.label, before="", after=sentence, severity=30,
                                  reason=f"{item.label} now named among the risk factors of the forward-looking statements"))
    return changes


__all__ = ["risk_changes", "risk_topic", "RiskReading"]
