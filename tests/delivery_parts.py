"""Parts the delivery tests share: alerts planned straight into the database, and SMTP sinks
(aiosmtpd, as in ``tests.conftest``) that stall or look around at chosen moments of a send."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import psycopg

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


LOOK = 0.5  # seconds: what is held for longer than this is held through the send, not in passing


def held_by_others(database_url: str) -> str:
    """What other connections hold on the database through the next ``LOOK`` seconds: "nothing",
    or what would block a writer. Something taken and let go within that time (a beat sweep's
    short write) is not the sender holding it while it waits on the mail server.
    SQLite: a write that waits at most ``LOOK`` for the write lock.
    PostgreSQL: transactions left open (idle inside them) both now and ``LOOK`` later."""
    if database_url.startswith("sqlite"):
        other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=LOOK)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO alert_attempt (alert_id, at, ok) VALUES (-1, '2020-01-01', 0)")
            other.rollback()
            return "nothing"
        except sqlite3.OperationalError as exc:
            return f"the write lock ({exc})"
        finally:
            other.close()
    with psycopg.connect(database_url.replace("+psycopg", ""), autocommit=True) as conn:
        first = _open_transactions(conn)
        time.sleep(LOOK)
        held = first & _open_transactions(conn)
    return "nothing" if not held else f"{len(held)} open transactions"


def _open_transactions(conn: psycopg.Connection) -> set[tuple[int, object]]:
    """(pid, start of its transaction) of other sessions idle inside a transaction."""
    rows = conn.execute(
        "SELECT pid, xact_start FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"
    ).fetchall()
    return {(pid, started) for pid, started in rows}


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
    """Takes ``seconds`` to accept each message, like a busy relay; ``arrived`` keeps when each
    was accepted (``time.monotonic``)."""

    def __init__(self, seconds: float) -> None:
        super().__init__()
        self.seconds = seconds
        self.arrived: list[float] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(self.seconds)
        answer = await super().handle_DATA(server, session, envelope)
        self.arrived.append(time.monotonic())
        return answer


class AtAMoment(Mailbox):
    """A mailbox that calls ``at_moment()`` once, in the server's thread, at one moment of a
    send while the client waits for the server's answer (a test kills the sender there)."""

    def __init__(self, at_moment: Callable[[], None]) -> None:
        super().__init__()
        self.at_moment = at_moment
        self.came = threading.Event()  # set once ``at_moment`` has returned
        self._armed = True

    async def _once(self) -> None:
        if self._armed:
            self._armed = False
            # Set from the thread: a killed client's connection cancels this coroutine meanwhile.
            await asyncio.get_running_loop().run_in_executor(None, self._run)

    def _run(self) -> None:
        self.at_moment()
        self.came.set()


class AfterAccepting(AtAMoment):
    """The moment comes after the first message was accepted, before its sender could record
    that: the sender has moved on to QUIT and waits for the answer."""

    async def handle_QUIT(self, server, session, envelope):  # noqa: N802
        if len(self):
            await self._once()
        return "221 Bye"


class BeforeTheSecondMessage(AtAMoment):
    """The moment comes between two targets: the first message accepted, the second sender
    waiting for the answer to its MAIL FROM."""

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # noqa: N802
        if len(self) == 1:
            await self._once()
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"


def sink(mailbox: Mailbox) -> SmtpServer:
    """A started SMTP server with ``mailbox`` behind it."""
    server = SmtpServer()
    server.mailbox = mailbox
    return server.start()
