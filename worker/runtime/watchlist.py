"""The watchlist with everything earnwatch knows: source kinds and their options (``scrapers``),
change kinds (``earnings``), which alert URLs can be sent to (``alerts``), and the settings.

``config.watchlist`` reads the file but imports nothing of ours; this module hands it the
``VOCABULARY`` it validates against, and ``problems`` checks what needs the settings too.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from config import watchlist as file_format
from config.settings import Settings
from config.watchlist import Watchlist
from earnings.report import ChangeKind
from scrapers.base import SourceOptions
from scrapers.registry import SOURCE_KINDS

if TYPE_CHECKING:
    from earnings.compare import CompareOptions



def _target_problem(url: str) -> str | None:
    from alerts.targets import target_problem  # apprise: loaded only when routes are checked

    return target_problem(url)


def _url_secrets(url: str) -> set[str]:
    from alerts.targets import url_secrets

    return url_secrets(url)


VOCABULARY = file_format.Vocabulary(
    source_kinds=SOURCE_KINDS,
    common_options=SourceOptions,
    change_kinds=tuple(kind.value for kind in ChangeKind),
    target_problem=_target_problem,
    url_secrets=_url_secrets,
)
# For commands that only look (``earnwatch status``): route URLs are not checked against
# apprise, which then is not loaded. Their ${VAR} values and URL passwords are masked still;
# what such a command prints holds no route URL.
LOOKING = file_format.Vocabulary(
    source_kinds=SOURCE_KINDS, common_options=SourceOptions, change_kinds=VOCABULARY.change_kinds,
)


def load_watchlist(path: Path, *, environ: Mapping[str, str] | None = None, check_routes: bool = True) -> Watchlist:
    """Read and validate the watchlist file at ``path`` (``ConfigError`` if it is not usable)."""
    return file_format.load_watchlist(path, vocabulary=VOCABULARY if check_routes else LOOKING, environ=environ)


def parse_watchlist(text: str, source: str = "<watchlist>", *, environ: Mapping[str, str] | None = None) -> Watchlist:
    """Validate a watchlist given as text."""
    return file_format.parse_watchlist(text, source, vocabulary=VOCABULARY, environ=environ)


def compare_options(watchlist: Watchlist, ticker: str) -> CompareOptions:
    """The engine's options for ``ticker``: the company's ``compare:`` over the watchlist's,
    unset meaning the engine's default."""
    from earnings.compare import CompareOptions  # the engine is loaded only where documents are compared (not by `status`)

    choices = watchlist.compare_choices(ticker)
    return CompareOptions(range_changes=bool(choices.range_changes))


def problems(watchlist: Watchlist, settings: Settings) -> list[str]:
    """What a valid watchlist still gets wrong, one line each: routes that match no company,
    an SEC source without a contact in the User-Agent, an operator route that is not there."""
    from scrapers.sec_edgar import has_contact

    found = watchlist.unmatched_routes()
    sec = [company.ticker for company, source in watchlist.sources() if source.kind == "sec_edgar"]
    if sec and not has_contact(settings.user_agent):
        found.append(
            f"the sec_edgar source of {', '.join(sec[:5])}{' and more' if len(sec) > 5 else ''} needs a contact email in "
            f'EARNWATCH_USER_AGENT (it is {settings.user_agent!r}); the SEC asks every client to name itself: '
            'EARNWATCH_USER_AGENT="Acme Research ops@acme.example"'
        )
    if settings.operator_route and watchlist.route(settings.operator_route) is None:
        names = ", ".join(r.name for r in watchlist.routes) or "none"
        found.append(f"EARNWATCH_OPERATOR_ROUTE is {settings.operator_route!r}, which is no route in the watchlist (routes: {names})")
    return found
