"""The reader on call transcripts in plain text and HTML: CallDocuments, or clear ParseErrors.
(Every layout the reader knows is a case in ``reader_cases.yaml``; these check the details.)"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from earnings.document import DocumentKind, Section
from scrapers.errors import ParseError, PeriodNotFoundError
from scrapers.reader import read_document
from scrapers.reading import ReadHints

FORWARD_LOOKING, PREPARED_REMARKS, QA = Section.FORWARD_LOOKING, Section.PREPARED_REMARKS, Section.QA

TEXT = """Halvorsen Robotics (HLVR) Q3 2025 Earnings Call Transcript
Prepared Remarks:
Operator
Good day, and welcome to the Halvorsen Robotics third quarter 2025 earnings conference call.
Maria Lind -- Vice President, Investor Relations
Thank you. Today's remarks include forward-looking statements that involve risks and uncertainties.
Erik Halvorsen -- Chief Executive Officer
Thanks, Maria. Revenue grew 12% to $301 million. We expect full-year revenue of $1.10 billion to $1.14 billion.
Questions & Answers:
Operator
Our first question comes from Priya Natarajan with Barclays.
Priya Natarajan -- Barclays -- Analyst
How should we think about gross margin next quarter?
Sofia Brandt -- Chief Financial Officer
We expect gross margin of 42% to 43% in the fourth quarter. Tariffs on imported servo motors could pressure margins next year.
Operator
This concludes today's call.
Duration: 55 minutes
Call participants:
Erik Halvorsen -- Chief Executive Officer
"""

HTML = """<html><head><title>HLVR Q3 2025 Earnings Call Transcript</title></head><body>
<h1>Halvorsen Robotics (NYSE: HLVR) Q3 2025 Earnings Call Transcript</h1>
<h2>Prepared Remarks</h2>
<p><strong>Operator</strong></p><p>Good day, and welcome.</p>
<p><strong>Erik Halvorsen</strong> -- Chief Executive Officer</p>
<p>Thanks. Revenue grew 12% to $301 million. We expect full-year revenue of $1.10 billion to $1.14 billion.</p>
<h2>Questions and Answers</h2>
<p><strong>Operator:</strong> Our first question comes from Priya Natarajan with Barclays.</p>
<p><strong>Priya Natarajan:</strong> How should we think about gross margin next quarter?</p>
<p><strong>Sofia Brandt:</strong> We expect gross margin of 42% to 43% in the fourth quarter.</p>
</body></html>"""


def parse(text: str, content_type: str = "text/plain", ticker: str = "", url: str = "https://example.org/t", **hints):
    return read_document(text.encode(), ReadHints(content_type=content_type, url=url, ticker=ticker,
                                                  company_must_match=bool(ticker), **hints))


def test_a_plain_text_transcript_keeps_executive_sentences_only() -> None:
    doc = parse(TEXT)
    assert (doc.ticker, str(doc.period), doc.kind) == ("HLVR", "2025Q3", "transcript")
    texts = [s.text for s in doc.statements]
    assert "We expect full-year revenue of $1.10 billion to $1.14 billion." in texts
    assert not [t for t in texts if "welcome" in t or "How should we think" in t or "first question" in t]


def test_sections_questions_and_speakers_are_recorded() -> None:
    doc = parse(TEXT)
    by_text = {s.text: s for s in doc.statements}
    guide = by_text["We expect gross margin of 42% to 43% in the fourth quarter."]
    assert guide.section == QA
    assert guide.question == "How should we think about gross margin next quarter?"
    assert guide.speaker == "Sofia Brandt, Chief Financial Officer"
    assert by_text["Revenue grew 12% to $301 million."].section == PREPARED_REMARKS
    assert [s.section for s in doc.statements if "forward-looking" in s.text] == [FORWARD_LOOKING]


def test_the_company_and_the_quarter_say_where_they_were_found() -> None:
    doc = parse(TEXT)
    assert (doc.company_name, doc.found["company"], doc.found["period"]) == (
        "Halvorsen Robotics", "text: Halvorsen Robotics (HLVR)", "title: 'Q3 2025'")
    assert doc.found["kind"].startswith("transcript (content: operator")
    assert parse(TEXT, ticker="hlvr").found["company"] == "given"


def test_an_html_transcript_with_inline_speakers_is_read() -> None:
    doc = parse(HTML, "text/html", ticker="HLVR")
    assert str(doc.period) == "2025Q3"
    [answer] = doc.section(QA)
    assert answer.text.startswith("We expect gross margin") and answer.question.startswith("How should")
    assert len(doc.section(PREPARED_REMARKS)) == 2


def test_a_transcript_about_another_company_is_refused_when_the_source_is_another_companys() -> None:
    with pytest.raises(ParseError, match=r"is about HLVR, not ACME \('Halvorsen Robotics \(HLVR\)"):
        parse(TEXT, ticker="ACME")


def test_a_transcript_naming_no_ticker_belongs_to_the_source_that_found_it() -> None:
    doc = parse(TEXT.replace(" (HLVR)", ""), ticker="HLVR")
    assert (doc.ticker, doc.company_name, str(doc.period)) == ("HLVR", "Halvorsen Robotics", "2025Q3")


def test_a_transcript_without_a_quarter_says_so_and_what_to_do() -> None:
    with pytest.raises(PeriodNotFoundError, match="names no fiscal quarter.*set the source's fiscal_year_end"):
        parse(TEXT.replace("Q3 2025", "Quarterly").replace("third quarter 2025", "quarterly"))


def test_without_a_quarter_diff_still_reads_it_and_says_none_was_found() -> None:
    doc = parse(TEXT.replace("Q3 2025", "Quarterly").replace("third quarter 2025", "quarterly"), require_period=False)
    assert (doc.period, doc.found["period"], doc.name) == (None, "not found", "HLVR (quarter unknown)")


def test_the_call_date_gives_the_quarter_when_the_words_do_not() -> None:
    text = TEXT.replace("Q3 2025", "Quarterly").replace("third quarter 2025", "quarterly")
    doc = parse(text, report_date="2025-10-29")
    assert (str(doc.period), doc.found["period"]) == ("2025Q3", "date: last quarter ended before 2025-10-29")
    assert str(parse(text, report_date="2025-10-29", fiscal_year_end=6).period) == "2026Q1"


def test_a_given_kind_wins_over_the_content() -> None:
    assert parse(TEXT, kind=DocumentKind.SUMMARY).kind == "summary"


def test_a_transcript_without_executives_says_what_it_expected() -> None:
    with pytest.raises(ParseError, match="has no sentences to read as a transcript.*check it is an earnings document"):
        parse("HLVR Q3 2025 Earnings Call Transcript\nOperator\nWelcome to the call.\nOperator\nPlease go ahead, press star one.\n",
              kind=DocumentKind.TRANSCRIPT)


@pytest.mark.parametrize(("raw", "phrase"), [(b"", "is empty"), (b"   \n", "is empty"), (b"\x89PNG\r\n\x1a\n\x00\x00", "is a PNG image"),
                                             (b"\xff\xfe\x00\x00garbage\x00\x00\x00", "binary")])
def test_empty_or_binary_input_is_a_one_line_parse_error(raw: bytes, phrase: str) -> None:
    with pytest.raises(ParseError, match=phrase) as caught:
        read_document(raw, ReadHints(url="https://example.org/t"))
    assert "\n" not in str(caught.value) and "https://example.org/t" in str(caught.value)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=600).map(str.encode))
def test_any_bytes_give_a_document_or_a_parse_error(raw: bytes) -> None:
    try:
        doc = read_document(raw, ReadHints(url="https://example.org/t", ticker="HLVR", kind=DocumentKind.TRANSCRIPT))
    except ParseError:
        return
    assert doc.statements


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(TEXT.splitlines()[1:]), max_size=30))
def test_any_arrangement_of_transcript_lines_parses_or_fails_cleanly(lines: list[str]) -> None:
    raw = "\n".join([TEXT.splitlines()[0], *lines]).encode()
    try:
        doc = read_document(raw, ReadHints(url="https://example.org/t"))
    except ParseError:
        return
    assert all(s.text.strip() for s in doc.statements)


ROSTER = """Fenwick Tools, Inc. (FNWK) Q2 2025 Earnings Conference Call July 24, 2025 8:30 AM ET
Company Participants
Sam Reyes - President and Chief Executive Officer
Lin Wu - Chief Financial Officer
Conference Call Participants
Mark Tan - Citi
Operator
Good morning and welcome to the call.
Sam Reyes
Net sales increased 3% to $905 million this quarter.
Question-and-Answer Session
Operator
Our first question comes from Mark Tan with Citi.
Mark Tan
Good morning. How are you thinking about the consumer business for the rest of the year?
Lin Wu
We are planning for consumer to be down mid-single digits for the year.
"""


def test_a_transcript_with_participant_lists_knows_analysts_without_titles() -> None:
    doc = parse(ROSTER)
    assert (doc.ticker, str(doc.period)) == ("FNWK", "2025Q2")
    [answer] = doc.section(QA)
    assert answer.text.startswith("We are planning for consumer")
    assert answer.question.startswith("Good morning. How are you thinking")
    assert answer.speaker == "Lin Wu, Chief Financial Officer"
    assert [s.text for s in doc.section(PREPARED_REMARKS)] == ["Net sales increased 3% to $905 million this quarter."]


def test_a_transcript_page_built_of_divs_is_read_line_by_line() -> None:
    page = """<html><body><div><span>HLVR Q3 2025 Earnings Call Transcript</span></div>
<div>Operator</div><div>Welcome to the call.</div>
<div><span>Erik Halvorsen -- Chief Executive Officer</span></div>
<div><span>Revenue grew 4% to $279 million. We now expect full-year revenue of $1.10 billion.</span></div>
</body></html>"""
    doc = parse(page, "text/html")
    assert (doc.ticker, str(doc.period)) == ("HLVR", "2025Q3")
    assert [s.text for s in doc.statements] == ["Revenue grew 4% to $279 million.",
                                                "We now expect full-year revenue of $1.10 billion."]


def test_a_short_call_in_one_paragraph_is_read_as_a_transcript_by_its_greeting_hand_off_and_open_line() -> None:
    text = ("Good morning everyone and thank you for joining us. We delivered a solid second quarter of 2025 with revenue "
            "of 1.2 billion dollars, up 6% year over year. We continue to expect full year revenue growth of 4% to 6%. "
            "With that, let me turn it over to our CFO. Operator, please open the line for questions.")
    doc = read_document(text.encode(), ReadHints(content_type="text/plain", url="https://example.org/call"))
    assert doc.kind is DocumentKind.TRANSCRIPT, doc.found


def test_prose_with_no_marks_of_any_kind_is_read_as_prose_not_refused() -> None:
    text = ("Zeta Corp said revenue in the second quarter of 2025 rose 5% to $2.1 billion. The company expects full-year "
            "revenue of $8.4 billion to $8.6 billion. Management said tariffs could pressure margins later this year.")
    doc = read_document(text.encode(), ReadHints(content_type="text/plain", url="https://example.org/recap"))
    assert any("expects full-year revenue" in s.text for s in doc.statements)
    assert "read as prose" in doc.found["kind"]


def test_items_of_an_outlook_said_aloud_without_a_verb_go_on_from_the_sentence_that_led_them() -> None:
    from earnings.facts import read_facts

    text = ("Operator: Good morning and welcome to the Acme fourth quarter fiscal 2025 earnings call. Please go ahead.\n"
            "Jane Doe -- Chief Financial Officer\n"
            "Now turning to our financial outlook for fiscal 2026, we expect total sales growth of 7% to 8%. "
            "EBITDA of $2.16 billion to $2.19 billion, and diluted net earnings per share between $10.50 and $10.70.\n")
    doc = read_document(text.encode(), ReadHints(content_type="text/plain", url="https://example.org/call"))
    [item] = [s for s in doc.statements if s.text.startswith("EBITDA of")]
    [lead] = item.context
    assert lead.endswith("Now turning to our financial outlook for fiscal 2026, we expect total sales growth of 7% to 8%.")
    assert {(g.metric, g.period) for g in read_facts(item, doc.period).guides} == {("ebitda", "FY2026"), ("eps", "FY2026")}


def test_a_fourth_quarter_call_that_names_no_year_but_guides_the_first_quarter_of_2025_is_q4_2024() -> None:
    text = ("Good afternoon, and thank you for joining us. By now you should have received a copy of the Q4 earnings release. "
            "Let me start with our 2025 priorities. In 2025 we will focus on execution, and our 2025 roadmap is on track. "
            "We are forecasting a revenue range of $11.7 to $12.7 billion in the first quarter of 2025. "
            "We expect 2025 net capex of $8 to $11 billion. 2025 is a year of transition. "
            "With that, we will open the line for questions. Our first question comes from Jane Doe. "
            "Thanks for taking my question. Sure, we expect gross margin of approximately 36% in the quarter.")
    doc = read_document(text.encode(), ReadHints(content_type="text/plain", url="file:///call.txt", require_period=False))
    assert str(doc.period) == "2024Q4"
