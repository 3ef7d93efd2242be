"""Cluster stability: does each cluster come back when the data are resampled?

Cluster X once. Then, B times, draw n rows with replacement (a bootstrap resample), cluster
the resample, and compare every original cluster C with its best match there. Both are sets
of positions in the resample (a row drawn twice counts twice): C* = the positions whose
rows were in C, and C' a cluster of the resample. The Jaccard similarity

    gamma(C*, C') = |C* intersect C'| / |C* union C'|

is 1 when C' is exactly C*. A cluster's stability is the mean over the resamples that drew
any of its rows of max over C' of gamma(C*, C'). Hennig's rules of thumb: below 0.5 the
cluster "dissolved"; 0.6-0.75 hints at a pattern; above 0.85 it is highly stable. Clusters
of structureless data keep moving with the resample, so their stability is clearly lower.

Public names: cluster_stability, ClusterStability.
Reference: C. Hennig (2007), "Cluster-wise assessment of cluster stability", Computational
Statistics and Data Analysis 52: 258-271 (the R package fpc's ``clusterboot``).
"""

from __future__ import annotations

import math
from typing import Iterable, NamedTuple, Sequence

from .errors import KMeansError
from .kmeans import KMeans
from .randomness import RandomState, check_random_state
from .validation import check_array, check_n_clusters

__all__ = ["cluster_stability", "ClusterStability", "jaccard"]


class ClusterStability(NamedTuple):
    """Per cluster of ``labels`` (0..k-1): the mean best Jaccard and how often it dissolved."""
    labels: list           # the clustering of X that was assessed (KMeans' labels_)
    mean_jaccard: list     # per cluster: its stability, in [0, 1] (NaN if no resample drew it)
    dissolved: list        # per cluster: resamples where its best Jaccard was <= 0.5
    recovered: list        # per cluster: resamples where its best Jaccard was >= 0.75
    jaccard: list          # per cluster: the best Jaccard in each resample that drew it


def jaccard(a: Sequence[bool], b: Sequence[bool]) -> float:
    """|A intersect B| / |A union B| of two sets given as membership flags (0.0 if both empty).

    >>> jaccard([True, True, False, False], [False, True, True, False])     # 1 / 3
    0.3333333333333333
    """
    union = sum(1 for x, y in zip(a, b) if x or y)
    return sum(1 for x, y in zip(a, b) if x and y) / union if union else 0.0


def cluster_stability(X: Iterable, n_clusters: int, *, n_bootstrap: int = 20,
                      random_state=None, **kmeans_params) -> ClusterStability:
    """Hennig's bootstrap stability of each of KMeans' ``n_clusters`` clusters of X.

    For b = 1..B (``n_bootstrap``): draw n row indices with replacement, fit KMeans to those
    rows, and record for each original cluster C with rows in the resample

        max over clusters C' of the resample of  |C* & C'| / |C* | C'|

    (C*: the resample's positions whose rows were in C). Stability is the mean over b.

    >>> X = [[0.0], [0.1], [0.2], [10.0], [10.1], [10.2]]
    >>> result = cluster_stability(X, 2, n_bootstrap=5, random_state=0, n_init=3)
    >>> result.labels, result.mean_jaccard, result.dissolved
    ([1, 1, 1, 0, 0, 0], [1.0, 1.0], [0, 0])

    One generator (from ``random_state``) draws everything in order: the fit of X, then for
    each resample its indices and its fit. ``kmeans_params`` go to every KMeans.
    Raises KMeansError unless 1 <= n_clusters <= n_samples and n_bootstrap >= 1.
    Reference: C. Hennig (2007), Comput. Stat. Data Anal. 52: 258-271.
    """
    X = check_array(X, caller="cluster_stability")
    k = check_n_clusters(n_clusters, len(X), caller="cluster_stability")
    if isinstance(n_bootstrap, bool) or not isinstance(n_bootstrap, int) or n_bootstrap < 1:
        raise KMeansError(f"cluster_stability requires n_bootstrap >= 1; got n_bootstrap={n_bootstrap!r}")
    rng = check_random_state(random_state)
    labels = KMeans(n_clusters=k, random_state=rng, **kmeans_params).fit(X).labels_
    found: list[list[float]] = [[] for _ in range(k)]
    for _ in range(n_bootstrap):
        drawn = rng.randint(0, len(X), size=len(X))
        for cluster, best in _best_matches(X, labels, k, drawn, rng, kmeans_params).items():
            found[cluster].append(best)
    return ClusterStability(labels, [math.fsum(values) / len(values) if values else math.nan for values in found],
                            [sum(1 for v in values if v <= 0.5) for values in found],
                            [sum(1 for v in values if v >= 0.75) for values in found], found)


def _best_matches(X: list, labels: list, k: int, drawn: list, rng: RandomState,
                  kmeans_params: dict) -> dict:
    """{original cluster: its best Jaccard} in the resample of rows ``drawn`` (clusters it drew)."""
    resample = [X[i] for i in drawn]
    # a resample can hold fewer distinct rows than k: fit that many clusters (more would be empty)
    new = KMeans(n_clusters=min(k, len(set(resample))), random_state=rng, **kmeans_params).fit(resample).labels_
    members = [[labels[i] == cluster for i in drawn] for cluster in range(k)]
    matches = [[label == cluster for label in new] for cluster in sorted(set(new))]
    return {cluster: max(jaccard(inside, match) for match in matches)
            for cluster, inside in enumerate(members) if any(inside)}
