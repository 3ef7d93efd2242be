"""Clustering metrics."""
