"""Keeping a Celery role running: ``earnwatch worker``, ``beat`` and ``run`` start Celery as a
child process and start it again if it dies on its own.

Celery's worker can stop with "Unrecoverable error" when the Redis broker restarts at an
unlucky moment (a known class of kombu bugs, e.g. https://github.com/celery/kombu/issues/582);
a crash must not leave a machine without a worker. A child that keeps crashing (more than
``MAX_RESTARTS`` times a minute) is given up on, with its exit code. A child that stopped on a
configuration error (``EXIT_CONFIG``, after saying what is wrong) is never started again:
supervision ends with exit code 2.

The child is ``python -P -m worker.queue.child …`` (see there: the working folder is kept off
``sys.path``), with the environment of this process plus ``env``; ``os.environ`` itself is
never changed.

Signals: SIGTERM is passed on to the child (``docker stop`` sends it to the first process only).
SIGINT is answered with SIGTERM, not passed on: Ctrl-C already reaches the whole process group,
and a second SIGINT would turn Celery's warm shutdown into a cold one; SIGTERM asks for the same
warm shutdown when only this process was sent SIGINT (``kill -INT``).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import FrameType

from worker.queue.child import EXIT_CONFIG

log = logging.getLogger(__name__)
MAX_RESTARTS = 5
RESTART_DELAY = 2.0
POLL = 0.2


@dataclass
class Child:
    """One Celery process kept running: its arguments, its name in messages, its restarts."""

    celery_argv: list[str]
    name: str
    process: subprocess.Popen[bytes] | None = None
    restarts: deque[float] = field(default_factory=deque)
    restart_at: float | None = None
    done: bool = False


def supervise(celery_argv: list[str], name: str, env: Mapping[str, str] | None = None) -> int:
    """Run Celery with ``celery_argv`` (``worker …``, ``beat …``) until it stops cleanly or is
    stopped; the exit code to end with."""
    return supervise_all([(celery_argv, name)], env)


def supervise_all(children: Sequence[tuple[list[str], str]], env: Mapping[str, str] | None = None) -> int:
    """Run several Celery processes side by side (``earnwatch run``: the worker with the
    scheduler, and a delivery worker), each restarted on its own if it dies. When one stops
    for good (cleanly, on a configuration error, or crashing too often), the others are
    stopped too; the exit code is the first one's that stopped for good."""
    stopping = False
    running = [Child(list(argv), name) for argv, name in children]
    child_env = {**os.environ, **(env or {})}

    def signal_all(signum: int) -> None:
        for child in running:
            if child.process is not None and child.process.poll() is None:
                child.process.send_signal(signum)

    def on_term(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        signal_all(signum)

    def on_int(_signum: int, frame: FrameType | None) -> None:
        on_term(signal.SIGTERM, frame)

    def start(child: Child) -> None:
        command = [sys.executable, "-P", "-m", "worker.queue.child", *child.celery_argv]
        child.process, child.restart_at = subprocess.Popen(command, env=child_env), None

    previous = signal.signal(signal.SIGTERM, on_term), signal.signal(signal.SIGINT, on_int)
    result: int | None = None
    try:
        for child in running:
            start(child)
        while not all(child.done for child in running):
            time.sleep(POLL)
            for child in running:
                if child.done:
                    continue
                if child.restart_at is not None:
                    if stopping:
                        child.done = True
                    elif time.monotonic() >= child.restart_at:
                        start(child)
                    continue
                assert child.process is not None
                code = child.process.poll()
                if code is None:
                    continue
                ended = _ended(child, code, stopping)
                if ended is None:
                    child.restart_at = time.monotonic() + RESTART_DELAY
                    continue
                child.done = True
                if result is None:
                    result = ended
                if not stopping:  # one role ended for good: the service stops as a whole
                    stopping = True
                    signal_all(signal.SIGTERM)
        return result if result is not None else 0
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])


def _ended(child: Child, code: int, stopping: bool) -> int | None:
    """The exit code to end with when ``child`` stopped with ``code``; None to start it again."""
    if code == EXIT_CONFIG:
        return 2  # the child said what to fix; starting it again cannot help
    if stopping:
        # Celery exits 1 after a warm shutdown on SIGINT; that is a clean stop.
        return 0 if code in (0, 1, -signal.SIGINT, -signal.SIGTERM) else code
    if code == 0:
        return 0
    now = time.monotonic()
    child.restarts.append(now)
    while child.restarts and child.restarts[0] < now - 60:
        child.restarts.popleft()
    if len(child.restarts) > MAX_RESTARTS:
        print(f"earnwatch: the {child.name} stopped {len(child.restarts)} times within a minute; giving up (exit {code})", file=sys.stderr, flush=True)
        return code
    print(f"earnwatch: the {child.name} stopped unexpectedly (exit {code}); starting it again in {RESTART_DELAY:g}s", file=sys.stderr, flush=True)
    return None
