"""Fetching (httpx) and parsing (beautifulsoup4) each kind of source into a ``CallDocument``.

Only ``scrapers.fetch`` touches the network. A source kind (``scrapers.base.SourceKind``)
discovers and fetches a source's document pages; its ``parse`` is a pure function from bytes
to a ``CallDocument``. Kinds are listed in ``scrapers.registry.SOURCE_KINDS``.

Errors::

    ScrapeError                  .permanent says whether retrying can help
     ├── FetchError              timeouts, refused connections, 4xx/5xx
     │    ├── UnsafeURLError     not http(s)
     │    ├── RobotsDisallowedError  the site's robots.txt says no
     │    └── ResponseTooLargeError
     └── ParseError              fetched, but not an earnings document
          └── PeriodNotFoundError
"""
