"""The stages a document goes through, each a plain function of a ``Context`` and one id:

- ``sync``: the watchlist mirrored into the ``company`` and ``source`` rows;
- ``scrape``: a due source fetched, parsed and its new document versions stored;
- ``compare``: a new version compared with its baselines, and alerts planned per route;
- ``deliver``: one alert (or a digest) sent exactly once, retried with backoff;
- ``source_alerts``: operator alerts when a source has failed for long, and when it is back;
- ``reparse``: stored bytes read again by today's parsers;
- ``sweep``: what the scheduler does every tick.

``chain`` joins scrape → compare → deliver once; ``inline`` runs the chain in this process,
``worker.queue`` on Celery workers.
"""
