"""A decoded document as a flat sequence of ``Block``s in reading order, whatever its format.

Every reader sees the same blocks, so a transcript, a release or a summary is read the same way
from HTML, markdown or plain text:

* ``heading``: an HTML ``<h1>``–``<h6>``, a markdown ``#`` line, a whole-line ``**bold**``
  label, a numbered section title ("2) Headline Financial Results"), or a short line with no
  full stop standing alone ("Financial Outlook", "About Reddit", "Kestrel now expects:" with its
  colon; ``level`` 9, a weak heading that a reader may take as text);
* ``bullet``: an ``<li>`` or a line starting with "-", "*", "•", "–" or "1."; ``depth`` is its
  nesting (by indentation in text, by enclosing lists in HTML);
* ``row``: a table row, from ``<tr>``, a "a | b | c" line, or a plain-text line laid out in
  columns with runs of spaces (a label, then figures only, under a header of periods: "Q4 2026
  Full Year 2026"), with its ``cells`` and the ``columns`` (the header row) in force, lined up
  with the cells; a row that holds one cell only is text;
* ``text``: everything else, one block per paragraph or line.

An SEC submission's SGML wrapper (``<DOCUMENT><TYPE>EX-99.1 … <TEXT>``) is unwrapped to the
exhibit, and page chrome (scripts, styles, navigation, the site's footer, forms) is dropped. Markdown emphasis and
links are reduced to their text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from scrapers.decoding import Page

# bs4 (~70 ms to import) is imported where an HTML page is read: a plain-text or markdown page
# needs none of it.
if TYPE_CHECKING:
    from bs4 import BeautifulSoup, Tag


class BlockKind(StrEnum):
    HEADING = "heading"
    BULLET = "bullet"
    ROW = "row"
    TEXT = "text"


WEAK_HEADING = 9  # the level of a short stand-alone line read as a heading


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    depth: int = 0  # bullet nesting, 0 at the top
    level: int = 0  # heading level, 1 at the top; WEAK_HEADING for a short stand-alone line
    cells: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    """The blocks of a document and its title as the format gives it (HTML ``<title>``)."""

    blocks: tuple[Block, ...]
    html_title: str = ""
    published: str | None = None

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


_SPACE = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CHROME = ("script", "style", "nav", "footer", "noscript", "template", "form", "iframe", "svg", "button", "select", "head")
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BLOCKS = frozenset({"p", "div", "section", "article", "main", "header", "footer", "aside", "body", "html",
                     "blockquote", "center", "dl", "dt", "dd", "figure", "figcaption", "address", "pre", "hr",
                     "ul", "ol", "li", "table", "tr", "td", "th", "thead", "tbody", "tfoot", "caption",
                     *_HEADINGS})
_SGML_DOCUMENT = re.compile(r"<DOCUMENT>(?P<body>.*?)</DOCUMENT>", re.S | re.I)
_SGML_TYPE = re.compile(r"<TYPE>\s*(?P<type>[^\s<]+)", re.I)
_SGML_TEXT = re.compile(r"<TEXT>(?P<text>.*?)(?:</TEXT>|$)", re.S | re.I)
_HTML_IN_TEXT = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|body|div|p|table|font)\b", re.I | re.S)

_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*$")
_BULLET = re.compile(r"^(?P<mark>[-*+\u2022\u25aa\u25cf\u00b7\u2013\u2014\u25e6\u2023\u2043]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+(?P<text>\S.*)$")
_NUMBERED_TITLE = re.compile(r"^\(?\d{1,2}[.)]\s+(?P<text>[A-Z][^.!?]{1,80})$")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(?P<text>[^*_].*?)(?:\*\*|__)\s*:?\s*$")
_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_RULE = re.compile(r"^\s*(?:[-=_*~\u2014\u2013]\s*){3,}$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_SENTENCE_END = re.compile(r"[.!?;,]['\"\u201d\u2019)]?$")
_WEAK_WORDS = 10
_DIGITS = re.compile(r"\d")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


_BANNER_BLOCKS = 6  # a page's own first <h1> comes after at most this many blocks of site banner


def from_main_heading(blocks: list[Block]) -> list[Block]:
    """The blocks from a page's first top-level heading on, when a few lines of site banner
    ("Grid Notes", "Home") come before it; the blocks as they are otherwise."""
    if blocks and not (blocks[0].kind is BlockKind.HEADING and blocks[0].level == 1):
        for k, block in enumerate(blocks[1:_BANNER_BLOCKS + 1], start=1):
            if block.kind is BlockKind.HEADING and block.level == 1:
                if all(len(b.text.split()) <= _WEAK_WORDS for b in blocks[:k]):
                    return blocks[k:]
                break
    return blocks


# Hyphens a publisher's typesetting chose ("third\u2011quarter", "full\u2010year") read as the
# hyphen-minus every rule is written with; dashes ("–", "—") are left for ranges and asides.
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2043": "-", "\u200b": None})


def clean(text: str) -> str:
    """Collapse whitespace (non-breaking and other spaces too) to single spaces, and typeset
    hyphens to "-"."""
    return _SPACE.sub(" ", text.translate(_HYPHENS)).strip()


def read_layout(page: Page, *, title_selector: str | None = None, body_selector: str | None = None) -> Layout:
    """The ``Layout`` of a decoded page (see the module docstring). On an HTML page,
    ``title_selector`` picks the title (made the first block) and ``body_selector`` the
    elements whose blocks are read; both are ignored in plain text."""
    text = unwrap_sgml(page.text)
    if page.is_html or (text is not page.text and _HTML_IN_TEXT.match(text[:4096])):
        return _html_layout(text, title_selector, body_selector)
    return Layout(blocks=tuple(text_blocks(text.splitlines())))


def selected_text(page: Page, selector: str) -> str:
    """The text of the first element ``selector`` picks on an HTML page ("" if none, or if the
    page is not HTML). Page chrome is searched too: the person who wrote the selector chose it."""
    text = unwrap_sgml(page.text)
    if not (page.is_html or text is not page.text):
        return ""
    from bs4 import BeautifulSoup, Tag

    found = BeautifulSoup(text, "lxml").select_one(selector)
    return clean(found.get_text(" ")) if isinstance(found, Tag) else ""


def unwrap_sgml(text: str) -> str:
    """The exhibit inside an SEC submission's SGML wrapper (the first EX-99 document, else the
    first document), or ``text`` itself when it has no wrapper."""
    if "<DOCUMENT>" not in text[:200_000].upper():
        return text
    documents = [(m, _SGML_TYPE.search(m["body"])) for m in _SGML_DOCUMENT.finditer(text)]
    if not documents:
        return text
    chosen = next((m for m, t in documents if t and t["type"].upper().startswith("EX-99")), documents[0][0])
    inner = _SGML_TEXT.search(chosen["body"])
    return inner["text"] if inner else chosen["body"]


def inline_text(text: str) -> str:
    """Markdown emphasis and links reduced to their words."""
    if "*" in text or "_" in text:
        text = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    return text


# -- plain text and markdown ---------------------------------------------------------------


def text_blocks(lines: list[str]) -> list[Block]:
    """Blocks of plain-text or markdown lines (see the module docstring)."""
    blocks: list[Block] = []
    indents: list[int] = []  # indentation of the open bullet levels
    columns: tuple[str, ...] = ()
    in_table = False
    spaced_columns: tuple[str, ...] = ()  # the header of a table laid out with spaces, while it lasts
    for number, raw in enumerate(lines):
        if not raw.strip():
            indents, in_table = [], False
            continue
        expanded = raw.replace("\t", "    ")
        indent = len(expanded) - len(expanded.lstrip(" "))
        line = clean(expanded)
        if "|" not in line and (spaced := _spaced_cells(expanded)):
            # shown as a "|" table row is: "Revenue | $420 - $430 million | $1,620 - $1,650 million"
            if _figures_row(spaced):
                blocks.append(Block(BlockKind.ROW, " | ".join(spaced), cells=spaced, columns=aligned(spaced_columns, spaced)))
                continue
            following = next((_spaced_cells(n.replace("\t", "    ")) for n in lines[number + 1:number + 3] if n.strip()), ())
            if _period_header(spaced) and following and _figures_row(following):
                spaced_columns = spaced
                blocks.append(Block(BlockKind.ROW, " | ".join(spaced), cells=spaced, columns=()))
                continue
        spaced_columns = ()
        if _TABLE_RULE.match(line) and "|" in line:
            continue  # a markdown table's header rule
        if _RULE.match(line):
            continue  # a drawn separator: "---", "===="
        if "|" in line and (cells := _cells(line)) and len(cells) >= 2:
            if not in_table:
                columns = cells if not _numeric_row(cells) else ()
                in_table = True
                if columns:
                    blocks.append(Block(BlockKind.ROW, line, cells=cells, columns=()))
                    continue
            blocks.append(Block(BlockKind.ROW, line, cells=cells, columns=aligned(columns, cells)))
            continue
        in_table = False
        heading = _md_heading(line)
        if heading is not None:
            indents = []
            blocks.append(heading)
            continue
        bullet = _BULLET.match(line)
        if bullet and not (bullet["mark"][0].isdigit() and _NUMBERED_TITLE.match(line) and indent == 0
                           and not _SENTENCE_END.search(line)):
            while indents and indent < indents[-1]:
                indents.pop()
            if not indents or indent > indents[-1]:
                indents.append(indent)
            depth = len(indents) - 1
            blocks.append(Block(BlockKind.BULLET, inline_text(bullet["text"]).strip(), depth=depth))
            continue
        if _NUMBERED_TITLE.match(line):
            indents = []
            blocks.append(Block(BlockKind.HEADING, inline_text(line), level=2))
            continue
        plain = inline_text(line).strip()
        if indents and indent > 0 and blocks and blocks[-1].kind is BlockKind.BULLET:
            # a wrapped bullet continues on an indented line
            last = blocks[-1]
            blocks[-1] = Block(BlockKind.BULLET, f"{last.text} {plain}", depth=last.depth)
            continue
        indents = []
        blocks.append(_weak_heading(plain) or Block(BlockKind.TEXT, plain))
    return blocks


def _md_heading(line: str) -> Block | None:
    if m := _MD_HEADING.match(line):
        return Block(BlockKind.HEADING, inline_text(m["text"]).strip(), level=len(m["hashes"]))
    if (m := _BOLD_LINE.match(line)) and len(m["text"].split()) <= 14:
        return Block(BlockKind.HEADING, inline_text(m["text"]).strip().rstrip(":"), level=3)
    return None


def _weak_heading(text: str) -> Block | None:
    """A short stand-alone line without a full stop: "Financial Outlook", "Highlights:"."""
    words = text.split()
    if not words or len(words) > _WEAK_WORDS or _SENTENCE_END.search(text) and not text.endswith(":"):
        return None
    if not (words[0][:1].isupper() or words[0][:1].isdigit()) or len(_DIGITS.findall(text)) > 6:
        return None
    if text.startswith(("$", "(")) or "|" in text:
        return None
    return Block(BlockKind.HEADING, text.strip(), level=WEAK_HEADING)  # a trailing ":" is kept: it leads in what follows


_SPACED = re.compile(r"\S(?:\S| (?! ))*")  # a run of text with no two spaces in it
_PERIOD_WORD = re.compile(r"\b(?:quarter|year|fy|q[1-4]|[1-4]q|fiscal|months|weeks|half|h[12]|(?:19|20)\d\d|outlook|guidance|current|prior|previous)\b", re.I)
_FIGURE_CELL = re.compile(r"^[(\-\u2212~$\u20ac\u00a3\u00a5]*\s*\d[\d,.]*\s*(?:%|x|bps?|pts?)?\)?"
                          r"(?:\s*(?:-|\u2013|\u2014|to)\s*[(\-\u2212$\u20ac\u00a3\u00a5]*\s*\d[\d,.]*\s*(?:%|x|bps?|pts?)?\)?)?"
                          r"(?:\s*(?:million|billion|thousand|m|mm|bn|b|k))?$|^(?:n/?a|nm|[\u2014\u2013-]|flat|unchanged)$", re.I)


_YEAR = re.compile(r"^(?:19|20)\d\d$")


def _spaced_cells(raw: str) -> tuple[str, ...]:
    """The cells of a plain-text table row laid out with runs of spaces ("Revenue   $420 - $430
    million   $1,620 - $1,650 million"): two cells or more, none of them prose; () otherwise."""
    if "  " not in raw.strip():
        return ()
    parts = tuple(clean(p) for p in _SPACED.findall(raw))
    if len(parts) < 2 or any(len(p) > 60 or _SENTENCE_END.search(p) and not p.endswith((")", "%")) for p in parts):
        return ()
    return normalise_cells(list(parts))


def _figures_row(cells: tuple[str, ...]) -> bool:
    """A label and then figures only: "Non-GAAP EPS   $0.55 - $0.58   $2.00 - $2.10"."""
    return len(cells) >= 2 and not _FIGURE_CELL.match(cells[0]) and all(_FIGURE_CELL.match(c) for c in cells[1:])


def _period_header(cells: tuple[str, ...]) -> bool:
    """A header of periods: "Q4 2026   Full Year 2026", "Three Months Ending   Fiscal 2026"."""
    return all(_PERIOD_WORD.search(c) for c in cells) and not any(_FIGURE_CELL.match(c) and not _YEAR.match(c) for c in cells)


def _cells(line: str) -> tuple[str, ...]:
    parts = [clean(inline_text(p)) for p in line.strip().strip("|").split("|")]
    return normalise_cells(parts)


def aligned(columns: tuple[str, ...], cells: tuple[str, ...]) -> tuple[str, ...]:
    """The header ``columns`` lined up with a row's ``cells`` (``columns[k]`` heads ``cells[k]``):
    a header whose corner cell is empty ("| Third Quarter 2026 | Full Year 2026" over
    "Revenue | $218M | $860M") has lost it with the other empty cells, so it is aligned from the
    right, where the figures are."""
    if columns and len(columns) < len(cells):
        return ("",) * (len(cells) - len(columns)) + columns
    return columns


_NUMERIC = re.compile(r"^[(\-\u2212$\u20ac\u00a3\u00a5]*\s*\d[\d,.]*\s*[%)x]?$|^[\u2014\u2013-]$")


def _numeric_row(cells: tuple[str, ...]) -> bool:
    return any(_NUMERIC.match(c.replace(" ", "")) for c in cells[1:])


def normalise_cells(parts: list[str]) -> tuple[str, ...]:
    """Table cells as a reader wants them: empty cells dropped, a lone "$" joined to the number
    after it and a lone "%" or ")" to the number before it (EDGAR splits them into cells)."""
    cells: list[str] = []
    pending = ""
    for part in parts:
        if not part:
            continue
        if part in ("$", "\u20ac", "\u00a3", "\u00a5", "(", "$(", "($"):
            pending += part
            continue
        if part in ("%", ")", "%)", "x", "pts", "bps", "bp") and cells:
            cells[-1] = f"{cells[-1]}{part}" if part in ("%", ")", "%)") else f"{cells[-1]} {part}"
            continue
        cells.append(f"{pending}{part}" if pending else part)
        pending = ""
    return tuple(cells)


# -- HTML ----------------------------------------------------------------------------------


def _html_layout(text: str, title_selector: str | None = None, body_selector: str | None = None) -> Layout:
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(text, "lxml")
    title_tag = soup.find("title")
    html_title = clean(title_tag.get_text(" ")) if isinstance(title_tag, Tag) else ""
    published = _published(soup)
    selected_title = ""
    if title_selector and isinstance(found := soup.select_one(title_selector), Tag):
        selected_title = clean(found.get_text(" "))
    for tag in soup.find_all(_CHROME):
        tag.decompose()
    walker = _HtmlWalker()
    roots = _top_level(soup.select(body_selector)) if body_selector else [soup.body or soup]
    for root in roots:
        walker.walk(root, 0)
        walker.flush()
    blocks = tuple(walker.blocks)
    if selected_title:
        blocks = (Block(BlockKind.HEADING, selected_title, level=1), *blocks)
        html_title = selected_title
    return Layout(blocks=blocks, html_title=html_title, published=published)


def _top_level(tags: list[Tag]) -> list[Tag]:
    """The tags a selector picked that are not inside another picked tag (read once each)."""
    picked = {id(t) for t in tags}
    return [t for t in tags if not any(id(parent) in picked for parent in t.parents)]


class _HtmlWalker:
    """Turns the DOM into blocks: block-level elements end a paragraph, inline ones join it."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._inline: list[str] = []

    def flush(self) -> None:
        text = clean(" ".join(self._inline))
        self._inline = []
        if text:
            text = re.sub(r"\s+([:,.;])", r"\1", text)
            self.blocks.append(_weak_heading(text) or Block(BlockKind.TEXT, text))

    def walk(self, node: Tag, depth: int) -> None:
        from bs4 import NavigableString, Tag

        # A loop over a stack rather than recursion: pages nest tens of thousands of <div>s deep.
        stack = [(iter(node.children), depth, False)]  # (children left, list depth, flush when done)
        while stack:
            children, depth, flush_after = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if flush_after:
                    self.flush()
                continue
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # not a comment, CDATA or doctype
                    self._inline.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self.flush()
            elif name in _HEADINGS:
                self.flush()
                heading = clean(child.get_text(" "))
                if heading:
                    self.blocks.append(Block(BlockKind.HEADING, heading, level=_HEADINGS[name]))
            elif name == "li":
                self.flush()
                self._item(child, depth)
            elif name in ("ul", "ol"):
                self.flush()
                stack.append((iter(child.children), depth + 1 if self._inside_list(child) else depth, False))
            elif name == "table":
                self.flush()
                self._table(child)
            elif name in _BLOCKS:
                self.flush()
                stack.append((iter(child.children), depth, True))
            else:
                stack.append((iter(child.children), depth, False))

    @staticmethod
    def _inside_list(tag: Tag) -> bool:
        return tag.find_parent("li") is not None

    def _item(self, item: Tag, depth: int) -> None:
        from bs4 import NavigableString, Tag

        own: list[str] = []
        nested: list[Tag] = []
        for child in item.children:
            if isinstance(child, Tag) and child.name in ("ul", "ol"):
                nested.append(child)
            elif isinstance(child, Tag) and child.name == "table":
                nested.append(child)
            elif isinstance(child, Tag):
                own.append(child.get_text(" "))
            elif type(child) is NavigableString:
                own.append(str(child))
        text = re.sub(r"\s+([:,.;])", r"\1", clean(" ".join(own)))
        text = _BULLET_MARK.sub("", text, count=1)
        if text:
            self.blocks.append(Block(BlockKind.BULLET, text, depth=depth))
        for child in nested:
            if child.name == "table":
                self._table(child)
            else:
                self.walk(child, depth + 1)

    def _table(self, table: Tag) -> None:
        columns: tuple[str, ...] = ()
        for row in table.find_all("tr"):
            if row.find_parent("table") is not table:
                continue  # a nested table's rows are read with it
            raw = [clean(c.get_text(" ")) for c in row.find_all(["td", "th"], recursive=False)]
            cells = normalise_cells(raw)
            if not cells:
                continue
            header = bool(row.find("th")) or (not columns and not _numeric_row(cells) and len(cells) >= 2)
            if len(cells) == 1 or (len(cells) == 2 and _BULLET_MARK.fullmatch(cells[0] + " ")):
                # a layout table: one cell of text (or a bullet sign and its text)
                text = cells[-1]
                kind = BlockKind.BULLET if len(cells) == 2 else None
                self.blocks.append(Block(kind, text) if kind else (_weak_heading(text) or Block(BlockKind.TEXT, text)))
                continue
            line = " | ".join(cells)
            if header and not columns:
                columns = cells
                self.blocks.append(Block(BlockKind.ROW, line, cells=cells))
                continue
            self.blocks.append(Block(BlockKind.ROW, line, cells=cells, columns=aligned(columns, cells)))


_BULLET_MARK = re.compile(r"^[\u2022\u25aa\u25cf\u00b7\u25e6\u2023\u2043*-]\s+")


def _published(soup: BeautifulSoup) -> str | None:
    from bs4 import Tag

    meta = soup.find("meta", attrs={"property": "article:published_time"}) or soup.find(
        "meta", attrs={"name": re.compile(r"^(?:date|pubdate|publish[-_]?date|dc\.date)$", re.I)})
    time = soup.find("time", attrs={"datetime": True})
    for value in (meta.get("content") if isinstance(meta, Tag) else None,
                  time.get("datetime") if isinstance(time, Tag) else None):
        if isinstance(value, str) and _DATE.match(value.strip()):
            return value.strip()[:10]
    return None
