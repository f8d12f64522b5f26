"""The ALAB Q4 2024 summary against Q3 2024: what an analyst must be told, and must not."""

from __future__ import annotations

import dataclasses

import pytest

from earnings.compare import compare
from earnings.tone import similarity, word_counts
from earnings.document import HIGHLIGHTS, NOT_JUDGED, CallDocument, Statement
from earnings.report import (
    GUIDANCE_LOWERED,
    GUIDANCE_TIMING,
    GUIDANCE_WITHDRAWN,
    RISK_ADDED,
    RISK_REMOVED,
    ChangeReport,
)


def kinds_for(report: ChangeReport, topic: str) -> list[str]:
    return [c.kind for c in report.changes if c.topic == topic]


def only(report: ChangeReport, kind: str, topic: str):
    found = [c for c in report.changes if c.kind == kind and c.topic == topic]
    assert len(found) == 1, [c.to_dict() for c in report.changes]
    return found[0]


def test_the_report_names_the_company_and_both_periods(q4_vs_q3: ChangeReport) -> None:
    assert (q4_vs_q3.company, q4_vs_q3.period, q4_vs_q3.baseline_period) == ("ALAB", "2024Q4", "2024Q3")


def test_q4_against_q3_names_the_new_inventory_risk(q4_vs_q3: ChangeReport) -> None:
    change = only(q4_vs_q3, RISK_ADDED, "Inventory buildup risk")
    assert change.before == ""
    assert "overhang" in change.after
    assert 60 <= change.severity <= 75
    assert "Inventory buildup risk" in change.reason


def test_q4_against_q3_names_the_new_execution_and_margin_pressures(q4_vs_q3: ChangeReport) -> None:
    change = only(q4_vs_q3, RISK_ADDED, "Execution and margin pressures")
    assert 60 <= change.severity <= 75


def test_q4_against_q3_reports_the_supply_chain_risk_as_removed(q4_vs_q3: ChangeReport) -> None:
    change = only(q4_vs_q3, RISK_REMOVED, "Supply chain risk")
    assert change.after == ""
    assert "foundry" in change.before


def test_a_reworded_customer_concentration_risk_is_not_a_new_risk(q4_vs_q3: ChangeReport) -> None:
    assert kinds_for(q4_vs_q3, "Customer concentration risk") == []


def test_lower_gross_margin_guidance_is_reported_with_both_figures(q4_vs_q3: ChangeReport) -> None:
    change = only(q4_vs_q3, GUIDANCE_LOWERED, "Margin Outlook")
    [before] = change.figures_before
    [after] = change.figures_after
    assert (before.metric, before.midpoint, before.approximate) == ("gross_margin", 75, True)
    assert (after.metric, after.low, after.high) == ("gross_margin", 70, 74)
    assert "gross margin" in change.reason
    assert "70–74%" in change.reason and "75%" in change.reason


def test_scorpio_becoming_the_largest_line_a_year_later_is_a_timing_change(q4_vs_q3: ChangeReport) -> None:
    change = only(q4_vs_q3, GUIDANCE_TIMING, "Scorpio Outlook")
    assert "2027" in change.reason and "2028" in change.reason
    assert change.reason.index("2027") < change.reason.index("2028")


def test_revenue_guidance_missing_from_the_summary_is_not_a_withdrawal(q4_vs_q3: ChangeReport) -> None:
    assert not [c for c in q4_vs_q3.changes if c.kind == GUIDANCE_WITHDRAWN]
    assert kinds_for(q4_vs_q3, "Revenue Guidance") == []


def test_ualink_arriving_in_2026_in_both_quarters_is_no_change(q4_vs_q3: ChangeReport) -> None:
    assert kinds_for(q4_vs_q3, "UALink Impact") == []


def test_the_unchanged_40_percent_operating_margin_target_is_no_change(q4_vs_q3: ChangeReport) -> None:
    assert kinds_for(q4_vs_q3, "OPEX Outlook") == []
    assert not [c for c in q4_vs_q3.changes for f in c.figures_after if f.metric == "operating_margin"]


def test_q4_against_q3_reports_exactly_the_material_changes(q4_vs_q3: ChangeReport) -> None:
    assert sorted((c.kind, c.topic) for c in q4_vs_q3.changes) == [
        (GUIDANCE_LOWERED, "Margin Outlook"),
        (GUIDANCE_TIMING, "Scorpio Outlook"),
        (RISK_ADDED, "Execution and margin pressures"),
        (RISK_ADDED, "Inventory buildup risk"),
        (RISK_REMOVED, "Supply chain risk"),
    ]


def test_changes_are_sorted_by_severity_then_kind_then_topic(q4_vs_q3: ChangeReport) -> None:
    keys = [(-c.severity, c.kind, c.topic) for c in q4_vs_q3.changes]
    assert keys == sorted(keys)


def test_the_report_has_word_count_similarity(q4_vs_q3: ChangeReport) -> None:
    assert set(q4_vs_q3.similarity) == {"cosine", "jaccard", "sections"}
    assert 0 < q4_vs_q3.similarity["jaccard"] < q4_vs_q3.similarity["cosine"] < 1
    assert set(q4_vs_q3.similarity["sections"]) == {"highlights", "risks", "qa"}
    assert 0 < q4_vs_q3.similarity["sections"]["qa"]["cosine"] < 1


@pytest.mark.parametrize("which", ["q3", "q4"])
def test_a_document_compared_with_itself_has_no_changes(which: str, request: pytest.FixtureRequest) -> None:
    document: CallDocument = request.getfixturevalue(which)
    report = compare(document, document)
    assert report.changes == ()
    assert (report.similarity["cosine"], report.similarity["jaccard"]) == (1.0, 1.0)
    assert all(s == {"cosine": 1.0, "jaccard": 1.0} for s in report.similarity["sections"].values())


@pytest.mark.parametrize("which", ["q3", "q4"])
def test_reordered_statements_are_no_change(which: str, request: pytest.FixtureRequest) -> None:
    document: CallDocument = request.getfixturevalue(which)
    bullets = [s for s in document.statements if s.section == HIGHLIGHTS]
    rest = [s for s in document.statements if s.section != HIGHLIGHTS]
    shuffled = dataclasses.replace(document, statements=tuple(bullets[::-1] + rest[1::2] + rest[::2]))
    assert compare(shuffled, document).changes == ()
    assert compare(document, shuffled).changes == ()


@pytest.mark.parametrize(
    ("topic", "text"),
    [
        ("Supply chain risk",
         "Dependence on one foundry partner and tight substrate supply could limit shipments should demand "
         "grow faster than planned."),
        ("Supply-chain risks",
         "Relying on a single foundry partner, with limited substrate capacity, could constrain shipments if "
         "demand rises faster than planned."),
        ("Supplier dependence",
         "Because it relies on a single foundry and substrate capacity is limited, shipments could be "
         "constrained if demand rises faster than planned."),
    ],
)
def test_a_reworded_risk_bullet_with_the_same_meaning_is_not_reported(q3: CallDocument, topic: str, text: str) -> None:
    statements = tuple(
        Statement(text=text, section=HIGHLIGHTS, topic=topic) if s.topic == "Supply chain risk" else s
        for s in q3.statements
    )
    reworded = dataclasses.replace(q3, statements=statements)
    assert compare(reworded, q3).changes == ()
    assert compare(q3, reworded).changes == ()


def test_comparing_the_same_documents_twice_gives_the_same_report(q4: CallDocument, q3: CallDocument) -> None:
    first, second = compare(q4, q3), compare(q4, q3)
    assert first == second
    assert first.fingerprint() == second.fingerprint()


def test_the_report_survives_its_json_form(q4_vs_q3: ChangeReport) -> None:
    assert ChangeReport.from_dict(q4_vs_q3.to_dict()) == q4_vs_q3


def test_similarity_is_computed_on_the_word_counts_of_the_whole_documents_but_their_chrome(
    q4: CallDocument, q3: CallDocument, q4_vs_q3: ChangeReport
) -> None:
    def judged(document: CallDocument) -> CallDocument:  # no headline, metadata or boilerplate lines
        return dataclasses.replace(document, statements=tuple(s for s in document.statements if s.section not in NOT_JUDGED))

    whole = {k: v for k, v in q4_vs_q3.similarity.items() if k != "sections"}
    assert whole == similarity(word_counts(judged(q4)), word_counts(judged(q3)))
