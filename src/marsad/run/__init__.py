"""Executors: the same pipeline run in-process (local) or on a cluster (later)."""
