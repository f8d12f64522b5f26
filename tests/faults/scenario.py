"""The shared story of the fault tests: ALAB's Q3 2024 is stored, Q4 2024 is published, and the
Q4 alert must reach the SMTP server exactly once, whatever was broken on the way."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from tests.conftest import session_scope, wait_for
from tests.end_to_end.conftest import watchlist
from worker.storage.models import Alert, DocumentVersion


def write_watchlist(env: dict[str, str], site_urls: dict[str, str], smtp, every: str = "2s") -> None:
    Path(env["EARNWATCH_CONFIG"]).write_text(watchlist(site_urls, smtp, every=every))


def count(model, *where) -> int:
    with session_scope() as session:
        return session.exec(select(func.count()).select_from(model).where(*where)).one()


def store_q3(processes, site) -> None:
    site.publish("2024Q3")
    result = processes.run("scrape")
    assert result.returncode == 0, result.stderr
    assert count(DocumentVersion) == 1


def q4_subjects(smtp) -> list[str]:
    return [m["Subject"] for m in smtp.mailbox.messages if "Q4 2024 vs Q3 2024" in m["Subject"]]


def wait_for_alert_once(smtp, timeout: float = 90, settle: float = 6) -> int:
    """Wait for the Q4 alert; then wait ``settle`` seconds more and return how many arrived."""
    wait_for(lambda: q4_subjects(smtp), timeout, what="the Q4 alert email")
    time.sleep(settle)
    return len(q4_subjects(smtp))


def totals() -> dict[str, int]:
    return {"documents": count(DocumentVersion), "alerts": count(Alert), "sent": count(Alert, Alert.status == "sent")}
