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
from collections.abc import Mapping
from types import FrameType

from worker.queue.child import EXIT_CONFIG

log = logging.getLogger(__name__)
MAX_RESTARTS = 5
RESTART_DELAY = 2.0


def supervise(celery_argv: list[str], name: str, env: Mapping[str, str] | None = None) -> int:
    """Run Celery with ``celery_argv`` (``worker …``, ``beat …``) until it stops cleanly or is
    stopped; the exit code to end with."""
    stopping = False
    child: subprocess.Popen[bytes] | None = None
    command = [sys.executable, "-P", "-m", "worker.queue.child", *celery_argv]
    child_env = {**os.environ, **(env or {})}

    def on_term(signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    def on_int(_signum: int, frame: FrameType | None) -> None:
        on_term(signal.SIGTERM, frame)

    previous = signal.signal(signal.SIGTERM, on_term), signal.signal(signal.SIGINT, on_int)
    restarts: deque[float] = deque()
    try:
        while True:
            child = subprocess.Popen(command, env=child_env)
            code = child.wait()
            if code == EXIT_CONFIG:
                return 2  # the child said what to fix; starting it again cannot help
            if stopping:
                # Celery exits 1 after a warm shutdown on SIGINT; that is a clean stop.
                return 0 if code in (0, 1, -signal.SIGINT, -signal.SIGTERM) else code
            if code == 0:
                return 0
            now = time.monotonic()
            restarts.append(now)
            while restarts and restarts[0] < now - 60:
                restarts.popleft()
            if len(restarts) > MAX_RESTARTS:
                print(f"earnwatch: the {name} stopped {len(restarts)} times within a minute; giving up (exit {code})", file=sys.stderr, flush=True)
                return code
            print(f"earnwatch: the {name} stopped unexpectedly (exit {code}); starting it again in {RESTART_DELAY:g}s", file=sys.stderr, flush=True)
            time.sleep(RESTART_DELAY)
            if stopping:
                return code
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
