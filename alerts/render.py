"""Turning a ``ChangeReport`` into a message: a title, plain text, Slack mrkdwn and email HTML.

Scraped text is untrusted: it is escaped for every format that interprets markup.
"""

from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass

from earnings.period import FiscalPeriod
from earnings.report import Change, ChangeReport

QUOTE_LIMIT = 280

_MARKER = {
    "risk_added": "+",
    "risk_removed": "−",
    "risk_escalated": "▲",
    "risk_eased": "▼",
    "guidance_raised": "▲",
    "guidance_lowered": "▼",
    "guidance_new": "+",
    "guidance_withdrawn": "−",
    "guidance_timing": "⇄",
    "tone_shift": "!",
}


@dataclass(frozen=True)
class Message:
    title: str
    text: str
    markdown: str
    html: str


def render(report: ChangeReport, *, url: str | None = None, company_name: str = "", correction: bool = False) -> Message:
    title = headline(report)
    if correction:
        title = f"Correction: {title}"
    return Message(
        title=title,
        text=_text(report, url, company_name),
        markdown=_slack(report, url, company_name),
        html=_html(report, url, company_name, title),
    )


def headline(report: ChangeReport) -> str:
    """``ALAB Q4 2024 vs Q3 2024: 2 new risks, gross margin guidance lowered``."""
    counts = Counter(c.kind for c in report.changes)
    parts = []
    for kind, word in (("risk_added", "new"), ("risk_escalated", "escalated"), ("risk_removed", "dropped"), ("risk_eased", "eased")):
        if counts[kind]:
            noun = "risk" if counts[kind] == 1 else "risks"
            parts.append(f"{counts[kind]} new {noun}" if word == "new" else f"{counts[kind]} {noun} {word}")
    for change in report.changes:
        if change.category == "guidance":
            verb = change.kind.removeprefix("guidance_").replace("timing", "moved in time")
            parts.append(f"{_subject(change)} guidance {verb}")
        elif change.category == "tone":
            parts.append("tone turned more negative")
    return f"{report.company} {_label(report.period)} vs {_label(report.baseline_period)}: {', '.join(parts) or 'no material change'}"


def _subject(change: Change) -> str:
    for figure in (*change.figures_after, *change.figures_before):
        if figure.metric:
            return figure.metric.replace("_", " ")
    return change.topic or "company"


def _label(period: str) -> str:
    try:
        return FiscalPeriod.parse(period).label
    except ValueError:
        return period


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _text(report: ChangeReport, url: str | None, company_name: str) -> str:
    lines = [headline(report) + (f" ({company_name})" if company_name else ""), ""]
    for change in report.changes:
        lines.append(f"{_MARKER[change.kind]} {change.reason} [severity {change.severity}]")
        if change.before:
            lines.append(f"    before: “{_short(change.before)}”")
        if change.after:
            lines.append(f"    after:  “{_short(change.after)}”")
    if url:
        lines += ["", f"Source: {url}"]
    return "\n".join(lines)


def _slack_escape(text: str) -> str:
    # Slack mrkdwn treats only &, < and > as control characters.
    # https://api.slack.com/reference/surfaces/formatting#escaping
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack(report: ChangeReport, url: str | None, company_name: str) -> str:
    lines = [f"*{_slack_escape(headline(report))}*"]
    for change in report.changes:
        quote = " → ".join(f"“{_slack_escape(_short(t))}”" for t in (change.before, change.after) if t)
        lines.append(f"• {_MARKER[change.kind]} {_slack_escape(change.reason)} _(severity {change.severity})_\n   {quote}")
    if url:
        lines.append(f"<{_slack_escape(url)}|Source document>")
    return "\n".join(lines)


def _html(report: ChangeReport, url: str | None, company_name: str, title: str) -> str:
    e = html.escape
    rows = []
    for change in report.changes:
        before = f"<div><b>Before:</b> <del>{e(_short(change.before))}</del></div>" if change.before else ""
        after = f"<div><b>After:</b> <ins>{e(_short(change.after))}</ins></div>" if change.after else ""
        rows.append(
            f"<li><b>{e(_MARKER[change.kind])} {e(change.reason)}</b> "
            f"<small>(severity {change.severity})</small>{before}{after}</li>"
        )
    link = f'<p><a href="{e(url)}">Source document</a></p>' if url else ""
    name = f"<p>{e(company_name)}</p>" if company_name else ""
    return f"<h2>{e(title)}</h2>{name}<ul>{''.join(rows)}</ul>{link}"
