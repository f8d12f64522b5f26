"""Durations written by people: ``15m``, ``1h``, ``2h30m``, ``45s``, or a number of seconds."""

from __future__ import annotations

import re

_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|m|s)", re.I)
_SECONDS = {"d": 86400, "h": 3600, "m": 60, "s": 1}
_LONGEST = 366 * 86400.0


def parse_duration(value: str | int | float) -> float:
    """Seconds in ``value``; raises ValueError with the accepted forms."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        text = str(value).strip().replace(" ", "")
        parts = _PART.findall(text)
        if not parts or "".join(n + u for n, u in parts).lower() != text.lower():
            raise ValueError(f"{value!r} is not a duration; write it like 30s, 15m, 1h or 2h30m")
        seconds = sum(float(n) * _SECONDS[u.lower()] for n, u in parts)
    if not seconds > 0:  # also NaN (YAML's .nan)
        raise ValueError(f"{value!r} must be longer than zero")
    if seconds > _LONGEST:  # also .inf, which no timedelta can hold
        raise ValueError(f"{value!r} is longer than a year; write it like 30s, 15m, 1h or 2h30m")
    return seconds
