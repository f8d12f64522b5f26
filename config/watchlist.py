"""The watchlist file: which companies to watch, where, and who to tell.

```yaml
compare:
  range_changes: false     # true: a range narrowed or widened around its midpoint is a change
companies:
  - ticker: ALAB
    name: Astera Labs
    tags: [semis]
    # compare: {range_changes: true}   # this company's own choice
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

``${VAR}`` is read from the environment (or from the file ``VAR_FILE`` names); its value is a
secret: it is in ``Watchlist.secrets`` and masked in every output. A source URL is stored and
shown with its ``${VAR}`` written back (``Watchlist.stored_url``); the URL with the secret
is rebuilt only to fetch it (``Watchlist.fetch_url``). A bad file raises one
``ConfigError`` naming the file, the entry and the allowed keys.

This package imports nothing else of earnwatch. What the packages above it know — the source
kinds and their options, the change kinds, which alert URLs can be sent to — comes in as a
``Vocabulary`` (``worker.runtime.watchlist`` builds the real one) and reaches the validators
through pydantic's validation context.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, ValidationInfo, field_validator, model_validator

from config import ConfigError
from config.durations import parse_duration
from config.secrets import Masker, expand_url, template_url

_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SOURCE_KEYS = ("kind", "url", "every")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: a large watchlist reads in a blink


@dataclass(frozen=True)
class Vocabulary:
    """The names a watchlist may use, from the packages that own them.

    ``source_kinds`` maps a ``kind:`` to its class, which has ``Options`` (a pydantic model of
    its own keys), ``schemes`` (URL schemes it takes; "" is a plain path) and ``default_url``
    (or None). ``common_options`` is the model of the keys every kind takes. ``target_problem``
    says why an alert URL cannot be sent to (None when it can); ``url_secrets`` names the
    secret parts of one.
    """

    source_kinds: Mapping[str, Any]
    common_options: type[BaseModel]
    change_kinds: Collection[str]
    target_problem: Callable[[str], str | None] = lambda url: None
    url_secrets: Callable[[str], Collection[str]] = lambda url: ()


@dataclass
class _Reading:
    """What one parse collects besides the model: the secrets it met."""

    vocabulary: Vocabulary
    secrets: set[str] = field(default_factory=set)
    variables: dict[str, str] = field(default_factory=dict)  # ${NAME} → its value
    # A source's options model, by kind and keys: one for all the sources that say the same
    # (most say nothing; a model is ~1 KB). A shared model is never changed: see _company_defaults.
    options: dict[tuple[str, str], BaseModel] = field(default_factory=dict)


def _reading(info: ValidationInfo) -> _Reading:
    reading = info.context.get("reading") if isinstance(info.context, dict) else None
    if not isinstance(reading, _Reading):
        raise RuntimeError("a watchlist is validated with parse_watchlist(text, vocabulary=…)")
    return reading


def _vocabulary(info: ValidationInfo) -> Vocabulary:
    return _reading(info).vocabulary


class SourceEntry(BaseModel):
    """One place to watch. ``options`` holds the keys of the source's own kind."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    url: str
    every: float = Field(900.0, description="seconds between checks")
    options: BaseModel | None = None

    @model_validator(mode="before")
    @classmethod
    def _split_kind_options(cls, data: Any, info: ValidationInfo) -> Any:
        vocabulary = _vocabulary(info)
        if not isinstance(data, dict):
            raise ValueError("a source is a mapping with kind, url and every")
        kind = data.get("kind")
        known = vocabulary.source_kinds
        if not isinstance(kind, str) or kind not in known:
            raise ValueError(f"unknown source kind {kind!r}; known kinds: {', '.join(sorted(known))}")
        kind_cls = known[kind]
        own = {k: v for k, v in data.items() if k not in _SOURCE_KEYS}
        common = list(vocabulary.common_options.model_fields)
        allowed = (*_SOURCE_KEYS, *(k for k in kind_cls.Options.model_fields if k not in common), *common)
        unknown = sorted(set(own) - set(kind_cls.Options.model_fields))
        if unknown:
            raise ValueError(
                f"unknown key {', '.join(map(repr, unknown))} for a {kind} source; allowed keys: {', '.join(allowed)}"
            )
        shared = _reading(info).options
        key = (kind, repr(sorted(own.items())))
        options = shared.get(key)
        if options is None:
            try:
                options = shared[key] = kind_cls.Options.model_validate(own)
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
    def _allowed_scheme(self, info: ValidationInfo) -> SourceEntry:
        from urllib.parse import urlsplit

        schemes = _vocabulary(info).source_kinds[self.kind].schemes
        parts = urlsplit(self.url)
        if parts.scheme in ("http", "https") and "http" in schemes and parts.netloc:
            return self
        if parts.scheme in schemes and parts.scheme not in ("http", "https") and self.url.strip():
            return self
        if "http" in schemes:
            raise ValueError(f"{self.url!r} is not an http(s) URL; {self.kind} sources are fetched over http or https only")
        raise ValueError(f"{self.url!r} is not a folder path or file:// URL, which a {self.kind} source needs")


class CompareEntry(BaseModel):
    """Choices about what counts as a change, for the whole watchlist (``compare:`` at the top)
    or one company (its own ``compare:``, which wins where it says something). Unset is off."""

    model_config = ConfigDict(extra="forbid")

    range_changes: bool | None = Field(
        None, description="a guide's range narrowed or widened around the same midpoint is a low-severity change "
                          "(guidance_narrowed, guidance_widened)")

    def over(self, default: CompareEntry) -> CompareEntry:
        """These choices, with ``default``'s where these leave one unset."""
        return CompareEntry(**{**default.model_dump(exclude_none=True), **self.model_dump(exclude_none=True)})


class CompanyEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ticker: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9.\-]{0,9}$")
    name: str = ""
    tags: list[str] = []
    sources: list[SourceEntry] = []
    fiscal_year_end: int | None = Field(None, ge=1, le=12, description="month the fiscal year ends (9 for September)")
    compare: CompareEntry = CompareEntry()

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
                source.options = source.options.model_copy(update={"fiscal_year_end": self.fiscal_year_end})  # it may be shared
        twice = [key for key, n in Counter((s.kind, s.url) for s in self.sources).items() if n > 1]
        if twice:
            kind, url = twice[0]
            raise ValueError(f"the {kind} source {url} is listed twice; remove one")
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
    def _sendable(cls, value: list[str], info: ValidationInfo) -> list[str]:
        reading: _Reading = (info.context or {})["reading"]
        vocabulary = _vocabulary(info)
        for url in value:
            reading.secrets.update(vocabulary.url_secrets(url))
            problem = vocabulary.target_problem(url)
            if problem:
                raise ValueError(problem)
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
    def _known_kinds(cls, value: list[str], info: ValidationInfo) -> list[str]:
        known = list(_vocabulary(info).change_kinds)
        unknown = [k for k in value if k not in known]
        if unknown:
            raise ValueError(f"unknown change kind {unknown[0]!r}; known kinds: {', '.join(known)}")
        return value


class Watchlist(BaseModel):
    model_config = ConfigDict(extra="forbid")

    companies: list[CompanyEntry] = []
    routes: list[RouteEntry] = []
    compare: CompareEntry = CompareEntry()
    _secrets: frozenset[str] = PrivateAttr(default=frozenset())
    _variables: dict[str, str] = PrivateAttr(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Watchlist:
        for label, names in (("ticker", [c.ticker for c in self.companies]), ("route name", [r.name for r in self.routes])):
            twice = sorted(name for name, n in Counter(names).items() if n > 1)
            if twice:
                raise ValueError(f"{label} {twice[0]!r} is listed twice")
        if not self.companies:
            raise ValueError("the watchlist watches no company; list some under companies: (see config/watchlist.example.yaml)")
        return self

    @property
    def secrets(self) -> frozenset[str]:
        """The values taken from the environment and the secret parts of the route URLs."""
        return self._secrets

    def masker(self) -> Masker:
        return Masker(self._secrets)

    def stored_url(self, url: str) -> str:
        """``url`` as it is stored and shown: each ``${VAR}`` value written back as ``${VAR}``."""
        return template_url(url, self._variables)

    def fetch_url(self, stored: str) -> str:
        """The URL to fetch for a stored one: its ``${VAR}`` filled in again."""
        return expand_url(stored, self._variables)

    def unmatched_routes(self) -> list[str]:
        """A line for each route that names a company or tag no company in the watchlist has."""
        tickers = {c.ticker for c in self.companies}
        tags = {t for c in self.companies for t in c.tags}
        problems = []
        for index, route in enumerate(self.routes):
            strays = [t for t in route.companies if t not in tickers] + [t for t in route.tags if t not in tags]
            if strays:
                what = "a company or tag" if len(strays) == 1 else "companies or tags"
                problems.append(
                    f"routes[{index}] ({route.name}) names {what} no company in the watchlist has: {', '.join(strays)}; "
                    "fix the spelling or remove it"
                )
        return problems

    def compare_choices(self, ticker: str) -> CompareEntry:
        """What counts as a change for ``ticker``: its own ``compare:`` over the watchlist's."""
        company = next((c for c in self.companies if c.ticker == ticker.upper()), None)
        return company.compare.over(self.compare) if company is not None else self.compare

    def route(self, name: str) -> RouteEntry | None:
        return next((r for r in self.routes if r.name == name), None)

    def sources(self) -> list[tuple[CompanyEntry, SourceEntry]]:
        return [(company, source) for company in self.companies for source in company.sources]


def load_watchlist(path: Path, *, vocabulary: Vocabulary, environ: Mapping[str, str] | None = None) -> Watchlist:
    """Read and validate the watchlist at ``path``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such file; copy config/watchlist.example.yaml there or set EARNWATCH_CONFIG"
        ) from None
    except IsADirectoryError:
        raise ConfigError(f"{path} is a folder, not a watchlist file; remove it and copy config/watchlist.example.yaml there") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    return parse_watchlist(text, source=str(path), vocabulary=vocabulary, environ=environ)


def parse_watchlist(
    text: str, source: str = "<watchlist>", *, vocabulary: Vocabulary, environ: Mapping[str, str] | None = None
) -> Watchlist:
    reading = _Reading(vocabulary)
    expanded = _expand_env(text, source, os.environ if environ is None else environ, reading)
    mask = Masker(reading.secrets).mask
    try:
        data = yaml.load(expanded, Loader=_LOADER)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as exc:
        if "nesting depth" in str(exc):
            raise ConfigError(f"{source}: not valid YAML: nested too deeply; a watchlist is a few levels deep") from None
        raise ConfigError(mask(f"{source}: not valid YAML: {exc}")) from None
    except RecursionError:
        raise ConfigError(f"{source}: not valid YAML: nested too deeply; a watchlist is a few levels deep") from None
    if data is None:
        raise ConfigError(f"{source}: the file is empty; copy config/watchlist.example.yaml there and list your companies in it")
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the top level must be a mapping with companies and routes")
    try:
        watchlist = Watchlist.model_validate(data, context={"reading": reading})
    except ValidationError as exc:
        mask = Masker(reading.secrets).mask  # URL tokens met during validation, too
        raise ConfigError(mask(f"{source}: {_describe(exc, data)}")) from None
    watchlist._secrets = frozenset(reading.secrets)
    watchlist._variables = dict(reading.variables)
    return watchlist


def _expand_env(text: str, source: str, environ: Mapping[str, str], reading: _Reading) -> str:
    def value(match: re.Match[str]) -> str:
        name = match[1]
        if name in environ:
            found = environ[name]
        elif f"{name}_FILE" in environ:
            try:
                found = Path(environ[f"{name}_FILE"]).read_text(encoding="utf-8").strip()
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{source}: ${{{name}}} is read from {name}_FILE={environ[f'{name}_FILE']}, which cannot be read ({exc})") from None
        else:
            raise ConfigError(f"{source}: ${{{name}}} is used but the environment variable {name} is not set")
        reading.secrets.add(found)
        reading.variables[name] = found
        return found

    # Comments may mention ${VAR} without needing it.
    if "${" not in text:
        return text
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
        path, node = "", data  # type: str, Any
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
    nested: dict[str, type[BaseModel]] = {"companies": CompanyEntry, "sources": SourceEntry, "routes": RouteEntry,
                                          "compare": CompareEntry}
    for part in loc:
        if isinstance(part, str):
            model = nested.get(part)
    return model
