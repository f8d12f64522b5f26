"""Operations: ``health`` (database, schema, broker, live worker and scheduler), ``heartbeat``,
Prometheus ``metrics``, structured ``logs``, and the ``status`` read model."""
