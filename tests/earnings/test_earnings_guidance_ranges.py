"""A guide's range narrowed or widened around the same midpoint: no change by default, a
low-severity change of its own with ``CompareOptions(range_changes=True)``."""

from __future__ import annotations

import dataclasses

import pytest

from earnings.compare import CompareOptions, compare
from earnings.document import QA, CallDocument, Statement
from earnings.period import FiscalPeriod
from earnings.report import GUIDANCE_LOWERED, GUIDANCE_NARROWED, GUIDANCE_RAISED, GUIDANCE_WIDENED, Change, ChangeReport

FILLER = Statement(text="Management described steady customer engagement across several product families.",
                   section=QA, topic="Engagement")
RANGES = CompareOptions(range_changes=True)
BEFORE = "For fiscal 2026 we expect revenue of $2.30 billion to $2.40 billion."


def doc(period: str, text: str) -> CallDocument:
    return CallDocument(ticker="ACME", period=FiscalPeriod.parse(period), title=f"ACME {period}",
                        statements=(FILLER, Statement(text=text, section=QA, topic="Outlook")))


def changes(after: str, before: str = BEFORE, options: CompareOptions = RANGES) -> list[Change]:
    return list(compare(doc("Q3 2026", after), doc("Q2 2026", before), options).changes)


def test_a_range_narrowed_around_the_same_midpoint_is_a_low_severity_change_of_its_own() -> None:
    [change] = changes("For fiscal 2026 we now expect revenue of $2.33 billion to $2.37 billion.")
    assert change.kind == GUIDANCE_NARROWED and change.category == "guidance"
    assert change.reason == "FY2026 revenue guide narrowed: $2.33B–$2.37B from $2.3B–$2.4B last quarter (midpoint unchanged)"
    assert change.severity_band == "low"
    assert [f.low for f in change.figures_before] == [2.30e9] and [f.high for f in change.figures_after] == [2.37e9]


def test_a_range_widened_around_the_same_midpoint_is_a_low_severity_change_of_its_own() -> None:
    [change] = changes("For fiscal 2026 we now expect revenue of $2.25 billion to $2.45 billion.")
    assert change.kind == GUIDANCE_WIDENED
    assert change.reason == "FY2026 revenue guide widened: $2.25B–$2.45B from $2.3B–$2.4B last quarter (midpoint unchanged)"
    assert change.severity_band == "low"


def test_a_margin_range_narrowed_is_told_in_points() -> None:
    [change] = changes("For fiscal 2026 we now expect adjusted EBITDA margin of 17.75% to 18.25%.",
                       "For fiscal 2026 we expect adjusted EBITDA margin of 17.5% to 18.5%.")
    assert change.kind == GUIDANCE_NARROWED
    assert change.reason == "FY2026 adjusted EBITDA margin guide narrowed: 17.75–18.25% from 17.5–18.5% last quarter (midpoint unchanged)"


@pytest.mark.parametrize("after", [
    "For fiscal 2026 we now expect revenue of $2.33 billion to $2.37 billion.",
    "For fiscal 2026 we now expect revenue of $2.25 billion to $2.45 billion.",
])
def test_by_default_a_range_re_drawn_around_its_midpoint_is_no_change(after: str) -> None:
    assert changes(after, options=CompareOptions()) == []
    assert changes(after, options=CompareOptions(range_changes=False)) == []


@pytest.mark.parametrize("after", [
    "For fiscal 2026 we continue to expect revenue of $2.30 billion to $2.40 billion.",
    "For fiscal 2026 we now expect revenue of $2.31 billion to $2.39 billion.",  # a fifth narrower: not clearly
])
def test_a_range_of_about_the_same_width_is_no_change_even_with_the_setting(after: str) -> None:
    assert changes(after) == []


@pytest.mark.parametrize(("after", "kind"), [
    ("For fiscal 2026 we now expect revenue of $2.36 billion to $2.40 billion.", GUIDANCE_RAISED),
    ("For fiscal 2026 we now expect revenue of $2.30 billion to $2.32 billion.", GUIDANCE_LOWERED),
])
def test_a_narrowed_range_whose_midpoint_moved_is_raised_or_lowered_once_whatever_the_setting(after: str, kind: str) -> None:
    on, off = changes(after), changes(after, options=CompareOptions())
    assert on == off
    [change] = on
    assert change.kind == kind and change.reason.endswith(", range narrowed")


def test_a_single_value_or_a_bound_said_again_is_no_change_with_the_setting() -> None:
    assert changes("For fiscal 2026 we now expect revenue of $2.35 billion.", "For fiscal 2026 we expect revenue of $2.35 billion.") == []
    assert changes("For fiscal 2026 we now expect revenue of more than $2.35 billion.",
                   "For fiscal 2026 we expect revenue of more than $2.35 billion.") == []


def test_a_range_on_another_basis_is_not_a_narrowed_one() -> None:
    before = "For fiscal 2026 we expect adjusted EPS of $2.00 to $2.40."
    [same_basis] = changes("For fiscal 2026 we now expect adjusted EPS of $2.10 to $2.30.", before)
    assert same_basis.kind == GUIDANCE_NARROWED and same_basis.reason.startswith("FY2026 adjusted EPS guide narrowed: $2.10–$2.30 from $2.00–$2.40")
    assert changes("For fiscal 2026 we now expect GAAP EPS of $2.10 to $2.30.", before) == []


def test_a_narrowed_range_for_another_target_period_is_not_compared_with_this_one() -> None:
    found = changes("For fiscal 2027 we expect revenue of $2.33 billion to $2.37 billion.",
                    "For fiscal 2026 we expect revenue of $2.30 billion to $2.40 billion.")
    assert all(c.kind not in (GUIDANCE_NARROWED, GUIDANCE_WIDENED) for c in found)


def test_the_setting_only_adds_range_changes_to_a_real_report(q4, q3, q4_vs_q3: ChangeReport) -> None:
    with_ranges = compare(q4, q3, RANGES)
    kept = [c for c in with_ranges.changes if c.kind not in (GUIDANCE_NARROWED, GUIDANCE_WIDENED)]
    assert kept == list(q4_vs_q3.changes)


def test_gaap_and_adjusted_guides_of_one_metric_are_compared_each_with_its_own() -> None:
    before = "For fiscal 2026, the company projects EPS of $7.88 to $8.38 and adjusted EPS of $9.00 to $9.50."
    after = "For fiscal 2026, the company now projects EPS of $8.24 to $8.64 and adjusted EPS of $9.55 to $9.95."
    [change] = changes(after, before)  # one sentence: one change
    assert change.reason == ("FY2026 EPS guide raised: $8.24–$8.64 from $7.88–$8.38 last quarter (midpoint +$0.31); "
                             "FY2026 adjusted EPS guide raised: $9.55–$9.95 from $9.00–$9.50 last quarter (midpoint +$0.50)")


def test_a_guide_the_document_says_it_maintains_is_not_new() -> None:
    before = "For fiscal 2026, the company is raising EPS guidance to $9.45 to $9.85 per share."
    after = doc("Q3 2026", "For fiscal 2026, the company now projects EPS in the range of $9.55 to $9.95 per share on revenue growth of 2 to 4 percent.")
    kept = dataclasses.replace(after, statements=(*after.statements, Statement(
        text="The company raised earnings guidance, while maintaining its annual revenue growth outlook.", section=QA)))
    reasons = [c.reason for c in compare(kept, doc("Q2 2026", before), RANGES).changes]
    assert reasons == ["FY2026 EPS guide raised: $9.55–$9.95 from $9.45–$9.85 last quarter (midpoint +$0.10)"]


def test_a_guide_of_the_year_meets_its_own_basis_among_guides_that_name_no_year() -> None:
    before = "We expect GAAP diluted EPS of $12.70 to $13.10. We expect adjusted diluted EPS of $14.50 to $14.90."
    after = "For fiscal 2026, we now expect EPS of $12.45 to $12.85 and adjusted EPS of $14.50 to $14.90."
    [change] = changes(after, before)
    assert change.reason == "FY2026 EPS guide lowered: $12.45–$12.85 from $12.70–$13.10 last quarter (midpoint −$0.25)"


def test_a_sentence_that_tells_the_previous_guide_is_what_the_new_one_moved_from() -> None:
    after = doc("Q3 2026", "For fiscal 2026, the company now projects earnings in the range of $9.55 to $9.95 per share.")
    told = dataclasses.replace(after, statements=(*after.statements, Statement(
        text="Previously, the company expected earnings in the range of $9.45 to $9.85 per share.", section=QA)))
    unrelated = doc("Q2 2026", "Customers kept ordering in every region.")
    [change] = compare(told, unrelated, RANGES).changes
    assert change.reason == "FY2026 EPS guide raised: $9.55–$9.95 from $9.45–$9.85 previously (midpoint +$0.10)"


def test_a_guide_kept_for_the_year_leaves_a_new_quarter_guide_new() -> None:
    after = doc("Q3 2026", "For Q4, we expect free cash flow of approximately $220 million.")
    kept = dataclasses.replace(after, statements=(*after.statements, Statement(
        text="We are maintaining our FY'26 free cash flow guidance.", section=QA)))
    [change] = compare(kept, doc("Q2 2026", "Customers kept ordering in every region."), RANGES).changes
    assert change.kind == "guidance_new" and change.reason == "new guide: Q4 2026 free cash flow ~$220M"


def test_words_that_raise_the_year_leave_a_new_quarter_guide_new() -> None:
    text = "We're guiding to organic growth of 13% to 15% for third quarter and raising our full-year guidance from 10% to 12% to 13% to 14%."
    after = doc("Q2 2026", text)
    before = doc("Q1 2026", "We're guiding to organic growth of 10% to 12% for second quarter and full-year organic growth of 10% to 12%.")
    reasons = sorted(c.reason for c in compare(after, before, RANGES).changes)
    assert reasons == ["FY2026 organic net sales growth guide raised: 13–14% from 10–12% last quarter (midpoint +2.5 pts), range narrowed",
                       "new guide: Q3 2026 organic net sales growth 13–15% (Q2 2026 guide was 10–12%)"]


def test_a_segment_is_named_as_the_document_would() -> None:
    [change] = changes("For fiscal 2026 we now expect Ford Pro EBIT of $7.5 billion to $8 billion and UPS revenue growth of 40% to 50%.",
                       "For fiscal 2026 we expect Ford Pro EBIT of $7 billion to $7.5 billion and UPS revenue growth of 30% to 40%.")
    assert change.reason.startswith("FY2026 Ford Pro operating income guide raised: $7.5B–$8B from $7B–$7.5B")
    assert "FY2026 UPS revenue growth guide raised: 40–50% from 30–40%" in change.reason


def test_a_guide_now_expected_towards_the_lower_end_of_its_range_is_lowered() -> None:
    before = "For fiscal 2026, the company projects organic net sales growth of 1.5 to 4.5 percent."
    after = doc("Q3 2026", before.replace("projects", "continues to project"))
    toward = dataclasses.replace(after, statements=(*after.statements, Statement(
        text="The company said organic net sales growth is expected towards the lower end of its range, primarily due to "
             "challenging market consumption trends.", section=QA)))
    [change] = compare(toward, doc("Q2 2026", before), RANGES).changes  # the cut is told once, its cause with it
    assert change.kind == GUIDANCE_LOWERED and "towards the lower end" in change.reason


def test_a_guide_said_unchanged_leaves_a_new_guide_in_the_next_clause_new() -> None:
    text = "Guidance narrowed: FY26 production now 2.35–2.37 MMBOED (midpoint unchanged); Q4 production guided to 2.33–2.37 MMBOED."
    [change] = changes(text, "Customers kept ordering in every region.")
    assert change.kind == "guidance_new" and change.reason == "new guide: Q4 2026 production 2.33–2.37"


@pytest.mark.parametrize(("after", "kind"), [
    ("We now expect full-year results at the low end of our guidance ranges.", GUIDANCE_LOWERED),
    ("We now expect to be at the high end of our full-year revenue range.", GUIDANCE_RAISED),
    ("We now expect full-year revenue to be below our prior guidance.", GUIDANCE_LOWERED),
    ("We now expect full-year revenue to come in ahead of our prior outlook.", GUIDANCE_RAISED),
])
def test_a_guide_now_put_at_one_end_of_its_range_or_against_the_last_outlook_moved(after: str, kind: str) -> None:
    assert [c.kind for c in changes(after)] == [kind]


def test_a_floor_far_below_the_last_range_is_lowered_and_guidance_kept_unchanged_is_no_level() -> None:
    before = "For fiscal 2026 we expect adjusted EPS of $26.00 to $26.50. Revenue guidance remains unchanged."
    [change] = changes("For fiscal 2026 we now expect adjusted EPS of at least $16.", before)
    assert change.kind == GUIDANCE_LOWERED and change.reason.startswith("FY2026 adjusted EPS guide lowered: >$16.00 from $26.00–$26.50")
