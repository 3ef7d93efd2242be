"""The silhouette: how much closer each point is to its own cluster than to the next one.

For point i in cluster A let

    a(i) = mean distance from i to the other members of A
    b(i) = min over clusters B != A of the mean distance from i to the members of B
    s(i) = (b(i) - a(i)) / max(a(i), b(i))          (0 when i is alone in A, or a = b = 0)

s(i) lies in [-1, 1]: near 1 the point sits well inside its cluster, near 0 on a border,
below 0 probably in the wrong cluster. The silhouette score is the mean of s(i).

Cost: every pairwise distance, O(n**2). Each distance is computed once: the points are
grouped by cluster, and row i's distances to the points after it are added both to i's sum
for their cluster and, column-wise, to their sums for i's cluster. Memory is O(n k), never
an n x n matrix. For large data pass ``sample_size`` (the score of a random subset).

Other distances: ``metric`` names one of ``pairwise.METRICS`` ('sqeuclidean', 'manhattan',
'cosine', ...), or is 'precomputed' when X is already the n x n matrix of distances (checked
by ``pairwise.check_distance_matrix``). These read each point's whole row of distances and
sum it per cluster with fsum, as scikit-learn does (its own 0 on the diagonal included);
the default 'euclidean' keeps the pair-once loop above.

Large and tiny data: the silhouette does not change when X is scaled, so data whose largest
|value| is past 1e150 or below 1e-150 is first scaled by a power of two (exact) towards 1
(``rescaled``): distances and their sums then neither overflow nor underflow.

Public functions: silhouette_samples, silhouette_score, check_cluster_labels, rescaled.
Reference: P. J. Rousseeuw (1987), J. Comput. Appl. Math. 20: 53-65.
"""

from __future__ import annotations

import math
from itertools import repeat
from operator import add
from typing import Hashable, Iterable, Sequence

from ..errors import KMeansError
from ..randomness import check_random_state
from ..validation import check_array
from ..vectors import dist
from .contingency import check_labels, distinct_labels
from .pairwise import check_distance_matrix, distance_function

__all__ = ["silhouette_samples", "silhouette_score", "check_cluster_labels", "rescaled"]


def silhouette_samples(X: Iterable, labels: Sequence[Hashable], *,
                       metric: str = "euclidean") -> list[float]:
    """The silhouette coefficient s(i) = (b(i) - a(i)) / max(a(i), b(i)) of every point.

    >>> [round(s, 4) for s in silhouette_samples([[0.0], [0.1], [5.0], [5.1]], [0, 0, 1, 1])]
    [0.9802, 0.9798, 0.9798, 0.9802]
    >>> D = [[0, 1, 4], [1, 0, 3], [4, 3, 0]]        # a(0) = 1, b(0) = 4: s(0) = 3/4
    >>> silhouette_samples(D, [0, 0, 1], metric="precomputed")
    [0.75, 0.6666666666666666, 0.0]

    ``metric``: 'euclidean' (default), another name in ``pairwise.METRICS``, or
    'precomputed' (X is the square matrix of distances). A point alone in its cluster
    scores 0. Raises KMeansError unless 2 <= number of distinct labels <= n_samples - 1,
    for an unknown metric, or a precomputed matrix that is not square, non-negative,
    zero on the diagonal and symmetric.
    Reference: Rousseeuw (1987).
    """
    X = _checked(X, metric, "silhouette_samples")
    return _samples(X, check_cluster_labels(labels, len(X), "silhouette_samples"), metric)


def _checked(X: Iterable, metric: str, caller: str) -> list:
    """X checked as points, or as a distance matrix when metric is 'precomputed'."""
    if metric != "precomputed":
        distance_function(metric, caller)       # a known name?
    X = check_array(X, caller=caller)
    if metric == "precomputed":
        check_distance_matrix(X, caller)
    return X


def _samples(X: list, index: list[int], metric: str = "euclidean") -> list[float]:
    """s(i) for every point of checked X, with labels as indices 0..k-1."""
    X = rescaled(X)
    if metric == "euclidean":
        sums, sizes = _cluster_distance_sums(X, index)
    else:
        sums, sizes = _row_sums(_distance_rows(X, metric), index)
    scores = []
    for i, own in enumerate(index):
        if sizes[own] == 1:
            scores.append(0.0)    # a singleton has no a(i): scikit-learn scores it 0
            continue
        a = sums[i][own] / (sizes[own] - 1)
        b = min(total / size for c, (total, size) in enumerate(zip(sums[i], sizes)) if c != own)
        largest = max(a, b)
        scores.append((b - a) / largest if largest > 0 else 0.0)
    return scores


def _distance_rows(X: list, metric: str) -> Iterable:
    """Each point's row of distances to all points (X itself when precomputed)."""
    if metric == "precomputed":
        return X
    prepare, distance = distance_function(metric, "silhouette_samples")
    points = [prepare(x) for x in X]
    return ([0.0 if j == i else distance(x, y) for j, y in enumerate(points)]
            for i, x in enumerate(points))


def _row_sums(rows: Iterable, index: list[int]) -> tuple[list[list[float]], list[int]]:
    """(sums[i][c] = fsum of row i's distances to cluster c, cluster sizes)."""
    k = max(index) + 1
    members: list[list[int]] = [[] for _ in range(k)]
    for j, c in enumerate(index):
        members[c].append(j)
    sums = [[math.fsum([row[j] for j in group]) for group in members] for row in rows]
    return sums, [len(group) for group in members]


def silhouette_score(X: Iterable, labels: Sequence[Hashable], *, metric: str = "euclidean",
                     sample_size: int | None = None, random_state=None) -> float:
    """Mean silhouette coefficient over all samples (or over a random ``sample_size`` of them).

    >>> round(silhouette_score([[0.0], [0.1], [5.0], [5.1]], [0, 0, 1, 1]), 4)
    0.98
    >>> round(silhouette_score([[0.0], [0.1], [5.0], [5.1]], [0, 0, 1, 1], metric="sqeuclidean"), 4)
    0.9996

    ``metric`` as in silhouette_samples. The subset is
    ``RandomState(random_state).choice(n, sample_size, replace=False)`` (NumPy's
    ``permutation(n)[:sample_size]``), the rows (and, when
    precomputed, columns) scikit-learn picks for the same seed. Raises KMeansError unless
    2 <= number of distinct labels <= n_samples - 1 (in the subset), and as
    silhouette_samples.
    Reference: Rousseeuw (1987).
    """
    X = _checked(X, metric, "silhouette_score")
    labels = check_labels(labels, "silhouette_score")
    if len(labels) != len(X):
        raise KMeansError(f"silhouette_score requires one label per row; got "
                          f"len(labels)={len(labels)}, n_samples={len(X)}")
    if sample_size is not None:
        if not 1 <= sample_size <= len(X):
            raise KMeansError(f"silhouette_score requires 1 <= sample_size <= n_samples; got "
                              f"sample_size={sample_size}, n_samples={len(X)}")
        chosen = check_random_state(random_state).choice(len(X), sample_size, replace=False)
        X, labels = [X[i] for i in chosen], [labels[i] for i in chosen]
        if metric == "precomputed":
            X = [tuple(row[j] for j in chosen) for row in X]
    index = check_cluster_labels(labels, len(X), "silhouette_score")
    return math.fsum(_samples(X, index, metric)) / len(X)


def check_cluster_labels(labels: Sequence[Hashable], n_samples: int, caller: str) -> list[int]:
    """The labels as indices 0..k-1 (in sorted label order), after checking their count and number.

    >>> check_cluster_labels(["b", "a", "b"], 3, "silhouette_samples")
    [1, 0, 1]

    Raises KMeansError unless there is one label per row and 2 <= distinct labels <= n - 1.
    """
    labels = check_labels(labels, caller)
    if len(labels) != n_samples:
        raise KMeansError(f"{caller} requires one label per row; got len(labels)={len(labels)}, "
                          f"n_samples={n_samples}")
    classes = {c: j for j, c in enumerate(distinct_labels(labels))}
    if not 2 <= len(classes) <= n_samples - 1:
        raise KMeansError(f"{caller} requires 2 <= number of distinct labels <= n_samples - 1; "
                          f"got {len(classes)} labels, n_samples={n_samples}")
    return [classes[label] for label in labels]


def rescaled(X: list) -> list:
    """X times the power of two that brings its largest |value| into [0.5, 1), when that
    value is past 1e150 or below 1e-150 (its squares would overflow or vanish); else X.

    For scores unchanged by scaling X (silhouette, Calinski-Harabasz, Davies-Bouldin).
    ``math.ldexp`` multiplies by a power of two exactly, so only values more than 1e-300
    times smaller than the largest can lose bits, and they are too small to matter.

    >>> rescaled([(1e200, -3e200)]), rescaled([(1.0, 2.0)])
    ([(0.3266050441575651, -0.9798151324726952)], [(1.0, 2.0)])
    """
    largest = max(max(map(abs, row)) for row in X)
    if largest == 0 or 1e-150 <= largest <= 1e150:
        return X
    shift = -math.frexp(largest)[1]
    return [tuple(math.ldexp(value, shift) for value in row) for row in X]


def _cluster_distance_sums(X: list, index: list[int]) -> tuple[list[list[float]], list[int]]:
    """(sums[i][c] = sum of distances from point i to the points of cluster c, cluster sizes)."""
    k = max(index) + 1
    order = sorted(range(len(X)), key=index.__getitem__)    # points grouped by cluster
    points = [X[i] for i in order]
    clusters = [index[i] for i in order]
    sizes = [clusters.count(c) for c in range(k)]
    starts = [sum(sizes[:c]) for c in range(k + 1)]
    sums = [[0.0] * k for _ in points]
    # columns[c][t] collects distances to point t from the earlier points of cluster c
    columns = [[0.0] * len(points) for _ in range(k)]
    for t, (x, c) in enumerate(zip(points, clusters)):
        later = list(map(dist, points[t + 1:], repeat(x)))   # each pair once
        row = sums[t]
        for d in range(k):
            low, high = max(starts[d], t + 1), starts[d + 1]
            if low < high:
                segment = later[low - t - 1: high - t - 1]
                row[d] += math.fsum(segment)
        column = columns[c]
        column[t + 1:] = map(add, column[t + 1:], later)
        for d in range(k):
            row[d] += columns[d][t]
    result: list = [None] * len(X)
    for t, original in enumerate(order):
        result[original] = sums[t]
    return result, sizes
