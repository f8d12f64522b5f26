"""Logging: readable lines by default, one JSON object per line with EARNWATCH_LOG_FORMAT=json.

Every record carries the Celery task's name and id when it is logged inside a task, and the
ids a caller passes as ``extra`` (``source_id``, ``document_id``, ``alert_id``); messages name
the ticker and the URL. Messages are masked for secrets (the process's masker) before they
are written. Libraries' chatter that says nothing to an operator is kept at ERROR
(``QUIET``), and Python warnings go to the log rather than straight to the terminal.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from config.secrets import Masker, mask_secrets

# bs4's charset detection says "Some characters could not be decoded" while it works; the
# decoder's own choice is what the operator sees if reading fails.
# Alembic says which dialect it found each time a process opens the database.
QUIET = ("bs4", "bs4.dammit", "charset_normalizer", "chardet", "alembic")


class ContextFilter(logging.Filter):
    """Adds the current task to each record and masks secrets in its message."""

    def __init__(self, masker: Callable[[], Masker] | None = None) -> None:
        super().__init__()
        self.masker = masker

    def filter(self, record: logging.LogRecord) -> bool:
        celery = sys.modules.get("celery")  # no Celery in this process: no task (and no import of it)
        task = celery.current_task if celery is not None else None
        if task and task.request and task.request.id:
            record.task, record.task_id = task.name, task.request.id
        mask = self.masker().mask if self.masker else mask_secrets
        record.msg, record.args = mask(record.getMessage()), ()
        if record.exc_info and record.exc_info[0] is not None:
            # A traceback quotes URLs and values too: it is written masked (as exc_text, which
            # the formatters print when there is no exc_info left to format).
            record.exc_text, record.exc_info = mask(logging.Formatter().formatException(record.exc_info)), None
        return True


def json_formatter() -> logging.Formatter:
    from pythonjsonlogger.json import JsonFormatter

    return JsonFormatter("{asctime}{levelname}{name}{message}", style="{", rename_fields={"asctime": "time", "levelname": "level", "name": "logger"})


def configure(logger: logging.Logger, fmt: str, masker: Callable[[], Masker] | None = None) -> None:
    """Give every handler of ``logger`` the filter, and the JSON formatter when asked."""
    for handler in logger.handlers:
        if not any(isinstance(f, ContextFilter) for f in handler.filters):
            handler.addFilter(ContextFilter(masker))
        if fmt == "json":
            handler.setFormatter(json_formatter())
    quiet_libraries()


class OneLine(logging.Formatter):
    """``warning: message`` for a terminal; the traceback only when asked for (``--debug``)."""

    def __init__(self, tracebacks: bool = False) -> None:
        super().__init__("%(levelname)s: %(message)s")
        self.tracebacks = tracebacks

    def format(self, record: logging.LogRecord) -> str:
        record.levelname = record.levelname.lower()
        if not self.tracebacks:
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return super().format(record)


def configure_terminal(masker: Callable[[], Masker], *, debug: bool = False) -> None:
    """Logging for a CLI command: errors only (what a command found is in its own output), one
    line each, masked; with ``debug``, everything from INFO up, tracebacks included."""
    handler = logging.StreamHandler()
    handler.setFormatter(OneLine(tracebacks=debug))
    handler.addFilter(ContextFilter(masker))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if debug else logging.ERROR)
    quiet_libraries()


def quiet_libraries() -> None:
    logging.captureWarnings(True)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.ERROR)
