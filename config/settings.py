"""One typed ``Settings``, read from ``EARNWATCH_*`` environment variables by ``load_settings``.

Nothing is read at import time and nothing is cached here: a process calls ``load_settings``
once at start-up and hands the result on (``worker.runtime.Context``). Each setting may also
be given as ``EARNWATCH_<NAME>_FILE`` naming a file that holds the value (a container secret);
the plain variable wins when both are set. The environment is only read, never changed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from config import ConfigError

EMBEDDED_BROKER = "embedded"
PREFIX = "EARNWATCH_"


class Settings(BaseSettings):
    """Every setting earnwatch reads. Names are the environment variables without the prefix."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="ignore")

    data_dir: Path = Field(Path("data"), description="where the SQLite file, raw pages and the embedded Redis live")
    database_url: str = Field("", description="SQLAlchemy URL; default: SQLite under data_dir")
    broker_url: str = Field(
        EMBEDDED_BROKER, description="redis://… for the distributed mode; 'embedded' starts a private Redis"
    )
    redis_prefix: str = Field(
        "", description="prefix for every Redis key earnwatch writes, so deployments can share a Redis"
    )
    config: Path = Field(Path("config/watchlist.yaml"), description="the watchlist file")
    user_agent: str = Field(
        "earnwatch/0.1 (+https://github.com/earnwatch/earnwatch)",
        description="User-Agent for every request; name the operator and a contact",
    )
    scheduler_tick: float = Field(60.0, gt=0, description="seconds between scheduler sweeps")
    visibility_timeout: float = Field(
        900.0, gt=0, description="seconds before a task a dead worker held is delivered to another worker"
    )
    fetch_timeout: float = Field(20.0, gt=0, description="seconds one read (connect, each chunk) may wait")
    fetch_deadline: float = Field(
        60.0, gt=0, description="seconds one fetch may take in all (connect, reads, retries, redirects); a slower page is given up on"
    )
    task_soft_time_limit: float = Field(
        300.0, gt=0, description="seconds a task may run before it is asked to stop (the check is recorded as failed)"
    )
    task_time_limit: float = Field(360.0, gt=0, description="seconds after which a task's process is killed and replaced")
    source_lease: float = Field(
        900.0, gt=0, description="seconds a source's queued or running check keeps it from being enqueued again (a dead worker's expires)"
    )
    max_page_bytes: int = Field(5_000_000, gt=0, description="a response or file larger than this is refused")
    fetch_attempts: int = Field(3, ge=1, description="tries of one request on timeouts, 429 and 5xx")
    fetch_backoff: float = Field(1.0, ge=0, description="seconds before the first retry of a request; doubles, with jitter")
    fetch_concurrency: int = Field(
        32, ge=1, description="sources one process checks at once (threads; mostly waiting on the network), and its open connections"
    )
    host_rate: float = Field(2.0, ge=0, description="requests per second to one host, across all workers (0: unpaced)")
    document_recheck: float = Field(
        21600.0, gt=0, description="seconds before a document behind an unchanged listing is asked for again"
    )
    sec_www_url: str = Field("https://www.sec.gov", description="SEC EDGAR archives and company_tickers.json")
    sec_data_url: str = Field("https://data.sec.gov", description="SEC EDGAR submissions JSON")
    sec_rate: float = Field(10.0, ge=0, description="requests per second to the SEC hosts together (its fair-access limit)")
    alert_max_attempts: int = Field(6, ge=1, description="delivery attempts before an alert is marked failed")
    alert_retry_base: float = Field(30.0, ge=0, description="seconds before the first retry; doubles each time")
    alert_lease: float = Field(
        600.0, gt=0, description="seconds a worker's claim on an alert lasts unrenewed; renewed before each target"
    )
    alert_send_timeout: float = Field(
        30.0, gt=0, description="seconds one step of sending to a target may take; shorter than alert_lease"
    )
    source_backoff_max: float = Field(3600.0, gt=0, description="longest wait between checks of a failing source")
    operator_route: str = Field("", description="the watchlist route told when a source fails for long, and when it is back")
    source_alert_after: float = Field(3600.0, ge=0, description="seconds a source fails before the operator route is told")
    log_level: str = Field("INFO", pattern="(?i)^(debug|info|warning|error|critical)$")
    log_format: str = Field("text", pattern="^(text|json)$", description="text, or json for one object per line")
    metrics_port: int = Field(0, ge=0, le=65535, description="serve Prometheus metrics on this port (0: off)")
    api_token: str = Field("", description="the bearer token every write over HTTP needs; none: the web refuses writes")
    web_host: str = Field("127.0.0.1", description="where `earnwatch web` (and `earnwatch run`) listens")
    web_port: int = Field(8000, ge=0, le=65535, description="the dashboard's and API's port (0: `earnwatch run` starts no web)")

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'earnwatch.db').as_posix()}"
        return self

    @model_validator(mode="after")
    def _send_within_lease(self) -> Settings:
        if self.alert_send_timeout >= self.alert_lease:
            raise ValueError(
                f"{PREFIX}ALERT_SEND_TIMEOUT ({self.alert_send_timeout:g} s) must be shorter than "
                f"{PREFIX}ALERT_LEASE ({self.alert_lease:g} s), or a slow send outlives its claim"
            )
        return self

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url == EMBEDDED_BROKER

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Given values, then EARNWATCH_X, then the file EARNWATCH_X_FILE names.
        return init_settings, env_settings, _SecretFiles(settings_cls)


def load_settings(**overrides: Any) -> Settings:
    """The settings in this process's environment, with ``overrides`` (field names) on top.
    A value that is not usable raises ``ConfigError`` naming the variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        if not err["loc"]:  # a check of several settings together says which itself
            raise ConfigError(str(err.get("ctx", {}).get("error", err["msg"]))) from None
        name = f"{PREFIX}{str(err['loc'][0]).upper()}" if err["loc"] else "a setting"
        given = f" (it is {err['input']!r})" if isinstance(err.get("input"), str | int | float) else ""
        raise ConfigError(f"{name}: {err['msg']}{given}") from None


class _SecretFiles(PydanticBaseSettingsSource):
    """``EARNWATCH_<NAME>_FILE=/run/secrets/x``: the value of ``<NAME>`` is in that file."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        variable = f"{PREFIX}{field_name.upper()}_FILE"
        path = next((v for k, v in os.environ.items() if k.upper() == variable), None)
        return (_read_secret_file(variable, path) if path else None), field_name, False

    def __call__(self) -> dict[str, Any]:
        values = {}
        for name, field in self.settings_cls.model_fields.items():
            value, key, _ = self.get_field_value(field, name)
            if value is not None:
                values[key] = value
        return values


def _read_secret_file(name: str, path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise ConfigError(f"{name}={path}: cannot be read ({reason}); point it at the file holding the value") from None
