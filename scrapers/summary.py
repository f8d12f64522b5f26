"""The summary reader: an earnings-call summary in any common layout into statements.

Summaries come as notes, in a few layouts, all read here:

* a title naming the company and the quarter ("ALAB Q4 2024: Inventories Surge 80%"), then
  labelled bullets ("- Label: text"), topic lines and "Q:"/"A:" pairs;
* markdown or numbered sections ("2) Headline Financial Results", "## Guidance",
  "**Risks:**") with nested bullets, where a parent bullet is a label for its children
  ("- Guidance (Sep quarter/FQ4 2025):" over "- Revenue: mid to high single-digit growth.");
* plain bullet lists and paragraphs.

Each bullet is one statement, its text as written (label included); its topic is its own label,
its context the headings and parent labels above it. A bullet that only labels the ones under
it is context, not a statement. The section comes from the nearest heading or parent label
that names one ("Guidance", "Outlook" -> outlook; "Risks", "Headwinds" -> risks; "Q&A" -> qa;
"Takeaways", "Sentiment" -> recap; "Results" -> results); "Company:", "Ticker:", "Period:" and
"Quarter:" lines are metadata, and tell the reader the company and the quarter. A bullet with no
words ("-") is a separator; a short line after the last answer, with no notes after it, is the page's
closing matter (boilerplate).
"""

from __future__ import annotations

import re
from dataclasses import replace

from earnings.document import DocumentKind, Section, Statement
from earnings.period import find_fiscal_period
from scrapers.layout import WEAK_HEADING, Block, BlockKind, Layout, from_main_heading
from scrapers.reading import Body, ReadHints, Reader
from scrapers.sentences import gives_reason, split_sentences

_LABEL = re.compile(r"^(?P<label>[^:.!?]{1,80}?)\s*:(?=\s|$)\s*(?P<text>.*)$")  # "10:30" is no label
_QUESTION = re.compile(r"^(?:Q|Question)\s*[:.]\s*(?P<text>.*)$", re.I)
_ANSWER = re.compile(r"^(?:A|Answer)\s*[:.]\s*(?P<text>.*)$", re.I)
_TRAILING_SEPARATOR = re.compile(r"\s+[-\u2013\u2014]$")
_METADATA = re.compile(r"^(?:company|ticker|symbol|quarter|period|fiscal\s+(?:quarter|period|year)[\w/ ]*|date|call\s+date"
                       r"|report(?:ing)?\s+(?:date|period)|exchange|sector|industry)$", re.I)
_PERIOD_LABEL = re.compile(r"\b(?:quarter|period|fiscal)\b", re.I)
_SECTIONS = (
    # an executive summary opens a document with its news; a summary at its end (takeaways) restates it
    (re.compile(r"\bexecutive\s+summary\b|\bat\s+a\s+glance\b", re.I), Section.HIGHLIGHTS),
    # a note on the call's tone ("Management Tone: confident …, cautious about …") describes the call, as a takeaway does
    (re.compile(r"\b(?:takeaways?|sentiment|surprises|bottom\s+line|conclusion|tl;?dr|verdict|summary|tone)\b", re.I), Section.RECAP),
    (re.compile(r"\b(?:guidance|outlook|forecasts?|expectations|looking\s+ahead|targets?)\b", re.I), Section.OUTLOOK),
    (re.compile(r"\b(?:risks?|headwinds?|concerns?|challenges|red\s+flags|watch\s+items|uncertaint(?:y|ies))\b", re.I), Section.RISKS),
    (re.compile(r"\bq\s*&\s*a\b|\bquestions?\b|\banalyst\b", re.I), Section.QA),
    (re.compile(r"\b(?:results|financials?|performance|highlights|segment|numbers|metrics)\b", re.I), Section.RESULTS),
    (re.compile(r"\b(?:commentary|strategy|management|context|overview|remarks|discussion|updates?)\b", re.I), Section.COMMENTARY),
)
_MAX_LABEL_WORDS = 10
# A bullet's sentences end at a full stop before a capital; semicolons join the clauses of one.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_WORD = re.compile(r"\w")


class SummaryReader(Reader):
    """An earnings-call summary (see the module docstring)."""

    kind = DocumentKind.SUMMARY

    def read(self, layout: Layout, hints: ReadHints) -> Body:
        blocks = from_main_heading(list(layout.blocks))
        title = ""
        if blocks and blocks[0].kind is not BlockKind.BULLET and not (
                _is_section_title(blocks[0]) and find_fiscal_period(blocks[0].text) is None):  # "Acme Q2 2025 call summary" is a title
            title, blocks = blocks[0].text, blocks[1:]
        title = title or layout.html_title
        statements, metadata = _statements(blocks, topics_from_text=not layout.html_title and not _has_headings(blocks))
        statements = _takeaways_alone(statements)
        head = " ".join([title, *metadata, *(b.text for b in blocks[:8])])[:3000]
        period_text = " ; ".join(m for m in metadata if _PERIOD_LABEL.search(m.split(":", 1)[0]))
        if not title and metadata:
            title = " ".join(m.split(":", 1)[1].strip() for m in metadata[:2])
        return Body(title=title, statements=tuple(statements), head=head, headline=_headline(title),
                    published=layout.published, period_text=period_text)


def _takeaways_alone(statements: list[Statement]) -> list[Statement]:
    """A summary that is all takeaways ("Key Takeaways" heading every note) restates nothing: its
    notes are its highlights, not a recap of what it said above them."""
    recaps = [s for s in statements if s.section == Section.RECAP]
    if not recaps or len({s.context[:1] for s in statements}) > 1:
        return statements
    return [replace(s, section=Section.HIGHLIGHTS) if s.section == Section.RECAP else s for s in statements]


def _headline(title: str) -> str:
    parts = re.split(r":\s+", title, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


def _is_section_title(block: Block) -> bool:
    return block.kind is BlockKind.HEADING and any(pattern.search(block.text) for pattern, _ in _SECTIONS)


def _has_headings(blocks: list[Block]) -> bool:
    return any(b.kind is BlockKind.HEADING and b.level < WEAK_HEADING for b in blocks)


def _section_of(labels: list[str], default: str) -> str:
    """The section named by the nearest heading or parent label that names one."""
    for label in reversed(labels):
        for pattern, section in _SECTIONS:
            if pattern.search(label):
                return section
    return default


def split_label(text: str) -> tuple[str, str]:
    """("Label", "text") of "Label: text"; ("", text) when the text has no short label."""
    match = _LABEL.match(text)
    if match and len(match["label"].split()) <= _MAX_LABEL_WORDS and not match["label"].strip().isdigit():
        return match["label"].strip(), match["text"].strip()
    return "", text.strip()


def _statements(blocks: list[Block], *, topics_from_text: bool) -> tuple[list[Statement], list[str]]:
    """Bullets and paragraphs as statements (see the module docstring), and the metadata lines."""
    statements: list[Statement] = []
    metadata: list[str] = []
    heading = ""
    parents: list[tuple[int, str]] = []  # (depth, label) of the bullets above the current one
    question = ""
    last_note = max((k for k, b in enumerate(blocks) if b.kind is BlockKind.BULLET or _QUESTION.match(b.text)
                     or _ANSWER.match(b.text)), default=-1)
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if not _WORD.search(text):
            continue  # "-", "—": a separator
        if block.kind is BlockKind.HEADING and block.level == WEAK_HEADING:
            label, body = split_label(text)
            if label and body and _METADATA.match(label):  # "**Fiscal Quarter/Year:** Q1 2025" standing alone
                metadata.append(text)
                continue
        if block.kind is BlockKind.HEADING and (block.level < WEAK_HEADING or topics_from_text or text.endswith(":")
                                                or not _next_is_text(blocks, index)):
            heading, parents, question = text.rstrip(":"), [], ""
            continue
        if block.kind is BlockKind.BULLET:
            while parents and parents[-1][0] >= block.depth:
                parents.pop()
            label, body = split_label(text)
            if label and _METADATA.match(label):
                metadata.append(text)
                for part in re.split(r";\s+", text)[1:]:  # "Company: Apple (AAPL); Quarter: Fiscal Q3 2025"
                    metadata.append(part)
                continue
            context = [heading] if heading else []
            context += [p for _, p in parents]
            has_children = index + 1 < len(blocks) and blocks[index + 1].kind is BlockKind.BULLET and blocks[index + 1].depth > block.depth
            if has_children:
                parents.append((block.depth, label or text.rstrip(":")))
            if not body and label and not gives_reason(label):
                continue  # "- Guidance/outlook:": a label for the bullets under it
            if not body and text.endswith(":"):
                continue
            section = _section_of([*context, label] if label else context, Section.HIGHLIGHTS)
            # a bullet of several sentences holds several things said: one statement each
            for sentence in _SENTENCE_END.split(text) if len(text) > 160 else [text]:
                statements.append(Statement(text=sentence, section=section, topic=label, context=tuple(context)))
            continue
        if match := _QUESTION.match(text):
            question = match["text"].strip()
            continue
        if match := _ANSWER.match(text):
            answer = _TRAILING_SEPARATOR.sub("", match["text"].strip())
            if answer.strip("-\u2013\u2014 "):
                statements.append(Statement(text=answer, section=Section.QA, topic=heading, question=question,
                                            context=(heading,) if heading else ()))
            question = ""
            continue
        if block.kind is BlockKind.ROW:
            section = _section_of([heading], Section.RESULTS)
            statements.append(Statement(text=text, section=section, topic=heading, context=(heading,) if heading else (),
                                        cells=block.cells, columns=block.columns))
            continue
        if index > last_note and any(st.section == Section.QA for st in statements[-1:]) and len(text.split()) <= 12:
            # a short line after the last answer, with no notes after it: the page's closing matter
            statements.append(Statement(text=text, section=Section.BOILERPLATE, topic=heading))
            continue
        if topics_from_text and len(text.split()) <= 12 and not text.endswith((".", "!", "?")):
            heading, parents, question = text.rstrip(":"), [], ""
            continue
        label, body = split_label(text)
        if label and _METADATA.match(label):
            metadata.append(text)
            continue
        # "Outlook: Management expects … It now sees …": the label names every sentence's section
        named = [heading, label] if label and len(label.split()) <= 4 else [heading]
        section = _section_of(named, Section.HIGHLIGHTS)
        topic = named[-1]
        for sentence in split_sentences(text):
            if len(sentence.split()) >= 4:
                said = Section.RECAP if _SUMS_UP.search(sentence) else section
                statements.append(Statement(text=sentence, section=said, topic=topic, context=(heading,) if heading else ()))
    return statements, metadata


# A sentence that sums the call up ("Overall, the earnings call highlighted …", "In summary, …"): a recap
_SUMS_UP = re.compile(r"\b(?:overall|in\s+summary|in\s+conclusion|to\s+sum\s+up|all\s+in\s+all),?\s+the\s+(?:earnings\s+)?call\b"
                      r"|^(?:overall|in\s+summary|in\s+conclusion|to\s+sum\s+up|all\s+in\s+all)\s*,"
                      r"|^the\s+(?:earnings\s+)?call\s+(?:highlighted|reflected|showed|conveyed|underscored|emphasi[sz]ed)\b", re.I)


def _next_is_text(blocks: list[Block], index: int) -> bool:
    return index + 1 < len(blocks) and blocks[index + 1].kind in (BlockKind.TEXT, BlockKind.BULLET)
