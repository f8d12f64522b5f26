"""The entry point of a Celery child process: ``python -P -m worker.queue.child worker …``.

``earnwatch worker``, ``beat`` and ``run`` start Celery this way rather than with ``python -m
celery -A …``: ``-P`` keeps the working folder off ``sys.path`` (a user's ``config/`` folder
would otherwise shadow the ``config`` package), and the app is made here from a ``Context``.
A configuration error ends the child with ``EXIT_CONFIG`` and one line, so that supervision
stops instead of starting it again.
"""

from __future__ import annotations

import sys

from config import ConfigError
from worker.errors import OperatorError

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
    code = int(app.start(argv) or 0)
    from worker.ops.heartbeat import database_gone

    return EXIT_CONFIG if database_gone.is_set() else code  # its SQLite file went: starting again would make an empty one


if __name__ == "__main__":
    sys.exit(main())
