"""``parse_transcript``: an earnings-call transcript (HTML or plain text) into a ``CallDocument``.

A transcript reads::

    Novatera Systems (NVTR) Q3 2025 Earnings Call Transcript
    Prepared Remarks:
    Operator
    Good day, and welcome to ...
    Jane Doe -- Chief Financial Officer          (or "<p><strong>Jane Doe</strong> -- CFO</p>",
    Thank you. Revenue was ...                     or "Jane Doe: Thank you. Revenue was ...")
    Questions & Answers:
    Operator
    Our first question comes from ...
    John Roe -- Morgan Stanley -- Analyst
    How should we think about margins?
    Jane Doe -- Chief Financial Officer
    We expect gross margin of ...

Statements are the sentences executives say: in the prepared remarks (section
``prepared_remarks``; the safe-harbor reading goes to ``forward_looking``) and in their answers
(section ``qa``, with the analyst's question). The operator and the analysts are not quoted.
A statement's topic is the heading above it when the page has headings, else its speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup

from earnings.document import FORWARD_LOOKING, PREPARED_REMARKS, QA, CallDocument, Statement
from earnings.figures import statement_sentences
from earnings.period import FiscalPeriod
from scrapers.blocks import Outline, clean, outline
from scrapers.decoding import Page, decode_page
from scrapers.errors import ParseError, PeriodNotFoundError
from scrapers.summary_page import _check_ticker

_NAME = r"[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|de|van|von|der|da|del|la|le|bin)){0,4}"
_ROLE_WORD = r"(?:[A-Z0-9&][\w.&'’/\-]*|of|and|the|for|&|at|,)"
# "Jane Doe -- Chief Financial Officer", "John Roe - Morgan Stanley - Analyst"
_SPEAKER_LINE = re.compile(rf"^(?P<name>{_NAME})\s*(?:--|—|–|-|,|\|)\s*(?P<role>{_ROLE_WORD}(?:\s*(?:--|—|–|-|,|\|)?\s*{_ROLE_WORD}){{0,14}})\s*:?$")
# "Jane Doe: text", "Jane Doe (CFO): text"
_INLINE = re.compile(rf"^(?P<name>{_NAME})\s*(?:\((?P<role>[^)]{{1,80}})\))?\s*:\s*(?P<text>.*)$")
_OPERATOR = re.compile(r"^operator\s*:?\s*(?P<text>.*)$", re.I)
_QA_HEADING = re.compile(r"^(?:questions?[-\s]*(?:and|&)[-\s]*answers?|q\s*&\s*a|question[-\s]and[-\s]answer(?:\s+session)?)\b[^.]{0,20}:?$", re.I)
_REMARKS_HEADING = re.compile(r"^(?:prepared\s+remarks|presentation|management\s+(?:discussion|remarks))\s*:?$", re.I)
_END_HEADING = re.compile(r"^(?:call\s+participants|duration|more\s+\S+\s+analysis|all\s+earnings\s+call\s+transcripts)\b", re.I)
_PARTICIPANTS_HEADING = re.compile(r"^(?:company\s+participants|corporate\s+participants|conference\s+call\s+participants|executives|analysts|participants)\s*:?$", re.I)
_EXECUTIVE_ROLE = re.compile(
    r"\b(?:chief|officer|ceo|cfo|coo|cto|president|vp|svp|evp|director|head|treasurer|chair\w*|founder"
    r"|investor\s+relations|ir|controller|executive|counsel|secretary|general\s+manager|management)\b", re.I)
_ANALYST_ROLE = re.compile(r"\banalyst\b", re.I)
# The safe-harbor reading's own vocabulary: a sentence with any of these cues is boilerplate,
# however the reader words it ("the Risk Factors section of our 10-K", "under Risk Factors in
# our annual report", "we undertake no obligation to update").
_FORWARD_LOOKING = re.compile(
    r"forward[-\s]looking\s+statements?|safe\s+harbor|non-gaap\s+(?:financial\s+)?measures"
    r"|risk\s+factors\s+(?:section|described|discussed|set\s+forth|included|contained|in\s+our)"
    r"|under\s+(?:the\s+(?:heading|caption)\s+)?[\"\u201c]?risk\s+factors"
    r"|\bform\s+10-[kq]\b|undertakes?\s+no\s+(?:obligation|duty)|private\s+securities\s+litigation\s+reform", re.I)
_QA_CUE = re.compile(r"\b(?:first|next|following|last)\s+question\b|question[-\s]and[-\s]answer", re.I)
_NON_NAMES = frozenset("thank thanks good yes no okay ok so well and but the our we i next first our".split())
_TITLE_LINES = 6
_QUESTION_LIMIT = 400

EXECUTIVE, ANALYST, OPERATOR, UNKNOWN = "executive", "analyst", "operator", "unknown"


@dataclass
class _Turn:
    speaker: str
    role: str  # EXECUTIVE, ANALYST, OPERATOR
    label: str  # "Jane Doe, Chief Financial Officer"
    section: str
    topic: str
    lines: list[str] = field(default_factory=list)


def parse_transcript(raw: bytes, content_type: str, url: str, ticker: str) -> CallDocument:
    """Read one earnings-call transcript into a ``CallDocument`` (pure; ``ParseError`` for
    anything else). With an empty ``ticker`` the company is the ticker the title names."""
    page = decode_page(raw, content_type, url)
    shape = outline(page)
    lines = [shape.title, *(b.text for b in shape.blocks)] if shape.title else [b.text for b in shape.blocks]
    headings = {b.text for b in shape.blocks if b.kind == "heading"}
    title = shape.title
    if page.is_html:
        every = page_lines(page)
        if sum(map(len, lines)) < 0.5 * sum(map(len, every)):  # a page of <div>s and <span>s
            title = next((line for line in every[:_TITLE_LINES] if FiscalPeriod.find(line)), every[0] if every else "")
            lines = [title, *(line for line in every if line != title)]
            shape = Outline(title=title, blocks=(), published=shape.published)
    head = lines[:_TITLE_LINES]
    period = FiscalPeriod.find(title) or FiscalPeriod.find(" ".join(head))
    if period is None:
        raise PeriodNotFoundError(
            f"transcript {url} names no quarter (\"Q<n> <year>\", \"third quarter 2025\") in its title "
            f"or first lines ({title[:120]!r}); check the URL points at an earnings-call transcript",
            url=url,
        )
    found_ticker = title_ticker(" ".join(head), title, ticker, url)
    turns = _turns(lines[1:] if shape.title else lines, headings)
    statements = _statements(turns)
    if not statements:
        raise ParseError(
            f"transcript {url} ({title[:120]!r}) has no remarks by named executives; expected speaker "
            'lines such as "Jane Doe -- Chief Financial Officer" followed by what they said',
            url=url,
        )
    return CallDocument(
        ticker=found_ticker, period=period, title=title, statements=tuple(statements), kind="transcript",
        url=url, published=shape.published, headline="",
    )


_PAREN_TICKER = re.compile(r"\((?:(?:NASDAQ|NYSE|NYSE\s?American|AMEX|TSX|LSE|OTC\w*)\s*:\s*)?(?P<t>[A-Z][A-Z0-9.\-]{0,9})\)")
_EXCHANGE_TICKER = re.compile(r"\b(?:NASDAQ|NYSE|NYSE\s?American|AMEX|TSX|OTC\w*)\s*:\s*(?P<t>[A-Z][A-Z0-9.\-]{0,9})\b")


def page_lines(page: Page) -> list[str]:
    """Every line of text of an HTML page, scripts, styles and tables left out."""
    soup = BeautifulSoup(page.text, "lxml")
    for tag in soup.find_all(["script", "style", "table", "nav", "footer"]):
        tag.decompose()
    return [line for line in (clean(raw) for raw in soup.get_text("\n").splitlines()) if line]


def title_ticker(head: str, title: str, ticker: str, url: str) -> str:
    """The company a document names near its top: "(NASDAQ: NVTR)", "(NVTR)" or a leading
    ticker ("NVTR Q3 2025 ..."). ``ticker``, when given, must not contradict it; when empty,
    the named one is used."""
    wanted = ticker.strip().upper()
    named = [m["t"] for m in _EXCHANGE_TICKER.finditer(head)] + [
        m["t"] for m in _PAREN_TICKER.finditer(head) if FiscalPeriod.find(m["t"]) is None and m["t"] not in {"GAAP", "USD"}]
    if named:
        if not wanted or wanted in named:
            return wanted or named[0]
        raise ParseError(f"document {url} is about {named[0]}, not {wanted} (title {title[:120]!r})", url=url)
    prefix = re.split(r":\s+", title, maxsplit=1)[0]
    if wanted and wanted not in prefix.upper().split():
        return wanted  # a configured source's company, named only in words ("Novatera Systems")
    return _check_ticker(prefix, title, ticker, url)


_ROSTER_LINE = re.compile(rf"^(?P<name>{_NAME})\s*(?:--|—|–|-|,|\|)\s*(?P<role>[^.!?]{{2,100}})$")


def _roster_role(heading: str) -> str:
    """Who a participants list names: analysts ("Conference Call Participants", "Analysts"),
    executives ("Company Participants", "Executives"), or "" for a list that is no roster."""
    lowered = heading.lower()
    if "analyst" in lowered or "conference call" in lowered:
        return ANALYST
    if "company" in lowered or "corporate" in lowered or "executive" in lowered:
        return EXECUTIVE
    return ""


def _role_of(role: str, section: str) -> str:
    if _ANALYST_ROLE.search(role):
        return ANALYST
    if _EXECUTIVE_ROLE.search(role):
        return EXECUTIVE
    return ANALYST if section == QA else EXECUTIVE


def _is_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 5 and words[0].lower() not in _NON_NAMES


_NOT_PERSON = re.compile(
    r"\b(?:revenue|revenues|sales|margin|margins|outlook|guidance|quarter|results?|highlights?|risks?|q&a|update"
    r"|overview|summary|note|notes|source|contact|contacts|outlook|forecast|financial|business|segment|total)\b", re.I)


def _looks_like_person(name: str) -> bool:
    """"Jane Doe" in "Jane Doe: text": two or three capitalised words, no finance words."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[0].isupper() for w in words) and not _NOT_PERSON.search(name) \
        and not any(ch.isdigit() for ch in name)


def _turns(lines: list[str], headings: set[str]) -> list[_Turn]:
    """Who said what, in order, with the section and topic each turn is in."""
    roles: dict[str, tuple[str, str]] = {}  # name -> (role, label), from speaker lines seen so far
    turns: list[_Turn] = []
    section, topic, ended, roster = PREPARED_REMARKS, "", False, ""
    current: _Turn | None = None

    def start(name: str, role_text: str, text: str = "") -> None:
        nonlocal current
        if name.lower() == "operator":
            current = _Turn("Operator", OPERATOR, "Operator", section, topic)
        else:
            known = roles.get(name)
            if role_text:
                role = _role_of(role_text, section)
                label = f"{name}, {role_text.split('--')[0].split(' - ')[0].strip(' ,')}"
                if _ANALYST_ROLE.search(role_text) or known is None or role == EXECUTIVE:
                    roles[name] = (role, label)
            elif known:
                role, label = known
            else:
                role, label = (UNKNOWN if section == QA else EXECUTIVE), name
            current = _Turn(name, role, label, section, topic)
        turns.append(current)
        if text:
            current.lines.append(text)

    for raw in lines:
        line = clean(raw)
        if not line:
            continue
        if _END_HEADING.match(line):
            ended = True
            current = None
            continue
        if _QA_HEADING.match(line):
            section, ended, current = QA, False, None
            continue
        if _REMARKS_HEADING.match(line) or _PARTICIPANTS_HEADING.match(line):
            section = PREPARED_REMARKS if _REMARKS_HEADING.match(line) else section
            ended, current = False, None
            roster = _roster_role(line)
            continue
        if roster and (m := _ROSTER_LINE.match(line)) and _is_name(m["name"]):
            # "Mark Tan - Citi" under "Conference Call Participants": who they are, said once
            role = ANALYST if roster == ANALYST or _ANALYST_ROLE.search(m["role"]) else _role_of(m["role"], PREPARED_REMARKS)
            roles[m["name"]] = (role, f"{m['name']}, {m['role'].strip()}")
            continue
        roster = ""
        if (m := _OPERATOR.match(line)) and (not m["text"] or line[len("operator"):].lstrip().startswith(":")):
            if section == PREPARED_REMARKS and m["text"] and _QA_CUE.search(m["text"]) and turns:
                section = QA
            start("Operator", "", m["text"])
            continue
        m = _SPEAKER_LINE.match(line)
        if m and len(line) <= 140 and _is_name(m["name"]) and (
                _EXECUTIVE_ROLE.search(m["role"]) or _ANALYST_ROLE.search(m["role"]) or m["name"] in roles):
            start(m["name"], m["role"])
            continue
        name_only = line.rstrip(":").strip()
        if name_only in roles:
            start(name_only, "")
            continue
        m = _INLINE.match(line)
        if m and _is_name(m["name"]) and (m["name"] in roles or m["role"] or _looks_like_person(m["name"])):
            start(m["name"], m["role"] or "", m["text"].strip())
            continue
        if line in headings:
            topic = line
            continue
        if ended or current is None:
            continue
        if current.role == OPERATOR and section == PREPARED_REMARKS and _QA_CUE.search(line) and len(turns) > 2:
            section = QA
        current.lines.append(line)
    _resolve_unknown(turns)
    return turns


def _resolve_unknown(turns: list[_Turn]) -> None:
    """A Q&A speaker of unknown role asks when the operator just introduced them or when they
    end on a question, and answers otherwise; a name once resolved keeps its role."""
    known: dict[str, str] = {}
    for index, turn in enumerate(turns):
        if turn.role != UNKNOWN:
            continue
        if turn.speaker in known:
            turn.role = known[turn.speaker]
            continue
        previous = turns[index - 1] if index else None
        text = " ".join(turn.lines).rstrip()
        asks = previous is None or previous.role == OPERATOR or text.endswith("?")
        turn.role = known[turn.speaker] = ANALYST if asks else EXECUTIVE


def _statements(turns: list[_Turn]) -> list[Statement]:
    statements: list[Statement] = []
    question = ""
    for turn in turns:
        text = " ".join(turn.lines).strip()
        if turn.role == ANALYST:
            question = text[:_QUESTION_LIMIT]
            continue
        if turn.role != EXECUTIVE or not text:
            continue
        topic = turn.topic or turn.label
        for sentence in statement_sentences(text):
            if len(sentence.split()) < 3:
                continue  # "Thank you.", "Sure."
            section = FORWARD_LOOKING if _FORWARD_LOOKING.search(sentence) else turn.section
            statements.append(Statement(text=sentence, section=section, topic=topic,
                                        question=question if section == QA else ""))
    return statements
