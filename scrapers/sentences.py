"""Sentences, and the boilerplate every kind of earnings document carries.

Sentences are split by syntok (https://github.com/fnl/syntok): a rule-based segmenter that
knows abbreviations ("Inc.", "U.S.", "approx."), decimals ("$113.1 million") and initials, runs
in pure Python at about 1 MB/s (a 55 KB call in 50 ms; pysbd takes 1.7 s for the same call,
nltk's punkt needs model data fetched from the internet, blingfire joins "Q&A. Thank you,
Dan." into one sentence). ``syntok.segmenter.analyze`` is used, not ``process``, because
``process`` rewrites "don't" as "do not" and the text must stay as written.

Three of syntok's habits are mended for earnings text: it never ends a sentence after a decimal
or a form name ("… of $4.30 to $4.40. With that, …", "… our Form 10-K. We will …"), so such a
full stop before a capitalised word ends one here; it never ends one before a year ("Thanks,
Sofia. 2024 was a record year."), so a full stop after a word ends one there; and it ends one
after a state's abbreviation in a dateline ("BOZEMAN, Mont. - November 4, 2025 - …"), which is
joined again.

``SAFE_HARBOR`` recognises the safe-harbor and non-GAAP reading wherever it sits: a call's
opening, a release's closing paragraphs, a footnote.
"""

from __future__ import annotations

import re

import syntok.segmenter as segmenter

_MANY_SPACES = re.compile(r"\s+")


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text``, in order, whitespace collapsed."""
    text = text.strip()
    if not text:
        return []
    if len(text) < 40 and not any(mark in text[:-1] for mark in ".!?"):
        return [_MANY_SPACES.sub(" ", text)]
    out: list[str] = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            for piece in _mended(sentence):
                joined = _MANY_SPACES.sub(" ", "".join(token.spacing + token.value for token in piece).strip())
                if not joined:
                    continue
                if out and _DATELINE_PLACE.match(out[-1]) and joined[:1] in "-\u2013\u2014":
                    out[-1] = f"{out[-1]} {joined}"
                else:
                    out.append(joined)
    return out


_DECIMAL = re.compile(r"^\d+(?:[.,]\d+)+$")
_FORM_LETTER = re.compile(r"^[A-Z]$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_WORD_END = re.compile(r"^[A-Za-z]{2,}$")
_ABBREVIATIONS = frozenset("vs fig figs no nos approx est ref refs cf vol pp sec art inc corp co ltd plc".split())
_DATELINE_PLACE = re.compile(r"^[A-Z][A-Za-z.' -]{1,40},\s+[A-Z][a-z]{1,5}\.$")  # "BOZEMAN, Mont."


def _mended(tokens: list) -> list[list]:
    """A sentence cut where a full stop after a decimal or a form name ("10-K") is followed by a
    capitalised word, or one after a word by a year (see the module docstring)."""
    pieces: list[list] = []
    start = 0
    for k in range(1, len(tokens) - 1):
        if tokens[k].value != "." or not tokens[k + 1].spacing:
            continue
        before, after = tokens[k - 1], tokens[k + 1].value
        form = _FORM_LETTER.match(before.value) and before.spacing == "-"
        capital_next = after[:1].isupper() and after[1:2].islower()
        year_next = _YEAR.match(after) is not None and (_WORD_END.match(before.value) or _YEAR.match(before.value)) is not None \
            and before.value.lower() not in _ABBREVIATIONS  # "Thanks, Sofia. 2024 was a record year."
        if ((_DECIMAL.match(before.value) or form) and capital_next) or year_next:
            pieces.append(tokens[start:k + 1])
            start = k + 1
    pieces.append(tokens[start:])
    return pieces


# The safe-harbor and non-GAAP reading's own vocabulary, however it is worded.
SAFE_HARBOR = re.compile(
    r"forward[-\s]looking\s+(?:statements?|information)|safe[-\s]harbou?r|cautionary\s+(?:note|statement|language)"
    r"|non[-\s]?gaap\s+(?:financial\s+)?(?:measures?|metrics?|information|results)"
    r"|reconciliations?\s+(?:of|between|to|is|are|can|may)|most\s+directly\s+comparable\s+(?:gaap|u\.s\.)"
    r"|risk\s+factors\s+(?:section|described|discussed|set\s+forth|included|contained|in\s+(?:our|the))"
    r"|under\s+(?:the\s+(?:heading|caption)\s+)?[\"\u201c]?risk\s+factors"
    r"|actual\s+results\s+(?:could|may|might)\s+(?:differ|vary)|(?:differ|vary)\s+materially\s+from"
    r"|\bform\s+10-[kq]\b|\b10-[kq]\b|annual\s+report\s+on\s+form|undertakes?\s+no\s+(?:obligation|duty)"
    r"|private\s+securities\s+litigation\s+reform|speak\s+only\s+as\s+of|not\s+(?:a\s+)?guarantees?\s+of\s+future"
    r"|investor\s+relations\s+(?:section|website|page)|on\s+our\s+(?:investor\s+relations\s+)?website",
    re.I,
)


def is_safe_harbor(sentence: str) -> bool:
    """Whether a sentence is part of the safe-harbor or non-GAAP reading."""
    return SAFE_HARBOR.search(sentence) is not None


# A lead-in that says why what follows is so ("… updating its outlook to reflect continued
# pressure on consumer spending:", "Guidance lowered, reflecting lower reimbursement rates:")
_GIVES_REASON = re.compile(r"\b(?:to\s+reflect|reflect(?:s|ing)|due\s+to|because|driven\s+by|as\s+a\s+result\s+of|in\s+light\s+of|amid"
                           r"|given\s+(?:the|our|continued|ongoing|current))\b", re.I)


def gives_reason(text: str) -> bool:
    """Whether a line that leads in others says why they are so: then it is a statement too."""
    return _GIVES_REASON.search(text) is not None
