"""Rows as points: distances, means and the nearest centre.

This is the only module that does arithmetic on rows; everything else calls it. A point is
a tuple of floats, so the formulas below read exactly like the code:

    squared_distance(x, c) = sum_f (x[f] - c[f])**2
    distance(x, c)         = sqrt(squared_distance(x, c))              (Euclidean)
    mean(rows, weights)    = sum_i w[i] * rows[i] / sum_i w[i]          (per feature)
    nearest(x, centroids)  = argmin_j distance(x, centroids[j])        (ties -> lowest j)
    inertia(X, labels, centroids, w) = sum_i w[i] * squared_distance(X[i], centroids[labels[i]])
    variance of feature f          = (1/n) sum_i (X[i][f] - mean_f)**2      (population, ddof 0)

Glossary of the names used across the package (in the spirit of Norvig's sudoku header):

    X          the data: a list of n_samples rows, each a tuple of n_features floats
               (a big fit holds the same rows as columns: ``column_rows``)
    x          one row (one point)
    n_samples  number of rows;  n_features  length of each row
    k          number of clusters (scikit-learn's ``n_clusters``)
    centroids  k points, the cluster centres (scikit-learn's ``cluster_centers_``)
    labels     for each row, the index 0..k-1 of its cluster
    weights    for each row, a non-negative sample weight (1.0 when not given)

Every distance is ``dist``: ``math.dist``, one C call per point-centre pair, so mapping it
over the centroids keeps the whole inner loop out of Python bytecode. Comparing distances is
the same as comparing squared distances, so ``nearest`` never squares or takes roots it does
not need. Labels are decided by comparing distances, so they agree across interpreters only
if every interpreter rounds each distance alike: PyPy's ``math.dist`` rounds the last bit
the way CPython 3.9 did, so on PyPy ``dist`` is ``portable_dist.dist``, our copy of
CPython 3.11's, bit for bit (CPython 3.9 keeps its own, where the copy would be slow).

Public functions: dist, columns, squared_distance, distance, mean, nearest, assign, squared_distances,
weighted_inertia, feature_variances.
"""

from __future__ import annotations

import math
import sys
from itertools import repeat, tee
from operator import itemgetter, mul
from typing import Iterator, Sequence, Tuple, List

from .column_rows import ColumnRows

__all__ = ["Vector", "Matrix", "Labels", "dist", "columns", "squared_distance", "distance", "mean",
           "nearest", "assign", "squared_distances", "weighted_inertia", "feature_variances"]

Vector = Tuple[float, ...]
Matrix = Sequence[Sequence[float]]
Labels = List[int]

# the Euclidean distance every label is decided by, rounded alike on every interpreter
if sys.implementation.name == "pypy":
    from .portable_dist import dist
else:                       # (mypy: the same function of two points, typed more loosely)
    dist = math.dist  # type: ignore[assignment]


def squared_distance(x: Sequence[float], c: Sequence[float]) -> float:
    """Squared Euclidean distance: sum_f (x[f] - c[f])**2, summed exactly with fsum.

    >>> squared_distance((0.0, 0.0), (3.0, 4.0))
    25.0
    """
    return math.fsum([(p - q) * (p - q) for p, q in zip(x, c)])


def distance(x: Sequence[float], c: Sequence[float]) -> float:
    """Euclidean distance: sqrt(sum_f (x[f] - c[f])**2), of the coordinates as floats.

    >>> distance((0, 0), (3, 4))
    5.0
    """
    return dist(tuple(map(float, x)), tuple(map(float, c)))


def mean(rows: Sequence[Vector], weights: Sequence[float] | None = None) -> Vector:
    """Weighted mean of rows, feature by feature: sum_i w[i]*rows[i][f] / sum_i w[i].

    The sums use ``math.fsum`` (exactly rounded). Like scikit-learn, the sum is multiplied by
    the reciprocal 1/sum_i w[i] rather than divided by it, so the last bits agree.

    >>> mean([(0.0, 0.0), (2.0, 4.0)])
    (1.0, 2.0)
    >>> mean([(0.0, 0.0), (2.0, 4.0)], weights=[3.0, 1.0])
    (0.5, 1.0)

    Assumes at least one row with positive weight.
    """
    if weights is None:
        alpha = 1.0 / len(rows)
        return tuple(math.fsum(column) * alpha for column in columns(rows))
    alpha = 1.0 / math.fsum(weights)
    return tuple(math.fsum(map(mul, column, weights)) * alpha for column in columns(rows))


def columns(X: Sequence[Sequence[float]]) -> Iterator[Sequence[float]]:
    """X's features one at a time, each as the list (or, for ColumnRows, the array) of its
    values in row order.

    (``zip(*X)`` gives the same columns, but holds an iterator for every row at once.)

    >>> list(columns([(1.0, 2.0), (3.0, 4.0)]))
    [[1.0, 3.0], [2.0, 4.0]]
    """
    if isinstance(X, ColumnRows):
        return iter(X.columns)
    return (list(map(itemgetter(feature), X)) for feature in range(len(X[0])))


def feature_variances(X: Sequence[Vector]) -> tuple[list[float], list[float]]:
    """(means, population variances) of every feature, in two passes summed with fsum.

    Two passes -- the mean first, then the mean squared deviation from it -- because the
    one-pass E[x**2] - E[x]**2 cancels catastrophically when the mean is large against the
    spread (an income column).

    >>> feature_variances([(1e9 + 4.0, 0.0), (1e9 + 6.0, 2.0)])
    ([1000000005.0, 1.0], [1.0, 1.0])
    """
    n = len(X)
    means, variances = [], []
    for column in columns(X):
        centre = math.fsum(column) / n
        means.append(centre)
        variances.append(math.fsum([(v - centre) * (v - centre) for v in column]) / n)
    return means, variances


def nearest(x: Vector, centroids: Sequence[Vector]) -> int:
    """Index j of the centroid closest to x: argmin_j distance(x, centroids[j]).

    Ties go to the lowest index, as ``numpy.argmin`` does (``list.index`` finds the first).

    >>> nearest((1.0, 1.0), [(0.0, 0.0), (2.0, 2.0), (1.0, 1.5)])
    2
    >>> nearest((1.0, 1.0), [(0.0, 0.0), (2.0, 2.0)])
    0
    """
    distances = list(map(dist, centroids, repeat(x)))
    return distances.index(min(distances))


def assign(X: Sequence[Vector], centroids: Sequence[Vector]) -> tuple[Labels, list[float]]:
    """For every row, the index of its nearest centroid and the squared distance to it.

        labels[i]    = argmin_j distance(X[i], centroids[j])      (ties -> lowest j)
        distances[i] = min_j distance(X[i], centroids[j]) ** 2

    >>> assign([(0.0,), (0.9,), (3.0,)], [(0.0,), (2.0,)])
    ([0, 0, 1], [0.0, 0.81, 1.0])
    """
    labels = []
    squared = []
    for x in X:
        distances = list(map(dist, centroids, repeat(x)))
        closest = min(distances)
        labels.append(distances.index(closest))
        squared.append(closest * closest)
    return labels, squared


def squared_distances(X: Sequence[Vector], centre: Sequence[float]) -> list[float]:
    """The squared distance from every row of X to one centre, each as dist(x, centre)**2.

    Squared the way ``assign`` squares its distances (k-means++ compares them with its own).

    >>> squared_distances([(0.0, 0.0), (3.0, 4.0)], (0.0, 0.0))
    [0.0, 25.0]
    """
    return [d * d for d in map(dist, X, repeat(centre))]


def weighted_inertia(X: Sequence[Vector], labels: Labels, centroids: Sequence[Vector],
                     weights: Sequence[float]) -> float:
    """The K-Means objective: sum_i w[i] * ||X[i] - centroids[labels[i]]||**2.

    Each squared distance is ``dist(...)**2`` (one C call per point: within two units
    in the last place of the exact square), and the n weighted terms are summed exactly
    with ``math.fsum``.

    >>> weighted_inertia([(0.0, 0.0), (0.0, 2.0), (5.0, 5.0)], [0, 0, 1], [(0.0, 1.0), (5.0, 5.0)], [1.0] * 3)
    2.0

    Input is assumed valid (see kmeans.inertia for the checked public version).
    """
    distances = map(dist, X, map(centroids.__getitem__, labels))
    return math.fsum(map(mul, weights, map(mul, *tee(distances))))
