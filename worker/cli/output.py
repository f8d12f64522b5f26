"""What the CLI prints, and the state of one invocation.

Scraped text (titles, URLs, errors quoting a page) is untrusted: it is printed as plain text
(``rich.text.Text``), never parsed as rich markup, and stripped of terminal control codes, so
a title holding ``[/]`` or ``[link=…]`` is shown as written. Only the CLI's own words carry
styles, through ``say``'s ``(text, style)`` pairs.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from config.secrets import Masker
from config.settings import Settings, load_settings
from worker.text import printable

if TYPE_CHECKING:
    from worker.runtime.context import Context

console = Console(highlight=False, soft_wrap=True)
errors = Console(stderr=True, highlight=False, soft_wrap=True)

Part = str | tuple[str, str]


class TableOrJson(str, Enum):
    table = "table"
    json = "json"


class TextOrJson(str, Enum):
    text = "text"
    json = "json"


def plain(value: Any, style: str | None = None) -> Text:
    """``value`` as text that is shown as written: no markup, no control codes."""
    return Text(printable("" if value is None else str(value)), style=style or "")


def line(*parts: Part) -> Text:
    """A line from plain strings and ``(text, style)`` pairs; nothing in them is markup."""
    return Text.assemble(*((printable(p), "") if isinstance(p, str) else (printable(p[0]), p[1]) for p in parts))


def say(*parts: Part) -> None:
    console.print(line(*parts))


def table(*columns: str, title: str | None = None) -> Table:
    return Table(*columns, title=plain(title) if title else None, title_justify="left")


def row(grid: Table, *cells: Any) -> None:
    grid.add_row(*(cell if isinstance(cell, Text) else plain(cell) for cell in cells))


@dataclass
class State:
    """One invocation: ``--debug``, and the context, made on first use."""

    debug: bool = False
    overrides: dict[str, Any] = field(default_factory=dict)
    _context: Context | None = None

    def settings(self) -> Settings:
        return self._context.settings if self._context else load_settings(**self.overrides)

    def context(self, *, looking: bool = False) -> Context:
        """The context, made on first use; ``looking``: for a command that only reads and
        prints (``status``), which does not check route URLs and so loads no apprise."""
        if self._context is None:
            from worker.runtime.context import Context

            self._context = Context(load_settings(**self.overrides), check_routes=not looking)
        return self._context

    def use(self, context: Context) -> Context:
        self._context = context
        return context

    def masker(self) -> Masker:
        return self._context.masker if self._context else Masker()

    def close(self) -> None:
        if self._context is not None:
            self._context.close()


@contextmanager
def starting() -> Iterator[None]:
    """A command's start-up (its imports, the context, the watchlist): what it makes lives as
    long as the process, so the cyclic garbage collector is paused while it is made and then
    told to leave it be (``gc.freeze``). Otherwise each of its full collections walks all of
    it again: ~1 s of an `earnwatch scrape` of 1,000 sources went to that."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def state(ctx: typer.Context) -> State:
    found = ctx.find_root().obj
    if not isinstance(found, State):  # a command called outside ``main`` (typer's test runner)
        found = ctx.find_root().obj = State()
    return found


def fail(st: State | None, message: str, code: int = 2) -> NoReturn:
    """Print one error line (secrets masked) and exit with ``code``."""
    mask = st.masker().mask if st else Masker().mask
    errors.print(line(("error:", "bold red"), " ", mask(message)))
    raise typer.Exit(code)


def resolve(path: Path) -> str:
    try:
        return str(path.resolve())
    except OSError:
        return str(path)
