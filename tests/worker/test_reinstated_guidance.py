"""A guide reinstated after a quarter that withdrew guidance is new, and is also raised or
lowered against the last guide given before the withdrawal, which the service finds in the
company's stored history. Real parts: a folder source, the inline chain, SQLite, a local SMTP
server; three releases of our own writing."""

from __future__ import annotations

from email.header import decode_header, make_header
from pathlib import Path

from sqlmodel import col, select

from tests.conftest import body_text, parse_watchlist, session_scope, wait_for
from worker.runtime.context import Context
from worker.stages.inline import check_sources
from worker.storage.models import Alert

LOWERED = "FY2026 revenue guide lowered: $2.1B–$2.2B from $2.3B–$2.4B in Q1 2026, before guidance was withdrawn (midpoint −$200M)"

QUARTERS = {
    "2026q1": ("FIRST", "first", "May 5, 2026", "March 31, 2026",
               "For the full year 2026, Halden expects net sales of $2.30 billion to $2.40 billion."),
    "2026q2": ("SECOND", "second", "Aug. 4, 2026", "June 30, 2026",
               "Given the uncertainty around tariffs, Halden is withdrawing its full year 2026 outlook and is not providing guidance at this time."),
    "2026q3": ("THIRD", "third", "Nov. 3, 2026", "September 30, 2026",
               "For the full year 2026, Halden now expects net sales of $2.10 billion to $2.20 billion."),
}


def release(quarter: str) -> str:
    upper, lower, dated, ended, outlook = QUARTERS[quarter]
    return f"""HALDEN TOOLS REPORTS {upper} QUARTER 2026 RESULTS

GRAND RAPIDS, Mich., {dated} /Wire/ -- Halden Tools, Inc. (NYSE: HLDN), a maker of cordless power tools, today reported results for its {lower} quarter of 2026, which ended {ended}.

{upper} QUARTER 2026 FINANCIAL HIGHLIGHTS

Net sales were $571.4 million, against $539.0 million in the {lower} quarter of 2025. Gross margin was 37.9%, compared with 37.1% a year earlier.

BUSINESS OUTLOOK

{outlook}
"""


def watching(context, tmp_path: Path, smtp) -> tuple[Path, Context]:
    """A folder the watchlist's HLDN reads, and the context that watches it, alerting to ``smtp``."""
    folder = tmp_path / "hldn"
    folder.mkdir()
    return folder, context(parse_watchlist(f"""
companies:
  - ticker: HLDN
    sources: [{{kind: folder, url: "{folder}"}}]
routes:
  - name: desk
    urls: ["{smtp.url()}"]
"""))


def test_a_guide_reinstated_after_a_withdrawal_is_new_and_lowered_against_the_last_guide_before_it(earnwatch_env, context, tmp_path, smtp):
    folder, ctx = watching(context, tmp_path, smtp)
    for quarter in QUARTERS:
        (folder / f"{quarter}.txt").write_text(release(quarter), encoding="utf-8")
        check_sources(ctx)

    wait_for(lambda: len(smtp.mailbox.messages) >= 2, 10, what="the withdrawal's email and the reinstatement's")
    subjects = [str(make_header(decode_header(m["Subject"]))) for m in smtp.mailbox.messages]
    assert subjects[0].startswith("HLDN Q2 2026 vs Q1 2026: ") and "withdrawn" in subjects[0]
    assert subjects[1].startswith("HLDN Q3 2026 vs Q2 2026: ") and "lowered" in subjects[1]
    assert LOWERED in body_text(smtp.mailbox.messages[1])
    with session_scope() as session:
        alert = session.exec(select(Alert).order_by(col(Alert.id).desc())).first()
        assert alert is not None
        kinds = {c["kind"]: c["reason"] for c in alert.report["changes"]}
    assert kinds["guidance_lowered"] == LOWERED
    assert kinds["guidance_new"].startswith("guidance reinstated: FY2026 revenue $2.1B–$2.2B (FY2026 guide was $2.3B–$2.4B)")


def test_with_no_guide_before_the_withdrawal_a_reinstated_guide_is_only_new(earnwatch_env, context, tmp_path, smtp):
    folder, ctx = watching(context, tmp_path, smtp)
    for quarter in ("2026q2", "2026q3"):
        (folder / f"{quarter}.txt").write_text(release(quarter), encoding="utf-8")
        check_sources(ctx)
    [message] = wait_for(lambda: smtp.mailbox.messages[:], 10, what="the reinstatement's email")
    assert "reinstated" in body_text(message) and "lowered" not in body_text(message)
