"""The pages' templates (Jinja2, autoescaped: every value is text, so a scraped ``<script>``
shows as written) and the filters they use."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from alerts.worddiff import Piece, plain, sides
from worker.web.charts import guide_chart, spark_svg

TEMPLATES = Path(__file__).resolve().parent / "templates"

KIND_LABELS = {
    "risk_added": "new risk", "risk_removed": "risk dropped", "risk_escalated": "risk escalated", "risk_eased": "risk eased",
    "guidance_raised": "guidance raised", "guidance_lowered": "guidance lowered", "guidance_new": "new guidance",
    "guidance_withdrawn": "guidance withdrawn", "guidance_timing": "target moved in time", "guidance_narrowed": "guidance range narrowed",
    "guidance_widened": "guidance range widened", "tone_shift": "tone shift",
}
KIND_MARKS = {
    "risk_added": "+", "risk_removed": "−", "risk_escalated": "▲", "risk_eased": "▼", "guidance_raised": "▲",
    "guidance_lowered": "▼", "guidance_new": "+", "guidance_withdrawn": "−", "guidance_timing": "⇄", "guidance_narrowed": "→←",
    "guidance_widened": "←→", "tone_shift": "~",
}
RISK_MARKS = {"new": "+ new", "escalated": "▲ escalated", "eased": "▼ eased", "gone": "− gone", "present": "●", "": ""}


def when(value: datetime | None) -> str:
    if value is None:
        return "never"
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def ago(value: datetime | None, now: datetime | None = None) -> str:
    if value is None:
        return "never"
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    seconds = ((now or datetime.now(UTC)) - value).total_seconds()
    later, seconds = seconds < 0, abs(seconds)
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            amount = f"{int(seconds // size)} {unit}"
            break
    else:
        amount = f"{int(seconds)} s"
    return f"in {amount}" if later else f"{amount} ago"


def due(value: datetime | None) -> str:
    """When a next try is: "now" once its time has come (the sweep picks it up), else "in …"."""
    if value is None:
        return ""
    value = value if value.tzinfo else value.replace(tzinfo=UTC)
    return "now" if value <= datetime.now(UTC) else ago(value)


def href(url: str | None) -> str | None:
    """A link target only for http(s) URLs: a stored ``javascript:`` or ``data:`` URL is shown, never followed."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def redline(before: str, after: str) -> tuple[list[Piece], list[Piece]]:
    if before and after:
        return sides(before, after)
    return plain(before), plain(after)


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(when=when, ago=ago, due=due, href=href, spark_svg=spark_svg, guide_chart=guide_chart)
    env.globals.update(redline=redline, kind_labels=KIND_LABELS, kind_marks=KIND_MARKS, risk_marks=RISK_MARKS)
    return env


templates = Jinja2Templates(env=_environment())
