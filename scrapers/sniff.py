"""Telling the kind of an earnings document from its content: call transcript, results press
release or call summary.

Each kind has its marks, counted in the first part of the document:

* a **transcript** is spoken: the operator's lines ("listen-only mode", "our first question
  comes from", "please go ahead", "open the line for questions"), greetings and thanks ("good
  morning, everyone", "thank you for joining us"), "turn the call over to", speaker lines
  ("Jane Doe -- Chief Financial Officer", "Operator:"), "question-and-answer session";
* a **press release** is written for the wire: "Exhibit 99.1", a dateline ("CUPERTINO,
  CALIFORNIA — Apple today announced …", "St. Louis - May 5, 2026 -"), "(NYSE: BRBR)",
  "today reported / announced … results", "Reports … Results" in the headline, a
  "Forward-Looking Statements" heading, "About <company>", investor and media contacts;
* a **summary** is notes: many bullets, labelled lines ("Company:", "Guidance:"), numbered
  section titles ("2) Headline Financial Results"), "Takeaways", "Key Points", "Q&A Highlights".

The kind with the most marks wins (a transcript must show at least three, a release at least
two); ``evidence`` names the marks that decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from earnings.document import DocumentKind
from scrapers.layout import BlockKind, Layout

_TRANSCRIPT_MARKS = {
    "operator": re.compile(r"^\[?operator\]?\s*:?|\boperator\b(?=[^.]{0,40}\bquestion)", re.I | re.M),
    "listen-only": re.compile(r"\blisten[-\s]only\b|\b(?:call|conference|event)\s+is\s+being\s+recorded\b|\bpress\s+(?:star|\*)", re.I),
    "question queue": re.compile(r"\bquestion\s+(?:today\s+)?(?:comes|is\s+coming|is|will\s+come)\s+from\b|\bplease\s+go\s+ahead\b|\byour\s+line\s+is\s+(?:open|live)\b", re.I),
    "hand-off": re.compile(r"\bturn\s+(?:the\s+call|it|the\s+conference|the\s+floor)\s+(?:back\s+)?over\s+to\b", re.I),
    "q&a session": re.compile(r"\bquestion[-\s]and[-\s]answer\s+session\b|^questions?\s*(?:and|&)\s*answers?\s*:?$", re.I | re.M),
    "speaker line": re.compile(r"^[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}\s+(?:--|—|–|-)\s+.{0,60}\b(?:chief|officer|analyst|president|ceo|cfo)\b", re.I | re.M),
    "welcome": re.compile(r"\b(?:welcome\s+to|thank\s+you\s+for\s+(?:joining|standing\s+by))\b.{0,120}\b(?:call|conference)\b"
                         r"|\bthank\s+you\s+(?:all\s+)?(?:for\s+joining|for\s+being\s+with)\s+us\b", re.I),
    "greeting": re.compile(r"\bgood\s+(?:morning|afternoon|evening|day)\s*,?\s+(?:everyone|everybody|and\s+welcome|ladies|all)\b", re.I),
    "open line": re.compile(r"\bopen\s+(?:up\s+)?the\s+(?:line|lines|call|floor)\s+(?:up\s+)?(?:for|to)\s+(?:your\s+)?questions\b", re.I),
    "transcript title": re.compile(r"\b(?:earnings\s+call|conference\s+call)\s+transcript\b", re.I),
}
_RELEASE_MARKS = {
    "exhibit": re.compile(r"^\s*(?:exhibit|ex-)\s*99(?:\.\d)?\b", re.I | re.M),
    "dateline": re.compile(
        r"^[A-Z][A-Za-z.' ]+(?:,\s*[A-Za-z.' ]+)?\s*,?\s*(?:[-\u2013\u2014]+|/)\s*(?:\(?[A-Z][\w ]+\)?\s*[-\u2013\u2014]+\s*)?"
        r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?"
        r"|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)\s+\d{1,2},?\s+\d{4}|^[A-Z][A-Z .,']{3,}\s*[-\u2013\u2014]\s*[A-Z]", re.M),
    "exchange ticker": re.compile(r"\((?:nasdaq|nyse|nyse\s?american|amex|tsx|lse|otcqx|otcqb)\s*:\s*[A-Z.]+\)", re.I),
    "announced results": re.compile(r"\btoday\s+(?:announced|reported|released)\b|\breports?\b[^.\n]{0,80}\bresults\b", re.I),
    "safe-harbor heading": re.compile(r"^(?:forward[-\s]looking\s+statements?|safe\s+harbor(?:\s+statement)?|cautionary\s+(?:note|statement)[^\n]{0,40}):?$", re.I | re.M),
    "about": re.compile(r"^about\s+[A-Z][^\n]{1,60}:?$", re.M),
    "contacts": re.compile(r"^(?:investor|media)\s+(?:contacts?|relations)\b|^contacts?:?$", re.I | re.M),
    "newswire": re.compile(r"\b(?:globe\s*newswire|business\s*wire|pr\s*newswire|accesswire)\b", re.I),
    "financial statements": re.compile(r"\bcondensed\s+consolidated\s+(?:statements?|balance)|\bconsolidated\s+statements?\s+of\s+operations\b", re.I),
}
_SUMMARY_MARKS = {
    "labelled lines": re.compile(r"^(?:company|ticker|quarter|period|date|guidance|outlook|highlights?|risks?)\s*:", re.I | re.M),
    "numbered sections": re.compile(r"^\d{1,2}[.)]\s+[A-Z][^.\n]{2,60}$", re.M),
    "summary headings": re.compile(r"^(?:key\s+(?:takeaways|points|highlights)|takeaways|q\s*&\s*a\s+highlights|summary|tl;dr|bottom\s+line"
                                   r"|market/investor\s+sentiment[^\n]*|management\s+commentary|headline\s+financial\s+results)\s*:?$", re.I | re.M),
}
# Words (lower case) that every match of a mark holds, case aside: a mark none of whose words is
# in the text is not searched for. Most documents show few of the marks of the other kinds, and
# a case-blind search for each over the whole head was most of the time spent telling the kind.
_NEEDLES = {
    "operator": ("operator",),
    "listen-only": ("listen", "recorded", "press"),
    "question queue": ("question", "ahead", "line"),
    "hand-off": ("turn",),
    "q&a session": ("question",),
    "speaker line": ("chief", "officer", "analyst", "president", "ceo", "cfo"),
    "welcome": ("welcome", "thank"),
    "transcript title": ("transcript",),
    "announced results": ("today", "results"),
    "newswire": ("wire",),
    "financial statements": ("consolidated",),
}
# Letters a case-blind expression reads as "i" or "s" whose lower case is no ASCII letter: in a
# text holding one, a word may match without being in the text's lower case.
_ODD_FOLDS = ("\u0130", "\u0131", "\u017f")
_HEAD = 30_000
_BULLET_SHARE = 0.35


@dataclass(frozen=True)
class Sniffed:
    kind: DocumentKind
    evidence: str
    marked: bool = True  # False: no kind showed its marks, and ``kind`` is a guess


def _marks(patterns: dict[str, re.Pattern[str]], text: str, lowered: str | None) -> list[str]:
    """The names of the marks found in ``text``; ``lowered`` is its lower case, or None to
    search for every mark."""
    return [name for name, pattern in patterns.items() if _may_hold(name, lowered) and pattern.search(text)]


def _may_hold(name: str, lowered: str | None) -> bool:
    needles = _NEEDLES.get(name)
    return needles is None or lowered is None or any(needle in lowered for needle in needles)


def sniff_kind(layout: Layout) -> Sniffed:
    """The kind of the document laid out in ``layout`` (see the module docstring)."""
    blocks = layout.blocks
    text = "\n".join(b.text for b in blocks)[:_HEAD]
    lowered = None if any(odd in text for odd in _ODD_FOLDS) else text.lower()
    transcript = _marks(_TRANSCRIPT_MARKS, text, lowered)
    release = _marks(_RELEASE_MARKS, text, lowered)
    summary = _marks(_SUMMARY_MARKS, text, lowered)
    bullets = sum(1 for b in blocks[:200] if b.kind is BlockKind.BULLET)
    if blocks and bullets >= _BULLET_SHARE * min(len(blocks), 200) and bullets >= 5:
        summary.append(f"{bullets} bullets")
    scores = {
        DocumentKind.TRANSCRIPT: len(transcript) if len(transcript) >= 3 else 0,
        DocumentKind.PRESS_RELEASE: len(release) if len(release) >= 2 else 0,
        DocumentKind.SUMMARY: len(summary),
    }
    if summary and bullets >= 5 and scores[DocumentKind.SUMMARY] >= 2:
        scores[DocumentKind.SUMMARY] += 1  # a summary quotes the call's words, but is laid out as notes
    kind = max(scores, key=lambda k: (scores[k], k == DocumentKind.SUMMARY))
    marks = {DocumentKind.TRANSCRIPT: transcript, DocumentKind.PRESS_RELEASE: release, DocumentKind.SUMMARY: summary}[kind]
    evidence = ", ".join(marks) if scores[kind] else "no marks of a transcript or a release"
    return Sniffed(kind, evidence, marked=bool(scores[kind]))
