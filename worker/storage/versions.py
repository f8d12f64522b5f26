"""Which stored version of a quarter counts: storing a version, the latest one, suspect ones.

- The **latest** version of a (company, period) is the one a check found last (``seen_at``,
  then the newest row), among those not held as suspect. A page that goes back to content
  already stored (a restored page) makes that version the latest again.
- A new version that loses more than half of the statements of the latest one (a truncated
  page, a half-loaded template) is stored as **suspect**: it is shown by ``earnwatch status``
  but is not the latest, not compared and not alerted, until a later check finds the same
  content again (with no good copy seen in between) or a person runs ``earnwatch confirm
  TICKER PERIOD``.

The caller owns the session and the commit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from earnings.document import CallDocument
from worker.storage.models import DocumentVersion, as_utc, utcnow

SUSPECT_LOSS = 0.5  # a new version is suspect when it loses more than this share of the statements
MIN_STATEMENTS = 4  # a shorter latest version is too small to judge
K = TypeVar("K")
V = TypeVar("V")


@dataclass(frozen=True)
class NewVersion:
    """What a document to store came with: where it is from and its bytes."""

    url: str
    content_type: str
    raw: bytes
    content_hash: str


def latest_order() -> tuple[Any, Any]:
    """ORDER BY for "latest first" among the versions of one quarter."""
    return col(DocumentVersion.seen_at).desc(), col(DocumentVersion.id).desc()


def latest_version(session: Session, company_id: int, period: str) -> DocumentVersion | None:
    """The version of the quarter seen last (never a suspect one)."""
    return session.exec(
        select(DocumentVersion)
        .where(DocumentVersion.company_id == company_id, DocumentVersion.period == period, col(DocumentVersion.suspect).is_(False))
        .order_by(*latest_order())
    ).first()


def latest_before(session: Session, company_id: int, period: str) -> DocumentVersion | None:
    """The latest version of the last stored quarter before ``period``."""
    return next(quarters_before(session, company_id, period, 1), None)


def quarters_before(session: Session, company_id: int, period: str, limit: int) -> Iterator[DocumentVersion]:
    """The latest version of each of the last ``limit`` stored quarters before ``period``,
    latest first, each loaded as it is asked for."""
    periods = session.exec(
        select(DocumentVersion.period)
        .where(DocumentVersion.company_id == company_id, DocumentVersion.period < period, col(DocumentVersion.suspect).is_(False))
        .group_by(col(DocumentVersion.period))
        .order_by(col(DocumentVersion.period).desc())
        .limit(limit)
    ).all()
    for quarter in periods:
        version = latest_version(session, company_id, quarter)
        if version is not None:
            yield version


def store_version(session: Session, company_id: int, source_id: int | None, document: CallDocument, new: NewVersion) -> int | None:
    """Store a document version once per (company, period, content hash). The id to compare,
    or None: content already stored (it becomes the latest again), or held as suspect. A
    suspect version found again is confirmed, and its id returned to be compared now."""
    period = str(document.period)
    exists = session.exec(
        select(DocumentVersion).where(
            DocumentVersion.company_id == company_id, DocumentVersion.period == period, DocumentVersion.content_hash == new.content_hash
        )
    ).first()
    if exists is not None:
        # A suspect version is confirmed by the next sighting, unless a good copy came back in
        # between: then it is held afresh, and the sighting after this one confirms it.
        confirmed = exists.suspect and _still_held(session, exists)
        exists.seen_at = utcnow()
        exists.suspect = exists.suspect and not confirmed
        session.add(exists)
        return exists.id if confirmed else None
    latest = latest_version(session, company_id, period)
    suspect = latest is not None and loses_most(CallDocument.from_dict(latest.parsed), document)
    row = DocumentVersion(
        company_id=company_id,
        source_id=source_id,
        period=period,
        content_hash=new.content_hash,
        url=new.url,
        title=document.title,
        content_type=new.content_type,
        raw=new.raw,
        parsed=document.to_dict(),
        suspect=suspect,
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # another worker stored the same version a moment ago
        return None
    return None if suspect else row.id


def _still_held(session: Session, held: DocumentVersion) -> bool:
    latest = latest_version(session, held.company_id, held.period)
    return latest is None or as_utc(held.seen_at) > as_utc(latest.seen_at)


def loses_most(before: CallDocument, after: CallDocument) -> bool:
    """Whether ``after`` keeps fewer than half of the statements of ``before`` (by their text)."""
    old = {_key(s.text) for s in before.statements}
    if len(old) < MIN_STATEMENTS:
        return False
    kept = old & {_key(s.text) for s in after.statements}
    return len(old) - len(kept) > SUSPECT_LOSS * len(old)


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def suspect_hashes_of(session: Session, company_ids: list[int]) -> dict[int, set[str]]:
    """The content hashes of each company's suspect versions, for many companies in one query."""
    found: dict[int, set[str]] = {}
    rows = session.exec(
        select(DocumentVersion.company_id, DocumentVersion.content_hash).where(col(DocumentVersion.company_id).in_(company_ids), col(DocumentVersion.suspect))
    ).all()
    for company_id, content_hash in rows:
        found.setdefault(company_id, set()).add(content_hash)
    return found


def forget_held(held: set[str], known: Mapping[K, tuple[V, V, str | None]]) -> dict[K, tuple[V, V, str | None]]:
    """``known`` (url → etag, last modified, content hash) without what a suspect version came
    from (``held``: the company's suspect hashes): its page is fetched and read in full next
    time, so that seeing it again confirms it."""
    if not held:
        return dict(known)
    return {url: (None, None, None) if value[2] in held else value for url, value in known.items()}  # type: ignore[misc]


def confirm(session: Session, company_id: int, period: str) -> DocumentVersion | None:
    """A person says the newest suspect version of the quarter is right: it is no longer held
    and becomes the latest. The version, or None when none is held."""
    held = session.exec(
        select(DocumentVersion)
        .where(DocumentVersion.company_id == company_id, DocumentVersion.period == period, col(DocumentVersion.suspect))
        .order_by(*latest_order())
    ).first()
    if held is None:
        return None
    held.suspect, held.seen_at = False, utcnow()
    session.add(held)
    return held


def held_versions(session: Session, company_ids: list[int] | None = None) -> list[DocumentVersion]:
    """Suspect versions seen after the latest version of their quarter (those still in question)."""
    query = select(DocumentVersion).where(col(DocumentVersion.suspect))
    if company_ids is not None:
        query = query.where(col(DocumentVersion.company_id).in_(company_ids))
    return [row for row in session.exec(query.order_by(col(DocumentVersion.period), col(DocumentVersion.id))).all() if _still_held(session, row)]

