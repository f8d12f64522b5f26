"""Celery settings, derived from ``config.settings`` when Celery loads its configuration.

The beat schedule is this one table: a sweep every ``EARNWATCH_SCHEDULER_TICK`` seconds that
enqueues due sources and due alert deliveries.
"""

from config.settings import get_settings

_settings = get_settings()
if _settings.embedded_broker:
    raise SystemExit(
        "EARNWATCH_BROKER_URL is 'embedded': start everything with `earnwatch run`, "
        "or set EARNWATCH_BROKER_URL=redis://HOST:6379/0 for separate worker and beat processes"
    )

broker_url = _settings.broker_url
broker_connection_retry_on_startup = True
# A message not acknowledged within this time (a worker that died) is delivered again.
broker_transport_options = {
    "visibility_timeout": _settings.visibility_timeout,
    "global_keyprefix": _settings.redis_prefix,
    # Look for such messages every few seconds; kombu's default scans only every ~100 s.
    "unacked_restore_interval": max(1, min(10, int(_settings.visibility_timeout / 2))),
    "unacked_restore_throttle": 1,
}
task_serializer = "json"
result_serializer = "json"
accept_content = ["json"]
task_ignore_result = True
task_acks_late = True
task_reject_on_worker_lost = True
worker_prefetch_multiplier = 1
worker_hijack_root_logger = True
timezone = "UTC"
enable_utc = True
beat_schedule_filename = str(_settings.data_dir / "celerybeat-schedule")
beat_schedule = {
    "sweep": {"task": "worker.queue.tasks.sweep", "schedule": _settings.scheduler_tick},
}
