"""Hypothesis strategies for every input model (public API for downstream property tests)."""
