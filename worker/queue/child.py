"""The entry point of a Celery child process: ``python -P -m worker.queue.child worker …``.

``earnwatch worker``, ``beat`` and ``run`` start Celery this way rather than with ``python -m
celery -A …``: ``-P`` keeps the working folder off ``sys.path`` (a user's ``config/`` folder
would otherwise shadow the ``config`` package), and the app is made here from a ``Context``.
A configuration error ends the child with ``EXIT_CONFIG`` and one line, so that supervision
stops instead of starting it again.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from config import ConfigError
from worker.errors import OperatorError

if TYPE_CHECKING:
    from celery import Celery

EXIT_CONFIG = 78  # sysexits.h EX_CONFIG


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from worker.queue.app import make_app
    from worker.runtime.context import Context

    ctx = None
    try:
        ctx = Context.from_environment()
        ctx.watchlist  # noqa: B018 (a bad watchlist stops the child here, before Celery starts)
        app = make_app(ctx)
    except (ConfigError, OperatorError) as exc:
        masked = ctx.masker.mask(str(exc)) if ctx else str(exc)
        print(f"error: {masked}", file=sys.stderr, flush=True)
        return EXIT_CONFIG
    code = _run_celery(app, argv)
    from worker.ops.heartbeat import database_gone

    return EXIT_CONFIG if database_gone.is_set() else code  # its SQLite file went: starting again would make an empty one


def _run_celery(app: Celery, argv: list[str]) -> int:
    """Run Celery's command line (``worker …``, ``beat …``) on ``app``; its exit code.

    ``Celery.start`` runs the same command but drops the code: a worker that stopped on an
    "Unrecoverable error" (as kombu's Redis transport can when the broker goes away mid-task)
    ended with 0, and supervision took it for a clean stop and never started it again."""
    from celery.bin.celery import celery

    celery.params[0].default = app  # what Celery.start does: the --app option's default
    try:
        return int(celery.main(args=argv, standalone_mode=False) or 0)  # click returns the code here
    finally:
        celery.params[0].default = None


if __name__ == "__main__":
    sys.exit(main())
