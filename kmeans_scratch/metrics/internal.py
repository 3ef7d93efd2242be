"""Internal scores: judging a clustering from the data alone (besides inertia and silhouette).

With n points, k clusters of sizes n_c, cluster means mu_c and overall mean mu,

    Calinski-Harabasz = [sum_c n_c ||mu_c - mu||**2 / (k - 1)] / [sum_i ||x_i - mu_c(i)||**2 / (n - k)]
                        (between-cluster over within-cluster dispersion; higher is better)
    Davies-Bouldin    = (1/k) sum_c max_{d != c} (s_c + s_d) / ||mu_c - mu_d||
                        with s_c the mean distance of cluster c's points to mu_c (lower is better)

Edge cases as scikit-learn: zero within-cluster dispersion gives CH = 1.0; if all s_c or all
centroid distances are 0, DB = 0.0; a pair of clusters with the same centroid is skipped.

Both scores are unchanged by scaling X, so large or tiny data is first scaled by a power of two
(``silhouette.rescaled``): squares then neither overflow nor vanish. A score too large for a
float (clusters far apart against a spread of 1e-300) raises KMeansError rather than
returning inf.

Public functions: calinski_harabasz_score, davies_bouldin_score.
Reference: T. Calinski and J. Harabasz (1974), Comm. Stat. 3: 1-27; D. L. Davies and
D. W. Bouldin (1979), IEEE TPAMI 1(2): 224-227.
"""

from __future__ import annotations

import math
from typing import Hashable, Iterable, Sequence

from ..errors import KMeansError
from ..validation import check_array
from ..vectors import dist, mean, squared_distance
from .silhouette import check_cluster_labels, rescaled

__all__ = ["calinski_harabasz_score", "davies_bouldin_score"]


def _clusters(X: Iterable, labels: Sequence[Hashable], caller: str) -> tuple[list, list[list]]:
    """(checked X, the rows of each cluster)."""
    X = rescaled(check_array(X, caller=caller))
    index = check_cluster_labels(labels, len(X), caller)
    members: list[list] = [[] for _ in range(max(index) + 1)]
    for x, c in zip(X, index):
        members[c].append(x)
    return X, members


def calinski_harabasz_score(X: Iterable, labels: Sequence[Hashable]) -> float:
    """Between-cluster dispersion over within-cluster dispersion, each per degree of freedom.

    >>> calinski_harabasz_score([[0.0], [1.0], [10.0], [11.0]], [0, 0, 1, 1])
    200.0

    Raises KMeansError unless 2 <= number of distinct labels <= n_samples - 1.
    Reference: Calinski and Harabasz (1974).
    """
    X, members = _clusters(X, labels, "calinski_harabasz_score")
    overall = mean(X)
    between: list[float] = []
    within: list[float] = []
    for rows in members:
        centre = mean(rows)
        between.append(len(rows) * squared_distance(centre, overall))
        within.extend(squared_distance(x, centre) for x in rows)
    n, k = len(X), len(members)
    within_total = math.fsum(within)
    if within_total == 0:
        return 1.0
    return _finite(math.fsum(between) * (n - k) / (within_total * (k - 1)),
                   "calinski_harabasz_score")


def davies_bouldin_score(X: Iterable, labels: Sequence[Hashable]) -> float:
    """Mean over clusters of the worst (s_c + s_d) / ||mu_c - mu_d|| ratio; lower is better.

    >>> davies_bouldin_score([[0.0], [1.0], [10.0], [11.0]], [0, 0, 1, 1])
    0.1

    Raises KMeansError unless 2 <= number of distinct labels <= n_samples - 1.
    Reference: Davies and Bouldin (1979).
    """
    X, members = _clusters(X, labels, "davies_bouldin_score")
    centres = [mean(rows) for rows in members]
    spread = [math.fsum(dist(x, c) for x in rows) / len(rows)
              for rows, c in zip(members, centres)]
    gaps = [[dist(a, b) for b in centres] for a in centres]
    if all(s == 0 for s in spread) or all(g == 0 for row in gaps for g in row):
        return 0.0
    worst = []
    for c in range(len(centres)):
        ratios = [(spread[c] + spread[d]) / gaps[c][d]
                  for d in range(len(centres)) if d != c and gaps[c][d] > 0]
        worst.append(max(ratios, default=0.0))
    return _finite(math.fsum(worst) / len(worst), "davies_bouldin_score")


def _finite(score: float, caller: str) -> float:
    """The score, if a float can hold it."""
    if not math.isfinite(score):
        raise KMeansError(f"{caller} requires a score a float can hold; got clusters whose "
                          f"spread is over 1e308 times smaller than their distance")
    return score
