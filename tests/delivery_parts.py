"""Parts the delivery tests share: alerts planned straight into the database, and SMTP sinks
(aiosmtpd, as in ``tests.conftest``) that stall or look around at chosen moments of a send."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from earnings.compare import compare
from tests.conftest import Mailbox, SmtpServer, session_scope
from worker.documents import load_document
from worker.storage.models import Alert, Company, Comparison, DocumentVersion

SITE = Path(__file__).resolve().parents[1] / "worker" / "demo" / "site"


def plan_alerts(routes: list[str], prefix: str = "planned") -> list[int]:
    """ALAB's Q3 and Q4 2024 stored and compared, and one due alert for each of ``routes``."""
    old, new = load_document(str(SITE / "alab-q3-2024.txt")), load_document(str(SITE / "alab-q4-2024.txt"))
    report = compare(new, old).to_dict()
    with session_scope() as session:
        company = Company(ticker="ALAB", name="Astera Labs", tags=["semis"])
        session.add(company)
        session.flush()
        docs = [
            DocumentVersion(
                company_id=company.id, period=str(d.period), content_hash=str(d.period), url=f"https://example.org/{d.period}", raw=b"-", parsed=d.to_dict()
            )
            for d in (old, new)
        ]
        session.add_all(docs)
        session.flush()
        comparison = Comparison(document_id=docs[1].id, baseline_id=docs[0].id, report=report, fingerprint="f")
        session.add(comparison)
        session.flush()
        alerts = [
            Alert(comparison_id=comparison.id, route=route, dedupe_key=f"{prefix}-{n}", report=report, title=f"alert {n}") for n, route in enumerate(routes)
        ]
        session.add_all(alerts)
        session.flush()
        return [a.id for a in alerts if a.id is not None]


def alert(alert_id: int) -> Alert:
    with session_scope() as session:
        found = session.get(Alert, alert_id)
        assert found is not None
        return found


def routes_yaml(routes: dict[str, list[str]]) -> str:
    """A watchlist with ALAB and these routes (name: target URLs)."""
    entries = "".join(f"  - name: {name}\n    urls: [{', '.join(repr(u) for u in urls)}]\n" for name, urls in routes.items())
    return f"companies:\n  - ticker: ALAB\n    name: Astera Labs\n    tags: [semis]\nroutes:\n{entries}"


def per_recipient(server: SmtpServer) -> Counter[str]:
    return Counter(str(m["To"]) for m in server.mailbox.messages)


class HookedMailbox(Mailbox):
    """A mailbox that calls ``on_data(envelope)`` when a message arrives, before it accepts it
    (in the server's thread, while the client waits for the answer)."""

    def __init__(self, on_data: Callable[[object], None]) -> None:
        super().__init__()
        self.on_data = on_data

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.on_data(envelope)
        return await super().handle_DATA(server, session, envelope)


class SlowMailbox(Mailbox):
    """Takes ``seconds`` to accept each message, like a busy relay."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(self.seconds)
        return await super().handle_DATA(server, session, envelope)


class StallAfterAccepting(Mailbox):
    """Accepts every message. After the first one is accepted, it holds that client's next
    command (QUIT) unanswered until ``release`` is set: the moment between the server's
    acceptance and the sender's record of it. ``stalled`` is set when that moment comes."""

    def __init__(self) -> None:
        super().__init__()
        self.stalled, self.release = threading.Event(), threading.Event()
        self._armed = True

    async def handle_QUIT(self, server, session, envelope):  # noqa: N802
        if self._armed and len(self):
            self._armed = False
            self.stalled.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        return "221 Bye"


def sink(mailbox: Mailbox) -> SmtpServer:
    """A started SMTP server with ``mailbox`` behind it."""
    server = SmtpServer()
    server.mailbox = mailbox
    return server.start()
