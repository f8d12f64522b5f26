"""A ``ChangeReport`` as a redline for a terminal: each change, its reason, and the before and
after text with the words that changed marked (``[-old-]``/``{+new+}``, or red and green)."""

from __future__ import annotations

import difflib
import re

from alerts.render import headline, severity_text
from earnings.figures import format_figure
from earnings.report import ChangeKind, ChangeReport

_MARK: dict[str, str] = {
    ChangeKind.RISK_ADDED: "+", ChangeKind.RISK_REMOVED: "-", ChangeKind.RISK_ESCALATED: "^", ChangeKind.RISK_EASED: "v",
    ChangeKind.GUIDANCE_RAISED: "^", ChangeKind.GUIDANCE_LOWERED: "v", ChangeKind.GUIDANCE_NEW: "+",
    ChangeKind.GUIDANCE_WITHDRAWN: "-", ChangeKind.GUIDANCE_TIMING: "~", ChangeKind.GUIDANCE_NARROWED: "><",
    ChangeKind.GUIDANCE_WIDENED: "<>", ChangeKind.TONE_SHIFT: "!",
}
_WORD = re.compile(r"\S+")
_RED, _GREEN, _BOLD, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[0m"


def _strip_controls(text: str) -> str:
    """Scraped text is untrusted: no terminal escape sequences from it reach the screen."""
    return "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())


def word_diff(before: str, after: str, *, color: bool = False) -> str:
    """``after`` with the words removed from ``before`` and the words added marked."""
    old, new = _WORD.findall(_strip_controls(before)), _WORD.findall(_strip_controls(after))
    out: list[str] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(" ".join(old[a1:a2]))
            continue
        if a2 > a1:
            gone = " ".join(old[a1:a2])
            out.append(f"{_RED}{gone}{_RESET}" if color else f"[-{gone}-]")
        if b2 > b1:
            added = " ".join(new[b1:b2])
            out.append(f"{_GREEN}{added}{_RESET}" if color else f"{{+{added}+}}")
    return " ".join(out)


def redline(report: ChangeReport, *, color: bool = False) -> str:
    """The whole report as text."""
    sim = report.similarity
    lines = [f"{_strip_controls(headline(report))} (similarity: cosine {sim.get('cosine', 0):.2f}, jaccard {sim.get('jaccard', 0):.2f})"]
    for change in report.changes:
        head = f"{_MARK.get(change.kind, '*')} {change.kind}: {_strip_controls(change.reason)} (severity {severity_text(change)})"
        lines += ["", f"{_BOLD}{head}{_RESET}" if color else head]
        if change.topic:
            lines.append(f"    topic:  {_strip_controls(change.topic)}")
        figures = [*(f"{format_figure(f)} before" for f in change.figures_before),
                   *(f"{format_figure(f)} after" for f in change.figures_after)]
        if figures:
            lines.append(f"    figures: {', '.join(figures)}")
        if change.before and change.after:
            lines.append(f"    redline: {word_diff(change.before, change.after, color=color)}")
        elif change.before:
            lines.append(f"    before: {_strip_controls(change.before)}")
        elif change.after:
            lines.append(f"    after:  {_strip_controls(change.after)}")
    if not report.changes:
        lines.append("no material change in risk or guidance language")
    return "\n".join(lines)
