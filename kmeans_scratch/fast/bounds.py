"""Lloyd's algorithm with fewer distances: Hamerly's bounds, the same answers, counted.

Most points stop changing cluster after a few Lloyd steps, yet the plain loop measures
their distance to every centre again and again. The triangle inequality lets us skip that.
For every point x in cluster a keep

    upper  >= d(x, c_a)                       (an upper bound on the distance to its centre)
    lower  <= min_{j != a} d(x, c_j)          (a lower bound on the distance to any other)
    s_a     = (1/2) min_{j != a} d(c_a, c_j)  (half the gap to the nearest other centre)

If upper < max(lower, s_a), no other centre can be as close as c_a: the point keeps its
label without a single distance computed. When centres move by p_j, the bounds follow:
upper += p_a and lower -= max_{j != a} p_j (the triangle inequality again); these moves are
kept as per-cluster running totals, so they cost O(k), not O(n). Only points whose test
fails get their distance to c_a recomputed, and only if that is still inconclusive, their
distances to all k centres -- exactly as the plain loop would compute them.

Exactly Lloyd's result -- every label, centre and n_iter -- for the reasons the package
docstring (``kmeans_scratch.fast``) gives once: fresh distances are widened by WIDEN/NARROW,
cluster sums are exact integers (``cluster_sums``), empty clusters go to the plain update.

Why Hamerly and not Elkan. Elkan keeps k lower bounds per point; moving them costs n*k
subtractions per step, the same order of work as the n*k ``dist`` calls it saves: in
pure Python, just moving them costs most of a whole Hamerly step (benchmarks/README.md).
Hamerly's bookkeeping is one comparison per point per step.

Public functions: hamerly, hamerly_steps (and, from ``cluster_sums``, exact_rows and its ExactRows).
Reference: G. Hamerly (2010), "Making k-means even faster", SIAM SDM, pp. 130-140;
C. Elkan (2003), "Using the triangle inequality to accelerate k-means", ICML.
"""

from __future__ import annotations

import math
from itertools import compress
from operator import add, ge, le, not_, sub
from typing import Iterator, Sequence

from ..lloyd import KMeansResult, LloydStep
from ..vectors import Vector, dist
from .driver import incremental_lloyd, incremental_steps
from .cluster_sums import ExactRows, ExactSums, exact_rows
from .exact import ABSOLUTE_GUARD, BOUND_GUARD, NARROW, WIDEN

__all__ = ["hamerly", "hamerly_steps", "exact_rows", "ExactRows"]

class _Bounds:
    """Labels with Hamerly's bounds, stored so that moving centres costs O(k), not O(n).

    Moving every point's bounds each step would take a pass over all n points. Instead each
    cluster j keeps running totals of what its points' bounds have moved so far,

        rise[j]  (sum of the shifts p_j)      drop[j]  (sum of the largest other shifts)

    and a point stores its bounds *relative* to the totals at the time they were computed:
    offset_upper = upper - rise[a], offset_lower = lower + drop[a]. Its current bounds are
    offset_upper + rise[a] and offset_lower - drop[a], so the test upper >= lower reads

        gap = offset_lower - offset_upper  <=  rise[a] + drop[a]

    one comparison per point against a per-cluster number: three C-level passes in all.

    Rounding guard: every total moves by an extra ceiling * 2**-48, where ceiling bounds
    every stored magnitude, so rounding can only make a bound looser, never tighter.
    Freshly computed distances are widened by the factors WIDEN and NARROW, and by
    ABSOLUTE_GUARD besides: among the subnormals a distance's rounding error is absolute
    (up to half of 5e-324), and a relative margin rounds away to nothing there.
    """

    def __init__(self, X: Sequence[Vector], centroids: list):
        self.X, self.n_distances = X, 0
        k = len(centroids)
        self.rise, self.drop = [0.0] * k, [0.0] * k
        self.labels, upper, lower = self._full(X, centroids)
        self.offset_upper, self.offset_lower = upper, lower
        self.gap = list(map(sub, lower, upper))
        self.start_ceiling = self.ceiling = max(upper + [v for v in lower if v < math.inf])

    def _full(self, points: Sequence[Vector], centroids: list) -> tuple:
        """(labels, widened nearest distances, narrowed second distances) for the points.

        The distances are the plain loop's own ``dist`` values; a strict ``<`` keeps the
        lowest index on ties, and a tie's equal distance becomes the second nearest. One plain
        loop, no intermediate rows: the fastest form measured on CPython and PyPy alike.
        """
        self.n_distances += len(points) * len(centroids)
        inf = math.inf
        labels, upper, lower = [], [], []
        for x in points:
            nearest = second = inf
            label = 0
            for j, c in enumerate(centroids):
                distance = dist(x, c)
                if distance < nearest:
                    nearest, second, label = distance, nearest, j
                elif distance < second:
                    second = distance
            labels.append(label)
            upper.append(nearest * WIDEN + ABSOLUTE_GUARD)
            lower.append(second * NARROW - ABSOLUTE_GUARD)
        return labels, upper, lower

    def move(self, shifts: list) -> None:
        """Centres moved by ``shifts``: add to each cluster's running totals (O(k) work).

        A point's nearest *other* centre moved at most max_j p_j, except for points of the
        cluster that moved most: for them the largest other shift is the second largest.
        """
        guard = self.ceiling * BOUND_GUARD + ABSOLUTE_GUARD
        order = sorted(range(len(shifts)), key=shifts.__getitem__)
        largest = shifts[order[-1]]
        runner_up = shifts[order[-2]] if len(shifts) > 1 else 0.0
        for j, shift in enumerate(shifts):
            self.rise[j] += shift + guard
            self.drop[j] += (runner_up if j == order[-1] else largest) + guard
        self.ceiling = self.start_ceiling + max(self.rise) + max(self.drop)

    def _store(self, indices: list, labels: list, upper: list, lower: list) -> None:
        """Record fresh bounds for the given points, relative to their clusters' totals."""
        offset_upper = list(map(sub, upper, map(self.rise.__getitem__, labels)))
        offset_lower = list(map(add, lower, map(self.drop.__getitem__, labels)))
        for i, label, high, low in zip(indices, labels, offset_upper, offset_lower):
            self.labels[i], self.offset_upper[i], self.offset_lower[i] = label, high, low
            self.gap[i] = low - high

    def reassign(self, centroids: list, sums: ExactSums) -> None:
        """Bring every label up to date with ``centroids``, computing as few distances as possible.

        Three sieves, each finer and dearer than the last: the bounds alone (no distance),
        the distance to the point's own centre (one distance), all k distances.
        """
        half_gaps = _half_gaps(centroids)
        self.n_distances += len(centroids) * (len(centroids) - 1) // 2
        suspects = self._suspects(half_gaps)
        labels = list(map(self.labels.__getitem__, suspects))
        points = list(map(self.X.__getitem__, suspects))
        tight = [distance * WIDEN + ABSOLUTE_GUARD
                 for distance in map(dist, points, map(centroids.__getitem__, labels))]
        self.n_distances += len(suspects)
        lower = map(sub, map(self.offset_lower.__getitem__, suspects), map(self.drop.__getitem__, labels))
        unsure = list(map(ge, tight, map(max, map(half_gaps.__getitem__, labels), lower)))
        self._tighten(suspects, labels, tight, unsure)
        # Still unsure: all k distances, exactly as the plain loop computes them.
        indices = list(compress(suspects, unsure))
        new_labels, upper, lower = self._full(list(compress(points, unsure)), centroids)
        for i, old, new in zip(indices, compress(labels, unsure), new_labels):
            if new != old:
                sums.add(i, old, -1)
                sums.add(i, new, 1)
        self._store(indices, new_labels, upper, lower)

    def _suspects(self, half_gaps: list) -> list:
        """Indices of the points whose bounds cannot prove their label (C-level passes).

        Clear when upper < lower (the gap test) or upper < s_a, that is
        offset_upper < s_a - rise[a].
        """
        moved = list(map(add, self.rise, self.drop))
        suspects = list(compress(range(len(self.X)),
                                 map(le, self.gap, map(moved.__getitem__, self.labels))))
        inside = list(map(sub, half_gaps, self.rise))
        own_inside = map(inside.__getitem__, map(self.labels.__getitem__, suspects))
        return list(compress(suspects, map(ge, map(self.offset_upper.__getitem__, suspects), own_inside)))

    def _tighten(self, suspects: list, labels: list, tight: list, unsure: list) -> None:
        """Store the tightened upper bound of each suspect that it cleared (its gap follows)."""
        cleared = list(compress(range(len(suspects)), map(not_, unsure)))
        indices = list(map(suspects.__getitem__, cleared))
        offset_upper = list(map(sub, map(tight.__getitem__, cleared),
                                map(self.rise.__getitem__, map(labels.__getitem__, cleared))))
        gaps = map(sub, map(self.offset_lower.__getitem__, indices), offset_upper)
        for i, u, g in zip(indices, offset_upper, gaps):
            self.offset_upper[i], self.gap[i] = u, g


def _half_gaps(centroids: list) -> list:
    """s_j: half the distance from centre j to its nearest other centre, narrowed slightly."""
    gaps = []
    for j, c in enumerate(centroids):
        others = [dist(c, d) for i, d in enumerate(centroids) if i != j]
        gaps.append(min(others) * 0.5 * NARROW - ABSOLUTE_GUARD if others else math.inf)
    return gaps


class _Run:
    """One Hamerly run, as ``driver.incremental_steps`` drives it: bounds and exact sums."""

    def __init__(self, X: Sequence[Vector], centroids: Sequence[Vector],
                 weights: Sequence[float], exact: ExactRows | None):
        self.centroids = list(centroids)
        self.bounds = _Bounds(X, self.centroids)
        self.sums = ExactSums(exact or exact_rows(X, weights), self.bounds.labels,
                               len(self.centroids))
        self.labels, self.totals = self.bounds.labels, self.sums.totals   # kept up to date

    @property
    def n_distances(self) -> int:
        return self.bounds.n_distances

    def means(self) -> list:
        return self.sums.centroids()

    def reassign(self, centroids: list, moves: list) -> None:
        self.bounds.move(moves)
        self.bounds.reassign(centroids, self.sums)


def hamerly_steps(X: Sequence[Vector], centroids: Sequence[Vector], weights: Sequence[float], *,
                  max_iter: int = 300, tol: float = 0.0,
                  exact: ExactRows | None = None) -> Iterator[LloydStep]:
    """Yield the same steps as ``lloyd.lloyd_steps``, computing far fewer distances.

    ``inertia`` is None in these steps (it would need every distance). ``exact`` is
    ``exact_rows(X, weights)``, if already computed (it is the same for every run).

    >>> from kmeans_scratch.lloyd import lloyd_steps
    >>> X = [(0.0,), (1.0,), (9.0,), (10.0,)]
    >>> fast = [(s.labels, s.new_centroids, s.stop) for s in hamerly_steps(X, [(0.0,), (1.0,)], [1.0] * 4)]
    >>> fast == [(s.labels, s.new_centroids, s.stop) for s in lloyd_steps(X, [(0.0,), (1.0,)], [1.0] * 4)]
    True
    """
    run = _Run(X, centroids, weights, exact)
    return incremental_steps(X, weights, run, max_iter=max_iter, tol=tol)


def hamerly(X: Sequence[Vector], centroids: Sequence[Vector], weights: Sequence[float], *,
            max_iter: int = 300, tol: float = 0.0, exact: ExactRows | None = None) -> KMeansResult:
    """Run to a stop like ``lloyd.lloyd`` (same result), counting distance evaluations.

    >>> X = [(0.0,), (1.0,), (9.0,), (10.0,)]
    >>> hamerly(X, [(0.0,), (1.0,)], [1.0] * 4)[:4]
    ([(0.5,), (9.5,)], [0, 0, 1, 1], 1.0, 3)
    """
    run = _Run(X, centroids, weights, exact)
    return incremental_lloyd(X, weights, run, max_iter=max_iter, tol=tol)
