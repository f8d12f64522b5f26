"""Risk rules: added, removed, escalated and eased risks.

* ``risk_added``: a risk statement whose counterpart is missing or is not a risk, and that no
  baseline risk reads like (``COVERED`` similarity: the same risk said twice in the new
  document is not new because only one copy found a partner). New risk statements that belong
  together are one change: neighbours in one passage (same section and topic, with risk words of
  their own), and statements anywhere that introduce the same new subject word ("tariffs", a word
  the baseline never used).
* ``risk_removed``: the same, the other way round.
* ``risk_escalated`` / ``risk_eased``: counterpart risks whose negative and intensity words at
  least doubled (or halved) and moved by two or more. Deliberately conservative: a reworded
  risk with the same weight of language is no change.
* The forward-looking-statements paragraph is boilerplate: its sentences are not read as risks.
  Its list of risk factors ("...; competition; our reliance on sole-source suppliers; ...") is
  compared item by item instead, and only an item that is materially new (most of its words,
  and at least ``_NOVEL_WORDS`` of them, never appear in the baseline's paragraph) is a
  ``risk_added``. A reworded or reordered list is no change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from earnings.align import THRESHOLD, Alignment, content_words
from earnings.classify import RISK, Reading
from earnings.document import FORWARD_LOOKING
from earnings.lexicon import FORWARD_LOOKING as FORWARD_LOOKING_WORDS
from earnings.lexicon import EASING, HEDGING, INTENSITY, NEGATIVE, RISK_CUES, UNCERTAINTY, WORSENING, WordList, tags
from earnings.report import RISK_ADDED, RISK_EASED, RISK_ESCALATED, RISK_REMOVED, Change

COVERED = THRESHOLD - 8
# Words that say how bad something is, not what it is: never the subject that joins two risks.
_EVALUATIVE = WordList("evaluative", [
    "risk*", "pressur*", "headwind*", "uncertain*", "challeng*", "concern*", "volatil*", "exposure*",
    "adverse*", "difficult*", "weak*", "lower*", "declin*", "decreas*", "negative*", "problem*", "impact*",
    "cost", "costs", "costly", "delay*", "slow*", "soft*", "loss*", "hurt*", "squeez*", "weigh*",
])
_GENERIC_LISTS = frozenset({UNCERTAINTY.name, HEDGING.name, INTENSITY.name, FORWARD_LOOKING_WORDS.name})
_SAME_TEXT = 90.0  # a neighbour paired this closely is old text, not part of a new passage
_NOVEL_WORDS = 3
_NOVEL_SHARE = 0.4
_PREFIX = 5  # words compared by their first letters: "competition" and "competitive" are one
_LIST_INTRO = re.compile(r"^.*\b(?:including|such as|among them|include|includes)\b\s*:", re.I | re.S)
_MIN_ITEM_WORDS = 3


def _name(reading: Reading, labelled_topic: bool) -> str:
    statement = reading.statement
    if statement.topic and labelled_topic:
        return statement.topic
    words = statement.text.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def _labelled(reading: Reading) -> bool:
    return any(c.startswith("label:") for c in reading.classification.cues)


_COVERED_OVERLAP = 0.5


def _stems(reading: Reading) -> set[str]:
    return {w[:_PREFIX] for w in reading.content if not w.isdigit()}


def _covered(reading: Reading, score: Callable[[int], float], others: Sequence[Reading]) -> bool:
    """Whether a risk reads like one of the risks among ``others`` (``score(k)``: against the k-th):
    alike by the alignment score, and sharing at least half of the shorter one's words."""
    mine = _stems(reading)
    for k, other in enumerate(others):
        if other.kind != RISK or other.statement.section == FORWARD_LOOKING or score(k) < COVERED:
            continue
        theirs = _stems(other)
        if len(mine & theirs) >= _COVERED_OVERLAP * min(len(mine), len(theirs), 1_000_000):
            return True
    return False


def _cues(readings: Sequence[Reading]) -> str:
    words = [c for r in readings for c in r.classification.cues if not c.startswith("label:")]
    unique = list(dict.fromkeys(words))[:4]
    return f" ({', '.join(unique)})" if unique else ""


def _has_risk_words(reading: Reading) -> bool:
    return any(RISK_CUES.name in tags(w) for w in reading.words)


def _vocabulary(readings: Sequence[Reading]) -> set[str]:
    return {w for r in readings for w in r.content}


def _novel(reading: Reading, vocabulary: set[str]) -> set[str]:
    """Content words of a statement that the other document never uses (subjects, not numbers)."""
    return {w for w in reading.content
            if len(w) >= 4 and not w.isdigit() and w not in vocabulary and w not in _EVALUATIVE
            and not _GENERIC_LISTS & tags(w)}


def _groups(lone: list[int], readings: Sequence[Reading], paired_close: set[int], other_vocabulary: set[str],
            labels: set[str]) -> list[list[int]]:
    """Lone risk statements joined into passages (see the module docstring)."""
    parent = {i: i for i in lone}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    members = set(lone)
    # neighbours: extend each lone risk over adjacent new text with risk words, same passage
    for i in lone:
        for step in (-1, 1):
            k = i + step
            while 0 <= k < len(readings) and k not in paired_close:
                near, here = readings[k].statement, readings[i].statement
                if (near.section, near.topic) != (here.section, here.topic) or near.section == FORWARD_LOOKING:
                    break
                if not _has_risk_words(readings[k]) and readings[k].kind != RISK:
                    break
                if readings[k].kind == RISK and k not in members:
                    break  # a risk that found its counterpart: not part of this passage
                parent.setdefault(k, k)
                if k not in members:
                    members.add(k)
                parent[find(k)] = find(i)
                k += step
    subjects: dict[int, set[str]] = {}
    named: dict[int, set[str]] = {}  # the labels a passage carries ("Inventory buildup risk")
    for i in parent:
        subjects.setdefault(find(i), set()).update(_novel(readings[i], other_vocabulary))
        topic = readings[i].statement.topic
        named.setdefault(find(i), set()).update({topic} if topic in labels else set())
    roots = sorted(subjects)
    for a in roots:
        for b in roots:
            differently_labelled = named[a] and named[b] and not named[a] & named[b]
            if a < b and subjects[a] & subjects[b] and not differently_labelled and find(a) != find(b):
                parent[find(b)] = find(a)
    clusters: dict[int, list[int]] = {}
    for i in sorted(parent):
        clusters.setdefault(find(i), []).append(i)
    return [group for group in clusters.values() if any(i in lone for i in group)]


def risk_changes(new: Sequence[Reading], base: Sequence[Reading], alignment: Alignment) -> list[Change]:
    """Every risk change between the aligned readings of two documents."""
    changes: list[Change] = []
    pairs, score = alignment.pairs, alignment.score
    matched_base = alignment.counterpart_of_baseline()
    shared_new = _shared_topics(new)
    shared_base = _shared_topics(base)

    lone_new: list[int] = []
    for i, reading in enumerate(new):
        if reading.kind != RISK or reading.statement.section == FORWARD_LOOKING:
            continue
        counterpart = base[pairs[i]] if i in pairs else None
        if counterpart is not None and counterpart.kind == RISK:
            change = _weight_change(reading, counterpart, shared_new)
            if change:
                changes.append(change)
        elif not _covered(reading, lambda k: score(i, k), base):
            lone_new.append(i)
    close_new = {i for i, j in pairs.items() if score(i, j) >= _SAME_TEXT}
    for group in _groups(lone_new, new, close_new, _vocabulary(base), _labels(new)):
        risks = [new[i] for i in group if new[i].kind == RISK and i in lone_new]
        first = risks[0]
        counterpart = base[pairs[group[0]]] if len(group) == 1 and group[0] in pairs else None
        labelled = any(_labelled(r) for r in risks)
        intensity = max(r.intensity for r in risks)
        severity = 62 + min(13, 2 * intensity) if labelled else 55 + min(10, 2 * intensity)
        changes.append(Change(
            kind=RISK_ADDED, topic=first.statement.topic,
            before=counterpart.statement.text if counterpart else "",
            after=" ".join(new[i].statement.text for i in group),
            severity=severity,
            reason=f"new risk: {_name(new[group[0]] if not labelled else first, first.statement.topic not in shared_new)}"
                   f"{_cues(risks)}",
        ))

    lone_base: list[int] = []
    for j, reading in enumerate(base):
        if reading.kind != RISK or reading.statement.section == FORWARD_LOOKING:
            continue
        counterpart = new[matched_base[j]] if j in matched_base else None
        if (counterpart is None or counterpart.kind != RISK) and not _covered(reading, lambda k: score(k, j), new):
            lone_base.append(j)
    close_base = {j for i, j in pairs.items() if score(i, j) >= _SAME_TEXT}
    for group in _groups(lone_base, base, close_base, _vocabulary(new), _labels(base)):
        risks = [base[j] for j in group if base[j].kind == RISK and j in lone_base]
        first = risks[0]
        counterpart = new[matched_base[group[0]]] if len(group) == 1 and group[0] in matched_base else None
        changes.append(Change(
            kind=RISK_REMOVED, topic=first.statement.topic,
            before=" ".join(base[j].statement.text for j in group),
            after=counterpart.statement.text if counterpart else "",
            severity=40 if any(_labelled(r) for r in risks) else 30,
            reason=f"risk no longer mentioned: {_name(first, first.statement.topic not in shared_base)}",
        ))
    changes += _risk_factor_changes(new, base)
    return changes


def _labels(readings: Sequence[Reading]) -> set[str]:
    """Topics that label one or two statements (not a speaker's or a section's name)."""
    shared = _shared_topics(readings)
    return {r.statement.topic for r in readings if r.statement.topic and r.statement.topic not in shared}


def _shared_topics(readings: Sequence[Reading]) -> set[str]:
    """Topics used by several statements: a speaker or a section, not a label of one statement."""
    seen: dict[str, int] = {}
    for r in readings:
        seen[r.statement.topic] = seen.get(r.statement.topic, 0) + 1
    return {topic for topic, count in seen.items() if count > 2}


def _direction(reading: Reading) -> tuple[bool, bool]:
    """Whether a risk statement says the risk eased ("shortages have eased", "no longer") or grew."""
    words = reading.words
    eased = any(w in EASING for w in words) or "no longer" in reading.statement.text.lower()
    return eased, any(w in WORSENING for w in words)


def _weight_change(now: Reading, before: Reading, shared: set[str]) -> Change | None:
    old, new = before.intensity, now.intensity
    eased_now, worse_now = _direction(now)
    eased_before, worse_before = _direction(before)
    if new >= old + 2 and new >= 2 * old:
        kind, severity, word = RISK_ESCALATED, min(70, 50 + 3 * (new - old)), "stronger"
    elif old >= new + 2 and old >= 2 * new:
        kind, severity, word = RISK_EASED, 30, "softer"
    elif eased_now and not eased_before and not worse_now:
        kind, severity, word = RISK_EASED, 30, "easing"
    elif worse_now and not worse_before and not eased_now:
        kind, severity, word = RISK_ESCALATED, 55, "worsening"
    else:
        return None
    return Change(
        kind=kind, topic=now.statement.topic or before.statement.topic,
        before=before.statement.text, after=now.statement.text, severity=severity,
        reason=f"{word} language on risk: {_name(now, now.statement.topic not in shared)} "
               f"({old} -> {new} negative/intensity words)",
    )


def risk_factor_items(text: str) -> list[str]:
    """The items of a forward-looking-statements list of risk factors: the parts between
    semicolons, the list's introduction ("..., including:") left out."""
    items = []
    for part in text.split(";"):
        intro = _LIST_INTRO.search(part)
        item = part[intro.end():] if intro else part
        item = item.strip(" ,.")
        if item.lower().startswith("and "):
            item = item[4:]
        if len(item.split()) >= _MIN_ITEM_WORDS:
            items.append(item)
    return items


def _prefixes(text: str) -> list[str]:
    return [w[:_PREFIX] for w in content_words(text) if len(w) >= 4 and not w.isdigit()]


def _risk_factor_changes(new: Sequence[Reading], base: Sequence[Reading]) -> list[Change]:
    """Materially new risk factors in the forward-looking-statements paragraph."""
    new_fls = [r for r in new if r.statement.section == FORWARD_LOOKING]
    base_fls = [r for r in base if r.statement.section == FORWARD_LOOKING]
    if not new_fls or not base_fls:
        return []  # a paragraph that appears or disappears is a change of format, not of risk
    known = {p for r in base_fls for p in _prefixes(r.statement.text)}
    old_items = [" ".join(content_words(item)) for r in base_fls for item in risk_factor_items(r.statement.text)]
    changes: list[Change] = []
    for reading in new_fls:
        for item in risk_factor_items(reading.statement.text):
            words = _prefixes(item)
            novel = [w for w in words if w not in known]
            if len(novel) < _NOVEL_WORDS or len(novel) < _NOVEL_SHARE * len(words):
                continue
            prepared = " ".join(content_words(item))
            if any(fuzz.token_set_ratio(prepared, old) >= THRESHOLD for old in old_items):
                continue
            if not any(NEGATIVE.name in tags(w) or RISK_CUES.name in tags(w) or UNCERTAINTY.name in tags(w)
                       for w in content_words(item)) and len(novel) < 2 * _NOVEL_WORDS:
                continue
            changes.append(Change(
                kind=RISK_ADDED, topic=reading.statement.topic, before="", after=item, severity=58,
                reason=f"new risk factor in the forward-looking statements: \u201c{_short(item)}\u201d",
            ))
    return changes


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")
