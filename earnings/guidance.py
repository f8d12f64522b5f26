"""Guidance rules: facts compared like with like.

A guide is a ``Figure`` with a metric, basis, segment, scenario and target period
(``earnings.facts``). Each document's guides are grouped by that key; a guide said several
times (in the remarks and again in an answer, in a highlight and in the outlook table) is one
guide, the outlook's wording first.

* **Raised / lowered**: the same key in both documents, the midpoint moved by more than
  rounding (two exactly written ranges: any move; an approximate value: ``_APPROXIMATE``);
  or, for a guide the baseline never gave, against the one the statement says it replaces
  ("3% to 5%, compared with 5% to 7% previously": ``StatementFacts.priors``).
  A scenario guide with no counterpart scenario is compared with
  the baseline's plain guide; a level said in words ("about flat", "top half of the range") is
  compared with a level, or with a growth rate read as a level.
* **Narrowed / widened**: the same metric, basis, segment, scenario and target period, the
  midpoint within rounding and the range clearly narrower or wider (``_span``). No change by
  default; a low-severity change of its own from ``range_changes``, which ``compare`` runs
  when asked (the watchlist's ``compare: {range_changes: true}``).
* **New**: a target period the baseline did not guide this metric for. For a line item (G&A,
  tax rate, labour costs) that merely rolls forward a quarter, nothing; for a headline metric
  (revenue, EPS, EBITDA, margins, comparable sales) the new quarter's guide is reported with
  the baseline's guide beside it, never called raised or lowered against another period. A
  metric never guided before is new whatever it is. A guide that returns after the baseline
  withdrew guidance is new ("reinstated"), and raised or lowered against the last guide given
  before the withdrawal when ``compare`` is given that document (``last_guided``).
* **Withdrawn**: explicit words only ("suspending guidance for full year 2025", "not providing
  an updated full year outlook"), and only when the baseline had none of its own.
* **Revisions in words** ("we are reducing expected capacity growth", "improved outlook vs last
  quarter", "trimmed") make a raised or lowered change where the numbers cannot say.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from earnings.document import Section
from earnings.facts import clause_of, period_label
from earnings.figures import format_value
from earnings.period import FiscalPeriod
from earnings.reading import ONLY_NEAR_TERM, Reading
from earnings.report import (
    GUIDANCE_LOWERED,
    GUIDANCE_NARROWED,
    GUIDANCE_NEW,
    GUIDANCE_RAISED,
    GUIDANCE_WIDENED,
    GUIDANCE_WITHDRAWN,
    Change,
    Figure,
)
from earnings.rules import case_blind, may_hold, metrics, severities
from earnings.timeref import current_year, find_time_refs

_REAFFIRMED = re.compile(r"\b(?:remain(?:s|ed)?\s+on\s+track|on\s+track\s+to|reaffirm\w*|reiterat\w*|still\s+(?:expect|target|anticipat)\w*"
                         r"|continue\s+to\s+(?:expect|target|anticipate)|as\s+previously\s+(?:announced|communicated|guided)|unchanged)\b", re.I)
# "while maintaining annual revenue and organic revenue growth outlook": the guides it names are
# the ones given before, whatever the baseline happened to quote
_MAINTAINED = re.compile(r"\b(?:maintain(?:s|ed|ing)?|reaffirm(?:s|ed|ing)?|reiterat(?:e|es|ed|ing)|affirm(?:s|ed|ing)?|kept|keeps|keeping)\b"
                         r"(?P<what>[^.;]{0,120}?)\b(?:outlooks?|guidance|guides?|forecasts?|targets?)\b", re.I)
_MAINTAINED_NEEDLES = ("maintain", "affirm", "reiterat", "kept", "keep")
_APPROXIMATE = 0.03  # an approximate money or count guide moves by more than 3%
_LEVEL_STEP = 0.5
_SECTION_RANK: dict[str, int] = {Section.OUTLOOK: 0, Section.RISKS: 2, Section.RECAP: 3}
_QUOTES = 3


@dataclass(frozen=True)
class Guide:
    figure: Figure
    reading: Reading

    @property
    def key(self) -> tuple[str, str, str, str]:
        f = self.figure
        return (f.metric, f.segment, f.scenario, f.period)


Key = tuple[str, str, str, str, str]  # metric, segment, scenario, target period, basis ("" unless told apart)


def _basis_class(figure: Figure) -> str:
    """The basis that makes a guide another guide: adjusted, organic, constant currency; GAAP,
    reported and unnamed are one (a release calls its GAAP EPS plain "EPS")."""
    return figure.basis if figure.basis in ("adjusted", "organic", "constant currency") else ""


def _guides(readings: Sequence[Reading], *, recaps: bool = True) -> dict[Key, list[Guide]]:
    """Each document's guides by key, the outlook's wording first. A summary's recap restates
    the guides above it: it counts as the baseline's evidence, never as news of its own.

    The basis parts a key only where the document guides the same thing on two bases with two
    values ("EPS of $7.88 to $8.38 and adjusted EPS of $9.00 to $9.50"); elsewhere "adjusted EPS"
    in the outlook and "EPS" in a highlight are the one guide they are."""
    grouped: dict[tuple[str, str, str, str], list[Guide]] = {}
    for reading in readings:
        if not recaps and reading.section == Section.RECAP:
            continue
        for figure in reading.facts.guides:
            guide = Guide(figure, reading)
            grouped.setdefault(guide.key, []).append(guide)
    keyed: dict[Key, list[Guide]] = {}
    for key, guides in grouped.items():
        values: dict[str, set[tuple[float | None, float | None]]] = {}
        for g in guides:
            values.setdefault(_basis_class(g.figure), set()).add((g.figure.low, g.figure.high))
        told_apart = len(values) > 1 and all(not (v & w) for b, v in values.items() for c, w in values.items() if b != c)
        for g in guides:
            keyed.setdefault((*key, _basis_class(g.figure) if told_apart else ""), []).append(g)
    for guides in keyed.values():
        # the outlook's words first; among them, an exact range before a bound or an approximation
        # then the plainest statement of it (the shortest), whatever the order it was said in
        guides.sort(key=lambda g: (_SECTION_RANK.get(g.reading.section, 1), bool(g.figure.bound),
                                   g.figure.unit == "level", g.figure.approximate, len(g.reading.text), g.reading.text))
    return keyed


def _quoted(guides: list[Guide]) -> str:
    """The statements that give a guide, each once, up to three, in document order: the
    company says its guide in the highlights, the outlook table and the remarks."""
    first = guides[0].figure
    same = [g for g in guides if (g.figure.low, g.figure.high, g.figure.unit) == (first.low, first.high, first.unit)]
    texts = dict.fromkeys(g.reading.text for g in sorted(same[:_QUOTES], key=lambda g: g.reading.index))
    return " ".join(texts)


def base_metric(metric: str) -> str:
    return metric.removesuffix("_growth").removesuffix("_share").removesuffix("_change")


def is_headline(metric: str) -> bool:
    found = metrics().metrics.get(base_metric(metric))
    return bool(found and found.headline) and not metric.endswith("_share")


def is_line_item(metric: str) -> bool:
    found = metrics().metrics.get(base_metric(metric))
    return bool(found and found.line_item)


def metric_name(metric: str) -> str:
    found = metrics().metrics.get(base_metric(metric))
    name = found.label if found else metric.replace("_", " ")
    if metric.endswith("_growth") and not name.endswith("growth"):
        return f"{name} growth"
    if metric.endswith("_change"):
        return f"{name} change"
    if metric.endswith("_share"):
        return f"{name} (share)"
    return name


def describe(figure: Figure) -> str:
    if figure.unit == "level":
        return figure.qualitative or "level"
    return format_value(figure.low, figure.high, figure.unit, approximate=figure.approximate, bound=figure.bound)


# A label that names where a statement stands, not what it guides ("Guidance Provided:",
# "Outlook:", "Forward-Looking Commentary:"): the change's topic is the metric's name instead.
_SECTION_LABEL = case_blind(r"\b(?:guidance|outlook|forecasts?|expectations?|forward[-\s]looking|commentary|results|highlights|provided"
                            r"|framework|financials?|overview|context|updates?|takeaways?|summary|surprises|signals|remarks)\b")


_LABEL_FILLER = case_blind(r"\b(?:the|our|and|of|for|key|full[-\s]year|fy\s?\d*|fiscal|q[1-4]|h[12]|\d{4}|annual|quarterly|financial)\b|[&/:,()-]")


def _topic(reading: Reading, metric: str) -> str:
    """The label the document gave the statement ("Revenue Outlook", "Data Center"), unless it only
    says where the statement stands ("Guidance Provided"): then the metric's name."""
    label = reading.label
    if not label or not _SECTION_LABEL.search(label):
        return label or metric_name(metric)
    rest = _LABEL_FILLER.sub(" ", _SECTION_LABEL.sub(" ", label)).strip()
    return label if rest else metric_name(metric)


def _subject(figure: Figure) -> str:
    name = metric_name(figure.metric)
    basis = _basis_class(figure)
    parts = [figure.period, _segment_name(figure.segment), "" if basis in name else basis, name]
    subject = " ".join(p for p in parts if p)
    return f"{subject} ({figure.scenario})" if figure.scenario else subject


def _segment_name(segment: str) -> str:
    """A segment as an alert names it: its key is folded to lower case for matching, so "ups"
    and "me&t" are written as initials, "ford pro" as a name."""
    if not segment:
        return ""
    return segment.upper() if " " not in segment and (len(segment) <= 4 or "&" in segment) else segment.title()


def _level(figure: Figure) -> float | None:
    """A figure as a level in words would put it: a growth rate below -5% is "lower" (-2) …"""
    if figure.unit == "level":
        return figure.low
    found = metrics().metrics.get(figure.metric)
    if figure.unit != "%" or not (figure.metric.endswith("_growth") or (found and found.growth)) or figure.low is None:
        return None
    mid = figure.midpoint
    return -2.0 if mid < -5 else -1.0 if mid < -1.5 else 0.0 if mid <= 1.5 else 1.0 if mid <= 5 else 2.0


def move(before: Figure, after: Figure) -> float | None:
    """The signed size of a guide's move (points for percentages, percent of the baseline for
    amounts, steps for levels); 0.0 when within rounding; None when the two cannot be compared."""
    if before.unit == "level" or after.unit == "level":
        a, b = _level(before), _level(after)
        if a is None or b is None:
            return None
        return b - a if abs(b - a) >= _LEVEL_STEP else 0.0
    if before.unit != after.unit or before.low is None or after.low is None or before.high is None or after.high is None:
        return None
    if before.bound or after.bound:
        return _bounded_move(before, after)
    diff = after.midpoint - before.midpoint
    exact = not (before.approximate or after.approximate)
    if _within_precision(before, after):
        return 0.0  # "$126 million to $130 million" said again as "$126.0M to $130.4M"
    if before.unit in ("%", "pts", "bp", "x"):
        tolerance = 0.049 if exact else 0.25
        if before.unit == "bp":
            tolerance *= 10
        if abs(diff) <= tolerance:
            return 0.0
        return diff / 100 if before.unit == "bp" else diff
    base = abs(before.midpoint) or 1.0
    if exact and (before.low != before.high or after.low != after.high):
        return 100 * diff / base if abs(diff) > 1e-9 * base else 0.0
    if abs(diff) <= _APPROXIMATE * base:
        return 0.0
    return 100 * diff / base


_NUMBER = re.compile(r"(\d[\d,]*)(?:\.(\d+))?\s*(billion|bn|b|million|mm|m|thousand|k)?\b", re.I)
_VERBAL = re.compile(r"\b(?:low|mid|high|upper|lower|single|double|teens|range)\b", re.I)
_SCALE = {"billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mm": 1e6, "m": 1e6, "thousand": 1e3, "k": 1e3}


def _precision(figure: Figure) -> float | None:
    """Half a unit of the last digit the figure was written with: "$130 million" ±$0.5M,
    "75.3%" ±0.05; None when its words hold no number."""
    if _VERBAL.search(figure.text):
        return None  # "the mid 2% range" is 2.4–2.6%, not 2% written to the unit
    steps = []
    for m in _NUMBER.finditer(figure.text):
        decimals = len(m.group(2) or "")
        scale = _SCALE.get((m.group(3) or "").lower(), 1.0) if figure.unit not in ("%", "pts", "bp", "x") else 1.0
        steps.append(scale * 10 ** -decimals / 2)
    return max(steps) if steps else None


def _within_precision(before: Figure, after: Figure) -> bool:
    """Both ends of the two figures agree within the coarser figure's precision."""
    a, b = _precision(before), _precision(after)
    if a is None or b is None or None in (before.low, before.high, after.low, after.high):
        return False
    step = max(a, b) - 1e-9 * max(abs(before.high or 0.0), 1.0)  # 18% -> 18.5% is a move, 130 -> 130.4 is not
    assert before.low is not None and before.high is not None and after.low is not None and after.high is not None
    return abs(after.low - before.low) < step and abs(after.high - before.high) < step


def _bounded_move(before: Figure, after: Figure) -> float | None:
    """Moves against a bound: "$5.25–6.25" after ">$7.35" is lowered; "<1%" after "2%" lowered."""
    assert before.low is not None and after.low is not None and before.high is not None and after.high is not None
    base = abs(before.midpoint) or 1.0
    scale = 1.0 if before.unit in ("%", "pts", "bp") else 100 / base
    if before.bound == "min" and after.high < before.low:
        return (after.high - before.low) * scale
    if before.bound == "max" and after.low > before.high:
        return (after.low - before.high) * scale
    if after.bound == "max" and after.high < before.low:
        return (after.high - before.low) * scale
    if after.bound == "min" and after.low > before.high:
        return (after.low - before.high) * scale
    if after.bound == "min" and not before.bound and after.low < before.low:
        return (after.low - before.low) * scale  # "at least $16" after "$26 to $26.50": the floor is far below the old range
    if before.bound == after.bound and before.low == after.low:
        return 0.0
    return None


def _severity(kind: str, size: float, figure: Figure) -> int:
    table = severities().kinds[kind]
    score = float(table.get("headline", table["base"]) if kind == GUIDANCE_NEW and is_headline(figure.metric) else table["base"])
    if size and figure.unit in ("%", "pts", "bp", "level"):
        score += table.get("per_point", 0) * abs(size) * (4 if figure.unit == "level" else 1)
    elif size:
        score += table.get("per_percent", 0) * abs(size)
    return int(min(table.get("cap", 100), round(score)))


def _when(new: FiscalPeriod | None, base: FiscalPeriod | None) -> str:
    if new and base and base == new.previous():
        return "last quarter"
    if new and base and base == new.year_ago():
        return "a year ago"
    return f"in {base.label}" if base else "before"


def withdrew_guidance(readings: Sequence[Reading]) -> bool:
    """Whether a document withdrew its guidance, or gave only the next quarter's."""
    return any(r.withdrawal or (may_hold(r.text, ("only",)) and ONLY_NEAR_TERM.search(r.text)) for r in readings)


def guidance_changes(new: Sequence[Reading], base: Sequence[Reading], new_period: FiscalPeriod | None,
                     base_period: FiscalPeriod | None, last_guided: Sequence[Reading] = (),
                     last_period: FiscalPeriod | None = None) -> list[Change]:
    """Raised, lowered, new and withdrawn guidance (see the module docstring). ``last_guided``:
    the last document before a baseline that withdrew guidance which still gave it (quarter
    ``last_period``): a guide reinstated now is also raised or lowered against its."""
    new_guides, base_guides = _guides(new, recaps=False), _guides(base)
    base_withdrew = withdrew_guidance(base)
    last_guides = _guides(last_guided) if base_withdrew and last_guided else {}
    changes: list[Change] = []
    changes += _withdrawals(new, base, base_guides, base_withdrew)
    if not any(c.kind == GUIDANCE_WITHDRAWN for c in changes):
        changes += _dropped_from_outlook(new_guides, base_guides)
    by_metric: dict[str, list[Guide]] = {}
    for key, guides in base_guides.items():
        by_metric.setdefault(key[0], []).extend(guides)
    moved_metrics: set[str] = set()
    maintained = _maintained(new, new_period)
    # the guides a sentence of its own says came before: "Previously, the company expected …"
    told_before = [f for r in new if r.section != Section.RECAP and not r.facts.guides for f in r.facts.priors]
    base_year = _years(new_period, base_period)[1]  # the year a baseline's guide that names none is for
    for key, guides in new_guides.items():
        after = guides[0]
        metric, segment, scenario, period, _basis = key
        if not period and _said_with_a_period(after, new_guides):
            continue  # "a solid double-digit margin" said again, once with "over the next few years"
        before = _counterpart(key, base_guides, after.figure, _years(new_period, base_period))
        quoted = _quoted(guides)
        if before is not None:
            size = move(before.figure, after.figure)
            if size:
                changes.append(_moved(before, after, size, _when(new_period, base_period), quoted))
                moved_metrics.add(base_metric(metric))
            continue
        replaced = next((f for f in after.reading.facts.priors if f.metric == metric and f.segment == segment and f.period == period), None) \
            or next((f for f in told_before if f.metric == metric and f.segment == segment and f.period in (period, "")
                     and _basis_class(f) == _basis_class(after.figure)), None)
        if replaced is not None:
            if size := move(replaced, after.figure):
                # "3% to 5%, compared with 5% to 7% previously": the document says what it replaces
                changes.append(_moved(Guide(replaced, after.reading), after, size, "previously", quoted))
                moved_metrics.add(base_metric(metric))
            continue  # the same as the guide it says it replaces: reaffirmed, not new
        earlier = [g for g in by_metric.get(metric, []) if g.figure.segment == segment]
        revised = [v for v in after.reading.facts.revisions if v.direction and (not v.metric or base_metric(v.metric) == base_metric(metric))
                   and _for_period(v.text, period, new_period)]
        if revised and not base_withdrew:
            # "Services revenues ~flat (trimmed on lower rebuilds)": the words say which way it moved
            changes.append(_revised(after, revised[0].direction, revised[0].text, _latest(earlier) if earlier else None, quoted))
            moved_metrics.add(base_metric(metric))
            continue
        if base_withdrew and period.startswith("FY"):
            # shown beside the last guide of a year, never beside a quarter's ("FY2025 EPS $5.25–$6.25"
            # is not to be read against the June quarter's $1.70–$2.30)
            years = [g for g in earlier if g.figure.period.startswith("FY")]
            last = _counterpart(key, last_guides, after.figure, _years(new_period, last_period)) if last_guides else None
            changes.append(_new(after, last or (_latest(years) if years else None), "reinstated", quoted))
            if last is not None and (size := move(last.figure, after.figure)):
                # "EPS of $5.25 to $6.25", reinstated, against January's ">$7.35" before April withdrew it
                when = f"in {last_period.label}, before guidance was withdrawn" if last_period else "before guidance was withdrawn"
                changes.append(_moved(last, after, size, when, quoted))
                moved_metrics.add(base_metric(metric))
        elif not earlier and not _guided_by_another_name(metric, segment, by_metric):
            if _REAFFIRMED.search(_clause_of(after)) or {(base_metric(metric), ""), (base_metric(metric), period)} & maintained:
                continue  # "we remain on track to deliver $1 billion in net cost reductions": not news, whatever last time said
            if is_line_item(metric):
                continue  # a modelling input given for the first time is no news; a moved one is
            if after.figure.unit == "level" and not is_headline(metric) and after.reading.section != Section.OUTLOOK \
                    and not after.reading.summary:
                continue  # a guide said in words outside an outlook ("ramp up our marketing") is too loose
            changes.append(_new(after, None, "new", quoted))
        elif (is_headline(metric) or period.startswith("FY")) \
                and (after.figure.unit != "level" or after.reading.section == Section.OUTLOOK):
            # a headline guide for a new quarter or year is news; any other guide for a new year
            # the metric's earlier guides, or its kin's ("revenue" for "revenue growth")
            kin = earlier or [g for m, gs in by_metric.items() if base_metric(m) == base_metric(metric) for g in gs if g.figure.segment == segment]
            same_kind = [g for g in kin if _granularity(g.figure.period) == _granularity(period)]
            if not same_kind and kin and period and _granularity(period) in "QH":
                # the first quarter's (or half's) guide of a metric guided only by the year
                changes.append(_new(after, _latest(kin), "new period", quoted))
            elif not same_kind and kin and period.startswith("FY") and is_headline(metric) and not _REAFFIRMED.search(_clause_of(after)) \
                    and _after_all(period, [g.figure.period or base_year for g in kin]):
                # the first year's guide of a metric guided only by the quarter: "revenue growth in the low teens" for next year
                changes.append(_new(after, None, "new period", quoted))
            elif same_kind and _later(period, [g.figure.period for g in same_kind]):
                changes.append(_new(after, _latest(same_kind), "new period", quoted))
    changes += _revisions(new, base, by_metric, moved_metrics)
    if not any(c.kind in (GUIDANCE_RAISED, GUIDANCE_LOWERED) for c in changes):
        changes += _outlook_revised(new, base, base_guides)
    return _merge(changes)


def _clause_of(guide: Guide) -> str:
    """The clause of its statement a guide was said in ("FY25 production now 2.35–2.37 MMBOED
    (midpoint unchanged); Q3 production guided to 2.33–2.37 MMBOED": the Q3 guide is not the
    one said unchanged)."""
    return clause_of(guide.reading.text, guide.figure.text)


def _maintained(readings: Sequence[Reading], period: FiscalPeriod | None) -> set[tuple[str, str]]:
    """The guides a document says it keeps ("maintaining annual revenue and organic revenue
    growth outlook", "maintaining our FY'24 free cash flow guidance"): (``base_metric``, the
    period it names, or "" for any)."""
    kept: set[tuple[str, str]] = set()
    for reading in readings:
        if not may_hold(reading.text, _MAINTAINED_NEEDLES):
            continue
        for m in _MAINTAINED.finditer(reading.text):
            named = {period_label(ref) for ref in find_time_refs(m["what"], period, strict=False)} or {""}
            kept |= {(base_metric(metrics().of(found).id), label) for found in metrics().finditer(m["what"]) for label in named}
    return kept


def _the_outlook(guides: dict[Key, list[Guide]]) -> list[Guide]:
    """A document's guides as its outlook: its years' guides, else every guide."""
    return [gs[0] for k, gs in guides.items() if k[3].startswith("FY")] or [gs[0] for gs in guides.values()]


def _listed(guides: list[Guide]) -> str:
    """Up to three guides as a reason lists them: "FY2026 revenue growth 2–4%, FY2026 EPS $3.40–$3.50"."""
    return ", ".join(f"{_subject(g.figure)} {describe(g.figure)}" for g in guides[:3])


def _outlook_revised(new: Sequence[Reading], base: Sequence[Reading], base_guides: dict[Key, list[Guide]]) -> list[Change]:
    """"We are lowering our full-year outlook", naming no metric and no figure moved: the
    outlook as a whole raised or lowered, once, beside the guides the baseline gave."""
    if not base_guides:
        return []  # words about an outlook the baseline never gave
    said_before = {r.text for r in base}
    for reading in new:
        revision = next((v for v in reading.facts.revisions if v.explicit and not v.metric and v.direction), None)
        if revision is None or reading.text in said_before:
            continue
        before = _the_outlook(base_guides)
        shown = _listed(before)
        kind = GUIDANCE_RAISED if revision.direction > 0 else GUIDANCE_LOWERED
        return [Change(kind=kind, topic="guidance", before=before[0].reading.text, after=reading.text,
                       severity=_severity(kind, 1.0, Figure("", 1, 1, "level", "")),
                       reason=f"guidance {'raised' if revision.direction > 0 else 'lowered'}: \u201c{revision.text}\u201d (was: {shown})",
                       figures_before=tuple(g.figure for g in before[:3]))]
    return []


def range_changes(new: Sequence[Reading], base: Sequence[Reading], new_period: FiscalPeriod | None,
                  base_period: FiscalPeriod | None) -> list[Change]:
    """Ranges narrowed or widened around the same midpoint: the same guide in both documents,
    ``move`` within rounding, the range clearly narrower or wider (``_span``). A rule of its
    own, run only when asked (``CompareOptions.range_changes``): a range whose midpoint moved is
    raised or lowered by ``guidance_changes``, never this too."""
    new_guides, base_guides = _guides(new, recaps=False), _guides(base)
    changes: list[Change] = []
    for key, guides in new_guides.items():
        after = guides[0]
        if not key[3] and _said_with_a_period(after, new_guides):
            continue
        before = _counterpart(key, base_guides, after.figure, _years(new_period, base_period))
        if before is None or not _same_guide(before.figure, after.figure) or not _span(before.figure, after.figure):
            continue
        if move(before.figure, after.figure) == 0.0:
            changes.append(_respanned(before, after, _when(new_period, base_period), _quoted(guides)))
    return _merge(changes)


def _said_with_a_period(guide: Guide, guides: dict[Key, list[Guide]]) -> bool:
    f = guide.figure
    return any(k[:3] == (f.metric, f.segment, f.scenario) and k[3] and any(
        (g.figure.low, g.figure.high) == (f.low, f.high) for g in gs) for k, gs in guides.items())


def _years(new_period: FiscalPeriod | None, base_period: FiscalPeriod | None) -> tuple[str, str]:
    """The fiscal years the two documents guide when a guide names none ("FY2025" for a Q3 2025
    call, "FY2026" for a Q4 one); "" when a document's quarter is not known."""
    return tuple(f"FY{current_year(p)}" if p is not None else "" for p in (new_period, base_period))  # type: ignore[return-value]


def _counterpart(key: Key, base_guides: dict[Key, list[Guide]], figure: Figure, years_guided: tuple[str, str] = ("", "")) -> Guide | None:
    metric, segment, scenario, period, _basis = key
    for candidate in ((metric, segment, scenario, period), (metric, segment, "", period)):
        same = {k[4]: gs for k, gs in base_guides.items() if k[:4] == candidate}
        if same:
            return _on_basis(same, figure)
    # a guide that names no period is for the year the document guides, and the reverse; a
    # baseline's is not for another year ("EPS of $9.45 to $9.52" in a fiscal Q3 call is no FY2026 guide)
    base_year = years_guided[1] if is_headline(metric) else ""  # a run-rate target ("$35 million of annual savings") may be for any year
    years = [k for k in base_guides if k[:2] == (metric, segment) and k[2] in (scenario, "")
             and (not period and k[3].startswith("FY") or period.startswith("FY") and not k[3] and (not base_year or period == base_year))]
    if len({k[:4] for k in years}) == 1:
        return _on_basis({k[4]: base_guides[k] for k in years}, figure)
    if not period and not years:
        # no year guided: a guide that names no period goes on from the last near-term one
        # ("gross margins of approximately 75% in Q4", then "to stabilize around 70–74%")
        near = [k for k in base_guides if k[:2] == (metric, segment) and k[2] in (scenario, "") and k[3][:1] in "QH"]
        if near:
            last = base_guides[max(near, key=lambda k: _period_value(k[3]) or 0.0)][0]
            if _comparable(last.figure, figure):
                return last
    if scenario == "":
        scenarios = [g for k, gs in base_guides.items() if k[0] == metric and k[1] == segment and k[3] == period for g in gs]
        if scenarios:
            return scenarios[0]
    if metric.endswith("_growth") or metric in metrics().metrics:
        # a growth rate in words ("about flat") against one in numbers, or the reverse
        for k, gs in base_guides.items():
            if k[3] == period and k[1] == segment and k[2] in (scenario, "") and base_metric(k[0]) == base_metric(metric) \
                    and (k[0].endswith("_growth") or metric.endswith("_growth")) and (
                    gs[0].figure.unit == "level" or metric.endswith("_growth")) and k[0] != metric:
                return gs[0]
    return None


def _on_basis(by_basis: dict[str, list[Guide]], figure: Figure) -> Guide:
    """Of one guide's groups by basis (``Key``'s last part), the one on ``figure``'s basis, when
    the baseline guided on two; else the one that names none, else any."""
    return (by_basis.get(_basis_class(figure)) or by_basis.get("") or next(iter(by_basis.values())))[0]


def _comparable(a: Figure, b: Figure) -> bool:
    """Two figures that could be guides for the same span: ratios alike in kind, amounts within
    half as much again of each other (a year's revenue is not a quarter's)."""
    if a.unit != b.unit or a.low is None or b.low is None:
        return False
    if a.unit in ("%", "pts", "bp", "x", "level"):
        return True
    low, high = sorted((abs(a.midpoint), abs(b.midpoint)))
    return bool(low) and high / low <= 1.5


def _guided_by_another_name(metric: str, segment: str, by_metric: dict[str, list[Guide]]) -> bool:
    return any(base_metric(m) == base_metric(metric) and any(g.figure.segment == segment for g in gs) for m, gs in by_metric.items())


def _period_value(period: str) -> float | None:
    try:
        if period.startswith("FY"):
            return float(period[2:]) + 0.99
        if period[:1] in "QH" and " " in period:
            head, year = period.split()
            step = 0.25 if head[0] == "Q" else 0.5
            return float(year) + (int(head[1]) - 1) * step
    except ValueError:
        return None
    return None


def _later(period: str, earlier: list[str]) -> bool:
    """Whether ``period`` comes after every earlier period of its own kind (a quarter after
    the baseline's quarters, a fiscal year after its years)."""
    mine = _period_value(period)
    others = [v for v in (_period_value(p) for p in earlier if _granularity(p) == _granularity(period)) if v is not None]
    return mine is not None and bool(others) and mine > max(others)


def _after_all(period: str, earlier: list[str]) -> bool:
    """Whether ``period`` ends after every one of ``earlier``, whatever their kind (FY2027 after Q4 2026)."""
    mine = _period_value(period)
    others = [v for v in map(_period_value, earlier) if v is not None]
    return mine is not None and bool(others) and mine > max(others)


def _for_period(words: str, period: str, reference: FiscalPeriod | None) -> bool:
    """Whether revision words can be about a guide for ``period``: "raising our full-year
    guidance" is not about the third quarter's."""
    named = [period_label(ref) for ref in find_time_refs(words, reference, strict=False)]
    return not named or not period or any(_granularity(p) == _granularity(period) or p == "full year" and period.startswith("FY")
                                          for p in named)


def _granularity(period: str) -> str:
    return "FY" if period.startswith("FY") else period[:1]


def _latest(guides: list[Guide]) -> Guide:
    return max(guides, key=lambda g: _period_value(g.figure.period) or 0.0)


def _moved(before: Guide, after: Guide, size: float, when: str, quoted: str = "") -> Change:
    lowered = size < 0
    kind = GUIDANCE_LOWERED if lowered else GUIDANCE_RAISED
    b, a = before.figure, after.figure
    detail = ""
    if a.unit not in ("level",) and b.unit == a.unit and b.low is not None and a.low is not None:
        delta = a.midpoint - b.midpoint
        by = f"{abs(delta):.2f}".rstrip("0").rstrip(".") + " pts" if a.unit == "%" else format_value(abs(delta), abs(delta), a.unit)
        detail = f" (midpoint {'+' if delta >= 0 else '−'}{by})"  # a margin moves by points, not percent
    span = _span_change(b, a)
    reason = (f"{_subject(a)} guide {'lowered' if lowered else 'raised'}: {describe(a)} from {describe(b)} {when}"
              f"{detail}{span}")
    return Change(kind=kind, topic=_topic(after.reading, a.metric), before=before.reading.text, after=quoted or after.reading.text,
                  severity=_severity(kind, size, a), reason=reason, figures_before=(b,), figures_after=(a,))


def _revised(after: Guide, direction: int, words: str, before: Guide | None, quoted: str) -> Change:
    kind = GUIDANCE_RAISED if direction > 0 else GUIDANCE_LOWERED
    a = after.figure
    reason = f"{_subject(a)} guide {'raised' if direction > 0 else 'lowered'}: {describe(a)}, \u201c{words.strip('() ')}\u201d"
    if before is not None:
        reason += f" ({before.figure.period or 'earlier'} guide was {describe(before.figure)})"
    return Change(kind=kind, topic=_topic(after.reading, a.metric), before=before.reading.text if before else "", after=quoted or after.reading.text,
                  severity=_severity(kind, 1.0, Figure(a.metric, 1, 1, "level", "")), reason=reason,
                  figures_before=(before.figure,) if before else (), figures_after=(a,))


def _span(before: Figure, after: Figure) -> str:
    """"widened" or "narrowed" when the range clearly changed width (by a third more, or a
    quarter less); "" otherwise, and for a single value or a bound."""
    if before.low is None or after.low is None or before.high is None or after.high is None:
        return ""
    old, new = before.high - before.low, after.high - after.low
    if old and new and new >= 1.33 * old:
        return "widened"
    if old and new and new <= 0.75 * old:
        return "narrowed"
    return ""


def _span_change(before: Figure, after: Figure) -> str:
    span = _span(before, after)
    return f", range {span}" if span else ""


def _same_guide(before: Figure, after: Figure) -> bool:
    """Two ranges for one thing: metric, basis, segment, scenario, target period and unit, each
    range written out (not a bound, not a level in words)."""
    return (before.metric, before.basis, before.segment, before.scenario, before.period, before.unit) \
        == (after.metric, after.basis, after.segment, after.scenario, after.period, after.unit) \
        and not before.bound and not after.bound and after.unit != "level"


def _respanned(before: Guide, after: Guide, when: str, quoted: str) -> Change:
    """A range narrowed or widened around the same midpoint: "FY2026 revenue guide narrowed:
    $2.33B–$2.37B from $2.30B–$2.40B last quarter (midpoint unchanged)"."""
    b, a = before.figure, after.figure
    span = _span(b, a)
    kind = GUIDANCE_NARROWED if span == "narrowed" else GUIDANCE_WIDENED
    midpoint = "unchanged" if abs(a.midpoint - b.midpoint) <= 1e-9 * max(abs(b.midpoint), 1.0) else "about the same"
    reason = f"{_subject(a)} guide {span}: {describe(a)} from {describe(b)} {when} (midpoint {midpoint})"
    return Change(kind=kind, topic=_topic(after.reading, a.metric), before=before.reading.text, after=quoted or after.reading.text,
                  severity=_severity(kind, 0.0, a), reason=reason, figures_before=(b,), figures_after=(a,))


def _new(after: Guide, context: Guide | None, why: str, quoted: str = "") -> Change:
    a = after.figure
    reason = f"new guide: {_subject(a)} {describe(a)}"
    if why == "reinstated":
        reason = f"guidance reinstated: {_subject(a)} {describe(a)}"
    if context is not None:
        reason += f" ({context.figure.period or 'earlier'} guide was {describe(context.figure)})"
    return Change(kind=GUIDANCE_NEW, topic=_topic(after.reading, a.metric), before=context.reading.text if context else "",
                  after=quoted or after.reading.text, severity=_severity(GUIDANCE_NEW, 0.0, a), reason=reason,
                  figures_before=(context.figure,) if context else (), figures_after=(a,))


_QUARTERLY = case_blind(r"\bquarterly\b")


def _withdrawals(new: Sequence[Reading], base: Sequence[Reading], base_guides: dict, base_withdrew: bool) -> list[Change]:
    if base_withdrew:
        return []
    said = [r for r in new if r.withdrawal]
    if not said:
        return []
    # one withdrawal is one change, however often it is said: the company's own words, up to three
    said.sort(key=lambda r: (r.section == Section.QA, r.index))
    quoted = sorted(said[:3], key=lambda r: r.index)
    named = metrics().search(said[0].withdrawal)  # "suspending its share repurchase program": that guide only
    named_id = metrics().of(named).id if named else ""
    if named_id:  # only that guide's own figure, if it had one: a paused buyback was never the revenue guide
        before = [gs[0] for k, gs in base_guides.items() if base_metric(k[0]) == named_id]
    else:
        before = _the_outlook(base_guides)
    scope = _QUARTERLY.search(said[0].withdrawal)
    if scope:  # "no longer provide quarterly guidance": the year's guides stand
        before = [g for g in before if g.figure.period[:1] in "QH" and g.figure.period]
    shown = _listed(before)
    topic = quoted[0].label or (metric_name(named_id) if named_id else "quarterly guidance" if scope else "guidance")
    return [Change(
        kind=GUIDANCE_WITHDRAWN, topic=topic, before=before[0].reading.text if before else "",
        after=" ".join(r.text for r in quoted), severity=_severity(GUIDANCE_WITHDRAWN, 0.0, Figure("", None, None, "", "")),
        reason=f"guidance withdrawn: \u201c{said[0].withdrawal}\u201d" + (f" (was: {shown})" if shown else ""),
        figures_before=tuple(g.figure for g in before[:3]))]


def _dropped_from_outlook(new_guides: dict[Key, list[Guide]],
                          base_guides: dict[Key, list[Guide]]) -> list[Change]:
    """A year's guide a release's outlook gave last quarter and leaves out now, while it still
    guides that year ("Full year 2025: revenue …, EPS …" then "Full year 2025: revenue …"): a
    guide quietly withdrawn. Only a release's outlook is read so: a summary or a call chooses
    what to repeat."""
    def outlook(guides: dict[Key, list[Guide]]) -> dict[Key, Guide]:
        return {k: g for k, gs in guides.items() for g in gs[:1]
                if g.reading.section == Section.OUTLOOK and not g.reading.summary and k[3].startswith("FY")}

    now, before = outlook(new_guides), outlook(base_guides)
    years_now = {k[3] for k in now}
    guided_now = {(base_metric(k[0]), k[1], k[3]) for k in new_guides}
    changes = []
    for key, guide in before.items():
        metric, segment, _scenario, period, _basis = key
        if period not in years_now or (base_metric(metric), segment, period) in guided_now:
            continue
        figure = guide.figure
        changes.append(Change(
            kind=GUIDANCE_WITHDRAWN, topic=metric_name(metric), before=guide.reading.text, after="",
            severity=int(severities().kinds[GUIDANCE_WITHDRAWN].get("dropped", severities().kinds[GUIDANCE_WITHDRAWN]["base"])),
            reason=f"{_subject(figure)} guide no longer given: the outlook still guides {period}, not this "
                   f"(was {describe(figure)})",
            figures_before=(figure,)))
    return changes


def _revisions(new: Sequence[Reading], base: Sequence[Reading], by_metric: dict[str, list[Guide]], moved: set[str]) -> list[Change]:
    """Raised or lowered in words, for metrics the numbers did not already show moving."""
    changes = []
    seen: set[tuple[str, int]] = set()
    said_before = {r.text for r in base}
    for reading in new:
        if reading.text in said_before:
            continue  # "we are raising our guidance", said last time too
        for revision in reading.facts.revisions:
            metric = revision.metric
            if not metric or base_metric(metric) in moved or (metric, revision.direction) in seen:
                continue
            if not revision.explicit and not any(base_metric(m) == base_metric(metric) for m in by_metric) and not reading.facts.guides:
                continue  # a remark about a guide the baseline never gave, and no figure now
            seen.add((metric, revision.direction))
            earlier = next((gs[0] for m, gs in by_metric.items() if base_metric(m) == base_metric(metric)), None)
            kind = GUIDANCE_RAISED if revision.direction > 0 else GUIDANCE_LOWERED
            figure = reading.facts.guides[0] if reading.facts.guides else Figure(metric, None, None, "level", revision.text)
            if earlier is not None and reading.facts.guides and _same_figure(earlier.figure, figure):
                continue  # "raising our guidance to $3.20 to $3.30", last quarter's guide already
            reason = f"{metric_name(metric)} guide {'raised' if revision.direction > 0 else 'lowered'}: \u201c{revision.text}\u201d"
            if earlier is not None:
                reason += f" (was {describe(earlier.figure)})"
            changes.append(Change(kind=kind, topic=metric_name(metric), before=earlier.reading.text if earlier else "",
                                  after=reading.text, severity=_severity(kind, 1.0, Figure(metric, 1, 1, "level", "")), reason=reason,
                                  figures_before=(earlier.figure,) if earlier else (), figures_after=(figure,)))
    return changes


def _same_figure(a: Figure, b: Figure) -> bool:
    return (a.unit, a.low, a.high, a.period) == (b.unit, b.low, b.high, b.period)


def _merge(changes: list[Change]) -> list[Change]:
    """One change per kind and sentence, and one ``guidance_new`` per target period: the new
    quarter's revenue, margin and EPS guides are one piece of news, quoted together."""
    merged: dict[tuple[str, str], Change] = {}
    order: list[tuple[str, str]] = []
    for change in changes:
        period = change.figures_after[0].period if change.figures_after else ""
        key = (str(change.kind), f"period:{period}") if change.kind == GUIDANCE_NEW and period else (str(change.kind), change.after)
        if key not in merged:
            merged[key] = change
            order.append(key)
            continue
        first = merged[key]
        after = first.after if change.after in first.after else " ".join(filter(None, (first.after, change.after)))
        topic = first.topic if change.topic in first.topic.split(", ") else f"{first.topic}, {change.topic}"
        merged[key] = Change(
            kind=first.kind, topic=topic, before=first.before or change.before, after=after,
            severity=max(first.severity, change.severity), reason=f"{first.reason}; {_without_kind(change.reason)}",
            figures_before=first.figures_before + change.figures_before, figures_after=first.figures_after + change.figures_after)
    return [merged[k] for k in order]


def _without_kind(reason: str) -> str:
    """A merged change's later reason without the words its first reason already said."""
    return reason.removeprefix("new guide: ").removeprefix("guidance reinstated: ")

