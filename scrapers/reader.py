"""``read_document(raw, hints) -> CallDocument``: the one way every document is read.

Sources, ``earnwatch diff``, ``earnwatch read`` and ``reparse`` all read through here:

1. the bytes are decoded (``scrapers.decoding``) and laid out as blocks (``scrapers.layout``),
   whatever the format: HTML, plain text, markdown, an 8-K exhibit in its SGML wrapper;
2. the kind is told from the content (``scrapers.sniff``) unless the caller says
   (``hints.kind``: a source's ``documents:``, ``diff --kind``), and the reader registered for
   that kind in ``READERS`` reads the statements;
3. the company comes from the caller (a source belongs to a company) or else from the text
   (``scrapers.company``); a document is never refused for naming none;
4. the quarter comes from the caller, else the title, the first lines, a "Period:" line, the
   body, and last the document's or filing's date with the company's fiscal year end
   (``earnings.period``); where it was found is kept in ``CallDocument.found``.

Errors: ``ParseError`` for what cannot be read at all (empty, binary, no sentences, a
placeholder page put up before the document), and
``PeriodNotFoundError`` when the quarter is required and cannot be found; each one line that
says what to do.
"""

from __future__ import annotations

import re
from datetime import date

from earnings.document import CallDocument, DocumentKind, Section
from earnings.period import Basis, FiscalPeriod, find_fiscal_period, guides_first_quarter, infer_year, quarter_before
from scrapers.company import CompanyMatch, find_company, other_ticker
from scrapers.decoding import decode_page
from scrapers.errors import ParseError, PeriodNotFoundError
from scrapers.layout import read_layout, selected_text
from scrapers.press_release import PressReleaseReader
from scrapers.reading import Body, Reader, ReadHints
from scrapers.sniff import sniff_kind
from scrapers.summary import SummaryReader
from scrapers.transcript import TranscriptReader

READERS: dict[DocumentKind, Reader] = {
    DocumentKind.SUMMARY: SummaryReader(),
    DocumentKind.TRANSCRIPT: TranscriptReader(),
    DocumentKind.PRESS_RELEASE: PressReleaseReader(),
}

_BODY_CHARS = 200_000
# A page put up before the document is: "The summary of this call is not available yet."
_PLACEHOLDER = re.compile(r"\b(?:not\s+(?:yet\s+)?(?:available|published|ready)(?:\s+yet)?|coming\s+soon|check\s+back\s+(?:later|soon)"
                          r"|will\s+be\s+(?:available|posted|published)\s+(?:shortly|soon|later))\b", re.I)
_PLACEHOLDER_STATEMENTS = 2
_JUDGED_ANYWHERE = frozenset(Section) - {Section.BOILERPLATE, Section.FINANCIALS}


def read_document(raw: bytes, hints: ReadHints | None = None) -> CallDocument:
    """Read ``raw`` into a ``CallDocument`` (see the module docstring)."""
    hints = hints or ReadHints()
    where = hints.url or "the document"
    page = decode_page(raw, hints.content_type, where)
    selectors = hints.selectors
    layout = read_layout(page, title_selector=selectors.get("title"), body_selector=selectors.get("body"))
    check_body = f"; check body_selector {selectors['body']!r} for this source" if selectors.get("body") else ""
    if not layout.blocks:
        raise ParseError(f"{where} holds no text to read; check it is an earnings document{check_body}", url=hints.url)
    guessed = False
    if hints.kind is not None:
        kind, kind_found = DocumentKind(hints.kind), "given"
    else:
        sniffed = sniff_kind(layout)
        kind, kind_found, guessed = sniffed.kind, f"content: {sniffed.evidence}", not sniffed.marked
    body = READERS[kind].read(layout, hints)
    if guessed and not _judged(body):
        # prose with no marks of its kind ("Zeta Corp said revenue rose 5% …"): read as the kind
        # whose reader finds sentences in it, before telling the operator none can be read
        for other in (DocumentKind.PRESS_RELEASE, DocumentKind.TRANSCRIPT):
            if other is not kind and _judged(tried := READERS[other].read(layout, hints)):
                kind, body, kind_found = other, tried, f"{kind_found}; read as prose, the {kind.replace('_', ' ')} reader found no sentences"
                break
    if not _judged(body):
        raise ParseError(
            f"{where} has no sentences to read as a {kind.replace('_', ' ')}"
            + (f" ({body.title[:100]!r})" if body.title else "")
            + "; check it is an earnings document, or set its kind" + check_body, url=hints.url)
    judged = [s for s in body.statements if s.section in _JUDGED_ANYWHERE]
    if len(judged) <= _PLACEHOLDER_STATEMENTS and any(_PLACEHOLDER.search(s.text) for s in judged):
        raise ParseError(
            f"{where} is a placeholder, not the {kind.replace('_', ' ')} yet ({judged[0].text[:100]!r}); "
            "it is read again on the next check", url=hints.url)
    found = {"kind": f"{kind} ({kind_found})"}
    ticker, name = _company(body, hints, found, where)
    if selectors.get("period"):
        period = _selected_period(selected_text(page, selectors["period"]), selectors["period"], hints, found, where)
    else:
        period = _period(body, hints, found)
    if period is None and hints.require_period:
        raise PeriodNotFoundError(
            f"{where} names no fiscal quarter that can be read"
            + (f" (title {body.title[:100]!r})" if body.title else "")
            + ' (looked for "Q2 2025", "second quarter of fiscal 2025", "three months ended June 30, 2025" in the title, '
              "the first lines and the body"
            + (f"; the report date {hints.report_date!r} is not a usable date" if "report date" in found["period"] else "")
            + "); set the source's fiscal_year_end, or give the period",
            url=hints.url)
    year_end = hints.fiscal_year_end or (infer_fiscal_year_end(f"{body.head}\n{_text(body)}", period) if period else None)
    return CallDocument(
        ticker=ticker, period=period, title=body.title or _fallback_title(name or ticker, period, kind),
        statements=body.statements, kind=kind, url=hints.url or None, published=body.published,
        headline=body.headline, company_name=name, found=found, extra={"fiscal_year_end": year_end or 12},
    )


_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTH_QUARTER = re.compile(
    r"\b(?P<month>march|june|september|december|sept?|dec|mar|jun)[-\s]quarter\b"
    r"|\bquarter\s+ended\s+(?P<ended>january|february|march|april|may|june|july|august|september|october|november|december)\s+(?P<day>\d{1,2})",
    re.I)
_SHORT_MONTHS = {"sep": 9, "sept": 9, "dec": 12, "mar": 3, "jun": 6}


def infer_fiscal_year_end(text: str, period: FiscalPeriod) -> int | None:
    """The month a company's fiscal year ends, when a document names its own quarter by the
    calendar too ("Fiscal Q3 2025 (June quarter)", "second quarter ended March 28, 2026"): the
    first such mention in the first part of the text, read against the document's quarter."""
    head = text[:6000]
    for m in _MONTH_QUARTER.finditer(head):
        if m["month"]:
            word = m["month"].lower()
            month = _MONTHS.get(word) or _SHORT_MONTHS[word]
        else:
            month = _MONTHS[m["ended"].lower()]
            if int(m["day"]) <= 7:  # a 52/53-week quarter ending early in a month
                month = 12 if month == 1 else month - 1
        return (month + 3 * (4 - period.quarter) - 1) % 12 + 1
    return None


def _judged(body: Body) -> bool:
    return any(s.section in _JUDGED_ANYWHERE for s in body.statements)


def _text(body: Body) -> str:
    return "\n".join(s.text for s in body.statements[:80])


def _company(body: Body, hints: ReadHints, found: dict[str, str], where: str) -> tuple[str, str]:
    named: CompanyMatch | None = find_company(body.head) or find_company(
        "\n".join(s.text for s in body.statements[:60]))
    if hints.ticker:
        other = other_ticker(hints.ticker, body.title, body.head) if hints.company_must_match else None
        if other is not None:
            raise ParseError(
                f"{where} is about {other.ticker}, not {hints.ticker.upper()} ({other.text!r}); "
                "check the source's url, or narrow its link_pattern", url=hints.url)
        found["company"] = "given"
        if named is not None:
            found["company_text"] = named.text
        return hints.ticker.upper(), hints.company_name or (named.name if named else "")
    if named is None:
        found["company"] = "unknown"
        return "", hints.company_name
    found["company"] = f"text: {named.text}"
    return named.ticker, named.name


def _period(body: Body, hints: ReadHints, found: dict[str, str]) -> FiscalPeriod | None:
    if hints.period is not None:
        found["period"] = "given"
        return hints.period
    year_end = hints.fiscal_year_end
    text = "\n".join(s.text for s in body.statements)[:_BODY_CHARS]
    context_year = infer_year(text)
    for label, where in (("label", body.period_text), ("title", body.title), ("first lines", body.head), ("body", text)):
        if not where:
            continue
        match = find_fiscal_period(where, year_end, context_year=context_year)
        if match is not None:
            found["period"] = f"{label}: {match.text!r}"
            if match.basis is Basis.YEAR_INFERRED and match.period.quarter == 4 and guides_first_quarter(text, match.period.year):
                return FiscalPeriod(match.period.year - 1, 4)  # "Q4", guiding the first quarter of 2025: Q4 2024
            return match.period
    for written in (hints.report_date, body.published):
        day = _date(written)
        if day is None:
            continue
        try:
            period = quarter_before(day, year_end)
        except ValueError:  # a year no fiscal quarter can have (PeriodError)
            continue
        found["period"] = f"date: last quarter ended before {day.isoformat()}"
        return period
    found["period"] = "not found" + (" (the report date is not a usable date)" if hints.report_date else "")
    return None


def _selected_period(text: str, selector: str, hints: ReadHints, found: dict[str, str], where: str) -> FiscalPeriod | None:
    """The quarter named in the text a source's ``period_selector`` picks: the only place looked,
    unless the quarter is given (``diff --period``, a pushed document's period), which wins."""
    if hints.period is not None:
        found["period"] = "given"
        return hints.period
    match = find_fiscal_period(text, hints.fiscal_year_end) if text else None
    if match is not None:
        found["period"] = f"period_selector {selector!r}: {match.text!r}"
        return match.period
    found["period"] = f"not found by period_selector {selector!r}"
    if hints.require_period:
        shown = f" ({text[:100]!r})" if text else " (it picks nothing on the page)"
        raise PeriodNotFoundError(
            f"{where} has no quarter in the text picked by period_selector {selector!r}{shown}; "
            "check period_selector for this source", url=hints.url)
    return None


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def _fallback_title(who: str, period: FiscalPeriod | None, kind: DocumentKind) -> str:
    what = {DocumentKind.TRANSCRIPT: "earnings call", DocumentKind.PRESS_RELEASE: "results release",
            DocumentKind.SUMMARY: "call summary"}[kind]
    return " ".join(part for part in (who, period.label if period else "", what) if part)
