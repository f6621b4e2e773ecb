"""Benchmarks: they print numbers and never pass or fail on time.

Run them all with ``.venv/bin/python -m benchmarks``; the latest figures and
the machine they came from are in ``docs/benchmarks.md``.
"""
