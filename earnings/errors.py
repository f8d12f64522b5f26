"""The exception tree of the domain package (drawn in ``earnings/__init__.py``)."""


class EarningsError(Exception):
    """Base of every error raised by ``earnings``."""


class PeriodError(EarningsError, ValueError):
    """A string that does not name a fiscal quarter."""


class DocumentError(EarningsError, ValueError):
    """A document that cannot be read or compared."""
