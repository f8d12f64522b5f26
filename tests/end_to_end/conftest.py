"""Running the real ``earnwatch`` command as a user would: subprocesses with their own logs."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SmtpServer, SummarySite

EARNWATCH = str(Path(sys.executable).with_name("earnwatch"))


def watchlist(site_urls: dict[str, str], smtp: SmtpServer, every: str = "2s") -> str:
    companies = "".join(
        f"""  - ticker: {ticker}
    name: {ticker} Inc.
    tags: [semis]
    sources:
      - kind: summary_page
        url: {url}
        every: {every}
"""
        for ticker, url in site_urls.items()
    )
    return f"""companies:
{companies}routes:
  - name: analysts-email
    urls: ["{smtp.url()}"]
    tags: [semis]
"""


class Processes:
    """Started ``earnwatch`` processes, stopped (SIGTERM, then SIGKILL) at the end of a test."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.started: list[subprocess.Popen] = []

    def start(self, *args: str, extra_env: dict[str, str] | None = None) -> subprocess.Popen:
        log = open(self.logs / f"{args[0]}-{len(self.started)}.log", "wb")
        env = {**os.environ, **self.env, **(extra_env or {})}
        process = subprocess.Popen([EARNWATCH, *args], env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        process.log_path = log.name  # type: ignore[attr-defined]
        self.started.append(process)
        return process

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run([EARNWATCH, *args], env={**os.environ, **self.env}, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)

    def output(self) -> str:
        """The end of each process's log, without the once-a-tick sweep lines that bury it."""
        parts = []
        for process in self.started:
            lines = Path(process.log_path).read_text(errors="replace").splitlines()  # type: ignore[attr-defined]
            kept = "\n".join(line for line in lines if not _TICK_CHATTER.search(line))
            parts.append(f"--- {process.log_path}\n{kept[-6000:]}")  # type: ignore[attr-defined]
        return "\n".join(parts)


_TICK_CHATTER = re.compile(r"Sending due task sweep|earnwatch\.sweep\[[^]]+\] received|'0 sources and 0 alerts enqueued'|a sweep already ran this tick")


@pytest.fixture
def processes(earnwatch_env, tmp_path, request):
    procs = Processes(earnwatch_env, tmp_path)
    yield procs
    procs.stop_all()
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        print(procs.output())


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def alab_site(httpserver) -> SummarySite:
    return SummarySite(httpserver)
