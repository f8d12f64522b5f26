"""Keeping a Celery role running: ``earnwatch worker``, ``beat`` and ``run`` start Celery as a
child process and start it again if it dies on its own.

Celery's worker can stop with "Unrecoverable error" when the Redis broker restarts at an
unlucky moment (a known class of kombu bugs, e.g. https://github.com/celery/kombu/issues/582);
a crash must not leave a machine without a worker. A child that keeps crashing (more than
``MAX_RESTARTS`` times a minute) is given up on, with its exit code.

Signals: SIGTERM is passed on to the child (``docker stop`` sends it to the first process only).
SIGINT is answered with SIGTERM, not passed on: Ctrl-C already reaches the whole process group,
and a second SIGINT would turn Celery's warm shutdown into a cold one; SIGTERM asks for the same
warm shutdown when only this process was sent SIGINT (``kill -INT``).
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from collections import deque

log = logging.getLogger(__name__)
MAX_RESTARTS = 5
RESTART_DELAY = 2.0


def supervise(celery_argv: list[str], name: str) -> int:
    """Run ``celery -A worker.queue.app <celery_argv>`` until it stops cleanly or is stopped."""
    stopping = False
    child: subprocess.Popen | None = None

    def on_term(signum, _frame) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    def on_int(_signum, _frame) -> None:
        on_term(signal.SIGTERM, _frame)

    previous = signal.signal(signal.SIGTERM, on_term), signal.signal(signal.SIGINT, on_int)
    restarts: deque[float] = deque()
    try:
        while True:
            child = subprocess.Popen([sys.executable, "-m", "celery", "-A", "worker.queue.app", *celery_argv])
            code = child.wait()
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
