from __future__ import annotations

import re

from alerts.render import SLACK_LIMIT, ReportItem, headline, render, render_reports
from alerts.worddiff import redline, sides
from earnings.report import Change, ChangeKind, ChangeReport, Figure

REPORT = ChangeReport(
    company="ALAB",
    period="2024Q4",
    baseline_period="2024Q3",
    changes=(
        Change(ChangeKind.RISK_ADDED, "Inventory buildup risk", "", "Inventories increased 80% <script>alert(1)</script>", 70, "new risk: Inventory buildup risk"),
        Change(
            ChangeKind.GUIDANCE_LOWERED, "Margin Outlook", "gross margins of approximately 75%", "gross margins to stabilize around 70–74%", 55,
            "gross margin guidance 70–74% vs ~75% last quarter",
            figures_before=(Figure("gross_margin", 75, 75, "%", "approximately 75%", approximate=True),),
            figures_after=(Figure("gross_margin", 70, 74, "%", "70–74%"),),
        ),
    ),
)
LONG_BEFORE = (
    "Management expects gross margins of approximately 75% in Q4, with the long-term model of 70% intact "
    "as hardware modules grow as a share of revenue over time, and opex growth held below revenue growth."
)
LONG_AFTER = LONG_BEFORE.replace("approximately 75%", "approximately 72%")


def report_with(*changes: Change, company: str = "ALAB") -> ChangeReport:
    return ChangeReport(company, "2024Q4", "2024Q3", tuple(changes))


def test_headline_names_company_quarters_and_what_changed():
    assert headline(REPORT) == "ALAB Q4 2024 vs Q3 2024: 1 new risk, gross margin guidance lowered"


def test_scraped_markup_stays_text_in_every_format():
    message = render(REPORT, url="https://example.org/a?b=1&c=<2>")
    assert "<script>" not in message.html and "&lt;script&gt;" in message.html
    assert "<script>" not in message.slack and "&lt;script&gt;" in message.slack
    assert "<script>" not in message.markdown and r"\<script\>" in message.markdown
    assert "<script>alert(1)</script>" in message.text  # plain text is not markup
    assert "<https://example.org/a?b=1&amp;c=&lt;2&gt;|Source document>" in message.slack


def test_scraped_slack_formatting_characters_cannot_start_bold_or_strike():
    change = Change("risk_added", "x", "", "margins of ~75% *or* `more` ~ soon", 50, "new risk: *bold* ~strike~")
    slack = render(report_with(change)).slack
    body = slack.split("\n", 1)[1]
    assert "~" not in body and "`" not in body
    assert "∼75%" in body and "∗or∗" in body


def test_every_format_carries_the_reason_the_quotes_and_the_link():
    message = render(REPORT, url="https://example.org/alab/q4")
    for body in (message.text, message.slack, message.markdown, message.html):
        assert "gross margin guidance 70–74%" in body
        assert "approximately 75%" in body and "70–74%" in body
        assert "https://example.org/alab/q4" in body
        assert "severity 55/100, medium" in body


def test_a_slack_bullet_quotes_only_the_words_that_changed_with_a_little_context():
    change = Change("guidance_lowered", "Margin Outlook", LONG_BEFORE, LONG_AFTER, 60, "gross margin guidance lowered")
    slack = render(report_with(change)).slack
    bullet = slack.splitlines()[2]
    assert "~75%~" in bullet and "*72%*" in bullet and "→" in bullet
    assert "of approximately" in bullet  # context around the change
    assert "opex growth" not in bullet and "…" in bullet  # the unchanged rest is cut


def test_the_email_html_is_a_word_level_redline():
    change = Change("guidance_lowered", "Margin Outlook", LONG_BEFORE, LONG_AFTER, 60, "gross margin guidance lowered")
    html = render(report_with(change)).html
    assert re.search(r"<del[^>]*>75%</del> <ins[^>]*>72%</ins>", html)
    assert "approximately" in html and "opex growth" not in html


def test_worddiff_marks_removed_and_added_words_and_joins_short_unchanged_runs():
    pieces = redline("guidance of 75% in Q4 for the year", "guidance of 72% in Q1 for the year")
    assert [(p.op, p.text) for p in pieces if p.op != "equal"] == [("delete", "75% in Q4"), ("insert", "72% in Q1")]
    before, after = sides("a b c d e f g h i j k l", "a b c d e f g X i j k l", context=2)
    assert " ".join(p.text for p in before) == "… f g h i j …"
    assert " ".join(p.text for p in after) == "… f g X i j …"


def test_a_long_slack_message_is_cut_to_fit_and_says_how_many_more():
    changes = [
        Change("risk_added", f"Risk {n}", "", f"Risk number {n}: " + "supply constraints could hurt shipments " * 8, 50, f"new risk: Risk {n}")
        for n in range(40)
    ]
    message = render(report_with(*changes), url="https://example.org/doc")
    assert len(message.slack) <= SLACK_LIMIT
    shown = message.slack.count("• ")
    assert 0 < shown < 40
    assert message.slack.rstrip().endswith(f"…and {40 - shown} more_")
    assert "Risk 39" in message.text  # only Slack is cut


def test_a_correction_says_so_in_its_title():
    message = render(REPORT, correction=True)
    assert message.title.startswith("Correction: ALAB Q4 2024 vs Q3 2024")
    assert message.text.startswith("Correction: ")


def test_a_digest_carries_every_report_in_one_message():
    other = ChangeReport("NVDA", "2025Q3", "2025Q2", (Change("risk_added", "Export rules", "", "New export rules may limit sales.", 60, "new risk: Export rules"),))
    message = render_reports([ReportItem(REPORT, "https://example.org/alab"), ReportItem(other, "https://example.org/nvda")])
    assert message.title.startswith("Digest: 2 reports") and "ALAB Q4 2024" in message.title and "NVDA Q3 2025" in message.title
    for body in (message.text, message.slack, message.markdown, message.html):
        assert "ALAB Q4 2024 vs Q3 2024" in body and "NVDA Q3 2025 vs Q2 2025" in body
        assert "https://example.org/alab" in body and "https://example.org/nvda" in body


def test_a_narrowed_range_reads_the_same_in_every_format():
    reason = "FY2026 revenue guide narrowed: $2.33B–$2.37B from $2.3B–$2.4B last quarter (midpoint unchanged)"
    narrowed = Change(
        ChangeKind.GUIDANCE_NARROWED, "revenue", "we expect net sales of $2.30 billion to $2.40 billion",
        "we now expect net sales of $2.33 billion to $2.37 billion", 25, reason,
        figures_before=(Figure("revenue", 2.30e9, 2.40e9, "USD", "$2.30 billion to $2.40 billion", period="FY2026"),),
        figures_after=(Figure("revenue", 2.33e9, 2.37e9, "USD", "$2.33 billion to $2.37 billion", period="FY2026"),),
    )
    message = render(report_with(narrowed, company="HLDN"))
    assert message.title == "HLDN Q4 2024 vs Q3 2024: revenue guidance narrowed"
    for body in (message.text, message.slack, message.html):
        assert reason in body and "25/100, low" in body
    assert "→← " + reason in message.text
