"""The comparison rules on small made-up documents, one rule at a time."""

from __future__ import annotations

import pytest

from earnings.compare import compare
from earnings.document import HIGHLIGHTS, QA, CallDocument, Statement
from earnings.errors import DocumentError
from earnings.period import FiscalPeriod
from earnings.report import (
    GUIDANCE_LOWERED,
    GUIDANCE_NEW,
    GUIDANCE_RAISED,
    GUIDANCE_TIMING,
    GUIDANCE_WITHDRAWN,
    RISK_ADDED,
    RISK_EASED,
    RISK_ESCALATED,
    TONE_SHIFT,
    Change,
)

FILLER = Statement(text="Management described steady customer engagement across several product families.",
                   section=QA, topic="Engagement")


def doc(period: str, *statements: Statement, ticker: str = "ACME") -> CallDocument:
    return CallDocument(ticker=ticker, period=FiscalPeriod.parse(period), title=f"{ticker} {period}",
                        statements=(FILLER, *statements))


def qa(topic: str, text: str) -> Statement:
    return Statement(text=text, section=QA, topic=topic)


def changes(new: CallDocument, baseline: CallDocument) -> list[Change]:
    return list(compare(new, baseline).changes)


def test_higher_revenue_guidance_is_raised_guidance() -> None:
    before = doc("Q2 2024", qa("Outlook", "Management expects full-year revenue of $500 million to $520 million."))
    after = doc("Q3 2024", qa("Outlook", "Management now expects full-year revenue of $540 million to $560 million."))
    [change] = changes(after, before)
    assert change.kind == GUIDANCE_RAISED
    assert "revenue" in change.reason and "$540M–$560M" in change.reason and "$500M–$520M" in change.reason


def test_a_bigger_cut_is_more_severe() -> None:
    before = doc("Q2 2024", qa("Margins", "We expect gross margin of 60% for the full year."))
    small = doc("Q3 2024", qa("Margins", "We expect gross margin of 59% for the full year."))
    large = doc("Q3 2024", qa("Margins", "We expect gross margin of 50% for the full year."))
    [minor], [major] = changes(small, before), changes(large, before)
    assert minor.kind == major.kind == GUIDANCE_LOWERED
    assert major.severity > minor.severity


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Management expects gross margins of approximately 75% in Q4.",
         "Management continues to expect gross margins of about 75.3% in Q4."),
        ("Management guided revenue of $126 million to $130 million for Q4.",
         "Management reaffirmed Q4 revenue guidance of $126.0M to $130.4M."),
        ("We target a 40% operating margin over the long term.",
         "The long-term target remains a 40% operating margin."),
    ],
)
def test_reaffirmed_guidance_differing_only_by_rounding_is_no_change(old: str, new: str) -> None:
    assert changes(doc("Q3 2024", qa("Outlook", new)), doc("Q3 2024", qa("Outlook", old))) == []


def test_a_full_year_guide_in_a_q4_document_is_for_the_next_year_so_it_is_new_not_raised() -> None:
    before = doc("Q3 2024", qa("Outlook", "We expect full-year revenue of $500 million."))
    after = doc("Q4 2024", qa("Outlook", "We expect full-year revenue of $600 million."))
    [change] = changes(after, before)
    assert change.kind == GUIDANCE_NEW
    assert change.reason == "new guide: FY2025 revenue $600M (FY2024 guide was $500M)"


def test_a_figure_without_a_period_is_not_compared_with_a_much_different_one() -> None:
    before = doc("Q3 2024", qa("Outlook", "Management guided Q4 revenue of $126 million to $130 million."))
    after = doc("Q4 2024", qa("Outlook", "Management expects revenue of about $600 million as the year unfolds."))
    assert changes(after, before) == []


def test_reported_results_that_moved_are_not_guidance_changes() -> None:
    before = doc("Q3 2024", qa("Results", "Revenue grew 20% sequentially to $100 million."))
    after = doc("Q4 2024", qa("Results", "Revenue grew 30% sequentially to $130 million."))
    assert changes(after, before) == []


def test_next_quarter_guides_for_different_quarters_are_not_compared_or_moved() -> None:
    before = doc("Q3 2024", qa("OPEX", "Management expects operating expenses of $76 million to $80 million in Q4."))
    after = doc("Q4 2024", qa("OPEX", "Management expects operating expenses of $86 million to $90 million in Q1."))
    assert changes(after, before) == []


def test_a_newly_guided_metric_with_a_figure_is_new_guidance() -> None:
    before = doc("Q3 2024")
    after = doc("Q4 2024", qa("Capex", "We expect capital expenditures of about $200 million for fiscal 2025."))
    [change] = changes(after, before)
    assert change.kind == GUIDANCE_NEW
    assert change.before == "" and change.figures_after[0].metric == "capex"


def test_forward_words_without_a_figure_are_not_new_guidance() -> None:
    after = doc("Q4 2024", qa("Capex", "We expect capital expenditures to rise as we expand capacity."))
    assert changes(after, doc("Q3 2024")) == []


def test_explicitly_withdrawn_guidance_is_reported_with_what_was_guided() -> None:
    before = doc("Q3 2024", qa("Revenue Guidance", "Management guided full-year revenue of $500 million to $520 million."))
    after = doc("Q4 2024", qa("Guidance", "Given tariff uncertainty, management is withdrawing its full-year revenue guidance."))
    withdrawn = [c for c in changes(after, before) if c.kind == GUIDANCE_WITHDRAWN]
    assert len(withdrawn) == 1
    assert withdrawn[0].figures_before[0].metric == "revenue"
    assert "withdrawing" in withdrawn[0].reason


def test_a_standing_policy_of_giving_no_guidance_is_not_a_withdrawal() -> None:
    policy = "Consistent with past practice, the company does not provide quarterly guidance."
    assert changes(doc("Q4 2024", qa("Guidance", policy)), doc("Q3 2024", qa("Guidance", policy))) == []


def test_guidance_words_near_a_withdrawing_verb_are_not_a_withdrawal() -> None:
    before = doc("Q3 2024", qa("Orders", "Customers placed steady orders."))
    after = doc("Q4 2024", qa("Orders", "Customers pulled in orders, and the outlook reflects that."))
    assert not [c for c in changes(after, before) if c.kind == GUIDANCE_WITHDRAWN]


def test_a_target_brought_forward_is_an_earlier_timing_change() -> None:
    before = doc("Q3 2024", qa("Launch", "Management expects volume production of the new switch by 2027."))
    after = doc("Q4 2024", qa("Launch", "Management now expects volume production of the new switch by 2026."))
    [change] = changes(after, before)
    assert change.kind == GUIDANCE_TIMING and "earlier" in change.reason


def test_a_target_slipping_from_late_2026_to_the_first_half_of_2027_is_later_timing() -> None:
    before = doc("Q4 2024", qa("Factory", "Management expects volume production by late 2026."))
    after = doc("Q1 2025", qa("Factory", "Management now expects volume production in the first half of 2027."))
    [change] = changes(after, before)
    assert change.kind == GUIDANCE_TIMING and "later" in change.reason


def test_a_target_said_more_precisely_within_the_same_year_is_no_move() -> None:
    before = doc("Q4 2024", qa("Factory", "Management expects volume production in 2026."))
    after = doc("Q1 2025", qa("Factory", "Management expects volume production in the second half of 2026."))
    assert changes(after, before) == []


def test_different_milestones_at_different_times_are_not_a_move() -> None:
    before = doc("Q3 2024", qa("Taurus", "Design wins are expected to broaden the customer base next year."))
    after = doc("Q4 2024", qa("Taurus", "Management expects 800-gig products to ship later in the year."))
    assert changes(after, before) == []


def test_a_risk_stated_much_more_strongly_is_escalated_and_the_reverse_eased() -> None:
    mild = doc("Q3 2024", qa("Pricing risk", "Competition could pressure pricing."))
    harsh = doc("Q4 2024", qa("Pricing risk",
                              "Competition is sharply intensifying and could severely pressure pricing, "
                              "with significant losses and a steep decline in share."))
    assert [c.kind for c in changes(harsh, mild)] == [RISK_ESCALATED]
    assert [c.kind for c in changes(mild, harsh)] == [RISK_EASED]


def test_a_risk_read_from_the_words_of_an_unlabelled_statement_is_added() -> None:
    risky = Statement(text="A shortage of substrates could delay shipments and pressure margins next year.",
                      section=HIGHLIGHTS)
    [change] = changes(doc("Q4 2024", risky), doc("Q3 2024"))
    assert change.kind == RISK_ADDED
    assert change.reason == "new supply chain risk"
    assert change.after == risky.text


def test_a_markedly_darker_document_is_a_tone_shift() -> None:
    calm = [qa(f"Topic {n}", "Demand was steady and customers kept ordering across all regions this quarter.")
            for n in range(8)]
    dark = [qa(f"Topic {n}", "Demand was weak and uncertain as customers could cut orders amid volatile, "
                             "declining regions.") for n in range(8)]
    report = compare(doc("Q4 2024", *dark), doc("Q3 2024", *calm))
    tone = [c for c in report.changes if c.kind == TONE_SHIFT]
    assert len(tone) == 1 and tone[0].severity == 40
    assert not [c for c in compare(doc("Q4 2024", *calm), doc("Q3 2024", *dark)).changes if c.kind == TONE_SHIFT]


def test_a_document_without_statements_cannot_be_compared() -> None:
    empty = CallDocument(ticker="ACME", period=FiscalPeriod(2024, 4), title="ACME Q4 2024", statements=())
    with pytest.raises(DocumentError, match="no statements"):
        compare(empty, doc("Q3 2024"))
    with pytest.raises(DocumentError, match="baseline"):
        compare(doc("Q4 2024"), empty)


def test_the_same_inputs_give_the_same_changes_in_the_same_order() -> None:
    before = doc("Q3 2024", qa("A risk", "Supply could constrain shipments."),
                 qa("Margins", "We expect gross margin of 60% in Q4."))
    after = doc("Q4 2024", qa("B risk", "Tariffs could pressure costs."), qa("C risk", "Customer concentration exposure."),
                qa("Margins", "We expect gross margin of 55%."))
    runs = {tuple(c.to_dict()["kind"] + c.topic for c in compare(after, before).changes) for _ in range(5)}
    assert len(runs) == 1


def test_a_new_risk_with_its_cost_stated_is_one_change() -> None:
    announced = qa("Risks", "New export restrictions on certain analog products to China were announced in May and could widen.")
    cost = qa("Outlook", "Export restrictions are expected to reduce full-year revenue by about $40 million.")
    [change] = [c for c in changes(doc("Q3 2024", announced, cost), doc("Q2 2024")) if c.category == "risk"]
    assert change.kind == RISK_ADDED
    assert change.reason == "export controls cost now put at ~$40M for FY2024"
    assert cost.text in change.after and announced.text in change.after


GUIDED = doc("Q2 2025", qa("Outlook", "We expect full-year revenue of $4.0 billion to $4.2 billion."))


def test_a_guide_not_updated_still_stands() -> None:
    after = doc("Q3 2025", qa("Outlook", "We are not updating our full-year guidance at this time."))
    assert not [c for c in changes(after, GUIDED) if c.kind == GUIDANCE_WITHDRAWN]


def test_quarterly_guidance_stopped_withdraws_no_year_guide() -> None:
    after = doc("Q3 2025", qa("Outlook", "We will no longer provide quarterly guidance, but we are maintaining our annual outlook."))
    [withdrawn] = [c for c in changes(after, GUIDED) if c.kind == GUIDANCE_WITHDRAWN]
    assert (withdrawn.topic, withdrawn.figures_before) == ("quarterly guidance", ())


def test_an_outlook_not_provided_beside_another_verb_is_withdrawn() -> None:
    after = doc("Q3 2025", qa("Outlook", "Due to the pending merger, we will not host a call or provide an outlook."))
    [withdrawn] = [c for c in changes(after, GUIDED) if c.kind == GUIDANCE_WITHDRAWN]
    assert [f.metric for f in withdrawn.figures_before] == ["revenue"]


def test_a_baseline_guide_with_no_period_is_for_its_own_year_not_the_next_years() -> None:
    before = doc("Q3 2025", qa("Outlook", "We now expect adjusted diluted net earnings per share of $9.45 to $9.52."))
    after = doc("Q4 2025", qa("Outlook", "For fiscal 2026, we expect diluted net earnings per share between $10.50 and $10.70."))
    assert [c.kind for c in changes(after, before)] == [GUIDANCE_NEW]


def test_a_figure_dated_last_quarter_is_no_milestone_a_new_start_date_moved() -> None:
    before = doc("Q4 2024", qa("Chemicals", "Given the timing of the Texas plant, we expect to see an approximate $150 million "
                                            "benefit from the Texas plant this year."))
    after = doc("Q1 2025", qa("Chemicals", "And the Texas plant is expected to start up in the middle of next year."))
    assert [c for c in changes(after, before) if c.kind == GUIDANCE_TIMING] == []


def test_a_summary_bullet_labelled_with_a_risks_topic_is_a_new_risk_though_said_mildly() -> None:
    def note(topic: str, text: str) -> Statement:
        return Statement(text=text, section=HIGHLIGHTS, topic=topic)

    before = CallDocument(ticker="ACME", period=FiscalPeriod.parse("Q4 2024"), title="ACME Q4 2024", kind="summary",
                          statements=(note("Bookings", "Bookings grew in every region."),))
    after = CallDocument(ticker="ACME", period=FiscalPeriod.parse("Q1 2025"), title="ACME Q1 2025", kind="summary",
                         statements=(note("Bookings", "Bookings grew in every region."),
                                     note("FX Impact", "Exchange rates moved, with some headwinds from emerging markets.")))
    [change] = changes(after, before)
    assert (change.kind, change.topic) == (RISK_ADDED, "currency")


def _summary(period: str, *notes: Statement) -> CallDocument:
    return CallDocument(ticker="ACME", period=FiscalPeriod.parse(period), title=f"ACME {period}", kind="summary", statements=notes)


def _risk_note(text: str) -> Statement:
    return Statement(text=text, section="risks")


def test_a_list_of_risks_retold_shorter_drops_no_risk_but_a_risk_left_out_alone_is_removed() -> None:
    before = _summary("Q4 2024", _risk_note("Risks/Challenges: Possible policy shifts and macroeconomic uncertainties, including "
                                            "research budgets and export controls."))
    shorter = _summary("Q1 2025", _risk_note("Risks/Challenges: Uncertainty from policy shifts and a weaker macroeconomic backdrop."))
    assert [c for c in changes(shorter, before) if c.kind == "risk_removed"] == []
    alone = _summary("Q4 2024", _risk_note("New export controls could restrict shipments to China and hurt revenue."))
    other = _summary("Q1 2025", _risk_note("A more uncertain macroeconomic environment weighs on demand."))
    assert [c.reason for c in changes(other, alone) if c.kind == "risk_removed"] == ["export controls no longer mentioned"]


def test_a_full_year_outlook_to_be_resumed_once_visibility_improves_is_withdrawn_but_one_reinstated_is_not() -> None:
    before = doc("Q3 2025", qa("Outlook", "We now expect full-year adjusted EPS of $18 to $20 for fiscal 2025."))
    after = doc("Q4 2025", qa("Outlook", "We remain committed to resuming our full year outlook for adjusted EPS as visibility improves."))
    [withdrawn] = [c for c in changes(after, before) if c.kind == GUIDANCE_WITHDRAWN]
    assert withdrawn.figures_before[0].metric == "eps"
    reinstated = doc("Q4 2025", qa("Outlook", "We are reinstating our full-year outlook: adjusted EPS of $19 to $21 for fiscal 2026."))
    assert GUIDANCE_WITHDRAWN not in [c.kind for c in changes(reinstated, before)]
