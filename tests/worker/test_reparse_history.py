"""``earnwatch reparse`` keeps the parse it replaces, and ``--undo`` puts it back."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import select

from tests.conftest import session_scope
from tests.end_to_end.conftest import alab_site, processes, pytest_runtest_makereport  # noqa: F401 (fixtures, hook)
from worker.storage.models import DocumentVersion


def _stored() -> DocumentVersion:
    with session_scope() as session:
        return session.exec(select(DocumentVersion)).one()


def test_reparse_keeps_the_previous_parse_and_undo_puts_it_back(processes, earnwatch_env, alab_site):
    alab_site.publish("2024Q3")
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(f"""companies:
  - ticker: ALAB
    sources: [{{kind: summary_page, url: "{alab_site.url}"}}]
""")
    assert processes.run("scrape").returncode == 0
    today = _stored().parsed
    older = {**today, "statements": today["statements"][:2], "title": "what an older parser read"}
    with session_scope() as session:  # as an older parser left it
        row = session.exec(select(DocumentVersion)).one()
        row.parsed, row.title = older, older["title"]
        session.add(row)

    result = processes.run("reparse")
    assert result.returncode == 0 and "1 changed" in result.stdout, result.stdout + result.stderr
    row = _stored()
    assert row.parsed == today and row.previous_parsed == older, "the parse replaced is kept beside the new one"

    result = processes.run("reparse", "--undo")
    assert result.returncode == 0 and "1 undone" in result.stdout, result.stdout + result.stderr
    row = _stored()
    assert row.parsed == older and row.title == "what an older parser read" and row.previous_parsed == today
