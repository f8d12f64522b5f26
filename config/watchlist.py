"""The watchlist file: which companies to watch, where, and who to tell.

```yaml
companies:
  - ticker: ALAB
    name: Astera Labs
    tags: [semis]
    sources:
      - kind: summary_page
        url: https://example.org/alab/earnings-summaries
        every: 15m
routes:
  - name: analysts-email
    urls: ["mailtos://alerts:${SMTP_PASSWORD}@smtp.example.org?to=team@example.org"]
    tags: [semis]          # or companies: [ALAB]; neither means every company
    min_severity: 0
    digest: 30m            # optional: one message per window instead of one per report
```

``${VAR}`` is read from the environment; its value is remembered as a secret and masked in
every output. A bad file raises ``ConfigError`` naming the file, the entry and the allowed keys.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from config import ConfigError
from config.durations import parse_duration
from config.secrets import remember_secret, remember_url_secrets
from earnings.report import CHANGE_KINDS

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SOURCE_KEYS = ("kind", "url", "every")


class SourceEntry(BaseModel):
    """One place to watch. ``options`` holds the keys of the source's own kind."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    url: str
    every: float = Field(900.0, description="seconds between checks")
    options: BaseModel | None = None

    @model_validator(mode="before")
    @classmethod
    def _split_kind_options(cls, data: Any) -> Any:
        from scrapers.registry import SOURCE_KINDS

        if not isinstance(data, dict):
            raise ValueError("a source is a mapping with kind, url and every")
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in SOURCE_KINDS:
            raise ValueError(f"unknown source kind {kind!r}; known kinds: {', '.join(sorted(SOURCE_KINDS))}")
        kind_cls = SOURCE_KINDS[kind]
        own = {k: v for k, v in data.items() if k not in _SOURCE_KEYS}
        from scrapers.base import SourceOptions

        common = list(SourceOptions.model_fields)
        allowed = (*_SOURCE_KEYS, *(k for k in kind_cls.Options.model_fields if k not in common), *common)
        unknown = sorted(set(own) - set(kind_cls.Options.model_fields))
        if unknown:
            raise ValueError(
                f"unknown key {', '.join(map(repr, unknown))} for a {kind} source; allowed keys: {', '.join(allowed)}"
            )
        try:
            options = kind_cls.Options.model_validate(own)
        except ValidationError as exc:
            raise ValueError(f"{_first_error(exc)}; allowed keys: {', '.join(allowed)}") from None
        given = {k: data[k] for k in _SOURCE_KEYS if k in data}
        if "url" not in given and kind_cls.default_url:
            given["url"] = kind_cls.default_url  # "{ticker}" is filled in by the company
        return {**given, "options": options}

    @field_validator("every", mode="before")
    @classmethod
    def _duration(cls, value: Any) -> float:
        return parse_duration(value)

    @model_validator(mode="after")
    def _allowed_scheme(self) -> SourceEntry:
        from scrapers.registry import SOURCE_KINDS

        schemes = SOURCE_KINDS[self.kind].schemes
        parts = urlsplit(self.url)
        if parts.scheme in ("http", "https") and "http" in schemes and parts.netloc:
            return self
        if parts.scheme in schemes and parts.scheme not in ("http", "https") and self.url.strip():
            return self
        if "http" in schemes:
            raise ValueError(f"{self.url!r} is not an http(s) URL; {self.kind} sources are fetched over http or https only")
        raise ValueError(f"{self.url!r} is not a folder path or file:// URL, which a {self.kind} source needs")


class CompanyEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ticker: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9.\-]{0,9}$")
    name: str = ""
    tags: list[str] = []
    sources: list[SourceEntry] = []
    fiscal_year_end: int | None = Field(None, ge=1, le=12, description="month the fiscal year ends (9 for September)")

    @field_validator("ticker")
    @classmethod
    def _upper(cls, value: str) -> str:
        return value.upper()

    @model_validator(mode="after")
    def _company_defaults(self) -> CompanyEntry:
        # A source inherits the company's fiscal year end, and a default url names the ticker.
        for source in self.sources:
            source.url = source.url.replace("{ticker}", self.ticker)
            if self.fiscal_year_end and source.options is not None and getattr(source.options, "fiscal_year_end", 0) is None:
                source.options.fiscal_year_end = self.fiscal_year_end
        return self


class RouteEntry(BaseModel):
    """Who is told about which reports. No ``companies`` and no ``tags`` means every company."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.\-]+$")
    urls: list[str] = Field(min_length=1)
    companies: list[str] = []
    tags: list[str] = []
    kinds: list[str] = []
    min_severity: int = Field(0, ge=0, le=100)
    digest: float | None = Field(None, description="seconds: gather reports into one message per window")

    @field_validator("urls")
    @classmethod
    def _remember_url_secrets(cls, value: list[str]) -> list[str]:
        for url in value:
            remember_url_secrets(url)
        return value

    @field_validator("digest", mode="before")
    @classmethod
    def _digest_duration(cls, value: Any) -> float | None:
        return None if value in (None, "", 0, "0", "off") else parse_duration(value)

    @field_validator("companies")
    @classmethod
    def _upper(cls, value: list[str]) -> list[str]:
        return [v.upper() for v in value]

    @field_validator("kinds")
    @classmethod
    def _known_kinds(cls, value: list[str]) -> list[str]:
        unknown = [k for k in value if k not in CHANGE_KINDS]
        if unknown:
            raise ValueError(f"unknown change kind {unknown[0]!r}; known kinds: {', '.join(CHANGE_KINDS)}")
        return value


class Watchlist(BaseModel):
    model_config = ConfigDict(extra="forbid")

    companies: list[CompanyEntry] = []
    routes: list[RouteEntry] = []

    @model_validator(mode="after")
    def _unique(self) -> Watchlist:
        for label, names in (("ticker", [c.ticker for c in self.companies]), ("route name", [r.name for r in self.routes])):
            seen = {n for n in names if names.count(n) > 1}
            if seen:
                raise ValueError(f"{label} {sorted(seen)[0]!r} is listed twice")
        return self

    def route(self, name: str) -> RouteEntry | None:
        return next((r for r in self.routes if r.name == name), None)


def load_watchlist(path: Path) -> Watchlist:
    """Read and validate the watchlist at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such file; copy config/watchlist.example.yaml there or set EARNWATCH_CONFIG"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    return parse_watchlist(text, source=str(path))


def parse_watchlist(text: str, source: str = "<watchlist>") -> Watchlist:
    try:
        data = yaml.safe_load(_expand_env(text, source)) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: not valid YAML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{source}: not valid YAML: nested too deeply; a watchlist is a few levels deep") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the top level must be a mapping with companies and routes")
    try:
        return Watchlist.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{source}: {_describe(exc, data)}") from None


def _expand_env(text: str, source: str) -> str:
    def value(match: re.Match[str]) -> str:
        name = match[1]
        if name not in os.environ:
            raise ConfigError(f"{source}: ${{{name}}} is used but the environment variable {name} is not set")
        remember_secret(os.environ[name])
        return os.environ[name]

    # Comments may mention ${VAR} without needing it.
    return "\n".join(_VAR.sub(value, line) if not line.lstrip().startswith("#") else line for line in text.splitlines())


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]


def _describe(exc: ValidationError, data: dict[str, Any]) -> str:
    """Name the entry (``companies[0] (ALAB).sources[1]``), the problem and the allowed keys."""
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        path, node = "", data
        for part in loc:
            if isinstance(part, int):
                path += f"[{part}]"
                node = node[part] if isinstance(node, list) and part < len(node) else None
                if isinstance(node, dict) and (node.get("ticker") or node.get("name")):
                    path += f" ({str(node['ticker']).upper() if node.get('ticker') else node.get('name')})"
            else:
                path += f".{part}" if path else str(part)
                node = node.get(part) if isinstance(node, dict) else None
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            parent = _model_at(loc[:-1])
            allowed = ", ".join(parent.model_fields) if parent else ""
            message = f"unknown key {loc[-1]!r}; allowed keys: {allowed}"
            path = path.rsplit(".", 1)[0]
        lines.append(f"{path}: {message}" if path else message)
    return "; ".join(lines)


def _model_at(loc: list[Any]) -> type[BaseModel] | None:
    model: type[BaseModel] | None = Watchlist
    nested = {"companies": CompanyEntry, "sources": SourceEntry, "routes": RouteEntry}
    for part in loc:
        if isinstance(part, str):
            model = nested.get(part)
    return model
