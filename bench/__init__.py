"""Benchmarks, run by hand: ``python -m bench.sources``. Not tests: they time, they do not assert."""
