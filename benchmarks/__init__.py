"""Benchmarks of medins-rules (not part of the test suite): python -m benchmarks.run."""
