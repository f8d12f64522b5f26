"""One typed ``Settings``, read from ``EARNWATCH_*`` environment variables once.

Secrets have no defaults and are never printed in clear: ``masked()`` hides them.
Each secret may also be given as ``EARNWATCH_<NAME>_FILE`` (a container secret file).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

EMBEDDED_BROKER = "embedded"


class Settings(BaseSettings):
    """Every setting earnwatch reads. Names are the environment variables without the prefix."""

    model_config = SettingsConfigDict(env_prefix="EARNWATCH_", extra="ignore")

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
    scheduler_tick: float = Field(60.0, description="seconds between scheduler sweeps")
    visibility_timeout: float = Field(
        900.0, description="seconds before a task a dead worker held is delivered to another worker"
    )
    fetch_timeout: float = Field(20.0, description="seconds before a request gives up")
    max_page_bytes: int = Field(5_000_000, description="a response larger than this is refused")
    fetch_attempts: int = Field(3, ge=1, description="tries of one request on timeouts, 429 and 5xx")
    fetch_backoff: float = Field(1.0, ge=0, description="seconds before the first retry of a request; doubles, with jitter")
    fetch_concurrency: int = Field(16, ge=1, description="sources checked at once by `earnwatch scrape` and each worker task batch")
    host_rate: float = Field(2.0, ge=0, description="requests per second to one host, across all workers (0: unpaced)")
    sec_www_url: str = Field("https://www.sec.gov", description="SEC EDGAR archives and company_tickers.json")
    sec_data_url: str = Field("https://data.sec.gov", description="SEC EDGAR submissions JSON")
    sec_rate: float = Field(10.0, ge=0, description="requests per second to the SEC hosts together (its fair-access limit)")
    alert_max_attempts: int = Field(6, description="delivery attempts before an alert is marked failed")
    alert_retry_base: float = Field(30.0, description="seconds before the first retry; doubles each time")
    source_backoff_max: float = Field(3600.0, description="longest wait between checks of a failing source")
    operator_route: str = Field("", description="the watchlist route told when a source fails for long, and when it is back")
    source_alert_after: float = Field(3600.0, description="seconds a source fails before the operator route is told")
    log_level: str = Field("INFO")
    log_format: str = Field("text", pattern="^(text|json)$", description="text, or json for one object per line")
    metrics_port: int = Field(0, ge=0, le=65535, description="serve Prometheus metrics on this port (0: off)")

    @model_validator(mode="after")
    def _default_database(self) -> Settings:
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'earnwatch.db').as_posix()}"
        return self

    @property
    def embedded_broker(self) -> bool:
        return self.broker_url == EMBEDDED_BROKER


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once on first use (never at import time)."""
    _load_secret_files()
    return Settings()


def _load_secret_files() -> None:
    # EARNWATCH_X_FILE=/run/secrets/x sets EARNWATCH_X from the file, as containers expect.
    for name, value in list(os.environ.items()):
        if name.startswith("EARNWATCH_") and name.endswith("_FILE"):
            target = name.removesuffix("_FILE")
            if target not in os.environ:
                os.environ[target] = Path(value).read_text().strip()
