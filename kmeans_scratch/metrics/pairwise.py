"""Distances between points by name, and the checks a precomputed distance matrix must pass.

The silhouette needs a distance; these are scikit-learn's common ones, by the same names:

    euclidean    d(x, y) = sqrt(sum_f (x_f - y_f)**2)                 (also 'l2')
    sqeuclidean  d(x, y) = sum_f (x_f - y_f)**2
    manhattan    d(x, y) = sum_f |x_f - y_f|                          (also 'cityblock', 'l1')
    cosine       d(x, y) = 1 - sum_f u_f v_f,  u = x / ||x||, v = y / ||y||,  clipped to [0, 2]

Sums use ``math.fsum``. As scikit-learn: a zero vector stays zero when normalized (so its
cosine distance to anything is 1), and a point's distance to itself is 0.

'precomputed' means X is itself the n x n matrix of distances, checked as scikit-learn
checks it: square, non-negative, with a diagonal of zeros up to 100 eps (2.2e-14). We also
require it symmetric within |d_ij - d_ji| <= 1e-10 + 1e-5 |d_ji| (``numpy.allclose`` with
scikit-learn's ``check_symmetric`` tolerance), which scikit-learn leaves unchecked.

Public names: METRICS, distance_function, check_distance_matrix.
Reference: scikit-learn's ``sklearn.metrics.pairwise_distances``.
"""

from __future__ import annotations

import math
from operator import mul
from typing import Callable, Sequence

from ..errors import KMeansError
from ..vectors import dist

__all__ = ["METRICS", "distance_function", "check_distance_matrix"]

METRICS = {"euclidean": "euclidean", "l2": "euclidean", "sqeuclidean": "sqeuclidean",
           "manhattan": "manhattan", "cityblock": "manhattan", "l1": "manhattan",
           "cosine": "cosine", "precomputed": "precomputed"}

_DIAGONAL_TOLERANCE = 100 * 2.0 ** -52      # scikit-learn's atol for the diagonal


def _sqeuclidean(x: Sequence[float], y: Sequence[float]) -> float:
    """sum_f (x_f - y_f)**2, summed with fsum."""
    return math.fsum([(p - q) * (p - q) for p, q in zip(x, y)])


def _manhattan(x: Sequence[float], y: Sequence[float]) -> float:
    """sum_f |x_f - y_f|, summed with fsum."""
    return math.fsum([abs(p - q) for p, q in zip(x, y)])


def _cosine(u: Sequence[float], v: Sequence[float]) -> float:
    """1 - u.v for unit (or zero) vectors, clipped to [0, 2] as scikit-learn."""
    return min(2.0, max(0.0, 1.0 - math.fsum(map(mul, u, v))))


def _unit(x: Sequence[float]) -> tuple[float, ...]:
    """x / ||x||, or x itself when it is zero (scikit-learn's normalize)."""
    norm = math.hypot(*x)
    return tuple(v / norm for v in x) if norm else tuple(x)


def distance_function(metric: str, caller: str) -> tuple[Callable, Callable]:
    """(prepare, distance) for a metric's name: distance(prepare(x), prepare(y)) = d(x, y).

    >>> prepare, distance = distance_function("cosine", "silhouette_score")
    >>> distance(prepare((1.0, 0.0)), prepare((0.0, 3.0)))
    1.0

    Raises KMeansError for a name not in METRICS (or 'precomputed', which is no function).
    """
    name = METRICS.get(metric) if isinstance(metric, str) else None
    if name is None or name == "precomputed":
        raise KMeansError(f"{caller} requires metric in ('euclidean', 'sqeuclidean', "
                          f"'manhattan', 'cosine', 'precomputed'); got metric={metric!r}")
    if name == "cosine":
        return _unit, _cosine
    return tuple, {"euclidean": dist, "sqeuclidean": _sqeuclidean,
                   "manhattan": _manhattan}[name]


def check_distance_matrix(D: list, caller: str) -> None:
    """Raise KMeansError unless D (rows already checked by check_array) is a distance matrix:
    square, non-negative, zero on the diagonal (within 100 eps) and symmetric (see above).

    >>> check_distance_matrix([(0.0, 2.0), (2.0, 0.0)], "silhouette_samples")
    >>> check_distance_matrix([(0.0, 2.0), (-2.0, 0.0)], "silhouette_samples")
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: silhouette_samples requires non-negative distances with metric='precomputed'; got X[1][0]=-2.0
    """
    n = len(D)
    if len(D[0]) != n:
        raise KMeansError(f"{caller} requires a square distance matrix with metric="
                          f"'precomputed'; got {n} rows of {len(D[0])} values")
    for i, row in enumerate(D):
        if min(row) < 0:
            j = next(j for j, value in enumerate(row) if value < 0)
            raise KMeansError(f"{caller} requires non-negative distances with metric="
                              f"'precomputed'; got X[{i}][{j}]={row[j]!r}")
        if row[i] > _DIAGONAL_TOLERANCE:
            raise KMeansError(f"{caller} requires zeros on the diagonal with metric="
                              f"'precomputed' (|X[i][i]| <= 100 eps); got X[{i}][{i}]={row[i]!r}")
    for i, row in enumerate(D):
        for j in range(i + 1, n):
            if abs(row[j] - D[j][i]) > 1e-10 + 1e-5 * abs(D[j][i]):
                raise KMeansError(f"{caller} requires a symmetric distance matrix with metric="
                                  f"'precomputed' (|X[i][j] - X[j][i]| <= 1e-10 + 1e-5 "
                                  f"|X[j][i]|); got X[{i}][{j}]={row[j]!r}, "
                                  f"X[{j}][{i}]={D[j][i]!r}")
