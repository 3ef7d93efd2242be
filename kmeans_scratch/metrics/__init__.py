"""Clustering metrics (filled in by the evaluation modules)."""

__all__ = []
