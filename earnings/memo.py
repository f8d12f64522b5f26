"""Readings kept by their text, so a sentence said again is not read again.

``@kept`` is ``functools.lru_cache`` bounded to ``SIZE`` entries, and registered so that
``forget()`` clears every such cache at once (``earnings.reading.clear_cache``: the benchmark
reads documents cold). A kept function must depend on its arguments only, and its result must
never be changed by a caller.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

SIZE = 10_000  # entries per kept reading (~0.7 KB each): the sentences and clauses of a dozen long calls
_KEPT: list[Any] = []
F = TypeVar("F", bound=Callable[..., Any])


def kept(function: F) -> F:
    cached = lru_cache(maxsize=SIZE)(function)
    _KEPT.append(cached)
    return cached  # type: ignore[return-value]


def forget() -> None:
    """Clear every kept reading."""
    for cached in _KEPT:
        cached.cache_clear()
