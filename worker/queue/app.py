"""The Celery app. Its configuration is read from ``worker.queue.config`` when Celery first
needs it (``earnwatch worker``, ``earnwatch beat``, ``earnwatch run``), never at import."""

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger, beat_init

app = Celery("earnwatch", include=["worker.queue.tasks"])
app.config_from_object("worker.queue.config")


@after_setup_logger.connect
@after_setup_task_logger.connect
def _structured_logs(logger, **_kwargs) -> None:
    from config.settings import get_settings
    from worker.ops.logs import configure

    configure(logger, get_settings().log_format)


@beat_init.connect
def _sweep_at_start(sender, **_kwargs) -> None:
    # An interval schedule first fires one interval after beat starts; a new user should not
    # wait a minute to see the first check.
    sender.app.send_task("worker.queue.tasks.sweep")
