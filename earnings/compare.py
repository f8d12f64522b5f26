"""``compare(new, baseline) -> ChangeReport``: the comparison engine.

Steps: read every statement (``earnings.classify.read_statement``), align the two documents
one-to-one (``earnings.align``), then apply the risk rules (``earnings.risk``), the guidance
rules (``earnings.guidance``, ``earnings.timing``) and the whole-document tone rule
(``earnings.tone``).

Contract:

* rewording that changes no meaning is no change; a document compared with itself, or with
  its statements reordered, gives no changes;
* the result is deterministic: changes sorted by severity (highest first), then kind, then
  topic, then the texts;
* a document with no statements raises ``DocumentError``.
"""

from __future__ import annotations

from collections import Counter

from earnings.align import align
from earnings.classify import Reading, read_statement
from earnings.document import CallDocument
from earnings.errors import DocumentError
from earnings.guidance import figure_changes, withdrawals
from earnings.report import TONE_SHIFT, Change, ChangeReport
from earnings.risk import risk_changes
from earnings.timing import timing_changes
from earnings.tone import similarity, tone_of, tone_rose

TONE_SEVERITY = 40


def _readings(document: CallDocument, role: str) -> list[Reading]:
    statements = [s for s in document.statements if s.text.strip()]
    if not statements:
        raise DocumentError(
            f"the {role} document ({document.ticker} {document.period.label}) has no statements to compare"
        )
    return [read_statement(s, document.period) for s in statements]


def compare(new: CallDocument, baseline: CallDocument) -> ChangeReport:
    """Every material change in ``new`` against ``baseline`` (usually the previous quarter)."""
    new_readings = _readings(new, "new")
    base_readings = _readings(baseline, "baseline")
    alignment = align([r.statement for r in new_readings], [r.statement for r in base_readings])
    pairs = alignment.pairs

    changes: list[Change] = []
    changes += risk_changes(new_readings, base_readings, alignment)
    changes += figure_changes(new_readings, base_readings, pairs, new.period, baseline.period)
    changes += withdrawals(new_readings, base_readings, pairs)
    changes += timing_changes(new_readings, base_readings, pairs, new.period, baseline.period)

    new_counts = Counter(w for r in new_readings for w in r.words)  # = tone.word_counts(new)
    base_counts = Counter(w for r in base_readings for w in r.words)
    new_tone, base_tone = tone_of(new_counts), tone_of(base_counts)
    if tone_rose(new_tone, base_tone):
        changes.append(Change(
            kind=TONE_SHIFT, topic="", before="", after="", severity=TONE_SEVERITY,
            reason=f"negative and uncertain wording rose to {new_tone.share:.1%} of words "
                   f"from {base_tone.share:.1%}",
        ))

    changes.sort(key=lambda c: (-c.severity, c.kind, c.topic, c.before, c.after, c.reason))
    return ChangeReport(
        company=new.ticker,
        period=str(new.period),
        baseline_period=str(baseline.period),
        changes=tuple(changes),
        similarity=similarity(new_counts, base_counts),
    )
