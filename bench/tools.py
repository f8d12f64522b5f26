"""The two tools as an operator runs them, each one cycle in a child process of its own, measured
with ``os.wait4``: wall time, CPU (user + system) and peak resident memory of that child.

* earnwatch: ``EARNWATCH_CONFIG=… EARNWATCH_DATA_DIR=… EARNWATCH_HOST_RATE=0 earnwatch scrape``
  with a watchlist of ``summary_page`` sources (no alert routes);
* urlwatch: ``urlwatch --urls urls.yaml --cache cache.db --config urlwatch.yaml --hooks hooks.py``
  with one ``url`` job per page and only its stdout reporter (no colour), printed to a file.

Both keep their state under their own folder; both read the same pages of one ``bench.site``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.site import page_url, ticker

BIN = Path(sys.executable).parent
TIMEOUT = 900.0


class BenchError(Exception):
    """A tool failed, or did not do what the benchmark asked of it."""


@dataclass(frozen=True)
class Measured:
    wall: float  # seconds
    cpu: float  # seconds, user + system, of the child and the children it waited for
    peak_rss: int  # bytes, of the largest of those processes
    output: str


# The child is started by a small Python of its own (``-S``: no site packages), which forks and
# execs the tool and reports what ``os.wait4`` says of it. Started straight from this process, the
# tool's peak RSS would count this process's memory too: Linux keeps the high-water mark of the
# memory a child had between fork and exec (the parent's, copied).
_LAUNCHER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
with open(sys.argv[1], "w") as out:
    out.write(f"{os.waitstatus_to_exitcode(status)} {time.perf_counter() - started} {usage.ru_utime + usage.ru_stime} {usage.ru_maxrss}")
"""


PACKAGES = ("alerts", "config", "earnings", "scrapers", "worker")
ROOT = Path(__file__).resolve().parents[1]


def compile_bytecode() -> None:
    """Write earnwatch's bytecode, as ``pip install .`` does when it installs a wheel. urlwatch
    comes compiled from its wheel; an editable install of earnwatch does not, and where
    ``PYTHONDONTWRITEBYTECODE`` is set (it is on this machine) every earnwatch process would
    compile its modules from source again, a cost no installed earnwatch pays."""
    import compileall

    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)


def measure(argv: list[str], env: dict[str, str], log: Path, timeout: float = TIMEOUT) -> Measured:
    """Run ``argv`` to its end; its output goes to ``log``. A non-zero exit raises ``BenchError``."""
    figures = log.with_suffix(".rusage")
    with open(log, "wb") as out:
        try:
            subprocess.run(
                [sys.executable, "-S", "-c", _LAUNCHER, str(figures), *argv],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise BenchError(f"{Path(argv[0]).name} took more than {timeout:.0f} s; see {log}") from None
    output = log.read_text(errors="replace")
    try:
        code, wall, cpu, rss = figures.read_text().split()
    except (OSError, ValueError):
        raise BenchError(f"{Path(argv[0]).name} could not be started; see {log}") from None
    if int(code) != 0:
        raise BenchError(f"{' '.join([Path(argv[0]).name, *argv[1:]])} exited {code}; its output ends:\n{output[-2000:]}")
    return Measured(float(wall), float(cpu), int(rss) * 1024, output)


def executable(name: str) -> str | None:
    """The tool installed beside this Python (the bench environment), else on PATH."""
    beside = BIN / name
    return str(beside) if beside.exists() else shutil.which(name)


def earnwatch_watchlist(base: str, count: int, every: str = "15m", routes: str = "") -> str:
    lines = ["companies:"]
    for n in range(count):
        lines += [
            f"  - ticker: {ticker(n)}",
            f"    name: {ticker(n)} Inc.",
            "    tags: [bench]",
            f"    sources: [{{kind: summary_page, url: '{page_url(base, n)}', every: {every}}}]",
        ]
    return "\n".join(lines) + "\n" + routes


class Earnwatch:
    """earnwatch's folder: its watchlist, data (SQLite by default) and logs."""

    name = "earnwatch"

    def __init__(self, root: Path, base: str, count: int, database_url: str = "") -> None:
        self.root = root
        (root / "data").mkdir(parents=True, exist_ok=True)  # as `earnwatch db upgrade` makes it: scrape makes no data folder
        (root / "watchlist.yaml").write_text(earnwatch_watchlist(base, count))
        self.env = {
            **os.environ,
            "EARNWATCH_CONFIG": str(root / "watchlist.yaml"),
            "EARNWATCH_DATA_DIR": str(root / "data"),
            "EARNWATCH_HOST_RATE": "0",
            "EARNWATCH_USER_AGENT": "earnwatch-bench/1.0 (bench@example.org)",
        }
        if database_url:
            self.env["EARNWATCH_DATABASE_URL"] = database_url
        self.runs = 0

    def cycle(self, expect_new: int) -> Measured:
        self.runs += 1
        found = measure([executable("earnwatch") or "earnwatch", "scrape"], self.env, self.root / f"scrape-{self.runs}.log")
        summary = re.search(r"([\d,]+) sources? checked: ([\d,]+) new documents?, (none failing|[\d,]+ failing)", found.output)
        if summary is None:
            raise BenchError(f"earnwatch scrape printed no 'N sources checked' line; see {self.root}/scrape-{self.runs}.log")
        if summary[3] != "none failing" or int(summary[2].replace(",", "")) != expect_new:
            raise BenchError(f"earnwatch scrape: {summary[0]} (expected {expect_new} new, none failing); see {self.root}/scrape-{self.runs}.log")
        return found


class Urlwatch:
    """urlwatch's folder: its job list, configuration, cache and reports."""

    name = "urlwatch"

    def __init__(self, root: Path, base: str, count: int) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        jobs = "---\n".join(f"name: {ticker(n)}\nurl: {page_url(base, n)}\n" for n in range(count))
        (root / "urls.yaml").write_text(jobs)
        (root / "urlwatch.yaml").write_text("report:\n  stdout:\n    enabled: true\n    color: false\n  text:\n    details: true\n")
        (root / "hooks.py").write_text("")
        home = root / "home"
        self.env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache")}
        self.argv = [
            executable("urlwatch") or "urlwatch",
            "--urls",
            str(root / "urls.yaml"),
            "--cache",
            str(root / "cache.db"),
            "--config",
            str(root / "urlwatch.yaml"),
            "--hooks",
            str(root / "hooks.py"),
        ]
        self.runs = 0

    def cycle(self, expect_new: int) -> Measured:
        self.runs += 1
        found = measure(self.argv, self.env, self.root / f"run-{self.runs}.log")
        reported = re.findall(r"^\d+\. (NEW|CHANGED|ERROR): ", found.output, re.MULTILINE)
        if "ERROR" in reported or len(reported) != expect_new:
            raise BenchError(
                f"urlwatch reported {len(reported)} new or changed pages ({reported.count('ERROR')} errors), "
                f"expected {expect_new}; see {self.root}/run-{self.runs}.log"
            )
        return found


def urlwatch_version() -> str | None:
    """The installed urlwatch's version, or None when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("urlwatch")
    except PackageNotFoundError:
        return None
