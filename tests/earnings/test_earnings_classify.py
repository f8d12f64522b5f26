"""Risk, guidance or neither, decided from the words."""

from __future__ import annotations

import pytest

from earnings.classify import GUIDANCE, RISK, classify, guidance_figures
from earnings.document import HIGHLIGHTS, QA, Statement


@pytest.mark.parametrize(
    ("topic", "text", "kind"),
    [
        ("Inventory buildup risk", "Inventories increased 80% sequentially in Q4.", RISK),
        ("Execution and margin pressures", "New product lines are ramping.", RISK),
        ("", "Reliance on a single foundry could constrain shipments and delay revenue if demand rises.", RISK),
        ("Margin Outlook", "Management expects gross margins to stabilize around 70–74%.", GUIDANCE),
        ("Scorpio Outlook", "Management predicts it will become the flagship line by 2028.", GUIDANCE),
        ("Revenue Guidance", "Management guided Q4 revenue of $126 million to $130 million.", GUIDANCE),
        ("Record Quarterly Revenue", "Revenue grew 47% sequentially to $113.1 million.", None),
        ("Competitive Edge", "Management believes ALAB is well positioned against competitors.", None),
        ("Optics Impact", "Customers will stay with copper, and optics remains a longer-term consideration.", None),
    ],
)
def test_a_statement_is_classified_from_its_words(topic: str, text: str, kind: str | None) -> None:
    assert classify(Statement(text=text, section=QA, topic=topic)).kind == kind


def test_a_risk_in_a_highlights_bullet_is_still_a_risk() -> None:
    statement = Statement(text="Heavy reliance on a few customers makes the business vulnerable.",
                          section=HIGHLIGHTS, topic="Customer concentration risk")
    result = classify(statement)
    assert result.kind == RISK
    assert "label:risk" in result.cues


def test_classification_names_the_cues_that_decided_it() -> None:
    result = classify(Statement(text="Management expects gross margins of approximately 75% in Q4.", section=QA))
    assert result.kind == GUIDANCE
    assert "expects" in result.cues


def test_reported_results_are_not_guidance_figures() -> None:
    assert guidance_figures("Revenue grew 47% sequentially to $113.1 million.") == []
    assert guidance_figures("Inventories increased 80% sequentially in Q4.") == []


def test_a_result_and_a_guide_in_one_sentence_keep_only_the_guide() -> None:
    figures = guidance_figures("Revenue grew 47% to $113.1 million, and we expect Q4 revenue of $126 million to $130 million.")
    assert [(f.metric, f.low) for f in figures] == [("revenue", 126e6)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Further steel increases could pressure gross margin in the second half.", RISK),
        ("We expect about $35 million of annual savings, mostly from lower freight and tariff costs.", None),
    ],
)
def test_modal_risks_and_falling_costs(text: str, kind: str | None) -> None:
    assert classify(Statement(text=text, section=QA, topic="Jane Doe, CFO")).kind == kind


def test_a_result_beside_the_word_outlook_is_not_a_guided_figure() -> None:
    assert guidance_figures("Revenue came in above the high end of our outlook and operating margin expanded 170 basis points.") == []


def test_a_share_of_an_amount_is_not_that_amount() -> None:
    assert guidance_figures("We expect China to be about 6% of revenue this year.") == []
    assert guidance_figures("We expect the second half to generate about 60% of the year's free cash flow.") == []
