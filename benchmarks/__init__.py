"""Benchmarks of the atlas against its baselines (issue 5): build time and memory, live reload,
the quiz engine in Chromium, bytes on the wire and Lighthouse scores.

Run `python -m benchmarks` (or `make bench`); see `benchmarks/__main__.py` for the options.
"""
