from __future__ import annotations

from earnings.report import Change, ChangeReport, Figure
from alerts.render import headline, render

REPORT = ChangeReport(
    company="ALAB",
    period="2024Q4",
    baseline_period="2024Q3",
    changes=(
        Change("risk_added", "Inventory buildup risk", "", "Inventories increased 80% <script>alert(1)</script>", 70, "new risk: Inventory buildup risk"),
        Change(
            "guidance_lowered", "Margin Outlook", "gross margins of approximately 75%", "gross margins to stabilize around 70–74%", 55,
            "gross margin guidance 70–74% vs ~75% last quarter",
            figures_before=(Figure("gross_margin", 75, 75, "%", "approximately 75%", approximate=True),),
            figures_after=(Figure("gross_margin", 70, 74, "%", "70–74%"),),
        ),
    ),
)


def test_headline_names_company_quarters_and_what_changed():
    assert headline(REPORT) == "ALAB Q4 2024 vs Q3 2024: 1 new risk, gross margin guidance lowered"


def test_scraped_markup_stays_text_in_html_and_slack():
    message = render(REPORT, url="https://example.org/a?b=1&c=<2>")
    assert "<script>" not in message.html and "&lt;script&gt;" in message.html
    assert "<script>" not in message.markdown and "&lt;script&gt;" in message.markdown
    assert "<script>alert(1)</script>" in message.text  # plain text is not markup


def test_every_format_carries_the_reason_and_the_quotes():
    message = render(REPORT, url="https://example.org/alab/q4")
    for body in (message.text, message.markdown, message.html):
        assert "gross margin guidance 70–74% vs ~75% last quarter" in body
        assert "approximately 75%" in body and "70–74%" in body
        assert "https://example.org/alab/q4" in body
