"""The mac benchmark: synthetic definitions at scale, timed against references.

Run it with `python -m bench.run` from the repository root; see
bench/README.md.
"""
