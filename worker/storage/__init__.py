"""Storage: the SQLModel tables (``models``), engines and sessions (``db``), and the Alembic
schema (``schema``, ``migrations``). The caller owns the session and the commit."""
