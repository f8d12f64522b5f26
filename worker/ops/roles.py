"""Who ``earnwatch health`` asks about: the roles that keep a heartbeat, and the choice of roles
a container's health check names."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    WORKER = "worker"
    SCHEDULER = "scheduler"


class HealthRole(StrEnum):
    ALL = "all"
    WORKER = "worker"
    BEAT = "beat"
    WEB = "web"  # the database, and the dashboard answering on this host
