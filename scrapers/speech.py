"""Who is speaking in a call transcript that does not say: speech-to-text with no speaker lines.

A machine transcript is one unbroken run of sentences. The structure of an earnings call is
regular enough to recover from the words alone:

1. **The opening.** The operator's welcome and the investor-relations reading (safe harbor,
   non-GAAP, who is on the call) run until the hand-off to the first executive ("I'll turn
   the call over to Ed"). The opening is boilerplate: the hand-off that counts is the first
   one after the last safe-harbor or logistics sentence of the call's first part.
2. **Prepared remarks** run until the operator opens the question-and-answer session ("we will
   now begin the question and answer session", "our first question comes from …").
3. **Questions and answers.** Each operator introduction names the analyst ("… comes from
   Andrew Charles from TD Cowen"); the analyst speaks until an executive answers (a greeting
   that names the analyst, "thanks for the question", "yeah", "sure" once a question has been
   asked); the answer runs until the operator speaks again or the analyst comes back with a
   follow-up ("that's helpful … and if I could ask …").

The result is a list of ``Turn``s, each with its role and section, that the transcript reader
turns into statements exactly as it does a transcript with speaker lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from earnings.document import Section
from scrapers.sentences import is_safe_harbor

EXECUTIVE, ANALYST, OPERATOR, UNKNOWN = "executive", "analyst", "operator", "unknown"


@dataclass
class Turn:
    """One speaker's turn: who (when known), in which role and section, and what was said."""

    role: str
    section: str
    speaker: str = ""
    label: str = ""  # "Jane Doe, Chief Financial Officer"
    topic: str = ""
    lines: list[str] = field(default_factory=list)


_OPERATOR = re.compile(
    r"\b(?:questions?\s+(?:today\s+)?(?:comes?|is|will\s+come|coming)\s+from|comes\s+from\s+the\s+line\s+of"
    r"|(?:our|your|the)\s+(?:next|first|following|last|final)\s+(?:analyst\s+)?question\s+(?:today\s+)?(?:comes|is|will|from)\b|(?:your|the)\s+line\s+is\s+(?:now\s+)?(?:open|live)"
    r"|please\s+go\s+ahead|press\s+(?:star|the\s+star|\*)|star[-\s](?:one|1|two|2|nine|9|zero|0)\b|touch[-\s]tone"
    r"|listen[-\s]only|(?:call|conference|event)\s+is\s+being\s+recorded|being\s+recorded\b|question\s+queue"
    r"|ladies\s+and\s+gentlemen|(?:this|that)\s+concludes|you\s+may\s+(?:now\s+)?disconnect|conference\s+(?:specialist|operator|coordinator)"
    r"|assemble\s+(?:our|the)\s+roster|poll\s+for\s+questions|withdraw\s+your\s+question|raise\s+(?:your\s+)?hand"
    r"|limit\s+(?:yourself|yourselves)\s+to|one\s+question\s+and\s+(?:one|a)\s+(?:brief\s+)?follow|I\s+will\s+be\s+your"
    r"|I'?ll\s+be\s+your\s+(?:coordinator|operator)|turn\s+the\s+(?:floor|conference|call)\s+(?:back\s+)?over\s+to"
    r"|(?:begin|conduct|start|open)\s+(?:the|a|our)\s+question[-\s]and[-\s]answer|question[-\s]and[-\s]answer\s+session"
    r"|there\s+are\s+no\s+(?:further|more)\s+questions|no\s+further\s+questions)", re.I)
_INTRODUCES = re.compile(
    r"\b(?:comes?|coming|is|will\s+come)\s+from\s+(?:the\s+line\s+of\s+)?(?P<name>[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){0,2})"
    r"|\bline\s+of\s+(?P<name2>[A-Z][a-z'’.-]+(?:\s+[A-Z][a-z'’.-]+){0,2})")
_QA_OPENS = re.compile(
    r"\bquestion[-\s]and[-\s]answer\b|\bq\s*&\s*a\b|\b(?:open|opening)\s+(?:it|the\s+(?:call|line|lines|floor))\s+(?:up\s+)?(?:for|to)\s+questions"
    r"|\b(?:first|our\s+first)\s+(?:analyst\s+)?question\b|\btake\s+(?:your|some|analyst)\s+questions\s+now\b", re.I)
_HANDOFF = re.compile(
    r"\b(?:turn|hand|pass)(?:ing)?\s+(?:the\s+call|it|things|the\s+floor|the\s+conference)?\s*(?:back\s+)?(?:over\s+)?to\b"
    r"|\bover\s+to\s+(?:you\s*,\s*)?[A-Z][a-z]+\s*\.?$|\bI(?:'ll|\s+will)\s+now\s+turn\b", re.I)
_LOGISTICS = re.compile(
    r"\b(?:joining\s+(?:me|us)|with\s+me\s+(?:today|on\s+the\s+call)|on\s+(?:today'?s|the)\s+call\s+(?:are|is|we\s+have|with\s+me)"
    r"|prepared\s+remarks|q\s*&\s*a\s+session|limit\s+yourself|press\s+release|our\s+website|earnings\s+(?:deck|presentation|materials)"
    r"|unless\s+otherwise\s+(?:noted|stated)|all\s+comparisons|references?\s+to|will\s+be\s+referred\s+to|webcast|replay)\b", re.I)
_ANSWER_OPENS = re.compile(
    r"^(?:(?:yeah|yes|yep|sure|absolutely|okay|ok|well|so|great|good|right)\b[,.!]?"
    r"|(?:thanks|thank\s+you)(?:\s+(?:for|so\s+much\s+for)\s+(?:the|your|that)\s+question)"
    r"|(?:that'?s\s+a\s+)?(?:great|good|fair)\s+question|let\s+me\s+(?:take|start|answer)|i'?ll\s+(?:take|start)"
    r"|i\s+(?:think|would|will)|we\s+(?:think|believe|are|have|see|do)\b|our\b|we'?(?:re|ve)\b)", re.I)  # an analyst says "your"
_FOLLOW_UP = re.compile(
    r"\b(?:that'?s|very|super|really)\s+helpful\b|\bhelpful\s*(?:,|\.|thanks|thank)|\bgot\s+it\b|\bperfect\b|\bappreciate\s+(?:it|that|the\s+color)"
    r"|\bif\s+I\s+(?:could|can|may)\s+(?:just\s+)?(?:ask|sneak|follow)|\bfollow[-\s]up\b|\bmy\s+(?:second|other|next)\s+question\b"
    r"|\bone\s+more\s+(?:question|for)\b|\bquick(?:ly)?\s+(?:follow|one)\b|\bthanks\s+for\s+(?:that|the\s+color)\b", re.I)
_CLOSING = re.compile(r"\b(?:this|that)\s+concludes\b|\byou\s+may\s+(?:now\s+)?disconnect\b|\bthank\s+you\s+for\s+(?:joining|your\s+participation|participating)\b", re.I)
_OPENING_REACH = 80  # sentences in which the opening is looked for
_OPENING_GAP = 12  # sentences between the safe-harbor reading and the hand-off, at most
_ANALYST_LIMIT = 20  # an analyst turn longer than this (with no answer found) is cut at its last question


def speech_turns(sentences: list[str]) -> list[Turn]:
    """The turns of a transcript given as sentences only (see the module docstring)."""
    if not sentences:
        return []
    start = _remarks_start(sentences)
    turns: list[Turn] = []
    if start:
        turns.append(Turn(OPERATOR, Section.BOILERPLATE, lines=sentences[:start]))
    qa = _qa_start(sentences, start)
    turns.append(Turn(EXECUTIVE, Section.PREPARED_REMARKS, lines=sentences[start:qa]))
    turns += _qa_turns(sentences[qa:])
    return [t for t in turns if t.lines]


def _remarks_start(sentences: list[str]) -> int:
    """Where the first executive starts: after the first hand-off that follows the opening's
    safe-harbor reading (0 when the transcript has no opening)."""
    reach = sentences[: min(len(sentences), _OPENING_REACH)]
    harbor = [k for k, s in enumerate(reach) if is_safe_harbor(s)]
    marks = harbor or [k for k, s in enumerate(reach[:40]) if _LOGISTICS.search(s) or _OPERATOR.search(s)]
    if not marks:
        return 0
    last = marks[0]
    for k in marks[1:]:
        if k > last + _OPENING_GAP or _QA_OPENS.search(reach[k]):
            break  # a later mention of risk factors belongs to the remarks, not the opening; the questions end them
        last = k
    for k in range(last, min(len(reach), last + _OPENING_GAP)):
        if _HANDOFF.search(reach[k]):
            k += 1
            while k < len(reach) and _OPERATOR.search(reach[k]) and len(reach[k].split()) <= 6:
                k += 1  # "Please go ahead."
            return k
    return last + 1


def _qa_start(sentences: list[str], start: int) -> int:
    """Where the operator opens the questions (the end of the transcript when it never does)."""
    for k in range(start + 1, len(sentences)):
        sentence = sentences[k]
        if _QA_OPENS.search(sentence) and any(_OPERATOR.search(s) for s in sentences[k:k + 4]):
            return k
    return len(sentences)


def _first_name(sentence: str) -> str:
    m = _INTRODUCES.search(sentence)
    name = (m["name"] or m["name2"]) if m else ""
    return name.split()[0] if name else ""


def _addresses(sentence: str, name: str) -> bool:
    """"Hi, Andrew.", "Thanks, Andrew, for the question", "Andrew, good question": the
    answer begins by naming the analyst."""
    if not name:
        return False
    head = sentence[:60]
    return re.search(rf"(?:^|\b(?:hi|hey|hello|thanks|thank\s+you|yeah|yes|morning|afternoon|sure)\b[,\s]+){re.escape(name)}\b",
                     head, re.I) is not None or head.startswith(f"{name},")


def _qa_turns(sentences: list[str]) -> list[Turn]:
    turns: list[Turn] = []
    role, analyst, asked, length = OPERATOR, "", False, 0

    def say(who: str, sentence: str) -> None:
        if not turns or turns[-1].role != who:
            turns.append(Turn(who, Section.QA, speaker=analyst if who == ANALYST else ""))
        turns[-1].lines.append(sentence)

    for k, sentence in enumerate(sentences):
        if _CLOSING.search(sentence):
            break
        if _OPERATOR.search(sentence) and not (role == EXECUTIVE and len(sentence.split()) > 25):
            if name := _first_name(sentence):
                analyst = name
            say(OPERATOR, sentence)
            role, asked, length = OPERATOR, False, 0
            continue
        if role == OPERATOR:
            role = ANALYST if analyst else EXECUTIVE
        elif role == ANALYST:
            opens = _addresses(sentence, analyst) or (asked and _ANSWER_OPENS.search(sentence) is not None)
            if opens or (length >= _ANALYST_LIMIT and asked):
                role = EXECUTIVE
        elif role == EXECUTIVE and (_FOLLOW_UP.search(sentence) or _ACK.match(sentence)) and _question_soon(sentences, k):
            role, asked, length = ANALYST, False, 0
        if role == ANALYST:
            length += 1
            asked = asked or sentence.rstrip().endswith("?") or _ASKS.search(sentence) is not None
        say(role, sentence)
    return turns


_ACK = re.compile(r"^(?:okay|ok|great|thanks|thank\s+you|got\s+it|understood|fair\s+enough|all\s+right)\b[^.?!]{0,30}[.!]\s*\S", re.I)
_ASKS = re.compile(r"\b(?:I'?m\s+(?:curious|wondering)|I\s+(?:was\s+)?wonder(?:ing)?|can\s+you|could\s+you|would\s+you"
                   r"|how\s+(?:should|do|are|would)\s+(?:we|you)|help\s+us\s+(?:understand|think)|any\s+color|talk\s+(?:about|to))\b", re.I)


def _question_soon(sentences: list[str], k: int) -> bool:
    """Whether a question comes within the next few sentences (an analyst's follow-up)."""
    return any(s.rstrip().endswith("?") or _ASKS.search(s) for s in sentences[k:k + 4])
