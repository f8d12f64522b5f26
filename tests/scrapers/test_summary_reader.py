"""The reader on call summaries: the seed's pages in text and HTML, in any charset, into
CallDocuments, or clear ParseErrors. (Every layout the reader knows is a case in
``reader_cases.yaml``; these check the details of the seed's layout.)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from earnings.document import NOT_JUDGED, CallDocument, Section
from earnings.period import FiscalPeriod
from scrapers.errors import ParseError, PeriodNotFoundError
from scrapers.reader import read_document
from scrapers.reading import ReadHints
from scrapers.summary_page import SummaryPage, SummaryPageOptions

HIGHLIGHTS, RISKS, QA = Section.HIGHLIGHTS, Section.RISKS, Section.QA
ROOT = Path(__file__).resolve().parents[2]
PAGES = Path(__file__).resolve().parent / "pages"
Q3_TEXT = ROOT / "worker/demo/site/alab-q3-2024.txt"
Q4_TEXT = ROOT / "worker/demo/site/alab-q4-2024.txt"
Q4_TITLE = "ALAB Q4 2024: Inventories Surge 80% Ahead of AI Accelerator Ramp"


@dataclass(frozen=True)
class Parsed:
    period: str
    title: str
    bullets: int  # highlights and risks (a recap under a "Key takeaways" heading)
    qa: int


@dataclass(frozen=True)
class Fails:
    error: type[Exception]
    phrase: str


CASES = [
    pytest.param(Q3_TEXT, "text/plain", Parsed("2024Q3", "ALAB Q3 2024: Record Revenue as AI Connectivity Demand Broadens", 5, 10), id="q3 text sample"),
    pytest.param(Q4_TEXT, "text/plain; charset=utf-8", Parsed("2024Q4", Q4_TITLE, 6, 14), id="q4 text sample"),
    pytest.param(Q4_TEXT, "", Parsed("2024Q4", Q4_TITLE, 6, 14), id="q4 text sample without a content type"),
    pytest.param(PAGES / "alab-q4-2024.html", "text/html", Parsed("2024Q4", Q4_TITLE, 6, 14), id="q4 html rendering"),
    pytest.param(
        PAGES / "alab-q2-2024-latin1.txt",
        "text/plain; charset=ISO-8859-1",
        Parsed("2024Q2", "ALAB Q2 2024: Débuts of Taurus modules lift revenue to a record", 3, 2),
        id="latin-1 page with its charset",
    ),
    pytest.param(
        PAGES / "alab-q2-2024-latin1.txt",
        "text/plain",
        Parsed("2024Q2", "ALAB Q2 2024: Débuts of Taurus modules lift revenue to a record", 3, 2),
        id="latin-1 page without a charset",
    ),
    pytest.param(PAGES / "empty.txt", "text/plain", Fails(ParseError, "is empty"), id="empty page"),
    pytest.param(PAGES / "binary.bin", "application/octet-stream", Fails(ParseError, "binary"), id="binary page"),
    pytest.param(PAGES / "binary.bin", "text/html; charset=utf-8", Fails(ParseError, "binary"), id="binary page labelled html"),
    pytest.param(PAGES / "report.pdf", "application/pdf", Fails(ParseError, "a PDF file"), id="pdf"),
    pytest.param(PAGES / "no-quarter.txt", "text/plain", Fails(PeriodNotFoundError, "names no fiscal quarter"), id="page without a quarter"),
    pytest.param(PAGES / "other-ticker.txt", "text/plain", Fails(ParseError, "is about NVDA, not ALAB ('NVDA Q4"), id="page about another ticker"),
    pytest.param(PAGES / "no-statements.html", "text/html", Fails(ParseError, "is a placeholder, not the summary yet"), id="placeholder page"),
]


def parse(raw: bytes, content_type: str = "text/plain", ticker: str = "ALAB", url: str = "https://example.org/s") -> CallDocument:
    """Through the summary_page source kind, as the service reads a page."""
    return SummaryPage().parse(raw, content_type, url, ticker, SummaryPageOptions())


def bullets(doc: CallDocument):
    """The highlight and risk bullets (in HTML, under "Key takeaways", they are a recap)."""
    return [s for s in doc.statements if s.section not in (QA, Section.BOILERPLATE)]


@pytest.mark.parametrize(("path", "content_type", "expected"), CASES)
def test_each_page_parses_to_its_document_or_a_clear_error(path: Path, content_type: str, expected: Parsed | Fails) -> None:
    raw = path.read_bytes()
    if isinstance(expected, Fails):
        with pytest.raises(expected.error) as caught:
            parse(raw, content_type, url=f"https://example.org/{path.name}")
        assert expected.phrase in str(caught.value)
        assert f"https://example.org/{path.name}" in str(caught.value) and "\n" not in str(caught.value)
        return
    doc = parse(raw, content_type, url=f"https://example.org/{path.name}")
    assert (str(doc.period), doc.title, len(bullets(doc)), len(doc.section(QA))) == (
        expected.period,
        expected.title,
        expected.bullets,
        expected.qa,
    )
    assert doc.ticker == "ALAB"
    assert doc.kind == "summary"
    assert doc.url == f"https://example.org/{path.name}"


def test_the_q4_text_sample_parses_to_alab_2024q4_with_6_bullets_and_14_answers() -> None:
    doc = parse(Q4_TEXT.read_bytes())
    assert doc.ticker == "ALAB"
    assert doc.period == FiscalPeriod(2024, 4)
    assert doc.headline == "Inventories Surge 80% Ahead of AI Accelerator Ramp"
    assert (len(doc.section(HIGHLIGHTS)), len(doc.section(RISKS)), len(doc.section(QA))) == (4, 2, 14)
    assert (doc.found["company"], doc.found["period"]) == ("given", "title: 'Q4 2024'")


def test_bullets_keep_their_label_as_topic_and_risk_bullets_are_risks() -> None:
    doc = parse(Q4_TEXT.read_bytes())
    risk = doc.section(RISKS)[0]
    assert risk.topic == "Inventory buildup risk"
    assert risk.text.startswith("Inventory buildup risk: Inventories increased 80% sequentially in Q4")
    assert [s.topic for s in doc.section(HIGHLIGHTS)] == [
        "Diversified Growth Drivers", "Strong Scorpio Momentum", "Robust Customer Engagement & Industry Trends",
        "Execution and margin pressures"]


def test_answers_keep_their_topic_and_question_and_lose_the_trailing_separator() -> None:
    doc = parse(Q4_TEXT.read_bytes())
    first, last = doc.section(QA)[0], doc.section(QA)[-1]
    assert first.topic == "Revenue Mix"
    assert first.question == "Merchant vs ASIC share in business?"
    assert first.text.endswith("balancing the revenue mix.")
    assert last.topic == "Design Momentum"
    assert last.text.endswith("underscoring its strong competitive appeal.")


def test_empty_bullets_are_dropped_and_the_closing_line_is_boilerplate() -> None:
    doc = parse(Q4_TEXT.read_bytes())
    assert all(s.text.strip(" -") for s in doc.statements)
    judged = [s for s in doc.statements if s.section not in NOT_JUDGED]
    assert not any("Research analysts covering" in s.text or "Research analysts covering" in s.topic for s in judged)
    assert [s.text for s in doc.section(Section.BOILERPLATE)] == ["Research analysts covering Astera Labs."]


def test_the_html_rendering_reads_the_same_statements_as_the_text_and_ignores_page_chrome() -> None:
    text_doc = parse(Q4_TEXT.read_bytes())
    html_doc = parse((PAGES / "alab-q4-2024.html").read_bytes(), "text/html")
    assert [(s.text, s.topic) for s in html_doc.statements] == [(s.text, s.topic) for s in text_doc.statements]
    assert html_doc.section(QA) == text_doc.section(QA)
    assert html_doc.published == "2025-02-11"
    assert "Write to us" not in html_doc.text and "not content" not in html_doc.text and "digest@" not in html_doc.text


def test_the_latin1_page_is_decoded_to_the_right_characters() -> None:
    doc = parse((PAGES / "alab-q2-2024-latin1.txt").read_bytes(), "text/plain; charset=iso-8859-1")
    assert bullets(doc)[1].topic == "Résumé of demand"
    assert "coût modéré" in doc.section(QA)[1].text


def test_an_html_page_declaring_its_charset_in_a_meta_tag_is_decoded_with_it() -> None:
    html = (
        '<html><head><meta charset="iso-8859-1"></head><body><h1>ALAB Q1 2025: Caf\xe9 d\xe9buts</h1>'
        "<ul><li><b>R\xe9sum\xe9:</b> Demand r\xe9mained strong.</li></ul></body></html>"
    ).encode("latin-1")
    doc = parse(html, "text/html")
    assert doc.title == "ALAB Q1 2025: Café débuts"
    assert doc.statements[0].topic == "Résumé"
    assert doc.statements[0].text == "Résumé: Demand rémained strong."


def test_the_ticker_argument_is_matched_case_insensitively() -> None:
    assert parse(Q4_TEXT.read_bytes(), ticker="alab").ticker == "ALAB"


def test_a_title_that_names_no_ticker_belongs_to_the_source_that_found_it() -> None:
    raw = b"Astera Labs Q4 2024: Inventories surge\n- Growth: Strong demand from hyperscalers lifted revenue.\n"
    doc = parse(raw)
    assert (doc.ticker, str(doc.period), doc.found["company"]) == ("ALAB", "2024Q4", "given")


def test_a_bullet_without_a_label_keeps_its_whole_text() -> None:
    doc = parse(b"ALAB Q4 2024: Headline\n- Revenue rose 12% at 10:30 local time.\n")
    assert doc.statements[0].topic == ""
    assert doc.statements[0].text == "Revenue rose 12% at 10:30 local time."


@pytest.mark.parametrize(
    "raw",
    [b"\x00", b"   \n\t ", b"\xff\xfe\x00\x00garbage", b"<html><body></body></html>", b"<<<>>>", b"ALAB Q4 2024", "\u0000\u0001".encode() * 50],
    ids=["nul", "whitespace", "bad bom", "empty html", "angle brackets", "title only", "control characters"],
)
def test_junk_input_raises_parse_error_and_nothing_else(raw: bytes) -> None:
    with pytest.raises(ParseError):
        parse(raw)


def test_with_no_ticker_given_the_company_is_read_from_the_title_or_left_unknown() -> None:
    assert parse(Q4_TEXT.read_bytes(), ticker="").ticker == "ALAB"
    assert parse(b"NASDAQ:ALAB Q4 2024: Headline\n- Growth: Strong demand lifted revenue.\n", ticker="").ticker == "ALAB"
    doc = read_document(b"Astera Labs Q4 2024: Headline\n- Growth: Strong demand lifted revenue.\n", ReadHints(url="u"))
    assert (doc.ticker, doc.company_name, doc.name) == ("", "Astera Labs", "Astera Labs Q4 2024")
    doc = read_document(b"Q4 2024 call notes: Headline\n- Growth: Strong demand lifted revenue.\n", ReadHints(url="u"))
    assert (doc.ticker, doc.found["company"], doc.name) == ("", "unknown", "unknown company Q4 2024")

_PIECES = st.sampled_from(
    ["ALAB Q4 2024: x", "\n", "- ", "Label: ", "Q: ", "A: ", " -", "<h1>", "</h1>", "<li>", "<strong>", "</strong>", "<h3>",
     "<p>", "<meta charset='utf-16'>", "<script>", "\x00", "\xff", "é", "—", ":", "Q4 2024", "NVDA", "alab"]
)


@settings(max_examples=300, deadline=None)
@given(
    raw=st.one_of(st.binary(max_size=400), st.lists(_PIECES, max_size=40).map(lambda p: "".join(p).encode("utf-8", "surrogatepass"))),
    content_type=st.sampled_from(["", "text/plain", "text/html", "text/html; charset=utf-16", "text/plain; charset=bogus", "application/octet-stream"]),
)
def test_any_input_gives_a_document_or_a_parse_error(raw: bytes, content_type: str) -> None:
    try:
        doc = parse(raw, content_type)
    except ParseError:
        return
    assert doc.ticker == "ALAB" and doc.statements and doc.period is not None


def test_a_labelled_paragraph_gives_its_label_to_every_sentence() -> None:
    text = (b"Norbeck Tools (NRBK) Q2 2026 Earnings Summary\n\n"
            b"Overview: Norbeck reported second-quarter revenue of $640 million, up 4%.\n\n"
            b"Outlook: Management expects 2026 revenue of $2.5 billion to $2.6 billion. It now sees adjusted EPS of $3.10 to $3.30.\n\n"
            b"Risks: Steel costs are rising again. Demand from home builders could soften further.\n")
    document = read_document(text, ReadHints(content_type="text/plain", url="file:///nrbk-2026q2.txt"))
    sections = {s.text: s.section for s in document.statements}
    assert sections["It now sees adjusted EPS of $3.10 to $3.30."] == Section.OUTLOOK
    assert sections["Demand from home builders could soften further."] == RISKS


def test_typeset_hyphens_read_as_hyphens() -> None:
    raw = "Dollar Tree Second Quarter 2025 summary\n- Management guided third\u2011quarter adjusted EPS at about $1.12.\n".encode()
    doc = read_document(raw, ReadHints(content_type="text/plain", url="https://example.com/s.txt", require_period=False))
    assert any("third-quarter" in s.text for s in doc.statements)


def test_an_executive_summary_at_the_top_is_news_not_a_recap() -> None:
    raw = ("Acme Q2 2025 Earnings Summary\n\nExecutive Summary\n\n"
           "- DOJ merger review timing extended to Aug 15, 2025; the company continues to work with the DOJ.\n\n"
           "Key Takeaways\n\n- A solid quarter.\n").encode()
    doc = read_document(raw, ReadHints(content_type="text/plain", url="https://example.com/s.txt", require_period=False))
    sections = {s.text[:12]: s.section for s in doc.statements}
    assert sections["DOJ merger r"] == Section.HIGHLIGHTS and sections["A solid quar"] == Section.RECAP


TAKEAWAYS_ONLY = """Key Takeaways
- Company: Lumen Health (LMH), Q3 2025 earnings call
- Revenue: $622M, up 8% YoY.
- Guidance lowered, reflecting lower reimbursement rates and softer elective volumes:
  - FY2025 revenue $2.40B-$2.44B
  - adjusted EBITDA $395M-$405M
"""


def test_a_summary_that_is_all_takeaways_is_read_as_highlights_and_a_lead_in_that_gives_a_reason_is_a_note() -> None:
    doc = read_document(TAKEAWAYS_ONLY.encode(), ReadHints(content_type="text/plain", url="https://example.org/s"))
    sections = {s.text: s.section for s in doc.statements}
    assert sections["Revenue: $622M, up 8% YoY."] == HIGHLIGHTS
    assert "Guidance lowered, reflecting lower reimbursement rates and softer elective volumes:" in sections
    assert sections["FY2025 revenue $2.40B-$2.44B"] == Section.OUTLOOK


def test_a_note_on_the_calls_tone_and_a_closing_sum_up_are_recaps() -> None:
    text = ("Acme Q2 2025 call summary\n\n## Guidance\n- FY2025 revenue $2.40B-$2.44B\n\n## Q&A Highlights\n"
            "- Management Tone: Confident in strategy, cautious about competitive pressures.\n\n"
            "Overall, the earnings call highlighted Acme's focus on resilience amid challenging market conditions.\n")
    doc = read_document(text.encode(), ReadHints(content_type="text/markdown", url="https://example.org/s"))
    sections = {s.text[:20]: s.section for s in doc.statements}
    assert sections["Management Tone: Con"] == Section.RECAP
    assert sections["Overall, the earning"] == Section.RECAP
