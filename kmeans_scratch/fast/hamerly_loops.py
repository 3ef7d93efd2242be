"""Hamerly's bounds as plain loops over screened distances: the same answers, PyPy's kernel.

The algorithm is ``bounds``' (Hamerly, 2010): for every point x in cluster a keep

    upper >= d(x, c_a)      lower <= min_{j != a} d(x, c_j)      s_a = (1/2) min_{j != a} d(c_a, c_j)

and keep the label, without a distance, while upper < max(lower, s_a). ``bounds`` writes the
tests as C-level passes over whole lists, which suits CPython; here each point is one turn
of a plain loop, which suits PyPy's JIT, and the distances behind the bounds are cheap
squared sums (``screening``): the bounds are pushed the safe way (``upper_root``,
``lower_root``), and a point whose nearest centre the cheap sums cannot make sure of is
compared with the exact ``dist``, as the plain loop compares it. When centres move by p_j,

    upper += p_a            lower -= max_{j != a} p_j

each widened (WIDEN, NARROW, ABSOLUTE_GUARD) so rounding only ever loosens a bound.
Cluster sums are ``bounds``' exact ones; the loop around is ``driver``'s.

Public: loop_hamerly, LoopRun.
Reference: G. Hamerly (2010), "Making k-means even faster", SIAM SDM, pp. 130-140.
"""

from __future__ import annotations

import math
from typing import Sequence

from ..lloyd import KMeansResult
from ..vectors import Vector, dist
from ..vectors import columns as vector_columns
from .cluster_sums import ExactRows, ExactSums, exact_rows
from .driver import incremental_lloyd
from .exact import ABSOLUTE_GUARD, NARROW, SCREEN_CEILING, WIDEN
from .screening import cheap, lower_root, nearest_of, nearest_of_all, upper_root

__all__ = ["loop_hamerly", "LoopRun"]


class LoopRun:
    """One run as ``driver.incremental_steps`` drives it: labels, bounds and exact sums.

    ``columns`` are X's features as lists (``vectors.columns``), shared by every run on X: the
    first assignment goes down them, centre by centre; later ones label the few points the
    bounds leave unsure one at a time.
    """

    def __init__(self, X: Sequence[Vector], centroids: Sequence[Vector], weights: Sequence[float],
                 exact: ExactRows | None = None, columns: list | None = None):
        self.X, self.centroids = X, list(centroids)
        columns = columns if columns is not None else list(vector_columns(X))
        centres = [list(c) for c in self.centroids]
        # the cheap sums to the nearest and second nearest centres become the bounds in place
        self.labels, self.upper, self.lower = nearest_of_all(X, columns, centres)
        self._bound(centres)
        self.n_distances, self.n_changed = len(X) * len(centres), len(X)
        self.sums = ExactSums(exact or exact_rows(X, weights), self.labels, len(centres))
        self.totals = self.sums.totals

    def means(self) -> list:
        return self.sums.centroids()

    def reassign(self, centroids: list, moves: list) -> None:
        """Centre j moved by moves[j]: move the bounds, then test and relabel every point."""
        centres, half_gaps, rises, drops = _step(centroids, moves)
        unsure = self._test(centres, half_gaps, rises, drops)
        moved, sources = self._relabel(unsure, centres)
        self.sums.move(moved, sources, [self.labels[i] for i in moved])
        self.n_changed = len(moved)

    def _test(self, centres: list, half_gaps: list, rises: list, drops: list) -> list:
        """Move every bound and keep the labels the bounds (or one cheap sum) prove; return
        the points whose nearest centre must be found again."""
        labels, upper, lower, X = self.labels, self.upper, self.lower, self.X
        unsure, tightened = [], 0
        for i in range(len(X)):
            a = labels[i]
            bound = (upper[i] + rises[a]) * WIDEN
            # (a half-gap bounds the distances to the other centres too)
            floor = _larger(lower[i] * NARROW - drops[a], half_gaps[a])
            if bound < floor:
                upper[i], lower[i] = bound, floor
                continue
            squared = cheap(X[i], centres[a], floor * floor * 1.001)   # (past: no use)
            tightened += 1
            if squared < SCREEN_CEILING and upper_root(squared) < floor:
                upper[i], lower[i] = upper_root(squared), floor
            else:
                unsure.append(i)
        self.n_distances += tightened
        return unsure

    def _bound(self, centres: list) -> None:
        """Turn the cheap sums ``nearest_of_all`` left in upper and lower into the bounds."""
        upper, lower = self.upper, self.lower
        for i in range(len(upper)):
            if upper[i] != upper[i]:            # (nan: decided exactly; bounds from dist)
                _, upper[i], lower[i] = _assigned(self.X[i], centres)
            else:
                upper[i], lower[i] = upper_root(upper[i]), lower_root(lower[i])

    def _relabel(self, points: list, centres: list) -> tuple:
        """Label these points afresh, one at a time, and set their bounds; return (the points
        that changed cluster, the clusters they left)."""
        labels, upper, lower, X = self.labels, self.upper, self.lower, self.X
        moved, sources = [], []
        for i in points:
            label, upper[i], lower[i] = _assigned(X[i], centres)
            if label != labels[i]:
                moved.append(i)
                sources.append(labels[i])
                labels[i] = label
        self.n_distances += len(points) * len(centres)
        return moved, sources


def _step(centroids: list, moves: list) -> tuple:
    """(centres as lists, half-gaps, each cluster's upper-bound rise and lower-bound drop)."""
    rises = [move * WIDEN + ABSOLUTE_GUARD for move in moves]
    drops = [largest * WIDEN + ABSOLUTE_GUARD for largest in _largest_others(moves)]
    return [list(c) for c in centroids], _half_gaps(centroids), rises, drops


def _larger(a: float, b: float) -> float:
    """The larger of a and b (a plain test, which PyPy's JIT inlines; max() it calls)."""
    return a if a > b else b


def _assigned(x: Sequence[float], centres: list) -> tuple:
    """(nearest centre as the plain loop chooses it, upper bound on d(x, it), lower bound on
    the distance to any other)."""
    label, nearest, second = nearest_of(x, centres)
    if nearest == nearest:                      # (not nan: the cheap sums were sure)
        return label, upper_root(nearest), lower_root(second)
    distances = [dist(x, c) for c in centres]
    others = distances[:label] + distances[label + 1:]
    return (label, distances[label] * WIDEN + ABSOLUTE_GUARD,
            min(others, default=math.inf) * NARROW - ABSOLUTE_GUARD)


def _largest_others(moves: list) -> list:
    """For each centre j, the largest move of any other centre (0.0 when there is none)."""
    order = sorted(range(len(moves)), key=moves.__getitem__)
    largest = moves[order[-1]]
    runner_up = moves[order[-2]] if len(moves) > 1 else 0.0
    return [runner_up if j == order[-1] else largest for j in range(len(moves))]


def _half_gaps(centroids: list) -> list:
    """s_j: half the distance from centre j to its nearest other, pushed down for rounding."""
    gaps = []
    for j, c in enumerate(centroids):
        others = [dist(c, d) for i, d in enumerate(centroids) if i != j]
        gaps.append(min(others) * 0.5 * NARROW - ABSOLUTE_GUARD if others else math.inf)
    return gaps


def loop_hamerly(X: Sequence[Vector], centroids: Sequence[Vector], weights: Sequence[float], *,
                 max_iter: int = 300, tol: float = 0.0, exact: ExactRows | None = None,
                 columns: list | None = None) -> KMeansResult:
    """Run to a stop like ``lloyd.lloyd`` (the same result), with Hamerly's bounds in loops.

    >>> X = [(0.0,), (1.0,), (9.0,), (10.0,)]
    >>> loop_hamerly(X, [(0.0,), (1.0,)], [1.0] * 4)[:4]
    ([(0.5,), (9.5,)], [0, 0, 1, 1], 1.0, 3)
    """
    run = LoopRun(X, centroids, weights, exact, columns)
    return incremental_lloyd(X, weights, run, max_iter=max_iter, tol=tol)
