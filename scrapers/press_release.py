"""The press-release reader: an earnings release (as filed as 8-K Exhibit 99.1) into statements.

A release has banners ("Exhibit 99.1", "NEWS RELEASE"), a headline and sub-headlines, a
dateline paragraph ("ST. LOUIS - May 5, 2026 - BellRing Brands, Inc. (NYSE:BRBR) today
reported …"), the results narrative (highlight bullets, executives' quotes, paragraphs under
headings), an outlook section, and closing matter: the conference call, non-GAAP notes,
metric definitions, "About", contacts, the forward-looking statements, the financial tables.

Sections are named by what they hold, whatever the release calls them:

* ``outlook``: "Outlook", "Business Outlook", "Financial Outlook", "Guidance", "Fiscal 2026
  Outlook", "Looking Ahead"; sub-headings inside it stay in it;
* ``forward_looking``: "Forward-Looking Statements", "Safe Harbor", "Cautionary Note …", and a
  paragraph under no such heading that opens as one ("This press release contains
  forward-looking statements …");
* ``boilerplate``: non-GAAP notes, definitions, "About …", the call's logistics, contacts,
  footnotes ("* Adjusted EBITDA is a non-GAAP measure …", "1 The definitions of …");
* ``financials``: statement and reconciliation tables, and any table outside the outlook;
* ``headline``: the headline and the sub-headlines before the dateline; bullets there are the
  release's highlights ("Increases 2025 revenue guidance to …") and are read as the narrative;
* ``commentary``: executives' quotes; ``results``: the rest of the narrative.

Tables are read row by row: a row keeps its cells and the header row in force, so the engine
sees "Net Sales | $2.335-$2.375 billion" under "Metric | Fiscal Year 2026". A lead-in line that
ends with a colon ("In the third quarter of 2026, we estimate:") is the context of the bullets
after it.
"""

from __future__ import annotations

import re

from earnings.document import DocumentKind, Section, Statement
from scrapers.layout import WEAK_HEADING, Block, BlockKind, Layout
from scrapers.reading import Body, ReadHints, Reader
from scrapers.sentences import gives_reason, is_safe_harbor, split_sentences
from scrapers.sniff import _RELEASE_MARKS

_BANNER = re.compile(
    r"^(?:exhibit\s*99(?:\.\d+)?|ex-99(?:\.\d+)?|(?:news|press)\s*(?:release)?|release|for\s+immediate\s+release|news"
    r"|page\s+\d+(?:\s+of\s+\d+)?|\d+|contacts?:?)$", re.I)
_OUTLOOK = re.compile(r"\b(?:outlook|guidance|expectations|financial\s+targets?|looking\s+ahead|forecast)\b", re.I)
_FORWARD = re.compile(r"\b(?:forward[-\s]looking|safe\s+harbor|cautionary\s+(?:note|statement|language))\b", re.I)
_BOILERPLATE = re.compile(
    r"^(?:about\b|(?:use\s+of\s+|about\s+)?non[-\s]?gaap|(?:earnings\s+)?(?:conference\s+call|webcast|earnings\s+call)"
    r"|investor\s+(?:contacts?|relations)|media\s+(?:contacts?|relations)|contacts?\b|source\b|notes?\b|a\s+note\s+about"
    r"|definitions?\b|key\s+(?:metric|term)s?\s+definitions|prospective\s+financial|supplemental|###|disclaimer"
    r"|(?:additional|other)\s+information|community\s+update|available\s+information|social\s+media)", re.I)
_FINANCIALS = re.compile(
    r"\b(?:condensed\s+)?consolidated\s+(?:statements?|balance|results)|\bbalance\s+sheets?\b|\bstatements?\s+of\s+"
    r"(?:operations|income|cash\s+flows?|comprehensive)|\breconciliation|\bsegment\s+(?:information|results\s+table)", re.I)
_SAFE_HARBOR_OPENING = re.compile(r"\bforward[-\s]looking\s+(?:statements?|information)\b|\bsafe\s+harbou?r\b"
                                  r"|\bcautionary\s+(?:note|statement|language)\b", re.I)
_RESULTS_HEADING = re.compile(r"\b(?:highlights|results|financial\s+summary|performance|review)\b", re.I)
_QUOTE = re.compile(r"^[\"\u201c]|\b(?:said|added|commented|stated|noted)\b[^.]{0,80}[,:]\s*[\"\u201c]")
_FOOTNOTE = re.compile(r"^(?:\*+|\(\d{1,2}\)|\d{1,2}\s+(?=[A-Z])|[\u00b9\u00b2\u00b3\u2070-\u2079]+)\s*")
_LEAD_WORDS = 12  # a text block this long ends the headline: the dateline or first paragraph
_MIN_WORDS = 4
_LEAD_IN_WORDS = 4  # a line ending with a colon longer than this leads in the lines after it; shorter, it heads them


class PressReleaseReader(Reader):
    """An earnings press release (see the module docstring)."""

    kind = DocumentKind.PRESS_RELEASE

    def read(self, layout: Layout, hints: ReadHints) -> Body:
        blocks = [b for b in layout.blocks if not (_BANNER.match(b.text.strip(" .:")) and len(b.text) < 40)]
        title, start = _headline(blocks, layout.html_title)
        statements = _statements(blocks, start)
        head = " ".join(b.text for b in blocks[:12])[:4000]
        return Body(title=title, statements=tuple(statements), head=head, headline=title, published=layout.published)


def _headline(blocks: list[Block], html_title: str) -> tuple[str, int]:
    """The release's headline and the index of the block after it."""
    for k, block in enumerate(blocks[:12]):
        words = len(block.text.split())
        if 3 <= words <= 45 and block.kind is not BlockKind.ROW and not _RELEASE_MARKS["dateline"].match(block.text):
            return block.text, k + 1
        if words > 45:
            break
    return html_title, 0


def _section_of(heading: str, current: str) -> str:
    if _FORWARD.search(heading):
        return Section.FORWARD_LOOKING
    if _BOILERPLATE.match(heading):
        return Section.BOILERPLATE
    if _FINANCIALS.search(heading):
        return Section.FINANCIALS
    if _OUTLOOK.search(heading):
        return Section.OUTLOOK
    if current == Section.OUTLOOK and not _RESULTS_HEADING.search(heading):
        return Section.OUTLOOK  # "Fourth Quarter Fiscal 2025" under the outlook stays in it
    return Section.RESULTS


def _statements(blocks: list[Block], start: int) -> list[Statement]:
    statements: list[Statement] = []
    section: str = Section.HEADLINE
    topic, lead, dated = "", "", False
    for block in blocks[start:]:
        text = block.text.strip()
        words = len(text.split())
        if not dated and (block.kind is BlockKind.TEXT and words >= _LEAD_WORDS or _RELEASE_MARKS["dateline"].match(text)):
            dated, section = True, Section.RESULTS
        if block.kind is BlockKind.HEADING and (dated or block.level < WEAK_HEADING):
            if block.level == WEAK_HEADING and (words > 8 and section == Section.OUTLOOK or text.endswith(":") and words > _LEAD_IN_WORDS):
                pass  # a long line inside the outlook, or a lead-in ("For the full year, Kestrel now expects:"), reads as text
            else:
                section = _section_of(text, section)
                topic, lead = text.rstrip(":"), ""
                dated = True
                continue
        if block.kind is BlockKind.ROW:
            row_section = section if section in (Section.OUTLOOK, Section.BOILERPLATE, Section.FORWARD_LOOKING) else Section.FINANCIALS
            if block.columns or section == Section.OUTLOOK:
                statements.append(Statement(text=text, section=row_section, topic=topic, context=_context(topic, lead),
                                            cells=block.cells, columns=block.columns))
            continue
        here = section
        if section == Section.HEADLINE and block.kind is BlockKind.BULLET and words >= _LEAD_WORDS:
            # a release's sub-headline bullets are its highlights ("Increases 2025 revenue guidance
            # to $4,205 million - $4,280 million"): read as the narrative is, not as a headline
            here = Section.RESULTS
        if _FOOTNOTE.match(text) and (is_safe_harbor(text) or words < 60) and section != Section.HEADLINE:
            here = Section.BOILERPLATE
        elif section == Section.RESULTS and _QUOTE.search(text):
            here = Section.COMMENTARY
        if text.endswith(":") and block.kind is not BlockKind.BULLET:
            lead = text
            if not gives_reason(text):
                continue  # "For the full year, Kestrel now expects:" says nothing the lines after it do not
            # "… updating its outlook to reflect continued pressure on consumer spending and higher
            # cocoa costs:" leads in the table and says why: it is a statement too
        pieces = [text] if block.kind is BlockKind.BULLET and words <= 60 else split_sentences(text)
        if here not in (Section.FORWARD_LOOKING, Section.BOILERPLATE, Section.HEADLINE) and pieces and _SAFE_HARBOR_OPENING.search(pieces[0]):
            here = Section.FORWARD_LOOKING  # "This press release contains forward-looking statements …": the whole paragraph
        for piece in pieces:
            if len(piece.split()) < _MIN_WORDS:
                continue
            kind = here
            if here not in (Section.FORWARD_LOOKING, Section.BOILERPLATE) and is_safe_harbor(piece):
                kind = Section.BOILERPLATE
            statements.append(Statement(text=piece, section=kind, topic=topic, context=_context(topic, lead)))
        if block.kind is not BlockKind.BULLET and not text.endswith(":"):
            lead = ""
    return statements


def _context(topic: str, lead: str) -> tuple[str, ...]:
    return tuple(part for part in (topic, lead.rstrip(":")) if part)
