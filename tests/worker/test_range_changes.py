"""The watchlist's ``compare: {range_changes: …}`` reaches the comparison and the alert: a
company that asks for range changes is told its guide was narrowed, one that does not hears
nothing. Real parts: folder sources, the inline chain, SQLite, a local SMTP server."""

from __future__ import annotations

from email.header import decode_header, make_header
from pathlib import Path

from sqlmodel import select

from tests.conftest import body_text, parse_watchlist, session_scope, wait_for
from worker.stages.inline import check_sources
from worker.storage.models import Alert, Comparison, DocumentVersion

RELEASES = Path(__file__).resolve().parent / "releases"
REASON = "FY2026 revenue guide narrowed: $2.33B–$2.37B from $2.3B–$2.4B last quarter (midpoint unchanged)"


def drop(folder: Path, quarter: str, ticker: str) -> None:
    """The Halden release of ``quarter``, as if ``ticker`` had published it."""
    text = (RELEASES / f"hldn-{quarter}-release.txt").read_text(encoding="utf-8")
    (folder / f"{quarter}.txt").write_text(text.replace("HLDN", ticker), encoding="utf-8")


def test_a_company_that_asks_for_range_changes_is_told_its_guide_was_narrowed(earnwatch_env, context, tmp_path, smtp):
    folders = {ticker: tmp_path / ticker.lower() for ticker in ("HLDN", "HLDX")}
    for folder in folders.values():
        folder.mkdir()
    ctx = context(parse_watchlist(f"""
companies:
  - ticker: HLDN
    compare: {{range_changes: true}}
    sources: [{{kind: folder, url: "{folders['HLDN']}"}}]
  - ticker: HLDX
    sources: [{{kind: folder, url: "{folders['HLDX']}"}}]
routes:
  - name: desk
    urls: ["{smtp.url()}"]
"""))
    for ticker, folder in folders.items():
        drop(folder, "2026q2", ticker)
    check_sources(ctx)
    for ticker, folder in folders.items():
        drop(folder, "2026q3", ticker)
    run = check_sources(ctx)
    assert sorted((c.ticker, c.changes) for c in run.comparisons) == [("HLDN", 1), ("HLDX", 0)]

    [message] = wait_for(lambda: smtp.mailbox.messages[:], 10, what="the one email")
    assert str(make_header(decode_header(message["Subject"]))) == "HLDN Q3 2026 vs Q2 2026: revenue guidance narrowed"
    assert REASON in body_text(message)
    with session_scope() as session:
        [alert] = session.exec(select(Alert)).all()
        [change] = alert.report["changes"]
        assert (change["kind"], change["reason"], change["severity_band"]) == ("guidance_narrowed", REASON, "low")
        stored = session.exec(select(Comparison, DocumentVersion).where(Comparison.document_id == DocumentVersion.id)).all()
        assert sorted((doc.period, comparison.change_count) for comparison, doc in stored) == [("2026Q3", 0), ("2026Q3", 1)]
