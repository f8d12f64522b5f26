"""Settings (environment variables, with defaults) and the watchlist file format.

Errors::

    ConfigError      a watchlist or setting that cannot be used; says which file, which entry
                     and which keys are allowed
"""


class ConfigError(Exception):
    """A watchlist or setting that cannot be used."""
