"""The words ``find_fiscal_period`` reads: the forms a quarter is written in, and the cue words
around a mention that say whether it is the quarter being reported.

Data only; ``earnings/period.py`` holds the rules that use it and compiles every pattern
case-insensitive (the forms also verbose). In the forms, group names carry meaning by prefix:

- ``ord`` (a word ordinal) or ``q`` (a digit): the quarter number;
- ``month``: the month a month-named quarter ends in ("March quarter");
- ``fy…``: a year written with "fiscal" or "FY": always a fiscal year;
- ``year…``: a year written bare: a fiscal year after an ordinal, a calendar year after a month;
- ``date``: a quarter-end date ("June 27, 2026").
"""

from __future__ import annotations

import re

_YEAR4 = r"(?:19|20)\d\d"
_YY = r"\d\d"
_FISCAL = r"(?:fiscal(?:[-\s]+year)?|fy)"
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE = rf"""(?P<date>{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR4}
               |\d{{1,2}}\s+{_MONTH}\.?,?\s+{_YEAR4}
               |{_YEAR4}-\d\d-\d\d)"""
# ", which ended June 28, 2026", " ended March 31, 2026"
_ENDED = rf"(?:\s*,?\s*(?:which\s+|that\s+)?(?:ended|ending)\s+(?:on\s+)?{_DATE})"
# "and full year", "and fiscal year", "and full-year fiscal", "and year"
_AND_YEAR = r"(?:\s+and\s+(?:the\s+)?(?:(?:full|fiscal)[-\s]+)*year)"
# A bare two-digit year is read only before a reporting word: "fourth quarter 24 earnings call".
_REPORT_NEXT = r"(?=\s+(?:earnings|results|financial|conference|call)\b)"
_YEAR_AFTER = rf"""(?:\s*,?\s+of)?(?:\s+the)?\s+
    (?:{_FISCAL}\s*['’]?\s*(?P<fy>{_YEAR4}|{_YY})\b
      |(?P<year>{_YEAR4})\b
      |(?P<year_s>{_YY}){_REPORT_NEXT})"""
# "fiscal 2026 second quarter", "FY25 Q1", "2024Q4", "2024 fourth quarter"
_YEAR_BEFORE = rf"\b(?:{_FISCAL}\s*['’]?\s*(?P<fy_p>{_YEAR4}|{_YY})|(?P<year_p>{_YEAR4}))"

# Each form is (before, after): ``after`` starts at the form's anchor word (see FORM_ANCHORS) and
# ``before`` is what may come ahead of it, so a scan finds the anchor with a plain substring search,
# reads ``before`` backwards from it and matches the whole form once, from where ``before`` begins.
FORMS: dict[str, tuple[str, str]] = {
    # "fourth quarter 2024", "fourth-quarter and full year fiscal 2024", "second fiscal quarter ended
    # March 31, 2026", "fiscal 2024 fourth quarter", "third quarter" (no year)
    "ordinal": (
        rf"(?:{_YEAR_BEFORE}[-\s]+)?\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]+(?:fiscal[-\s]+)?",
        rf"quarter\b{_AND_YEAR}?(?:{_YEAR_AFTER})?{_ENDED}?"),
    # "March quarter 2025", "the December quarter and full year 2024", "June quarter results"
    "month": (
        rf"\b(?P<month>{_MONTH})\.?[-\s]+",
        rf"quarter\b{_AND_YEAR}?(?:{_YEAR_AFTER})?{_ENDED}?"),
    # "quarter ended March 28, 2026", "quarter and year ended December 31, 2024"
    "quarter_ended": (
        r"\b(?:fiscal\s+)?",
        rf"quarter(?:ly\s+period)?{_AND_YEAR}?{_ENDED}"),
    # "Q4 2024", "Q4'24", "Q4 FY24", "FY25 Q1", "2024-Q4", "Fiscal Q3 2025", "FQ3 2025", "Q3 of fiscal 2025"
    "code": (
        rf"(?:{_YEAR_BEFORE}\s*-?\s*|\b)(?:fiscal\s+|f)?",
        rf"""q(?P<q>[1-4])
        (?:\s*['’]\s*(?P<year_a>{_YY})\b
          |\s*[-/]?\s*{_FISCAL}\s*['’]?\s*(?P<fy>{_YEAR4}|{_YY})\b
          |\s+of\s+{_FISCAL}\s*(?P<fy_o>{_YEAR4})\b
          |\s+of\s+(?P<year_o>{_YEAR4})\b
          |\s*[-/]?\s*(?P<year>{_YEAR4})\b
          |[-/]?(?P<year_n>{_YY})\b
          |\s+(?P<year_s>{_YY}){_REPORT_NEXT})?
        (?!\w){_ENDED}?"""),
    # "4Q24", "4Q 2024", "F3Q25", "3Q'25", "4Q"
    "digit_q": (
        r"\bf?",
        rf"""(?P<q>[1-4])q
        (?:\s*['’]?\s*(?P<year>{_YEAR4})\b
          |['’]?[-/]?(?P<year_n>{_YY})\b
          |\s+(?P<year_s>{_YY}){_REPORT_NEXT})?
        (?!\w){_ENDED}?"""),
    # "three months ended June 30, 2026", "three and six months ended", "13 weeks ended", "thirteen weeks ended"
    "span_ended": (
        r"""\b(?:(?:three|3)(?:\s+and\s+(?:six|nine|twelve|6|9|12))?[-\s]+months?(?:\s+period)?
            |(?:thirteen|fourteen|13|14)[-\s]+weeks?(?:\s+period)?)\s+""",
        rf"(?:ended|ending)\s+(?:on\s+)?{_DATE}"),
}
# Which anchor each form starts its ``after`` part at: the "q" of "quarter", the "q" of "Q3", the
# digit of "3Q", the "e" of "ended"/"ending".
FORM_ANCHORS = {"ordinal": "quarter", "month": "quarter", "quarter_ended": "quarter", "code": "q_digit",
                "digit_q": "digit_q", "span_ended": "ended"}
# The most characters each form's ``before`` may take: "fiscal year 2026 second fiscal ",
# "September. ", "fiscal ", "fiscal year 2025 fiscal ", "F", "three and twelve months period ".
BEFORE_REACH = {"ordinal": 36, "month": 12, "quarter_ended": 8, "code": 28, "digit_q": 1, "span_ended": 34}

DATE_PARTS = re.compile(
    rf"(?P<mon>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>{_YEAR4})"
    rf"|(?P<day_b>\d{{1,2}})\s+(?P<mon_b>{_MONTH})\.?,?\s+(?P<year_b>{_YEAR4})"
    rf"|(?P<year_c>{_YEAR4})-(?P<mon_c>\d\d)-(?P<day_c>\d\d)", re.I)

# --- cue words: what the words around a mention say about it ---------------------------------

# The words right after a mention, the noun it qualifies ("Q3 results", "Q3 guidance"). Filler such
# as "and full year", "fiscal 2024", "financial" may come between.
NEXT_FILLER = (r"[\s,]*(?:(?:and\s+)?(?:the\s+)?(?:full|fiscal)[-\s]+year\s+|fiscal\s+|(?:19|20)\d\d\s+"
               r"|financial\s+|operating\s+)*")
NEXT_REPORT = (r"results?|earnings(?!\s+per)|(?:earnings\s+)?(?:conference\s+)?call|conference|webcast"
               r"|report\b|release|highlights|recap|ended")
NEXT_FORWARD = (r"guidance|outlook|forecasts?|targets?|expectations?|estimates?|projections?|guide|plan\b"
                r"|preview")
NEXT_ASIDE = r"dividends?|distributions?|in\s+a\s+row"
NEXT_PAST = r"(?:of\s+)?(?:last|the\s+prior|the\s+previous|a)\s+year|a\s+year\s+(?:ago|earlier)|last\s+year"

# A safe-harbor sentence: a mention after one of these in its clause is an aside ("… risk factors in
# our Form 10-Q for the quarter ended March 31, 2025").
BEFORE_ASIDE = r"10-[qk]|8-k|(?:quarterly|annual)\s+reports?|sec\s+filings?|filed\s+with|filings\s+with"
# Cue phrases before a mention, in its clause (lower case, one to three words; ``word*`` is a
# prefix). The nearest one decides.
BEFORE_CUES: dict[str, tuple[str, ...]] = {
    "report": ("reported", "reports", "report", "reporting", "announce", "announced", "announces", "announcing",
               "welcome", "joining us for", "results for", "results of", "posted", "delivered"),
    "forward": ("expect", "expects", "expecting", "anticipat*", "outlook", "guidance", "guide", "guides",
                "guided", "guiding", "forecast*", "preview*", "project", "projects", "projected", "projecting",
                "plan", "plans", "planned", "planning", "target", "targets", "targeting", "will", "going to",
                "looking ahead", "looking forward", "ahead", "next", "upcoming", "coming", "into", "intend*",
                "should", "would", "aim", "aims", "estimate", "estimates", "toward", "towards", "expected to",
                "is expected", "are expected", "be expected"),
    "past": ("compared", "comparison", "compare", "versus", "vs", "relative to", "than", "since", "back in",
             "prior", "previous", "previously", "last year", "last year's", "year-ago", "year ago",
             "year earlier", "from", "lapping", "lapped", "against"),
    # Not cues, though they hold one ("than" is past, "expected" forward): they stop the search.
    "neutral": ("than expected", "than we expected", "as expected", "than anticipated", "than planned",
                "than forecast", "than we thought"),
    # Weaker: decides only when nothing else does ("for the third quarter, revenue was …").
    "weak_report": ("for the", "for its", "for our", "for their", "during the", "during its", "during our"),
}
# An expectation word governing a mention (only fillers such as "the", "our", "for" between) makes
# it forward even before a reporting noun: "we expect fourth quarter results to improve".
GOVERNING_FORWARD = ("expect", "expects", "expecting", "anticipate", "anticipates", "anticipating", "forecast",
                     "forecasts", "guide", "guides", "guided", "guiding", "guidance", "outlook", "project",
                     "projects", "projecting", "previewed", "previews", "previewing")
GOVERNING_FILLER = ("the", "our", "its", "their", "a", "for", "in", "to", "of", "that", "this", "and", "on", "we")
# A forward verb just after a yearless or plain mention: "in the third quarter we expect …"
AFTER_FORWARD = (r"[\s,]*(?:we|it|the\s+company|management)?\s*"
                 r"(?:expects?|anticipates?|will|plans?|forecasts?|projects?|sees?|should)\b")

# A label before a mention on its line: "Period:", "Fiscal Quarter/Year:", "**Quarter:**"
LABEL = (r"(?:^|[\s;|>*#•(-])\**\s*(?:[a-z]+[\s/&-]+){0,3}(?:period|quarter|fiscal\s+year|reporting|call|event)"
         r"(?:[\s/&-]+[a-z]+){0,2}\s*\**\s*[:–—]\s*\**\s*$")

# What the words right before a year say about whether it is the year a document is about
# (``infer_year``): "full year 2025", "fiscal 2025", "in 2025", "this year (2025)" are; "compared to
# 2024", "since 2019", "beyond 2025" are years compared against or looked towards.
YEAR_CUES: dict[str, tuple[str, ...]] = {
    "strong": ("full year", "full-year", "fiscal", "fiscal year", "fy", "this year", "calendar", "calendar year",
               "in", "for", "during", "throughout", "so far in", "quarter", "quarter of", "q1", "q2", "q3", "q4"),
    "weak": ("compared to", "compared with", "versus", "vs", "relative to", "than", "since", "from", "over",
             "prior", "previous", "last", "beyond", "ahead to", "into", "by", "through", "until", "back in",
             "flat with", "in line with", "before", "after", "on track for", "track for"),
}
# A comparison word this close before a year makes it one compared against: "than we were in 2019".
YEAR_COMPARED = ("than", "since", "versus", "vs", "compared")
YEAR_COMPARED_REACH = 5  # words
# ... and the words right after it: "2025 guidance", "2025 results"; "2026 and beyond" looks towards it.
YEAR_STRONG_AFTER = ("guidance", "outlook", "plan", "budget", "target", "targets", "results", "so far",
                     "year-to-date")
YEAR_WEAK_AFTER = ("and beyond", "onward", "onwards", "and later")
