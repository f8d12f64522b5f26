"""robots.txt rules per site, remembered for a while (the fetching is ``scrapers.fetch``'s).

Following RFC 9309: a robots.txt that is missing (any 4xx) allows everything; one that cannot
be read (5xx, network error) is an error for now, never a silent "allowed".
"""

from __future__ import annotations

import threading
import time
from urllib.robotparser import RobotFileParser

ALLOW_ALL = RobotFileParser()
ALLOW_ALL.parse([])


def parse_robots(text: str) -> RobotFileParser:
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    return parser


class RobotsCache:
    """Parsed robots.txt per ``scheme://host:port``, each kept for ``ttl`` seconds."""

    def __init__(self, ttl: float = 3600.0) -> None:
        self.ttl = ttl
        self._rules: dict[str, tuple[float, RobotFileParser]] = {}
        self._lock = threading.Lock()
        self._site_locks: dict[str, threading.Lock] = {}

    def get(self, site: str) -> RobotFileParser | None:
        with self._lock:
            entry = self._rules.get(site)
        if entry is None or entry[0] < time.monotonic():
            return None
        return entry[1]

    def put(self, site: str, rules: RobotFileParser) -> None:
        with self._lock:
            self._rules[site] = (time.monotonic() + self.ttl, rules)

    def lock_for(self, site: str) -> threading.Lock:
        """One lock per site, so that many threads wanting the same site fetch robots.txt once."""
        with self._lock:
            return self._site_locks.setdefault(site, threading.Lock())
