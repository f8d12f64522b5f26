"""``compare(new, baseline) -> ChangeReport``: the comparison engine.

Every statement is read once (``earnings.reading``: guidance facts, stated harms, risk, stances,
withdrawal words); then the rules run over the readings of both documents:

* guidance (``earnings.guidance``): facts compared like with like — raised, lowered, new,
  withdrawn, reinstated;
* timing (``earnings.timing``): a target date that moved;
* risk (``earnings.risk``): risks by topic — added, escalated, eased, removed, and a topic
  entering the safe-harbor list;
* stance (``earnings.stance``): a clear change of stance (acquisitions, a dividend cut, pricing
  actions) is a ``tone_shift``; so is wording markedly darker as a whole (``earnings.tone``).

Contract:

* rewording that changes no meaning is no change: a document compared with itself, or with its
  statements reordered, gives no changes;
* a sentence that carries a guidance change is not reported again as a risk of its own;
* deterministic: changes sorted by severity (highest first), then kind, topic and texts;
* ``similarity`` holds the whole documents' ``cosine`` and ``jaccard`` and, under
  ``sections``, the same per section found in both;
* a document with no statements raises ``DocumentError``;
* ``CompareOptions`` holds what a person may choose; with the defaults the engine judges alone,
  and a choice turned on only adds changes of its own kinds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from earnings.document import NOT_JUDGED, CallDocument
from earnings.errors import DocumentError
from earnings.guidance import guidance_changes, range_changes, withdrew_guidance
from earnings.lexicon import kept_tokens
from earnings.memo import kept_per_document
from earnings.period import FiscalPeriod
from earnings.reading import Reading, read_all
from earnings.report import GUIDANCE_WITHDRAWN, TONE_SHIFT, Change, ChangeReport
from earnings.risk import risk_changes
from earnings.rules import severities
from earnings.stance import stance_label
from earnings.timing import timing_changes
from earnings.tone import section_similarity, similarity, tone_change


@dataclass(frozen=True)
class CompareOptions:
    """Choices about what counts as a change, each off by default (the watchlist's ``compare:``,
    ``earnwatch diff --range-changes``).

    ``range_changes``: a guide whose range is narrowed or widened around the same midpoint
    ("$2.30–2.40B" then "$2.33–2.37B") is a low-severity ``guidance_narrowed`` or
    ``guidance_widened`` change; by default it is no change.
    """

    range_changes: bool = False


DEFAULT_OPTIONS = CompareOptions()


def _readings(document: CallDocument, role: str) -> list[Reading]:
    statements = [s for s in document.statements if s.text.strip()]
    if not statements:
        raise DocumentError(f"the {role} document ({document.name}) has no statements to compare")
    return read_all(statements, document)


def compare(new: CallDocument, baseline: CallDocument, options: CompareOptions = DEFAULT_OPTIONS,
            earlier: Iterable[CallDocument] = ()) -> ChangeReport:
    """Every material change in ``new`` against ``baseline`` (usually the previous quarter).
    ``earlier``: the documents before the baseline, latest first; read only when the baseline
    withdrew guidance, to find the last one that gave it, so that a guide reinstated now is
    also raised or lowered against what was guided before the withdrawal."""
    new_readings = _readings(new, "new")
    base_readings = _readings(baseline, "baseline")
    year_end = int(new.extra.get("fiscal_year_end", 12) or 12)
    last_guided, last_period = _last_guided(base_readings, earlier)

    changes: list[Change] = []
    changes += guidance_changes(new_readings, base_readings, new.period, baseline.period, last_guided, last_period)
    changes += timing_changes(new_readings, base_readings, new.period, baseline.period, year_end)
    told = _told(new_readings, changes)
    changes += risk_changes(new_readings, base_readings, new.kind, told)
    stances = _stance_changes(new_readings, base_readings)
    # a buyback paused is told once: as guidance withdrawn when an amount was planned (what it was
    # is shown), else as a change in stance (capital return that was never guided)
    paused = " ".join(c.after for c in stances if c.topic == stance_label("buyback_paused"))
    changes = [c for c in changes if not (paused and c.kind == GUIDANCE_WITHDRAWN and not c.figures_before
                                          and c.after and c.after in paused)]
    withdrawn = " ".join(c.after for c in changes if c.kind == GUIDANCE_WITHDRAWN)
    changes += [c for c in stances if not (withdrawn and c.after in withdrawn)]

    tone = tone_change(new_readings, base_readings)
    if tone is not None:
        changes.append(tone)
    if options.range_changes:
        # last, so a range re-drawn never stands for its sentence: a risk said in it is still told
        changes += range_changes(new_readings, base_readings, new.period, baseline.period)

    changes = _unique(changes)
    changes.sort(key=lambda c: (-c.severity, c.kind, c.topic, c.before, c.after, c.reason))
    new_sections, new_words = _word_counts(new_readings)
    base_sections, base_words = _word_counts(base_readings)
    scores: dict = dict(similarity(new_words, base_words))
    scores["sections"] = section_similarity(new_sections, base_sections)
    return ChangeReport(
        company=new.ticker or baseline.ticker or new.company_name,
        period=str(new.period) if new.period else "",
        baseline_period=str(baseline.period) if baseline.period else "",
        changes=tuple(changes),
        similarity=scores,
    )


def _last_guided(base: list[Reading], earlier: Iterable[CallDocument]) -> tuple[list[Reading], FiscalPeriod | None]:
    if not withdrew_guidance(base):
        return [], None
    for document in earlier:
        readings = read_all([s for s in document.statements if s.text.strip()], document)
        if readings and not withdrew_guidance(readings):
            return readings, document.period
    return [], None


def _stance_changes(new: list[Reading], base: list[Reading]) -> list[Change]:
    """A stance the new document takes and the baseline did not: one change, quoting the
    sentences that take it (up to three)."""
    taken = {s for r in base for s in r.stances}
    said: dict[str, list[Reading]] = {}
    for reading in new:
        for stance in reading.stances:
            if stance not in taken:
                said.setdefault(stance, []).append(reading)
    changes: list[Change] = []
    for stance, readings in said.items():
        quoted = readings[:3]
        changes.append(Change(kind=TONE_SHIFT, topic=stance_label(stance), before="", after=" ".join(r.text for r in quoted),
                              severity=int(severities().kinds[TONE_SHIFT]["base"]) + (15 if "cut" in stance or "paused" in stance else 0),
                              reason=f"change in stance: {stance_label(stance)}"))
    return changes


def _unique(changes: list[Change]) -> list[Change]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for change in changes:
        key = (str(change.kind), change.before, change.after)
        if key in seen:
            continue
        seen.add(key)
        out.append(change)
    return out


def _total(counters) -> Counter[str]:
    total: Counter[str] = Counter()
    for counter in counters:
        total.update(counter)
    return total


def _told(readings: list[Reading], changes: list[Change]) -> frozenset[str]:
    """The statements quoted in ``changes`` (found in one text of every quote, not quote by quote)."""
    if not changes:
        return frozenset()
    quoted = "\x00".join(c.after for c in changes)
    return frozenset(r.text for r in readings
                     if (r.text in quoted if "\x00" not in r.text else any(r.text in c.after for c in changes)))


@kept_per_document  # a document's, counted once: this quarter's new document is the next one's baseline
def _word_counts(readings: list[Reading]) -> tuple[dict[str, Counter[str]], Counter[str]]:
    """How often each word is said, per section and in the whole document."""
    words: dict[str, list[str]] = {}
    for reading in readings:
        if reading.section in NOT_JUDGED:
            continue  # navigation, metadata, a release's boilerplate
        words.setdefault(str(reading.section), []).extend(kept_tokens(reading.text))
    sections = {section: Counter(said) for section, said in words.items()}
    return sections, _total(sections.values())
