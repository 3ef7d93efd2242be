"""Seeding: where Lloyd's iterations start.

Lloyd's algorithm only improves the centroids it is given, so the start decides which local
minimum it finds. Two ways to start, both drawing from one generator ``rng``:

    random     k distinct rows, drawn without replacement (probability proportional to weight)
    k-means++  the first centroid drawn by weight; each next one drawn with probability

                   P(x) = w(x) * D(x)**2 / sum_y w(y) * D(y)**2

               where D(x) is the distance from x to the nearest centroid chosen so far.
               The *greedy* form (scikit-learn's) draws n_local_trials (2 + int(ln k)) candidates
               each time and keeps the one lowering the potential  phi = sum_x w(x) * D(x)**2  most.

Draws follow scikit-learn exactly (see ``randomness``), so an integer ``random_state`` gives
scikit-learn's starting centroids.

Trying a candidate costs a distance to every row; the ``fast`` package tries candidates on a
k-d tree instead, with the same draws (``draw_first``, ``draw_candidates``) and so the same
centroids.

Public functions: kmeans_plusplus; plusplus_indices, random_indices, draw_first,
draw_candidates and running_sums (input assumed valid).
Reference: D. Arthur and S. Vassilvitskii (2007), "k-means++: the advantages of careful
seeding", SODA; greedy trials as in scikit-learn's ``_kmeans_plusplus``.
"""

from __future__ import annotations

import math
import numbers
from array import array
from bisect import bisect_left
from itertools import accumulate, islice, repeat
from operator import itemgetter, mul, truediv
from typing import Iterable, Sequence

from .errors import KMeansError
from .randomness import RandomState, check_random_state
from .validation import (check_array, check_magnitude, check_n_clusters, check_sample_weight,
                         check_weighted_squares, unit_weights)
from .vectors import Vector, squared_distances

__all__ = ["kmeans_plusplus", "plusplus_indices", "random_indices", "draw_first",
           "draw_candidates", "running_sums"]


def kmeans_plusplus(X: Iterable, n_clusters: int, *, random_state=None,
                    sample_weight: Iterable | None = None,
                    n_local_trials: int | None = None) -> tuple[list[Vector], list[int]]:
    """Initial centroids chosen by greedy k-means++, and the row indices they were taken from.

    Each next centroid is drawn with probability w(x) * D(x)**2 / sum_y w(y) * D(y)**2,
    the best of n_local_trials such draws (the one leaving the smallest potential; None means
    2 + int(ln k), as in scikit-learn; 1 is the original, non-greedy k-means++).

    >>> centers, indices = kmeans_plusplus([[0, 0], [0, 1], [10, 10], [10, 11]], 2,
    ...                                    random_state=0)
    >>> centers, indices
    ([(10.0, 10.0), (0.0, 1.0)], [2, 1])

    Same ``random_state`` and Python version, same result. Raises KMeansError unless
    1 <= n_clusters <= n_samples and n_local_trials is None or >= 1.
    Reference: Arthur and Vassilvitskii (2007), SODA.
    """
    if n_local_trials is not None and (isinstance(n_local_trials, bool) or not isinstance(
            n_local_trials, numbers.Integral) or n_local_trials < 1):
        raise KMeansError(f"kmeans_plusplus requires n_local_trials >= 1 or None; got "
                          f"n_local_trials={n_local_trials!r}")
    X = check_array(X, caller="kmeans_plusplus")
    check_magnitude(X, caller="kmeans_plusplus")
    k = check_n_clusters(n_clusters, len(X), caller="kmeans_plusplus")
    weights = check_sample_weight(sample_weight, len(X), caller="kmeans_plusplus")
    check_weighted_squares(X, weights, caller="kmeans_plusplus")    # so potentials stay finite
    indices = plusplus_indices(X, k, check_random_state(random_state), weights, n_local_trials)
    return [X[i] for i in indices], indices


def plusplus_indices(X: Sequence[Vector], k: int, rng: RandomState, weights: Sequence[float],
                     n_local_trials: int | None = None) -> list[int]:
    """Row indices of k centroids chosen by greedy k-means++ (input assumed valid).

    Each round draws n_local_trials (None: 2 + int(ln k)) candidates, keeps the one whose potential

        phi = sum_x w(x) * min(D(x), d(x, candidate))**2

    is smallest (the first candidate on a tie), as ``math.fsum`` rounds it.
    """
    n_trials = 2 + int(math.log(k)) if n_local_trials is None else int(n_local_trials)
    first = draw_first(rng, weights)
    indices = [first]
    closest = squared_distances(X, X[first])          # D(x)**2 for every row
    potential = math.fsum(map(mul, weights, closest))
    for _ in range(1, k):
        candidates = draw_candidates(rng, weights, closest, potential, n_trials)
        trials = (_trial(X, weights, closest, candidate) for candidate in candidates)
        potential, chosen, closest = min(trials, key=itemgetter(0))   # ties: the first
        indices.append(chosen)
    return indices


def _trial(X: Sequence[Vector], weights: Sequence[float], closest: list[float],
           candidate: int) -> tuple[float, int, list[float]]:
    """(phi, candidate, D(x)**2 for every row) if X[candidate] joined the centroids."""
    # D**2 then: the smaller of the old distance and the new one
    updated = list(map(min, closest, squared_distances(X, X[candidate])))
    return math.fsum(map(mul, weights, updated)), candidate, updated


def draw_first(rng: RandomState, weights: Sequence[float]) -> int:
    """The first centroid's row, drawn with probability w(x) / sum_y w(y)."""
    if unit_weights(weights):             # w / n for every row: one value, repeated
        return rng.choice(len(weights), p=array("d", [1.0 / len(weights)]) * len(weights))
    total_weight = math.fsum(weights)
    return rng.choice(len(weights), p=array("d", map(truediv, weights, repeat(total_weight))))


def draw_candidates(rng: RandomState, weights: Sequence[float] | None, closest: Sequence[float],
                    potential: float, n_trials: int) -> list[int]:
    """n_trials rows drawn with probability w(x) * D(x)**2 / phi, by inverting the CDF.

    ``closest`` holds D(x)**2 for every row and ``potential`` their weighted fsum, phi. Each
    uniform draw u picks the first row whose cumulative sum of w * D**2 reaches u * phi.
    ``weights`` None means all 1.0 (a caller that knows it spares the check).

    >>> draw_candidates(RandomState(0), [1.0] * 4, [0.0, 1.0, 0.0, 3.0], 4.0, 3)
    [3, 3, 3]
    """
    products: Iterable[float] = closest      # w * D**2 is D**2 when every w is 1.0
    if weights is not None and not unit_weights(weights):
        products = map(mul, weights, closest)
    targets = [u * potential for u in rng.random_sample(n_trials)]
    cumulative = running_sums(products, max(targets))
    # clamp: rounding can push a target past the last cumulative sum
    return [min(bisect_left(cumulative, t), len(closest) - 1) for t in targets]


def running_sums(values: Iterable[float], reach: float) -> array:
    """The running sums of values (``accumulate``'s), made until one reaches ``reach``: no
    draw looks past it (the sums never fall: values >= 0). All of them if none does."""
    sums, running = array("d"), accumulate(values)      # (8 bytes a row)
    while True:     # a block at a time
        size = len(sums)
        sums.extend(islice(running, _BLOCK))
        if len(sums) == size or sums[-1] >= reach:
            return sums


_BLOCK = 1 << 14        # running sums made between two looks at the last one


def random_indices(n_samples: int, k: int, rng: RandomState,
                   weights: Sequence[float]) -> list[int]:
    """Row indices of k distinct rows drawn without replacement, with probability ~ weight."""
    total_weight = math.fsum(weights)
    return rng.choice(n_samples, size=k, replace=False, p=[w / total_weight for w in weights])

