"""Celery: the app made from a process's ``Context`` (``app``), one beat table, thin tasks over
the stage chain (``tasks``), and the entry point Celery children are started with (``child``)."""
