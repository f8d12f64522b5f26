"""Logging: readable lines by default, one JSON object per line with EARNWATCH_LOG_FORMAT=json.

Every record carries the Celery task's name and id when it is logged inside a task, and the
ids a caller passes as ``extra`` (``source_id``, ``document_id``, ``alert_id``). Messages are
masked for secrets before they are written.
"""

from __future__ import annotations

import logging

from celery import current_task
from pythonjsonlogger.json import JsonFormatter

from config.secrets import mask_secrets

class ContextFilter(logging.Filter):
    """Adds the current task to each record and masks secrets in its message."""

    def filter(self, record: logging.LogRecord) -> bool:
        task = current_task
        if task and task.request and task.request.id:
            record.task, record.task_id = task.name, task.request.id
        record.msg = mask_secrets(record.getMessage())
        record.args = ()
        return True


def json_formatter() -> logging.Formatter:
    return JsonFormatter("{asctime}{levelname}{name}{message}", style="{", rename_fields={"asctime": "time", "levelname": "level", "name": "logger"})


def configure(logger: logging.Logger, fmt: str) -> None:
    """Give every handler of ``logger`` the filter, and the JSON formatter when asked."""
    for handler in logger.handlers:
        if not any(isinstance(f, ContextFilter) for f in handler.filters):
            handler.addFilter(ContextFilter())
        if fmt == "json":
            handler.setFormatter(json_formatter())
