"""``compare(new, baseline) -> ChangeReport``: the comparison engine.

Steps: read every statement (``earnings.classify.read_statement``), align the two documents
one-to-one (``earnings.align``), then apply the risk rules (``earnings.risk``, including the
risk factors of the forward-looking-statements paragraph), the guidance rules
(``earnings.guidance``, ``earnings.timing``) and the whole-document tone rule
(``earnings.tone``, with the safe-harbor paragraph left out; a transcript's prepared remarks are
also judged on their own).

Contract:

* rewording that changes no meaning is no change; a document compared with itself, or with
  its statements reordered, gives no changes;
* the result is deterministic: changes sorted by severity (highest first), then kind, then
  topic, then the texts;
* ``similarity`` holds the whole documents' ``cosine`` and ``jaccard`` and, under
  ``sections``, the same per section found in both;
* a document with no statements raises ``DocumentError``.
"""

from __future__ import annotations

from collections import Counter

from earnings.align import align
from earnings.classify import Reading, read_statement
from earnings.document import FORWARD_LOOKING, PREPARED_REMARKS, CallDocument
from earnings.errors import DocumentError
from earnings.guidance import figure_changes, withdrawals
from earnings.report import TONE_SHIFT, Change, ChangeReport
from earnings.risk import risk_changes
from earnings.timing import timing_changes
from earnings.tone import Tone, section_similarity, similarity, tone_rose

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
    alignment = align([r.statement for r in new_readings], [r.statement for r in base_readings],
                      [r.content for r in new_readings], [r.content for r in base_readings])
    pairs = alignment.pairs

    changes: list[Change] = []
    changes += risk_changes(new_readings, base_readings, alignment)
    changes += figure_changes(new_readings, base_readings, pairs, new.period, baseline.period)
    changes += withdrawals(new_readings, base_readings, pairs)
    changes += timing_changes(new_readings, base_readings, pairs, new.period, baseline.period)

    new_sections = _section_counts(new_readings)
    base_sections = _section_counts(base_readings)
    new_counts = _total(new_sections.values())  # = tone.word_counts(new)
    base_counts = _total(base_sections.values())
    # the safe-harbor paragraph is boilerplate full of "risks" and "uncertainties": not tone
    new_tone = _tone(new_readings)
    base_tone = _tone(base_readings)
    # A call's prepared remarks are the company's own account of the quarter; in a long call a
    # Q&A that goes over unchanged ground dilutes a darker script, so the script is judged too.
    new_script = _tone(new_readings, PREPARED_REMARKS)
    base_script = _tone(base_readings, PREPARED_REMARKS)
    if tone_rose(new_tone, base_tone):
        changes.append(Change(
            kind=TONE_SHIFT, topic="", before="", after="", severity=TONE_SEVERITY,
            reason=f"negative and uncertain wording rose to {new_tone.share:.1%} of words "
                   f"from {base_tone.share:.1%}",
        ))
    elif tone_rose(new_script, base_script):
        changes.append(Change(
            kind=TONE_SHIFT, topic="", before="", after="", severity=TONE_SEVERITY,
            reason=f"negative and uncertain wording in the prepared remarks rose to {new_script.share:.1%} "
                   f"of words from {base_script.share:.1%}",
        ))

    changes.sort(key=lambda c: (-c.severity, c.kind, c.topic, c.before, c.after, c.reason))
    scores: dict = dict(similarity(new_counts, base_counts))
    scores["sections"] = section_similarity(new_sections, base_sections)
    return ChangeReport(
        company=new.ticker,
        period=str(new.period),
        baseline_period=str(baseline.period),
        changes=tuple(changes),
        similarity=scores,
    )


def _total(counters) -> Counter[str]:
    total: Counter[str] = Counter()
    for counter in counters:
        total.update(counter)
    return total


def _tone(readings: list[Reading], section: str | None = None) -> Tone:
    """The ``Tone`` of the document's words outside the safe-harbor paragraph (or in
    ``section`` only)."""
    kept = [r for r in readings if r.statement.section != FORWARD_LOOKING
            and (section is None or r.statement.section == section)]
    return Tone(words=sum(len(r.words) for r in kept), dark=sum(r.dark for r in kept))


def _section_counts(readings: list[Reading]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {}
    for reading in readings:
        counts.setdefault(reading.statement.section, Counter()).update(reading.words)
    return counts
