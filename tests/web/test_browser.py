"""The dashboard in a real headless Chromium (Debian's package, driven by Playwright): the
watchlist, a company's chart and risk matrix, a re-trigger with the token, the new alert on
the page, and a scraped ``<script>`` shown as text. Screenshots are kept in
``test-artifacts/browser/`` (not committed)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.web.conftest import SCRIPT, TOKEN

pytestmark = pytest.mark.slow
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine: `apt-get install chromium` (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield launched
        launched.close()


def test_an_analyst_reads_the_dashboard_and_retriggers_a_quarter(site, browser, request):
    shots = ARTIFACTS / request.node.callspec.id
    shots.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.set_default_timeout(30_000)

    page.goto(f"{site.url}/")
    row = page.locator("#watchlist tr", has_text="ALAB")
    assert "2024Q4" in row.inner_text() and row.locator("svg.spark polyline").count() == 1
    page.screenshot(path=str(shots / "1-watchlist.png"), full_page=True)

    row.locator("a.ticker").click()
    page.wait_for_url(re.compile(r"/companies/ALAB$"))
    matrix = page.locator("#risk-matrix")
    assert matrix.locator("tr", has_text="Inventory buildup risk").locator("td.r-new").count() == 1
    chart = page.locator("#guidance figure", has_text="gross margin")
    assert chart.locator("svg rect.bar").count() >= 2
    page.screenshot(path=str(shots / "2-company.png"), full_page=True)
    alerts_before = page.locator("#alerts tbody tr.alert-row").count()

    page.get_by_role("link", name="Log in to act").click()
    page.fill("input[name=token]", TOKEN)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r"/companies/ALAB$"))
    q4 = page.locator("#timeline tr", has_text="2024Q4")
    q4.locator("input[name=resend]").check()
    q4.get_by_role("button", name="Re-trigger 2024Q4").click()
    page.wait_for_selector(".flash")
    assert "ALAB 2024Q4 re-run" in page.locator(".flash").inner_text()
    newest = page.locator("#alerts tbody tr.alert-row").first
    newest.locator(".badge", has_text="sent").wait_for()
    assert page.locator("#alerts tbody tr.alert-row").count() == min(alerts_before + 1, 10)
    assert "ALAB Q4 2024 vs Q3 2024" in newest.inner_text()
    page.screenshot(path=str(shots / "3-after-retrigger.png"), full_page=True)

    page.goto(f"{site.url}/companies/HOST")
    page.locator("#timeline a", has_text="Hostile").first.click()
    assert SCRIPT in page.locator("h1.doc-title").inner_text()  # the tag is text on the page, not a script
    assert page.evaluate("document.querySelectorAll('main script').length") == 0
    page.screenshot(path=str(shots / "4-escaped-script.png"), full_page=True)
    assert problems == [], problems  # no script error, nothing blocked by the Content-Security-Policy
    page.close()
