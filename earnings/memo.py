"""Readings kept by their text, so a sentence said again is not read again.

``@kept`` is ``functools.lru_cache`` bounded to ``SIZE`` entries, and registered so that
``forget()`` clears every such cache at once (``earnings.reading.clear_cache``: the benchmark
reads documents cold). A kept function must depend on its arguments only, and its result must
never be changed by a caller.

``@kept_per_document`` keeps what a rule builds from one document's readings alone (the
baseline's, asked again when the next quarter is compared with it) for the last few documents,
by the readings themselves: ``earnings.reading`` hands out the same reading for a statement read
again, so the same objects in the same order are the same document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache, wraps
from typing import Any, TypeVar

SIZE = 10_000  # entries per kept reading (~0.7 KB each): the sentences and clauses of a dozen long calls
DOCUMENTS = 8  # documents whose rule structures are kept
_KEPT: list[Any] = []
_PER_DOCUMENT: list[dict[Any, Any]] = []
F = TypeVar("F", bound=Callable[..., Any])
R = TypeVar("R")


def kept(function: F) -> F:
    cached = lru_cache(maxsize=SIZE)(function)
    _KEPT.append(cached)
    return cached  # type: ignore[return-value]


def kept_per_document(function: Callable[..., R]) -> Callable[..., R]:
    """``function(readings, *args)`` kept by the identity of ``readings``' items and by ``args``
    (see the module docstring)."""
    store: dict[Any, tuple[tuple[Any, ...], R]] = {}
    _PER_DOCUMENT.append(store)

    @wraps(function)
    def cached(readings: Sequence[Any], *args: Any) -> R:
        key = (tuple(map(id, readings)), args)
        hit = store.get(key)
        if hit is not None:
            return hit[1]
        result = function(readings, *args)
        store[key] = (tuple(readings), result)  # held, so no other object takes one of these ids while kept
        if len(store) > DOCUMENTS:
            store.pop(next(iter(store)), None)
        return result

    return cached


def forget() -> None:
    """Clear every kept reading."""
    for cached in _KEPT:
        cached.cache_clear()
    for store in _PER_DOCUMENT:
        store.clear()
