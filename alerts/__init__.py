"""Routing rules, rendering per channel, and sending through apprise.

Knows nothing of Celery or scraping: it gets a ``ChangeReport`` and a route and returns what
was sent, or raises.

Errors::

    DeliveryError          .permanent: retrying cannot help (a bad URL, a route removed)
"""


class DeliveryError(Exception):
    """An alert could not be delivered to one of its route's targets."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent
