"""The Celery app. Its configuration is read from ``worker.celery_config`` when Celery first
needs it (``earnwatch worker``, ``earnwatch beat``, ``earnwatch run``), never at import."""

from celery import Celery

app = Celery("earnwatch", include=["worker.tasks"])
app.config_from_object("worker.celery_config")
