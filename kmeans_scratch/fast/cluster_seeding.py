"""Greedy k-means++ that skips, for each candidate, the rows it cannot take.

Greedy k-means++ (``seeding.plusplus_indices``) tries each drawn candidate c by computing
its distance to every row, to find the potential it would leave,

    phi(c) = sum_x w(x) * min(D(x), d(x, c))**2,

where D(x) is the distance from x to its nearest centroid so far, g. By the triangle
inequality d(x, c) >= d(c, g) - d(x, g), so a row can move to c only if

    D(x) > d(c, g) / 2.

The rows are kept grouped by their nearest centroid, each group sorted by D(x): one
distance d(c, g) and a binary search find the rows of the group that can move, and only
theirs are computed. Candidates are drawn where D(x) is large, far from most centroids,
so most rows -- those near their own centroid -- are never looked at. This is the k-d
tree's trick (``tree_seeding``) without a tree, for data of many dimensions, where boxes
rule little out.

The same rows as the plain loop, always: the candidates are ``seeding.draw_candidates``'
rows over the same D(x)**2 values (found from block sums: ``candidate_draws``), a skip
needs the bound to hold with a margin (NARROW, WIDEN: ``exact``) far larger than the
rounding of the distances involved -- a skipped row's new squared distance could never have
been the smaller -- and every potential is the plain loop's ``math.fsum`` over all rows.

Public function: cluster_plusplus_indices.
Reference: C. Elkan (2003), "Using the triangle inequality to accelerate k-means", ICML;
D. Arthur and S. Vassilvitskii (2007), SODA.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from itertools import compress, repeat
from operator import lt, mul
from typing import Sequence

from ..randomness import RandomState
from ..vectors import Vector, dist, squared_distances
from .candidate_draws import draw_candidates
from .exact import NARROW, WIDEN
from .first_draw import draw_first

__all__ = ["cluster_plusplus_indices"]


def cluster_plusplus_indices(X: Sequence[Vector], k: int, rng: RandomState,
                             weights: Sequence[float]) -> list[int]:
    """``seeding.plusplus_indices``, skipping rows out of a candidate's reach: the same indices.

    >>> from kmeans_scratch.randomness import RandomState
    >>> from kmeans_scratch.seeding import plusplus_indices
    >>> X = [(float(i % 7), float(i % 5), float(i % 3)) for i in range(40)]
    >>> cluster_plusplus_indices(X, 5, RandomState(3), [1.0] * 40) == plusplus_indices(
    ...     X, 5, RandomState(3), [1.0] * 40)
    True
    """
    n_trials = 2 + int(math.log(k))
    first = draw_first(rng, weights)
    indices = [first]
    closest = squared_distances(X, X[first])          # D(x)**2 for every row
    groups = [_Group(X[first], list(range(len(X))), X, closest)]
    potential = math.fsum(map(mul, weights, closest))
    for _ in range(1, k):
        candidates = draw_candidates(rng, weights, closest, potential, n_trials)
        best = None
        for candidate in candidates:
            updated, taken = _trial(X[candidate], groups, closest)
            phi = math.fsum(map(mul, weights, updated))
            if best is None or phi < best[0]:          # ties: the first candidate
                best = phi, candidate, updated, taken
        assert best is not None
        potential, chosen, closest, taken = best
        indices.append(chosen)
        moved: list[int] = []
        for group, rows in taken:                      # the rows now nearest the new centroid
            group.remove(rows, X, closest)
            moved += rows
        groups.append(_Group(X[chosen], moved, X, closest))
    return indices


def _trial(c: Vector, groups: list, closest: list) -> tuple[list, list]:
    """(D(x)**2 for every row if c joined, [(group, its rows c would take), ...])."""
    updated = closest[:]
    taken = []
    for group in groups:
        # only rows with D(x) > d(c, g) / 2 can move; the bound is narrowed for rounding
        limit = (dist(c, group.centre) * 0.5 * NARROW / WIDEN) ** 2 * NARROW
        first = bisect_left(group.keys, limit)         # keys (D(x)**2) rise along the group
        if first == len(group.rows):
            continue                                   # no row of it can be nearer to c
        rows = group.rows[first:]
        distances = list(map(dist, group.points[first:], repeat(c)))
        new = [d * d for d in distances]               # as ``squared_distances`` squares
        nearer = list(map(lt, new, group.keys[first:]))
        if any(nearer):
            rows = list(compress(rows, nearer))
            for row, value in zip(rows, compress(new, nearer)):
                updated[row] = value
            taken.append((group, rows))
    return updated, taken


class _Group:
    """The rows whose nearest centroid is ``centre``, by rising D(x): rows, points, D(x)**2."""
    __slots__ = ("centre", "rows", "points", "keys")

    def __init__(self, centre: Vector, rows: list, X: Sequence[Vector], closest: list):
        self.centre = centre
        self._set(sorted(rows, key=closest.__getitem__), X, closest)

    def _set(self, rows: list, X: Sequence[Vector], closest: list) -> None:
        self.rows = rows
        self.points = list(map(X.__getitem__, rows))
        self.keys = list(map(closest.__getitem__, rows))

    def remove(self, rows: list, X: Sequence[Vector], closest: list) -> None:
        """Take these rows out of the group (the others keep their D(x), so stay in order)."""
        gone = set(rows)
        self._set([row for row in self.rows if row not in gone], X, closest)
