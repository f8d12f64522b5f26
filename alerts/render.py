"""Turning ``ChangeReport``s into a message: a title, plain text, Slack mrkdwn, CommonMark and
email HTML, each from a Jinja2 template in ``alerts/templates``.

Scraped text is untrusted: the HTML template autoescapes, the Slack and CommonMark templates
escape every scraped value with their own filter, and plain text is not markup.

A message carries one report, or several (a route's digest). Slack's message is kept within
``SLACK_LIMIT`` characters: changes that do not fit are cut and counted (``…and N more``).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from alerts.worddiff import Piece, plain, redline, sides
from earnings.period import FiscalPeriod
from earnings.report import Change, ChangeKind, ChangeReport

# A Block Kit section's text may hold 3,000 characters.
# https://api.slack.com/reference/block-kit/blocks#section
SLACK_LIMIT = 3000

_MARKER: dict[str, str] = {
    ChangeKind.RISK_ADDED: "+",
    ChangeKind.RISK_REMOVED: "−",
    ChangeKind.RISK_ESCALATED: "▲",
    ChangeKind.RISK_EASED: "▼",
    ChangeKind.GUIDANCE_RAISED: "▲",
    ChangeKind.GUIDANCE_LOWERED: "▼",
    ChangeKind.GUIDANCE_NEW: "+",
    ChangeKind.GUIDANCE_WITHDRAWN: "−",
    ChangeKind.GUIDANCE_TIMING: "⇄",
    ChangeKind.GUIDANCE_NARROWED: "→←",
    ChangeKind.GUIDANCE_WIDENED: "←→",
    ChangeKind.TONE_SHIFT: "!",
}
_RISK_WORDS = (
    (ChangeKind.RISK_ADDED, "new"), (ChangeKind.RISK_ESCALATED, "escalated"),
    (ChangeKind.RISK_REMOVED, "dropped"), (ChangeKind.RISK_EASED, "eased"),
)


@dataclass(frozen=True)
class Message:
    title: str
    text: str
    slack: str
    markdown: str
    html: str


@dataclass(frozen=True)
class ReportItem:
    """One report to tell a route about, with where it came from."""

    report: ChangeReport
    url: str | None = None
    company_name: str = ""
    correction: bool = False


@dataclass(frozen=True)
class _ChangeView:
    marker: str
    reason: str
    severity: int
    severity_text: str  # "74/100, high": the score with its scale
    before: list[Piece]
    after: list[Piece]
    redline: list[Piece]


@dataclass(frozen=True)
class _Section:
    title: str
    company_name: str = ""
    url: str | None = None
    changes: list[_ChangeView] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)


def render(report: ChangeReport, *, url: str | None = None, company_name: str = "", correction: bool = False) -> Message:
    """The message for one report."""
    return render_reports([ReportItem(report, url, company_name, correction)])


def render_reports(items: list[ReportItem]) -> Message:
    """One message for one report, or a digest of several."""
    sections = [_section(item) for item in items]
    if len(sections) == 1:
        title = sections[0].title
    else:
        labels = ", ".join(f"{i.report.company} {_label(i.report.period)}" for i in items)
        changes = sum(len(i.report.changes) for i in items)
        title = f"Digest: {len(items)} reports, {changes} changes ({labels})"
        if any(i.correction for i in items):
            title = f"Correction: {title}"
    return _message(title, sections)


def render_notice(title: str, lines: list[str]) -> Message:
    """An operator notice (a source down or back): a title and a few lines."""
    return _message(title, [_Section(title=title, lines=lines)])


def headline(report: ChangeReport) -> str:
    """``ALAB Q4 2024 vs Q3 2024: 2 new risks, gross margin guidance lowered``."""
    counts = Counter(c.kind for c in report.changes)
    parts = []
    for kind, word in _RISK_WORDS:
        if counts[kind]:
            noun = "risk" if counts[kind] == 1 else "risks"
            parts.append(f"{counts[kind]} new {noun}" if word == "new" else f"{counts[kind]} {noun} {word}")
    for change in report.changes:
        if change.category == "guidance":
            verb = str(change.kind).removeprefix("guidance_").replace("timing", "moved in time")
            parts.append(f"{_subject(change)} guidance {verb}")
        elif change.category == "tone":
            parts.append("tone turned more negative")
    return f"{report.company} {_label(report.period)} vs {_label(report.baseline_period)}: {', '.join(parts) or 'no material change'}"


def _section(item: ReportItem) -> _Section:
    title = headline(item.report)
    if item.correction:
        title = f"Correction: {title}"
    changes = [_view(c) for c in item.report.changes]
    return _Section(title=title, company_name=item.company_name, url=item.url, changes=changes)


def _view(change: Change) -> _ChangeView:
    if change.before and change.after:
        before, after = sides(change.before, change.after)
    else:
        before, after = plain(change.before), plain(change.after)
    return _ChangeView(
        marker=_MARKER[change.kind],
        reason=change.reason,
        severity=change.severity,
        severity_text=severity_text(change),
        before=before,
        after=after,
        redline=redline(change.before, change.after),
    )


def _message(title: str, sections: list[_Section]) -> Message:
    env = _environment()
    return Message(
        title=title,
        text=env.get_template("text.txt.j2").render(reports=sections).strip() + "\n",
        slack=_slack(sections),
        markdown=env.get_template("markdown.md.j2").render(reports=sections).strip() + "\n",
        html=env.get_template("email.html.j2").render(reports=sections),
    )


def _slack(sections: list[_Section]) -> str:
    """The Slack text, cutting the last changes (``…and N more``) until it fits."""
    template = _environment().get_template("slack.mrkdwn.j2")
    total = sum(len(s.changes) for s in sections)
    keep = total
    while True:
        trimmed, left = [], keep
        for section in sections:
            trimmed.append(replace(section, changes=section.changes[: max(left, 0)]))
            left -= len(section.changes)
        text = template.render(reports=trimmed, more=total - keep).strip()
        if len(text) <= SLACK_LIMIT or keep == 0:
            return text[:SLACK_LIMIT]
        keep -= 1


def severity_text(change: Change) -> str:
    """A change's severity with its scale and band: "74/100, high"."""
    return f"{change.severity}/100, {change.severity_band}"


def _subject(change: Change) -> str:
    from earnings.guidance import metric_name

    for figure in (*change.figures_after, *change.figures_before):
        if figure.metric:
            return metric_name(figure.metric)
    return change.topic or "company"


def _label(period: str) -> str:
    try:
        return FiscalPeriod.parse(period).label
    except ValueError:
        return period


_SLACK_LOOKALIKES = str.maketrans({"~": "∼", "*": "∗", "`": "ˋ"})


def slack_escape(text: str) -> str:
    # Slack mrkdwn escapes only &, < and > (as entities); it has no escape for its formatting
    # characters, so scraped ~, * and ` become look-alikes ("~75%" must not start a strike).
    # https://api.slack.com/reference/surfaces/formatting#escaping
    text = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.translate(_SLACK_LOOKALIKES)


def _slack_url(url: str) -> str:
    return slack_escape(str(url).replace("|", "%7C").replace(" ", "%20"))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#|~!&])")


def md_escape(text: str) -> str:
    """CommonMark backslash escapes: scraped text never becomes markup or raw HTML."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))


def _md_url(url: str) -> str:
    return str(url).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("alerts", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    env.filters.update(slack=slack_escape, slack_url=_slack_url, md=md_escape, md_url=_md_url)
    return env
