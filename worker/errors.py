"""The errors of ``worker`` that an operator can act on (the CLI prints each as one line and
exits 2; a Celery child exits without being restarted).

Errors::

    OperatorError            something the operator can fix; the message says what to do
     ├── PipelineError       a request the pipeline cannot carry out (an unknown ticker, no stored quarter)
     ├── DatabaseError       the database cannot be used: a bad URL, a server that is down
     │    └── SchemaError    its schema is not the one this earnwatch needs
     └── BrokerError         the broker (Redis) cannot be reached

``config.ConfigError`` (a bad watchlist or setting), ``scrapers.errors.ScrapeError``,
``earnings.EarningsError`` and ``alerts.DeliveryError`` are shown the same way.
"""

from __future__ import annotations


class OperatorError(Exception):
    """Something the operator can fix; the message says what to do."""


class PipelineError(OperatorError):
    """A request the pipeline cannot carry out (an unknown ticker, no stored quarter)."""


class DatabaseError(OperatorError):
    """The database cannot be used: a bad URL, a server that is down or refuses us."""


class SchemaError(DatabaseError):
    """The database schema is not the one this version of earnwatch needs."""


class BrokerError(OperatorError):
    """The broker cannot be reached."""
