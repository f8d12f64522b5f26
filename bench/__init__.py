"""Benchmarks, run by hand: ``python -m bench`` (earnwatch beside urlwatch), ``python -m bench.sources``,
``bench.engine``, ``bench.web``. Not tests: they time, they do not assert."""
