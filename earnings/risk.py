"""Risk rules: added, removed, escalated and eased risks.

* ``risk_added``: a risk statement whose counterpart is missing or is not a risk, and that no
  baseline risk reads like (``COVERED`` similarity: the same risk said twice in the new
  document is not new because only one copy found a partner).
* ``risk_removed``: the same, the other way round.
* ``risk_escalated`` / ``risk_eased``: counterpart risks whose negative and intensity words at
  least doubled (or halved) and moved by two or more. Deliberately conservative: a reworded
  risk with the same weight of language is no change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from earnings.align import THRESHOLD, Alignment
from earnings.classify import RISK, Reading
from earnings.report import RISK_ADDED, RISK_EASED, RISK_ESCALATED, RISK_REMOVED, Change

COVERED = THRESHOLD - 8


def _name(reading: Reading) -> str:
    statement = reading.statement
    if statement.topic:
        return statement.topic
    words = statement.text.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def _labelled(reading: Reading) -> bool:
    return any(c.startswith("label:") for c in reading.classification.cues)


def _covered(score: Callable[[int], float], others: Sequence[Reading]) -> bool:
    """Whether a risk reads like one of the risks among ``others`` (``score(k)``: against the k-th)."""
    return any(o.kind == RISK and score(k) >= COVERED for k, o in enumerate(others))


def _cues(reading: Reading) -> str:
    words = [c for c in reading.classification.cues if not c.startswith("label:")]
    unique = list(dict.fromkeys(words))[:4]
    return f" ({', '.join(unique)})" if unique else ""


def risk_changes(new: Sequence[Reading], base: Sequence[Reading], alignment: Alignment) -> list[Change]:
    """Every risk change between the aligned readings of two documents."""
    changes: list[Change] = []
    pairs, score = alignment.pairs, alignment.score
    matched_base = alignment.counterpart_of_baseline()
    for i, reading in enumerate(new):
        if reading.kind != RISK:
            continue
        counterpart = base[pairs[i]] if i in pairs else None
        if counterpart is not None and counterpart.kind == RISK:
            change = _weight_change(reading, counterpart)
            if change:
                changes.append(change)
        elif not _covered(lambda k: score(i, k), base):
            severity = 62 + min(13, 2 * reading.intensity) if _labelled(reading) else 55 + min(10, 2 * reading.intensity)
            changes.append(Change(
                kind=RISK_ADDED, topic=reading.statement.topic,
                before=counterpart.statement.text if counterpart else "", after=reading.statement.text,
                severity=severity, reason=f"new risk: {_name(reading)}{_cues(reading)}",
            ))
    for j, reading in enumerate(base):
        if reading.kind != RISK:
            continue
        counterpart = new[matched_base[j]] if j in matched_base else None
        if (counterpart is None or counterpart.kind != RISK) and not _covered(lambda k: score(k, j), new):
            changes.append(Change(
                kind=RISK_REMOVED, topic=reading.statement.topic,
                before=reading.statement.text, after=counterpart.statement.text if counterpart else "",
                severity=40 if _labelled(reading) else 30,
                reason=f"risk no longer mentioned: {_name(reading)}",
            ))
    return changes


def _weight_change(now: Reading, before: Reading) -> Change | None:
    old, new = before.intensity, now.intensity
    if new >= old + 2 and new >= 2 * old:
        kind, severity, word = RISK_ESCALATED, min(70, 50 + 3 * (new - old)), "stronger"
    elif old >= new + 2 and old >= 2 * new:
        kind, severity, word = RISK_EASED, 30, "softer"
    else:
        return None
    return Change(
        kind=kind, topic=now.statement.topic or before.statement.topic,
        before=before.statement.text, after=now.statement.text, severity=severity,
        reason=f"{word} language on risk: {_name(now)} ({old} -> {new} negative/intensity words)",
    )
