"""The transcript reader: an earnings call, with or without speaker lines, into statements.

Publishers lay a call out in a few ways, all read here:

* a speaker line, then what they said: "Jane Doe -- Chief Financial Officer",
  "John Roe - Morgan Stanley - Analyst", a bare "Operator", "[Operator]", a name alone on a line
  once a participants list ("Company Participants", "Conference Call Participants") has named
  it, or ``<p><strong>Jane Doe</strong></p>`` in HTML;
* the speaker inline: "Jane Doe: Thank you …", "Jane Doe (CFO): …", "OPERATOR: …";
* no speakers at all: speech-to-text as one paragraph, read by ``scrapers.speech``.

Statements are the sentences executives say (split by ``scrapers.sentences``): in the prepared
remarks (section ``prepared_remarks``) and in their answers (section ``qa``, with the
analyst's question). The safe-harbor reading goes to ``forward_looking`` and the operator's
and investor relations' call logistics (whatever an investor-relations speaker says that is not
safe harbor) to ``boilerplate``; the operator and the analysts are not quoted. A statement's topic is the heading above it when the page has headings.
"""

from __future__ import annotations

import re

from earnings.document import DocumentKind, Section, Statement
from scrapers.layout import Block, BlockKind, Layout, clean, from_main_heading
from scrapers.reading import Body, ReadHints, Reader
from scrapers.sentences import is_safe_harbor, split_sentences
from scrapers.speech import ANALYST, EXECUTIVE, OPERATOR, UNKNOWN, Turn, speech_turns

_NAME = r"[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|de|van|von|der|da|del|la|le|bin)){0,4}"
_ROLE_WORD = r"(?:[A-Z0-9&][\w.&'’/\-]*|of|and|the|for|&|at|,)"
_SEPARATOR = r"\s*(?:--|—|–|-|,|\|)\s*"
# "Jane Doe -- Chief Financial Officer", "John Roe - Morgan Stanley - Analyst"
_SPEAKER_LINE = re.compile(rf"^(?P<name>{_NAME}){_SEPARATOR}(?P<role>{_ROLE_WORD}(?:\s*(?:--|—|–|-|,|\|)?\s*{_ROLE_WORD}){{0,14}})\s*:?$")
# "Jane Doe: text", "Jane Doe (CFO): text"
_INLINE = re.compile(rf"^(?P<name>{_NAME})\s*(?:\((?P<role>[^)]{{1,80}})\))?\s*:\s*(?P<text>.*)$")
_OPERATOR_LINE = re.compile(r"^\[?operator\]?\s*:?\s*(?P<text>.*)$", re.I)
_QA_HEADING = re.compile(r"^(?:questions?[-\s]*(?:and|&)[-\s]*answers?|q\s*&\s*a|question[-\s]and[-\s]answer(?:\s+session)?)\b[^.]{0,20}:?$", re.I)
_REMARKS_HEADING = re.compile(r"^(?:prepared\s+remarks|presentation|management\s+(?:discussion|remarks))\s*:?$", re.I)
_END_HEADING = re.compile(r"^(?:call\s+participants|duration|more\s+\S+\s+analysis|all\s+earnings\s+call\s+transcripts|disclaimer)\b", re.I)
_PARTICIPANTS = re.compile(r"^(?:company\s+participants|corporate\s+participants|conference\s+call\s+participants|executives|analysts|participants)\s*:?$", re.I)
_EXECUTIVE_ROLE = re.compile(
    r"\b(?:chief|officer|ceo|cfo|coo|cto|president|vp|svp|evp|director|head|treasurer|chair\w*|founder"
    r"|investor\s+relations|ir|controller|executive|counsel|secretary|general\s+manager|management)\b", re.I)
_ANALYST_ROLE = re.compile(r"\banalyst\b", re.I)
_QA_CUE = re.compile(r"\b(?:first|next|following|last)\s+question\b|question[-\s]and[-\s]answer", re.I)
_NON_NAMES = frozenset("thank thanks good yes no okay ok so well and but the our we i next first".split())
_NOT_PERSON = re.compile(
    r"\b(?:revenue|revenues|sales|margin|margins|outlook|guidance|quarter|results?|highlights?|risks?|q&a|update"
    r"|overview|summary|note|notes|source|contact|contacts|forecast|financial|business|segment|total|period|company"
    r"|date|ticker|fiscal)\b", re.I)
_PLEASANTRY = re.compile(
    r"^(?:(?:hi|hey|hello|yes|yeah|sure|okay|ok|great|thanks|thank\s+you|good\s+(?:morning|afternoon|evening|day))"
    r"(?:[,\s]+(?:and\s+)?(?:so\s+much|very\s+much|everyone|all|again|guys|[A-Z][a-z]+))*[.!,]?\s*)+$", re.I)
_INVESTOR_RELATIONS = re.compile(r"\binvestor\s+relations\b|\bIR\b", re.I)  # reads the call's logistics
_QUESTION_LIMIT = 600
_MIN_WORDS = 4
_SPEAKER_LINES_NEEDED = 3
_OWN_LINES_NEEDED = 2


class TranscriptReader(Reader):
    """A call transcript (see the module docstring)."""

    kind = DocumentKind.TRANSCRIPT

    def read(self, layout: Layout, hints: ReadHints) -> Body:
        blocks = from_main_heading(list(layout.blocks))
        title = _title(blocks, layout.html_title)
        if title and blocks and blocks[0].text == title:
            blocks = blocks[1:]
        if _structured(blocks):
            turns = _speaker_turns(blocks)
        else:
            sentences = _joined(split_sentences(" ".join(b.text for b in blocks if b.kind is not BlockKind.HEADING
                                                          or b.level == 9)))
            turns = speech_turns(sentences)
        head = " ".join([title, *(b.text for b in blocks[:6])])[:3000]
        return Body(title=title, statements=tuple(_statements(turns)), head=head, published=layout.published)


def _title(blocks: list[Block], html_title: str) -> str:
    """A transcript's title: its first heading or line when short (a machine transcript has none)."""
    first = blocks[0] if blocks else None
    if first is not None and len(first.text) <= 200 and (first.kind is BlockKind.HEADING or len(first.text.split()) <= 20):
        return first.text
    return html_title if len(html_title) <= 200 else ""


_FRAGMENT_WORDS = 8


def _joined(sentences: list[str]) -> list[str]:
    """Speech-to-text breaks sentences where a speaker paused: a short fragment that starts in
    lower case continues the sentence before it. (A long one is a sentence whose capital the
    transcriber dropped, and stays one.)"""
    out: list[str] = []
    for sentence in sentences:
        if out and sentence[:1].islower() and len(sentence.split()) <= _FRAGMENT_WORDS:
            out[-1] = f"{out[-1]} {sentence}"
        else:
            out.append(sentence)
    return out


def _structured(blocks: list[Block]) -> bool:
    """Whether the transcript marks its speakers (enough speaker lines to go by): two lines of
    their own ("Operator", "Jane Doe -- Chief Financial Officer"), or three counting inline
    speakers ("Jane Doe: text"), which prose can resemble."""
    own = inline = 0
    for block in blocks:
        line = block.text
        if len(line) > 200:
            continue
        if _OPERATOR_LINE.match(line) and (line.lower().strip("[]: ") == "operator" or ":" in line[:12]):
            own += 1
        elif (m := _SPEAKER_LINE.match(line)) and _is_name(m["name"]) and (
                _EXECUTIVE_ROLE.search(m["role"]) or _ANALYST_ROLE.search(m["role"])):
            own += 1
        elif (m := _INLINE.match(line)) and _is_name(m["name"]) and (m["role"] or _looks_like_person(m["name"])):
            inline += 1
        if own >= _OWN_LINES_NEEDED or own + inline >= _SPEAKER_LINES_NEEDED:
            return True
    return False


def _is_name(name: str) -> bool:
    words = name.split()
    return 1 <= len(words) <= 5 and words[0].lower() not in _NON_NAMES and not _NOT_PERSON.search(name)


def _looks_like_person(name: str) -> bool:
    """"Jane Doe" in "Jane Doe: text": two or three capitalised words, no finance words."""
    words = name.split()
    return 2 <= len(words) <= 3 and all(w[0].isupper() for w in words) and not _NOT_PERSON.search(name) \
        and not any(ch.isdigit() for ch in name)


def _roster_role(heading: str) -> str:
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
    return ANALYST if section == Section.QA else EXECUTIVE


_ROLE_PARTS = re.compile(r"\s+(?:--|-|—|–|\|)\s+|\s*--\s*")
_ROSTER_LINE = re.compile(rf"^(?P<name>{_NAME}){_SEPARATOR}(?P<role>[^.!?]{{2,100}})$")


def _speaker_turns(blocks: list[Block]) -> list[Turn]:
    """Who said what, in order, with the section and topic each turn is in."""
    roles: dict[str, tuple[str, str]] = {}  # name -> (role, label), from speaker lines seen so far
    turns: list[Turn] = []
    section: str = Section.PREPARED_REMARKS
    topic, ended, roster = "", False, ""
    current: Turn | None = None

    def start(name: str, role_text: str, text: str = "") -> None:
        nonlocal current
        if name.lower().strip("[]") == "operator":
            current = Turn(OPERATOR, section, "Operator", "Operator", topic)
        else:
            known = roles.get(name)
            if role_text:
                role = _role_of(role_text, section)
                parts = [p.strip(" ,") for p in _ROLE_PARTS.split(role_text) if p.strip(" ,")] or [role_text]
                # "Acme Corp - Head of Investor Relations": the title, not the company
                label = f"{name}, {next((p for p in parts if _EXECUTIVE_ROLE.search(p)), parts[0])}"
                if _ANALYST_ROLE.search(role_text) or known is None or role == EXECUTIVE:
                    roles[name] = (role, label)
            elif known:
                role, label = known
            else:
                role, label = (UNKNOWN if section == Section.QA else EXECUTIVE), name
            current = Turn(role, section, name, label, topic)
        turns.append(current)
        if text:
            current.lines.append(text)

    for block in blocks:
        line = clean(block.text)
        if not line:
            continue
        if _END_HEADING.match(line):
            ended, current = True, None
            continue
        if _QA_HEADING.match(line):
            section, ended, current = Section.QA, False, None
            continue
        if _REMARKS_HEADING.match(line) or _PARTICIPANTS.match(line):
            section = Section.PREPARED_REMARKS if _REMARKS_HEADING.match(line) else section
            ended, current = False, None
            roster = _roster_role(line)
            continue
        if roster and (m := _ROSTER_LINE.match(line)) and _is_name(m["name"]):
            role = ANALYST if roster == ANALYST or _ANALYST_ROLE.search(m["role"]) else _role_of(m["role"], Section.PREPARED_REMARKS)
            roles[m["name"]] = (role, f"{m['name']}, {m['role'].strip()}")
            continue
        roster = ""
        if (m := _OPERATOR_LINE.match(line)) and (not m["text"] or ":" in line[:12] or line.startswith("[")):
            if section == Section.PREPARED_REMARKS and m["text"] and _QA_CUE.search(m["text"]) and turns:
                section = Section.QA
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
        if block.kind is BlockKind.HEADING and block.level < 9:
            topic = line
            continue
        if ended or current is None:
            continue
        if current.role == OPERATOR and section == Section.PREPARED_REMARKS and _QA_CUE.search(line) and len(turns) > 2:
            section = current.section = Section.QA
        current.lines.append(line)
    _resolve_unknown(turns)
    return turns


def _resolve_unknown(turns: list[Turn]) -> None:
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


def _statements(turns: list[Turn]) -> list[Statement]:
    """The executives' sentences, each with its section, topic, speaker and the question it answers."""
    statements: list[Statement] = []
    question = ""
    for turn in turns:
        text = " ".join(turn.lines).strip()
        if turn.role == ANALYST:
            question = text[:_QUESTION_LIMIT]
            continue
        if turn.role != EXECUTIVE or not text:
            continue
        logistics = _INVESTOR_RELATIONS.search(turn.label.partition(", ")[2]) is not None
        lead: tuple[str, ...] = ()  # the sentence a list said aloud goes on from
        for sentence in _joined(split_sentences(text)):
            if len(sentence.split()) < _MIN_WORDS or _PLEASANTRY.match(sentence):
                continue
            section = Section.FORWARD_LOOKING if is_safe_harbor(sentence) else (
                Section.BOILERPLATE if logistics else turn.section)
            # "… our outlook for fiscal 2026: we expect total sales growth of 7% to 8%. Same-restaurant
            # sales growth of 2% to 3.5%. EBITDA of $2.16 billion to $2.19 billion …": each item
            # said without a verb goes on from the sentence that led the list
            going_on = bool(lead) and _LIST_ITEM.match(sentence) is not None and _FINITE_VERB.search(sentence) is None
            statements.append(Statement(
                text=sentence, section=section, topic=turn.topic, speaker=turn.label,
                question=question if section == Section.QA else "", context=lead if going_on else ()))
            if not going_on:
                lead = (sentence,)
    return statements


# A list item said aloud: a metric and its figure, no verb ("EBITDA of $2.16 billion to $2.19 billion")
_LIST_ITEM = re.compile(r"^(?:and\s+)?[A-Za-z][\w&/'’ -]{1,60}?\s+(?:of|between|at|around|approximately|about|in\s+the\s+range\s+of)\s+"
                        r"(?:about\s+|approximately\s+|roughly\s+|~)?[-$€£¥\d]", re.I)
_FINITE_VERB = re.compile(r"\b(?:is|are|was|were|will|would|be|been|has|have|had|do|does|did|expect\w*|anticipat\w*|grew|rose|fell|increased"
                          r"|decreased|declined|reached|delivered|generated|reported|came|saw|see|sees|said|think|believe)\b", re.I)
