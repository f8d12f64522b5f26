"""A made-up report for ``earnwatch alerts test ROUTE``: shows every part of an alert."""

from __future__ import annotations

from earnings.report import Change, ChangeKind, ChangeReport, Figure


def sample_report() -> ChangeReport:
    return ChangeReport(
        company="TEST",
        period="2024Q4",
        baseline_period="2024Q3",
        changes=(
            Change(
                ChangeKind.RISK_ADDED, "Inventory buildup risk", "",
                "Inventories increased 80% sequentially in Q4, presenting a risk of potential overhang if demand slows.",
                74, "new risk: Inventory buildup risk (sample)",
            ),
            Change(
                ChangeKind.GUIDANCE_LOWERED, "Margin Outlook",
                "Management expects gross margins of approximately 75% in Q4.",
                "Management expects gross margins to stabilize around 70–74% in Q4.",
                68, "gross margin guidance 70–74% vs ~75% last quarter (sample)",
                figures_before=(Figure("gross_margin", 75, 75, "%", "approximately 75%", approximate=True),),
                figures_after=(Figure("gross_margin", 70, 74, "%", "70–74%"),),
            ),
        ),
    )
