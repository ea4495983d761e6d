"""The vocabulary every process shares: insurance schemes, administrative divisions, documents."""
