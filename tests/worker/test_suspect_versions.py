"""A page truncated for one check does not replace the good version of its quarter: the copy
that lost most of its statements is held as suspect (stored, shown by ``status``, not
alerted) until a later check sees it again or a person confirms it, and a restored page is
the latest version again. Run through the real ``earnwatch`` command against a local site and
a local SMTP server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug import Response

from tests.conftest import body_text, summary
from tests.end_to_end.conftest import processes, pytest_runtest_makereport  # noqa: F401 (fixture, hook)

GOOD = summary("q4-2024")
TRUNCATED = b"\n".join(GOOD.splitlines()[:4])  # the headline and three highlights: every risk gone


class Site:
    def __init__(self, httpserver) -> None:
        self.q4 = GOOD

        def listing(_request):
            items = "".join(f'<li><a href="/alab/{p}.txt">ALAB {p.upper()} 2024 earnings call summary</a></li>' for p in ("q4", "q3"))
            return Response(f"<html><body><ul>{items}</ul></body></html>", content_type="text/html")

        httpserver.expect_request("/alab/earnings-summaries").respond_with_handler(listing)
        httpserver.expect_request("/alab/q3.txt").respond_with_data(summary("q3-2024"), content_type="text/plain; charset=utf-8")
        httpserver.expect_request("/alab/q4.txt").respond_with_handler(lambda _r: Response(self.q4, content_type="text/plain; charset=utf-8"))
        self.url = httpserver.url_for("/alab/earnings-summaries")


@pytest.fixture
def site(processes, earnwatch_env, httpserver, smtp) -> Site:
    found = Site(httpserver)
    Path(earnwatch_env["EARNWATCH_CONFIG"]).write_text(f"""companies:
  - ticker: ALAB
    sources: [{{kind: summary_page, url: "{found.url}", every: 1h}}]
routes:
  - name: email
    urls: ["{smtp.url()}"]
""")
    processes.env.update(EARNWATCH_DOCUMENT_RECHECK="0.001")  # every check reads the quarter's page again
    return found


def _scrape(processes) -> str:
    result = processes.run("scrape")
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def _latest_statements(processes) -> int:
    result = processes.run("show", "ALAB", "2024Q4", "--format", "json")
    assert result.returncode == 0, result.stderr
    return len(json.loads(result.stdout)["document"]["statements"])


def _subjects(smtp) -> list[str]:
    return [str(m["Subject"]) for m in smtp.mailbox.messages]


def test_a_truncated_page_that_is_then_restored_sends_no_correction_and_the_good_version_stays_latest(processes, site, smtp):
    _scrape(processes)
    assert len(smtp.mailbox) == 1, "the Q4 report against Q3 is sent"
    good = _latest_statements(processes)

    site.q4 = TRUNCATED
    _scrape(processes)
    status = json.loads(processes.run("status", "--format", "json").stdout)
    held = status["companies"][0]["suspect"]
    assert [h["period"] for h in held] == ["2024Q4"] and held[0]["statements"] < good / 2
    assert "suspect" in processes.run("status").stdout
    assert _latest_statements(processes) == good, "the truncated copy is not the latest version"

    site.q4 = GOOD
    _scrape(processes)
    _scrape(processes)
    assert _latest_statements(processes) == good
    assert json.loads(processes.run("status", "--format", "json").stdout)["companies"][0]["suspect"] == []
    assert len(smtp.mailbox) == 1, f"no correction is sent: {_subjects(smtp)}"
    assert not any("Correction" in s for s in _subjects(smtp))

    site.q4 = TRUNCATED  # the bad copy once more, after the good one came back: held afresh
    _scrape(processes)
    assert len(smtp.mailbox) == 1 and _latest_statements(processes) == good


def test_a_truncated_page_seen_again_by_a_later_check_is_alerted_as_a_correction(processes, site, smtp):
    _scrape(processes)
    site.q4 = TRUNCATED
    _scrape(processes)
    assert len(smtp.mailbox) == 1, "held at first"
    _scrape(processes)
    assert len(smtp.mailbox) == 2 and "Correction" in _subjects(smtp)[1]
    assert _latest_statements(processes) < 10
    assert json.loads(processes.run("status", "--format", "json").stdout)["companies"][0]["suspect"] == []


def test_a_person_confirms_a_suspect_version_and_its_correction_is_sent(processes, site, smtp):
    _scrape(processes)
    site.q4 = TRUNCATED
    _scrape(processes)
    assert len(smtp.mailbox) == 1
    result = processes.run("confirm", "ALAB", "2024Q4")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(smtp.mailbox) == 2 and "Correction" in _subjects(smtp)[1]
    assert "dropped" in body_text(smtp.mailbox.messages[1]).lower() or "removed" in body_text(smtp.mailbox.messages[1]).lower()
    again = processes.run("confirm", "ALAB", "2024Q4")
    assert again.returncode == 2 and "no ALAB 2024Q4 version is held as suspect" in again.stdout + again.stderr
