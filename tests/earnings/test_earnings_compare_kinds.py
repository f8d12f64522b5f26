"""Rules for transcripts and press releases: boilerplate, risk factors, outlook sections,
passages of risk, rolling periods and tone, one at a time on small documents."""

from __future__ import annotations

import dataclasses

import pytest
from collections.abc import Iterator

from earnings.compare import compare
from earnings.document import FORWARD_LOOKING, OUTLOOK, PREPARED_REMARKS, QA, CallDocument, Section, Statement
from earnings.period import FiscalPeriod
from alerts.terminal import redline, word_diff
from earnings.report import GUIDANCE_LOWERED, GUIDANCE_NEW, GUIDANCE_TIMING, RISK_ADDED, TONE_SHIFT

FILLER = Statement(text="Customers kept ordering across all of our regions during the quarter.", section="results")
FLS = ("This release contains forward-looking statements that involve risks and uncertainties, including: "
       "our dependence on a limited number of customers; the timing of large orders; competition; "
       "fluctuations in foreign currency exchange rates; and general economic conditions.")


def doc(period: str, *statements: Statement) -> CallDocument:
    return CallDocument(ticker="ACME", period=FiscalPeriod.parse(period), title=f"ACME {period}",
                        statements=(FILLER, *statements), kind="press_release")


def fls(text: str) -> Statement:
    return Statement(text=text, section=FORWARD_LOOKING, topic="Forward-Looking Statements")


def test_reworded_safe_harbor_boilerplate_is_no_change() -> None:
    reworded = ("Statements in this release that are not historical facts are forward-looking statements; they involve "
                "risks and uncertainties such as: reliance on a small number of customers; the timing of large orders; "
                "competitive pressures; changes in currency exchange rates; and general economic conditions.")
    assert compare(doc("Q3 2025", fls(reworded)), doc("Q2 2025", fls(FLS))).changes == ()


def test_a_materially_new_risk_factor_in_the_safe_harbor_is_a_new_risk() -> None:
    added = FLS.replace("; and general", "; the outcome of the regulatory investigation into our billing practices "
                                         "disclosed in September; and general")
    [change] = compare(doc("Q3 2025", fls(added)), doc("Q2 2025", fls(FLS))).changes
    assert change.kind == RISK_ADDED and "investigation" in change.after
    assert change.reason == "investigations now named among the risk factors of the forward-looking statements"


def test_guidance_bullets_in_an_outlook_section_are_guidance_without_a_verb() -> None:
    def outlook(text: str) -> Statement:
        return Statement(text=text, section=OUTLOOK, topic="Full Year 2025 Guidance")

    before = doc("Q2 2025", outlook("Full year 2025 net revenue: $2.06 billion to $2.09 billion"))
    after = doc("Q3 2025", outlook("Full year 2025 net revenue: $2.03 billion to $2.05 billion"))
    [change] = compare(after, before).changes
    assert change.kind == GUIDANCE_LOWERED
    assert change.reason == "FY2025 revenue guide lowered: $2.03B–$2.05B from $2.06B–$2.09B last quarter (midpoint −$35M), range narrowed"


def test_what_was_expected_in_the_past_is_not_guidance() -> None:
    def said(text: str) -> Statement:
        return Statement(text=text, section=QA, topic="Jane Doe, CFO")

    before = doc("Q2 2025", said("It is roughly $20 million of revenue that we had expected in the second half."))
    after = doc("Q3 2025", said("Together it is roughly $45 million of revenue that we had expected in the second half."))
    assert compare(after, before).changes == ()


def test_a_first_guide_for_the_next_fiscal_year_is_new_guidance_once() -> None:
    def outlook(text: str) -> Statement:
        return Statement(text=text, section=OUTLOOK, topic="Business Outlook")

    before = doc("Q3 2025", outlook("For fiscal 2025, we expect revenue of $1.63 billion to $1.66 billion and operating margin of approximately 23%."))
    after = doc("Q4 2025", outlook("For fiscal 2026, we expect revenue of $1.84 billion to $1.90 billion and operating margin of approximately 24%."))
    [change] = compare(after, before).changes
    assert change.kind == GUIDANCE_NEW
    assert change.reason == ("new guide: FY2026 revenue $1.84B–$1.9B (FY2025 guide was $1.63B–$1.66B); "
                             "FY2026 operating margin ~24% (FY2025 guide was ~23%)")


def test_a_rolling_quarterly_outlook_is_a_new_guide_not_a_cut_or_a_raise() -> None:
    def outlook(text: str) -> Statement:
        return Statement(text=text, section=OUTLOOK, topic="Business Outlook")

    before = doc("Q2 2025", outlook("For the third quarter of fiscal 2025, we expect revenue of $405 million to $420 million."))
    after = doc("Q3 2025", outlook("For the fourth quarter of fiscal 2025, we expect revenue of $430 million to $445 million."))
    [change] = compare(after, before).changes  # an analyst is told every next-quarter guide (shared LABELING.md)
    assert change.kind == GUIDANCE_NEW
    assert change.reason == "new guide: Q4 2025 revenue $430M–$445M (Q3 2025 guide was $405M–$420M)"


def test_a_slip_said_in_the_remarks_and_again_in_an_answer_is_one_change() -> None:
    def by(speaker: str, section: str, text: str) -> Statement:
        return Statement(text=text, section=section, topic=speaker)

    before = doc("Q2 2025", by("CEO", PREPARED_REMARKS, "We expect to begin production in Monterrey in the first half of 2026."),
                 by("CEO", QA, "We are comfortable with starting production in the first half of 2026."))
    after = doc("Q3 2025", by("CEO", PREPARED_REMARKS, "We now expect to begin production in Monterrey in the second half of 2026."),
                by("CEO", QA, "We now expect to start production in the second half of 2026."))
    assert [c.kind for c in compare(after, before).changes] == [GUIDANCE_TIMING]


def test_one_new_risk_told_over_several_sentences_is_one_change() -> None:
    speaker = "Helen Carver, Chief Executive Officer"
    passage = [
        "In September the FDA issued a warning letter to our Galway plant.",
        "Until the observations are closed, we have slowed output, which could cause backorders and the loss of accounts.",
        "Remediation is costly, and we may face further regulatory action if the FDA is not satisfied.",
    ]
    calm = [Statement(text=f"Volumes grew steadily in region {n} and pricing held.", section=PREPARED_REMARKS, topic=speaker)
            for n in range(3)]
    after = doc("Q3 2025", *calm, *(Statement(text=t, section=PREPARED_REMARKS, topic=speaker) for t in passage))
    [change] = [c for c in compare(after, doc("Q2 2025", *calm)).changes if c.kind != TONE_SHIFT]
    assert change.kind == RISK_ADDED
    assert "warning letter" in change.after and "Remediation" in change.after
    assert change.reason == "new regulation and policy risk"
    assert change.after.startswith("In September the FDA issued a warning letter")


def test_a_long_call_that_turns_markedly_darker_is_a_tone_shift() -> None:
    calm = [Statement(text=f"Demand in market {n} was steady and customers kept ordering this quarter as planned.",
                      section=QA, topic="CEO") for n in range(60)]
    dark = calm[:48] + [Statement(text=f"Demand in market {n} was weak and uncertain, and orders could decline further.",
                                  section=QA, topic="CEO") for n in range(12)]
    report = compare(doc("Q3 2025", *dark), doc("Q2 2025", *calm))
    assert TONE_SHIFT in [c.kind for c in report.changes]
    assert TONE_SHIFT not in [c.kind for c in compare(doc("Q3 2025", *calm), doc("Q2 2025", *dark)).changes]


def test_the_report_has_similarity_per_section() -> None:
    report = compare(doc("Q3 2025", fls(FLS)), doc("Q2 2025", fls(FLS)))
    assert report.similarity["sections"] == {"forward_looking": {"cosine": 1.0, "jaccard": 1.0},
                                             "results": {"cosine": 1.0, "jaccard": 1.0}}


def test_the_redline_marks_removed_and_added_words() -> None:
    assert word_diff("We expect revenue of $500 million.", "We now expect revenue of $450 million.") == \
        "We {+now+} expect revenue of [-$500-] {+$450+} million."


def test_the_redline_of_a_report_lists_each_change_and_strips_terminal_escapes() -> None:
    before = doc("Q2 2025", Statement(text="We expect full-year 2025 revenue of $500 million.", section=OUTLOOK, topic="Outlook"))
    after = doc("Q3 2025", Statement(text="We expect full-year 2025 revenue of $450 million. \x1b[2J", section=OUTLOOK,
                                     topic="Outlook"))
    text = redline(compare(after, before))
    assert text.startswith("ACME Q3 2025 vs Q2 2025: revenue guidance lowered")
    assert "v guidance_lowered" in text and "[-$500-] {+$450+}" in text and "\x1b" not in text
    assert "no material change" in redline(compare(before, before))


def _qa(topic: str, text: str) -> Statement:
    return Statement(text=text, section=QA, topic=topic)

def _said(text: str, topic: str = "CFO") -> Statement:
    """A statement of a call's prepared remarks, by ``topic`` (its speaker)."""
    return Statement(text=text, section=PREPARED_REMARKS, topic=topic)


def _said_by_ceo(text: str) -> Statement:
    return _said(text, "CEO")


def test_an_exact_range_moved_to_its_top_half_is_raised_guidance() -> None:
    before = doc("Q1 2026", _qa("Outlook", "Management expects adjusted EBITDA margin of 18% to 19% for 2026."))
    after = doc("Q2 2026", _qa("Outlook", "Management now expects adjusted EBITDA margin of 18.5% to 19% for 2026."))
    [change] = compare(after, before).changes
    assert change.kind == "guidance_raised"
    assert change.reason == "FY2026 adjusted EBITDA margin guide raised: 18.5–19% from 18–19% last quarter (midpoint +0.25 pts), range narrowed"


def test_a_risk_said_to_have_eased_is_eased() -> None:
    # in the release's own words: an answer's reassurance on a call is not the company's account
    def said(text: str) -> Statement:
        return Statement(text=text, section=Section.COMMENTARY, topic="Supply chain risk")

    before = doc("Q1 2026", said("Shortages of electrical steel could delay deliveries."))
    after = doc("Q2 2026", said("Steel shortages have eased as a second mill qualified, and "
                                "management no longer sees a meaningful risk to deliveries."))
    [change] = compare(after, before).changes
    assert change.kind == "risk_eased"
    assert change.reason == "supply chain risk eased: “Steel shortages have eased”"


def test_a_suspended_buyback_plan_is_withdrawn_guidance() -> None:
    before = doc("Q1 2026", _qa("Share Buyback", "Management plans to repurchase about $150 million of stock in 2026."))
    after = doc("Q2 2026", _qa("Share Buyback", "Management said it is suspending its share repurchase program to "
                                                "preserve cash."))
    [change] = compare(after, before).changes
    assert change.kind == "guidance_withdrawn" and change.figures_before[0].metric == "buybacks"


def test_the_old_range_quoted_beside_the_new_one_is_not_guidance() -> None:
    before = doc("Q2 2025", _qa("Outlook", "The Company expects full year adjusted EPS of $4.30 to $4.45."))
    after = doc("Q3 2025", _qa("Outlook", "Compared with its previous range of $4.30 to $4.45, the Company now expects "
                                          "full year adjusted EPS of $4.10 to $4.25."))
    [change] = compare(after, before).changes
    assert change.kind == "guidance_lowered" and change.figures_after[0].low == 4.10


def test_a_years_guide_left_out_of_a_releases_outlook_is_withdrawn_but_not_one_a_summary_leaves_out() -> None:
    def outlook(text: str) -> Statement:
        return Statement(text=text, section=OUTLOOK, topic="Fiscal 2025 Outlook")

    before = doc("Q2 2025", outlook("For fiscal 2025, the company expects net sales of $4.1 billion to $4.2 billion."),
                 outlook("For fiscal 2025, the company expects diluted EPS of $2.10 to $2.20."))
    after = doc("Q3 2025", outlook("For fiscal 2025, the company now expects net sales of $4.1 billion to $4.2 billion."))
    [change] = compare(after, before).changes
    assert change.kind == "guidance_withdrawn" and change.figures_before[0].metric == "eps"
    assert change.reason == "FY2025 EPS guide no longer given: the outlook still guides FY2025, not this (was $2.10–$2.20)"
    summary_before = dataclasses.replace(before, kind="summary")
    summary_after = dataclasses.replace(after, kind="summary")
    assert compare(summary_after, summary_before).changes == ()


def test_a_new_ceiling_said_with_now_is_a_lowered_guide() -> None:
    # the earlier call guided deliveries, the later one net additions: no figure to compare, but
    # "now expect … fewer than" says which way the plan moved
    before = doc("Q4 2025", _qa("Fleet", "We expect to take approximately 40 aircraft deliveries in 2026."))
    after = doc("Q1 2026", _qa("Fleet", "We now expect net aircraft additions in 2026 to be fewer than 10 aircraft."))
    kinds = {c.kind for c in compare(after, before).changes}
    assert kinds == {GUIDANCE_LOWERED}


def test_words_that_name_the_earlier_plan_are_a_revision_even_of_a_guide_not_given_last_time() -> None:
    before = doc("Q4 2025", _qa("Volume", "Dealers told us demand held up through the holidays."))
    after = doc("Q1 2026", _qa("Volume", "We now expect industry volumes to come in about 300,000 units lower than our original plan in the second half."))
    [change] = compare(after, before).changes
    assert (change.kind, change.topic) == (GUIDANCE_LOWERED, "industry volume")


def test_a_remark_in_brackets_on_a_result_is_no_revision_of_a_guide_never_given() -> None:
    before = doc("Q4 2025", Statement(text="Financial Products revenue rose 3% on higher average earning assets.", section="results"))
    after = doc("Q1 2026", Statement(text="Financial Products revenue +2%; segment profit -12% (higher credit loss provisions).", section="results"))
    assert [c.kind for c in compare(after, before).changes if c.kind.startswith("guidance")] == []


def test_a_known_risk_grown_worse_with_a_new_side_is_one_escalation_quoting_both() -> None:
    def remarks(*texts: str) -> tuple[Statement, ...]:
        return tuple(Statement(text=t, section=PREPARED_REMARKS) for t in texts)

    before = doc("Q1 2026", *remarks("Demand in Europe remains soft, and weaker consumer spending could hurt our sales there in the coming quarters."))
    after = doc("Q2 2026", *remarks(
        "Demand in Europe deteriorated further this quarter, and weaker consumer spending is now significantly pressuring our sales there.",
        "We also expect softer demand from distributors in Brazil, who are destocking and cutting orders ahead of the holidays."))
    [change] = compare(after, before).changes
    assert (change.kind, change.topic) == ("risk_escalated", "demand")
    assert "Europe deteriorated further" in change.after and "distributors in Brazil" in change.after


def test_guides_of_one_new_quarter_quote_each_statement_once() -> None:
    # the margin guide is said twice, so it quotes both statements; the EPS guide quotes the first again
    before = doc("Q4 2025", _qa("Outlook", "For the March quarter we expect an operating margin of 6% to 8% and earnings of $0.70 to $1.00 per share."))
    after = doc("Q1 2026",
                _qa("Outlook", "For the June quarter we expect an operating margin of 11% to 14% and earnings of $1.70 to $2.30 per share."),
                _qa("Outlook", "That June quarter operating margin of 11% to 14% reflects lower fuel prices."))
    [change] = [c for c in compare(after, before).changes if c.kind == GUIDANCE_NEW]
    assert change.after.count("earnings of $1.70 to $2.30") == 1


def test_a_reinstated_guide_is_lowered_against_the_last_guide_before_the_withdrawal_and_history_is_read_only_then() -> None:
    guided = doc("Q1 2026", _qa("Outlook", "For the full year 2026 we expect revenue of $2.3 billion to $2.4 billion."))
    withdrawn = doc("Q2 2026", _qa("Outlook", "Given the uncertainty, we are withdrawing our full year 2026 outlook."))
    reinstated = doc("Q3 2026", _qa("Outlook", "For the full year 2026 we now expect revenue of $2.1 billion to $2.2 billion."))
    kinds = {c.kind for c in compare(reinstated, withdrawn, earlier=[guided]).changes}
    assert {GUIDANCE_NEW, GUIDANCE_LOWERED} <= kinds
    assert GUIDANCE_LOWERED not in {c.kind for c in compare(reinstated, withdrawn).changes}

    def never() -> Iterator[CallDocument]:
        raise AssertionError("history read for a baseline that guided")
        yield guided

    compare(reinstated, guided, earlier=never())


def test_the_low_end_of_the_last_range_is_a_lowered_guide() -> None:
    before = doc("Q1 2026", _qa("Outlook", "For the full year we expect revenue of $5.6 billion to $5.7 billion."))
    after = doc("Q2 2026", _qa("Outlook", "We now expect full-year revenue to come in at the low end of our prior range of $5.6 billion to $5.7 billion."))
    [change] = compare(after, before).changes
    assert change.kind == GUIDANCE_LOWERED
    assert change.reason == "FY2026 revenue guide lowered: $5.6B from $5.6B–$5.7B last quarter (midpoint −$50M)"


def test_an_outlook_lowered_in_words_alone_is_a_lowered_guide_beside_the_last_one() -> None:
    before = doc("Q1 2026", _qa("Outlook", "For the full year we expect revenue growth of 5% to 7%."))
    after = doc("Q2 2026", _qa("Outlook", "We are lowering our full-year outlook to reflect softer demand in Europe."))
    [change] = compare(after, before).changes
    assert (change.kind, change.topic) == (GUIDANCE_LOWERED, "guidance")
    assert change.reason == "guidance lowered: \u201clowering our full-year outlook\u201d (was: FY2026 revenue growth 5–7%)"
    nothing_before = doc("Q1 2026", _qa("Outlook", "Customers in Europe kept ordering through the quarter."))
    assert GUIDANCE_LOWERED not in {c.kind for c in compare(after, nothing_before).changes}


def test_a_guide_said_beside_the_one_it_replaces_is_raised_or_lowered_though_the_baseline_never_gave_it() -> None:
    before = doc("Q1 2026", _qa("Europe", "Customers in Europe kept ordering through the quarter."))
    after = doc("Q2 2026", _qa("Outlook", "We now expect revenue growth of 3% to 5% for the year, compared with 5% to 7% previously."))
    [change] = compare(after, before).changes
    assert change.kind == GUIDANCE_LOWERED
    assert change.reason == "FY2026 revenue growth guide lowered: 3–5% from 5–7% previously (midpoint −2 pts)"


def test_a_cost_of_a_harm_said_beside_the_estimate_it_replaces_is_escalated() -> None:
    before = doc("Q1 2026", _qa("Tariffs", "Tariffs remain a watch item, and we see a limited impact this year."))
    after = doc("Q2 2026", _qa("Tariffs", "We now expect tariff costs of about $40 million in the second half, up from $15 million."))
    [change] = compare(after, before).changes
    assert (change.kind, change.reason) == ("risk_escalated", "tariffs and trade cost raised to ~$40M from $15M for H2 2026")


def test_a_cost_of_a_harm_lowered_from_the_previous_estimate_is_eased() -> None:
    before = doc("Q1 2026", _qa("Tariffs", "Tariffs: estimated ~$200M headwind, more back-half weighted."))
    after = doc("Q2 2026", _qa("Tariffs", "The company lowered its estimated net impact from tariffs in 2026 to approximately $175 million, "
                                          "down from the previous estimate of $200 million."))
    [change] = compare(after, before).changes
    assert (change.kind, change.reason) == ("risk_eased", "tariffs and trade cost cut to ~$175M for FY2026 from ~$200M")


def test_two_risks_a_summary_says_one_after_the_other_are_two_changes() -> None:
    def summary(period: str, *texts: str) -> CallDocument:
        return CallDocument(ticker="ACME", period=FiscalPeriod.parse(period), title=f"ACME {period}", kind="summary",
                            statements=tuple(Statement(text=t, section=Section.HIGHLIGHTS) for t in ("Revenue rose 3% on higher prices.", *texts)))

    before = summary("Q3 2026", "Management expects volumes to hold up through the holidays.")
    after = summary("Q4 2026", "The company lost a shelf-space placement at a key retailer, which will weigh on volumes next year.",
                    "Management also cited a new FDA inquiry into labeling claims on its protein bars.")
    assert sorted(c.topic for c in compare(after, before).changes if c.kind == RISK_ADDED) == ["demand", "investigations"]


def test_a_paused_buyback_that_had_no_planned_amount_is_one_change_in_stance() -> None:
    before = doc("Q1 2026", _qa("Outlook", "For the full year we expect revenue growth of 2% to 4%."),
                 _qa("Capital", "The board approved a new $500 million share repurchase authorization."))
    after = doc("Q2 2026", _qa("Outlook", "For the full year we expect revenue growth of 2% to 4%."),
                _qa("Capital", "Repurchases were paused while we prioritize debt reduction."))
    [change] = compare(after, before).changes
    assert (change.kind, change.topic, change.reason) == (TONE_SHIFT, "buyback paused", "change in stance: buyback paused")


def test_a_stated_cost_beside_a_new_risk_in_words_is_its_own_change_with_the_topic_named_nearest_it() -> None:
    def remarks(*texts: str) -> tuple[Statement, ...]:
        return tuple(Statement(text=t, section=PREPARED_REMARKS) for t in texts)

    before = doc("Q3 2026", *remarks("Cloud customers kept deploying through the quarter."))
    after = doc("Q4 2026", *remarks(
        "One of our largest cloud customers will pause new deployments, which will weigh on first quarter revenue.",
        "Memory prices have risen sharply, and we expect memory costs to reduce gross margin by about 150 basis points in the first half."))
    added = sorted((c.topic, c.reason) for c in compare(after, before).changes if c.kind == RISK_ADDED)
    assert added == [("costs and inflation", "costs and inflation cost now put at ~150 bp for H1 2027"),
                     ("customer concentration", "new customer concentration risk")]


def test_a_dividend_reduced_from_its_last_amount_is_a_change_in_stance_and_a_new_amount_alone_is_not() -> None:
    def dividend(text: str) -> Statement:
        return Statement(text=text, section="capital allocation")

    before = doc("Q2 2025", dividend("The board declared a quarterly dividend of $0.42 per share, payable in September."))
    cut = doc("Q3 2025", dividend("The board declared a quarterly dividend of $0.21 per share, reduced from $0.42 per share, to fund debt repayment."))
    [change] = compare(cut, before).changes
    assert (change.kind, change.topic) == (TONE_SHIFT, "dividend cut")
    assert "$0.21 per share, reduced from $0.42" in change.after
    restated = doc("Q3 2025", dividend("The board declared a quarterly dividend of $0.42 per share, payable in December."))
    assert compare(restated, before).changes == ()


def test_an_outlook_table_with_prior_and_updated_columns_compares_the_updated_guide_with_the_prior_one() -> None:
    columns = ("", "2025 Actual", "Prior Outlook", "Updated Outlook")

    def row(*cells: str) -> Statement:
        return Statement(text=" | ".join(cells), section=OUTLOOK, topic="Fiscal 2026 Outlook", cells=cells, columns=columns)

    first_seen = doc("Q2 2026", row("Net sales", "$812 million", "$850 - $870 million", "$880 - $900 million"),
                     row("Adjusted operating margin", "11.2%", "12% - 12.5%", "12% - 12.5%"))
    [change] = compare(first_seen, doc("Q1 2026")).changes
    assert change.kind == "guidance_raised"
    assert change.reason == "FY2026 revenue guide raised: $880M–$900M from $850M–$870M previously (midpoint +$30M)"


def test_next_years_first_headline_guide_is_new_when_only_quarters_were_guided() -> None:
    def said(text: str) -> Statement:
        return Statement(text=text, section=PREPARED_REMARKS, topic="Chief Financial Officer")

    before = doc("Q3 2026", said("For the fourth quarter, we expect revenue of $880 million, plus or minus $20 million."))
    after = doc("Q4 2026", said("For the first quarter, we expect revenue of $900 million, plus or minus $20 million."),
                said("For fiscal 2027, we are initially guiding to revenue growth in the high single digits."))
    reasons = [c.reason for c in compare(after, before).changes if c.kind == GUIDANCE_NEW]
    assert "new guide: FY2027 revenue growth 7–9%" in reasons
    assert "new guide: Q1 2027 revenue $880M–$920M (Q4 2026 guide was $860M–$900M)" in reasons
    still = doc("Q4 2026", said("For the first quarter, we expect revenue of $900 million, plus or minus $20 million."),
                said("For fiscal 2027, we still expect revenue growth in the high single digits."))
    assert [c.reason for c in compare(still, before).changes] == ["new guide: Q1 2027 revenue $880M–$920M (Q4 2026 guide was $860M–$900M)"]


def test_a_board_exploring_strategic_alternatives_is_a_change_in_stance() -> None:
    said = Statement(text="The board has begun evaluating strategic alternatives for the company, including a possible sale of the business.",
                     section=PREPARED_REMARKS, topic="CEO")
    [change] = compare(doc("Q3 2025", said), doc("Q2 2025")).changes
    assert (change.kind, change.topic) == (TONE_SHIFT, "review of strategic alternatives")
    assert compare(doc("Q4 2025", said), doc("Q3 2025", said)).changes == ()


def test_a_risk_stated_in_the_release_and_entering_its_safe_harbor_is_told_once() -> None:
    remark = Statement(text="New tariffs on the parts we import from Mexico will raise our costs in the second half.",
                       section=PREPARED_REMARKS, topic="CEO")
    added = FLS.replace("; and general", "; new or higher tariffs on imported parts; and general")
    [change] = compare(doc("Q3 2025", remark, fls(added)), doc("Q2 2025", fls(FLS))).changes
    assert (change.kind, change.topic) == (RISK_ADDED, "tariffs and trade")
    assert change.after == remark.text


def test_a_harm_cost_cut_from_one_amount_to_another_is_eased() -> None:
    before = doc("Q1 2025", _said("We expect a tariff impact of about $60 million this year."))
    for text in ("Tariff impact reduced from $60 million to $20 million, with a $10 million net impact.",
                 "We have reduced our estimate of the tariff impact from $60 million to $20 million."):
        [change] = compare(doc("Q2 2025", _said(text)), before).changes
        assert (change.kind, change.topic) == ("risk_eased", "tariffs and trade")
        assert change.reason.startswith("tariffs and trade cost cut to $20M from ~$60M")


@pytest.mark.parametrize(("text", "topic"), [
    ("We are in discussions on a potential business combination with a larger peer.", "merger talks"),
    ("The company announced a two-year restructuring program targeting its portfolio and supply chain.", "new restructuring program"),
])
def test_merger_talks_and_a_new_restructuring_program_are_changes_in_stance(text: str, topic: str) -> None:
    said = Statement(text=text, section=PREPARED_REMARKS, topic="CEO")
    [change] = compare(doc("Q3 2025", said), doc("Q2 2025")).changes
    assert (change.kind, change.topic) == (TONE_SHIFT, topic)
    assert compare(doc("Q4 2025", said), doc("Q3 2025", said)).changes == ()


def test_what_an_acquisition_adds_to_eps_is_no_eps_guide() -> None:
    before = doc("Q4 2024", _said("For the year, we expect earnings per share of $10.10 to $10.50."))
    after = doc("Q1 2025", _said("For the year, we expect earnings per share of $10.10 to $10.50."),
                _said("Our 2024 acquisitions are still expected to add approximately 33 cents per share to 2025 EPS."))
    assert compare(after, before).changes == ()


def test_a_run_on_sentence_that_turns_to_the_year_gives_the_year_to_the_guide_after_it() -> None:
    before = doc("Q4 2024", _said("For the year, we expect earnings per share of $10.10 to $10.50."))
    after = doc("Q1 2025", _said("For the second quarter, segment margin is expected to be 22.8% to 23.2%, down 20 basis points to up "
                                "20 basis points as improvement in automation is offset by contraction in aerospace for the year we now "
                                "expect earnings per share of $10.20 to $10.50."))
    reasons = [c.reason for c in compare(after, before).changes]
    assert "FY2025 EPS guide raised: $10.20–$10.50 from $10.10–$10.50 last quarter (midpoint +$0.05)" in reasons
    assert "new guide: Q2 2025 operating margin 22.8–23.2%; Q2 2025 operating margin change -20 bp to 20 bp" in reasons


def test_a_stance_said_to_continue_is_not_a_new_one() -> None:
    said = Statement(text="While we continue to evaluate acquisitions, we will exit businesses that do not fit.", section=PREPARED_REMARKS,
                     topic="CEO")
    assert compare(doc("Q3 2025", said), doc("Q2 2025")).changes == ()


def test_a_first_cost_put_on_a_new_harm_is_a_new_risk() -> None:
    said = Statement(text="What we are having to address is the $300 million of incremental gross impact from the tariffs.",
                     section=QA, topic="CFO")
    [change] = compare(doc("Q1 2025", said), doc("Q4 2024")).changes
    assert (change.kind, change.topic) == (RISK_ADDED, "tariffs and trade")


def test_a_guide_called_premature_to_give_is_withdrawn() -> None:
    def said(text: str) -> Statement:
        return Statement(text=text, section=QA, topic="CFO")

    before = doc("Q4 2024", said("For the full year, we expect adjusted EBITDA of $9 billion to $9.4 billion."))
    after = doc("Q1 2025", said("I think it is premature to give you an EBITDA for the second half at this stage."))
    assert [c.kind for c in compare(after, before).changes] == ["guidance_withdrawn"]


def test_a_favourable_impact_and_a_cost_per_share_are_not_set_against_a_company_cost() -> None:
    before = doc("Q4 2024", _said("Our adjusted earnings per share for the year now estimates a full year negative currency impact of $0.25."))
    after = doc("Q1 2025", _said("We estimate an incremental positive foreign currency impact of $1.1 billion versus previous guidance."))
    assert [c for c in compare(after, before).changes if c.topic == "currency"] == []


def test_a_risk_said_to_be_the_assumption_maintained_is_not_escalated() -> None:
    before = doc("Q4 2024", _said("Biosimilar competition is a headwind and the erosion will continue to pressure sales."))
    after = doc("Q1 2025", _said("We maintain the assumption that the impact of biosimilar competition will accelerate throughout the year."))
    assert [c.kind for c in compare(after, before).changes if c.kind == "risk_escalated"] == []


def test_a_pricing_action_ruled_out_is_no_change_in_stance() -> None:
    said = Statement(text="We're very limited in terms of price leverage, with contracts in place that preclude taking price increases.",
                     section=QA, topic="CEO")
    assert [c for c in compare(doc("Q1 2025", said), doc("Q4 2024")).changes if c.kind == TONE_SHIFT] == []


def test_weakness_that_led_a_decline_in_the_quarter_is_a_result_not_a_new_risk() -> None:
    said = Statement(text="In productivity solutions, weakness in Europe led a sales decline of 1% year over year.",
                     section=PREPARED_REMARKS, topic="CFO")
    assert compare(doc("Q1 2025", said), doc("Q4 2024")).changes == ()


@pytest.mark.parametrize(("text", "topic"), [
    ("We announced the acquisition of Foundation Building Materials for $8.8 billion.", "an acquisition"),
    ("We agreed to sell our Tennessee gas distribution business to Spire for $2.5 billion.", "asset sale"),
])
def test_an_acquisition_or_an_asset_sale_announced_is_a_change_in_stance(text: str, topic: str) -> None:
    said = Statement(text=text, section=PREPARED_REMARKS, topic="CEO")
    [change] = compare(doc("Q2 2025", said), doc("Q1 2025")).changes
    assert (change.kind, change.topic) == (TONE_SHIFT, topic)


def test_a_serial_acquirer_announcing_one_more_deal_takes_no_new_stance() -> None:
    before = Statement(text="During 2024, we announced a total of four strategic acquisitions.", section=PREPARED_REMARKS, topic="CEO")
    after = Statement(text="In March, we announced the acquisition of Sundyne.", section=PREPARED_REMARKS, topic="CEO")
    assert compare(doc("Q1 2025", after), doc("Q4 2024", before)).changes == ()


def test_rate_cut_expectations_are_no_cut_guide() -> None:
    before = doc("Q1 2025", _said("We expect net interest income to grow 6% to 7% in 2025."))
    after = doc("Q2 2025", _said("We expect net interest income to grow 6% to 7% in 2025."),
                _said("Some volatility in rate-cut expectations remains."))
    assert [c.kind for c in compare(after, before).changes if c.kind.startswith("guidance")] == []


def test_a_guide_said_to_range_from_one_figure_to_another_is_a_range() -> None:
    def outlook(text: str) -> Statement:
        return Statement(text=text, section=OUTLOOK, topic="Guidance")

    before = doc("Q1 2025", outlook("Sales expected to range from $83.5 to $84.5 billion for fiscal 2025."))
    after = doc("Q2 2025", outlook("Sales expected between $84.5 to $85.5 billion for fiscal 2025."))
    [change] = compare(after, before).changes
    assert change.reason == "FY2025 revenue guide raised: $84.5B–$85.5B from $83.5B–$84.5B last quarter (midpoint +$1B)"


def test_a_guide_under_a_label_that_only_says_guidance_is_topped_by_its_metric() -> None:
    def labelled(label: str, text: str) -> Statement:
        return Statement(text=f"{label}: {text}", section=OUTLOOK, topic=label)

    before = doc("Q1 2025", labelled("Guidance Provided", "Full-year revenue guidance of $64.1 to $65.6 billion."))
    after = doc("Q2 2025", labelled("Guidance Provided", "Full-year revenue guidance of $64.3 to $65.3 billion."))
    [change] = compare(after, before).changes
    assert change.topic == "revenue"


def test_guides_not_reiterated_are_withdrawn() -> None:
    before = doc("Q4 2024", _said("We expect full year 2025 EBIT of $1.5 billion to $2.0 billion."))
    after = doc("Q1 2025", _said("Given this environment, we are not reiterating our full year 2025 or our full year 2026 EBIT guides."))
    assert [c.kind for c in compare(after, before).changes] == ["guidance_withdrawn"]


def test_the_last_calls_forecast_recalled_beside_the_new_one_is_the_old_guide() -> None:
    before = doc("Q4 2024", _said("For 2025, we anticipate full year procedure growth within a range of 13% and 16%."))
    after = doc("Q1 2025", _said("On our last call, we forecast full-year 2025 procedure growth within a range of 13% and 16%."),
                _said("We are now increasing our forecast and expect full-year 2025 procedure growth within a range of 15% to 17%."))
    [change] = compare(after, before).changes
    assert change.reason == "FY2025 procedure growth guide raised: 15–17% from 13–16% last quarter (midpoint +1.5 pts), range narrowed"


def test_a_sequential_change_put_as_an_amount_lower_is_no_level_guide() -> None:
    before = doc("Q4 2024", _said("We expect first quarter EBITDA of approximately $1 billion."))
    after = doc("Q1 2025", _said("In packaging, we expect sequential EBITDA to be approximately $50 million lower."))
    assert [c for c in compare(after, before).changes if c.kind == "guidance_lowered"] == []


def test_what_management_does_not_expect_is_no_guide() -> None:
    said = Statement(text="We don't expect Threads to be a meaningful driver of overall impressions or revenue growth in 2025.",
                     section=PREPARED_REMARKS, topic="CFO")
    assert compare(doc("Q1 2025", said), doc("Q4 2024")).changes == ()


def test_the_companys_own_further_cost_cuts_are_no_escalation() -> None:
    before = doc("Q4 2024", _said_by_ceo("Demand remains weak across our end markets and we see ongoing macroeconomic weakness."))
    after = doc("Q1 2025", _said_by_ceo("Demand remains weak across our end markets and we see ongoing macroeconomic weakness."),
                _said_by_ceo("We're taking targeted actions to further reduce costs in response to the ongoing macroeconomic weakness."))
    assert [c for c in compare(after, before).changes if c.kind == "risk_escalated"] == []


def test_a_pressure_said_to_have_broadened_escalates_and_one_foreseen_is_not_new() -> None:
    before = doc("Q4 2024", _said_by_ceo("Low-income consumers remain under pressure and traffic from them is weak."))
    after = doc("Q1 2025", _said_by_ceo("Low-income consumers remain under pressure and traffic from them is weak."),
                _said_by_ceo("Middle-income traffic fell nearly as much, a clear sign that the economic pressure on traffic has broadened."))
    assert [c.kind for c in compare(after, before).changes] == ["risk_escalated"]
    foreseen = doc("Q1 2025", _said_by_ceo("We entered 2025 knowing that it would be a challenging time for the industry due to macroeconomic uncertainty."))
    assert compare(foreseen, doc("Q4 2024")).changes == ()


def test_i_would_say_is_a_hedge_not_a_guide() -> None:
    said = Statement(text="I would say on the aftermarket, as Vimal mentioned, we still have over $2 billion of positive backlog.",
                     section=QA, topic="CFO")
    assert compare(doc("Q1 2025", said), doc("Q4 2024")).changes == ()


def test_a_summarys_own_word_on_managements_tone_is_what_its_tone_shift_quotes() -> None:
    def note(topic: str, text: str) -> Statement:
        return Statement(text=text, section=Section.HIGHLIGHTS, topic=topic)

    calm = [note("Demand", f"Demand in market {n} was steady and customers kept ordering this quarter as planned.") for n in range(60)]
    dark = calm[:48] + [note("Demand", f"Demand in market {n} was weak and uncertain, and orders could decline further.")
                        for n in range(12)]

    def summary(period: str, notes: list[Statement], tone: str) -> CallDocument:
        return dataclasses.replace(doc(period, *notes, note("Management Tone", tone)), kind="summary")

    report = compare(summary("Q3 2025", dark, "Cautious about near-term visibility, but confident in the long term."),
                     summary("Q2 2025", calm, "Confident in the plan and in demand."))
    [change] = [c for c in report.changes if c.kind == TONE_SHIFT]
    assert change.after.startswith("Cautious about near-term visibility")
    assert change.before == "Confident in the plan and in demand."
