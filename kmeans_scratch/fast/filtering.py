"""The filtering algorithm: Lloyd's steps on a k-d tree, whole boxes of points at once.

In a few dimensions most points sit deep inside their cluster, far from any border. Put the
points in a k-d tree (``kdtree``: boxes split in two, again and again, until a box holds a
handful of points) and most of the assignment step can be done a box at a time. For a box whose
points all lie within radius r of its middle m, and the centre c_1 nearest to m,

    centre j can be nearest to no point of the box   if   d(m, c_j) - r > d(m, c_1) + r

because for every x in the box d(x, c_j) >= d(m, c_j) - r and d(x, c_1) <= d(m, c_1) + r
(the triangle inequality). Centres ruled out for a box stay ruled out for the boxes inside
it. When one centre is left, every point of the box takes it, and the box's precomputed sums
go to that cluster without touching a point; otherwise the test moves down to the two halves,
and at the bottom the surviving few centres are compared point by point.

Between steps, a decided box keeps its *slack* -- by how much its test passed -- and is not
looked at again until the centres have moved enough to use the slack up (see ``_Filter``).

Exactly Lloyd's result, for the reasons the package docstring (``kmeans_scratch.fast``)
gives once: the box test is made with distances pushed the safe way (WIDEN, NARROW), points
are compared with the plain loop's ``dist`` values and tie rule, and cluster sums are
exact integers (``kdtree``).

When to use it: the tree shines with many points in few dimensions (maps, the colours of a
large picture). In many dimensions a box is wide in every direction: on well separated blobs
the test still rules out most centres, but on data without clear clusters it rarely does,
and Hamerly's bounds (``bounds``) win. ``KMeans(algorithm='auto')`` chooses by the
data's shape, from the measurements in benchmarks/README.md.

Public: kdtree_steps, kdtree_lloyd.
Reference: T. Kanungo, D. M. Mount, N. S. Netanyahu, C. D. Piatko, R. Silverman, A. Y. Wu
(2002), "An efficient k-means clustering algorithm: analysis and implementation", IEEE TPAMI
24(7): 881-892 (which tests boxes against hyperplanes; here the simpler ball around the box).
"""

from __future__ import annotations

import math
from itertools import compress, repeat
from operator import ne, not_
from typing import Iterator, Sequence

from ..lloyd import KMeansResult, LloydStep
from ..vectors import Vector, dist
from .driver import incremental_lloyd, incremental_steps
from .exact import ABSOLUTE_GUARD, LEAF_GAP_GUARD, NARROW, SLACK_GUARD, WIDEN
from .kdtree import Box, PointTree

__all__ = ["kdtree_steps", "kdtree_lloyd"]

class _Filter:
    """One run's assignment state: labels, exact cluster sums, and the pieces of the tree.

    ``driver.incremental_steps`` drives it: ``means()`` after each assignment, then
    ``reassign(centroids, shifts)`` once the centres have moved.

    After an assignment the tree is cut into *pieces*: boxes owned whole by one centre, and
    border leaves whose points were compared one by one among the few centres left. Each
    piece keeps its *slack*: how much closer every point is to its own centre than to any
    other, at the least (the gaps the box tests passed by, and at a leaf the smallest gap
    between a point's two nearest candidates; each widened the safe way).

    When the centres then move by p_i, no distance d(x, c_i) changes by more than p_i, so
    every label in a piece still holds while the slack exceeds what the moves could use up:
    p_j + max_{i != j} p_i for a box owned by j, the two largest moves for a mixed leaf. As
    in ``bounds``, these are kept as running totals per owner (``used[j]``, and
    ``used[k]`` for mixed leaves), and a piece stores slack + used[owner] when measured, so
    each step checks every piece in one C-level pass, with no distance at all. Pieces that
    fail are tested again from scratch. Cluster sums change only where labels do.
    """

    def __init__(self, tree: PointTree, centroids: Sequence[Vector]):
        self.tree, self.centroids = tree, list(centroids)
        self.k = k = len(self.centroids)
        self.labels = [0] * len(tree.order)             # in X's order; all start in cluster 0
        self.sums = [list(tree.root.sums)] + [[0] * len(tree.shifts) for _ in range(k - 1)]
        self.totals = [tree.root.total] + [0] * (k - 1)
        self.used, self.ceiling, self.n_distances = [0.0] * (k + 1), 0.0, 0
        self.pieces: list[Box] = []        # the pieces of the tree after the last assignment,
        self.owners: list[int] = []        # each one's owner (k: a mixed leaf)
        self.offsets: list[float] = []     # and its slack + used[owner] when measured
        self.moved: dict = {}           # (from, to) -> positions of points that changed cluster
        self._descend([(tree.root, 0)], self.centroids)      # the first assignment

    def means(self) -> list:
        """Each cluster's mean, from its exact sums."""
        return self.tree.centroids(self.sums, self.totals)

    def reassign(self, centroids: list, shifts: list) -> None:
        """Centre j moved by shifts[j]: bring every label and the exact sums up to date."""
        self._descend(self._release(shifts), centroids)

    def _release(self, shifts: list) -> list:
        """Add the moves to the running totals; remove and return the pieces no longer sure.

        Returns (node, its owner or None if mixed) for every piece that failed.
        """
        order = sorted(range(self.k), key=shifts.__getitem__)
        largest = shifts[order[-1]]
        runner_up = shifts[order[-2]] if self.k > 1 else 0.0
        guard = (self.ceiling + max(self.used)) * SLACK_GUARD + ABSOLUTE_GUARD
        for j, shift in enumerate(shifts):
            other = runner_up if j == order[-1] else largest
            self.used[j] += (shift + other) * WIDEN + guard
        self.used[self.k] += (largest + runner_up) * WIDEN + guard
        sure = list(map(float.__gt__, self.offsets, map(self.used.__getitem__, self.owners)))
        unsure = list(map(not_, sure))
        failed = [(node, owner if owner < self.k else None)
                  for node, owner in zip(compress(self.pieces, unsure), compress(self.owners, unsure))]
        self.pieces = list(compress(self.pieces, sure))
        self.owners = list(compress(self.owners, sure))
        self.offsets = list(compress(self.offsets, sure))
        return failed

    def _descend(self, pieces: list, centroids: list) -> None:
        """Test each node, and the halves of those not decided, down to owned boxes or leaves.

        A stack entry is (node, its owner before this step or None, the candidates left,
        the slack by which the ancestors ruled the other centres out).
        """
        everyone = tuple(range(self.k))
        stack = [(node, was, everyone, math.inf) for node, was in pieces]
        while stack:
            node, was, candidates, outside = stack.pop()
            survivors, outside = self._survivors(node, candidates, centroids, outside)
            if len(survivors) == 1:
                self._keep(node, survivors[0], outside)
                self._give(node, survivors[0], was)
            elif node.children is None:
                self._compare_points(node, survivors, centroids, outside)
            else:
                stack.extend((child, was, survivors, outside) for child in node.children)
        self._move_points()

    def _survivors(self, node: Box, candidates: tuple, centroids: list, outside: float) -> tuple:
        """(the candidates that may be nearest to some point of the box, the updated slack).

        Centre j is ruled out when d_j - r > d_1 + r, with d_j = d(middle, c_j), d_1 the
        smallest of them and r the box's radius; each side is pushed the safe way by 1e-10.
        The slack of the ruling is (smallest ruled-out d_j - r) - (d_1 + r).
        """
        self.n_distances += len(candidates)
        distances = list(map(dist, repeat(node.middle), map(centroids.__getitem__, candidates)))
        radius = node.radius
        near = (min(distances) * WIDEN + radius) * WIDEN + ABSOLUTE_GUARD
        threshold = (near + radius) * WIDEN + ABSOLUTE_GUARD
        survivors = tuple(compress(candidates, map(threshold.__ge__, distances)))
        if len(survivors) < len(candidates):
            far = min(compress(distances, map(threshold.__lt__, distances)))
            self.ceiling = max(self.ceiling, far)
            outside = min(outside, (far * NARROW - radius) * NARROW - near - ABSOLUTE_GUARD)
        return survivors, outside

    def _keep(self, node: Box, owner: int, slack: float) -> None:
        """Record a piece: its node, owner (k if mixed) and slack, relative to the totals."""
        self.pieces.append(node)
        self.owners.append(owner)
        self.offsets.append(slack + self.used[owner])

    def _compare_points(self, leaf: Box, candidates: tuple, centroids: list,
                        outside: float) -> None:
        """Label a border leaf's points by their nearest candidate, as the plain loop would.

        The leaf's slack is the smallest gap between a point's two nearest candidates, less
        1e-9 of the largest distance for rounding, if smaller than the ancestors' slack.
        """
        points = self.tree.rows(leaf.lo, leaf.hi)
        self.n_distances += len(points) * len(candidates)
        nearest, gap, largest = _nearest(points, candidates, centroids)
        self.ceiling = max(self.ceiling, largest)
        self._relabel(leaf, nearest)
        self._keep(leaf, self.k, min(outside, gap - largest * LEAF_GAP_GUARD - ABSOLUTE_GUARD))

    def _give(self, node: Box, owner: int, was: int | None) -> None:
        """Every point of the box now belongs to ``owner``; before, all to ``was`` if known."""
        if was == owner:
            return
        rows = self.tree.order[node.lo:node.hi]
        if was is None:                  # a border leaf before: were its points all alike?
            old_labels = list(map(self.labels.__getitem__, rows))
            if old_labels.count(old_labels[0]) < len(old_labels):
                self._relabel(node, [owner] * len(rows), old_labels)
                return
            was = old_labels[0]
            if was == owner:
                return
        labels = self.labels
        for row in rows:                # (a plain loop: faster than map, on CPython and PyPy)
            labels[row] = owner
        self._move(node.sums, node.total, was, owner)       # the box's sums move as one

    def _relabel(self, node: Box, new_labels: list, old_labels: list | None = None) -> None:
        """Set the labels of the node's points; note the changed ones for ``_move_points``.

        ``old_labels``: their labels until now, if the caller has already read them.
        """
        rows = self.tree.order[node.lo:node.hi]
        if old_labels is None:
            old_labels = list(map(self.labels.__getitem__, rows))
        if old_labels == new_labels:
            return
        for position, row, old, new in compress(zip(range(node.lo, node.hi), rows,
                                                    old_labels, new_labels),
                                                map(ne, old_labels, new_labels)):
            self.labels[row] = new
            self.moved.setdefault((old, new), []).append(position)

    def _move_points(self) -> None:
        """Move the exact w*x and w of the points that changed cluster, a batch per (from, to).

        Integer sums are exact in any order, so one sum per batch and feature (C speed)
        gives the same cluster sums as moving the points one at a time.
        """
        tree = self.tree
        for (source, target), positions in self.moved.items():
            weights = tree.weights and list(map(tree.weights.__getitem__, positions))
            units, weight = tree.exact_sums(positions, weights)
            self._move(units, weight, source, target)
        self.moved.clear()

    def _move(self, sums: list, total: int, source: int, target: int) -> None:
        """Move exact sums (of w*x per feature, and of w) from one cluster to another."""
        self.sums[source] = list(map(int.__sub__, self.sums[source], sums))
        self.sums[target] = list(map(int.__add__, self.sums[target], sums))
        self.totals[source] -= total
        self.totals[target] += total


def _nearest(points: list, candidates: tuple, centroids: list) -> tuple:
    """(each point's nearest candidate, the smallest gap between a point's two nearest
    distances, the largest distance), in one plain loop.

    A strict ``<`` keeps the lowest index on ties (candidates are in increasing order), as
    the plain loop does, and a tie's equal distance becomes the second nearest. The loop
    measured faster than C-level passes over whole columns, on CPython and PyPy alike.
    """
    inf = math.inf
    chosen = [(j, centroids[j]) for j in candidates]
    nearest_labels, gap, largest = [], inf, 0.0
    for x in points:
        nearest = second = inf
        label = 0
        for j, c in chosen:
            distance = dist(x, c)
            if distance < nearest:
                nearest, second, label = distance, nearest, j
            elif distance < second:
                second = distance
            if distance > largest:
                largest = distance
        nearest_labels.append(label)
        if second - nearest < gap:
            gap = second - nearest
    return nearest_labels, gap, largest


def kdtree_steps(X: Sequence[Vector], centroids: Sequence[Vector], weights: Sequence[float], *,
                 max_iter: int = 300, tol: float = 0.0,
                 tree: PointTree | None = None) -> Iterator[LloydStep]:
    """Yield the same steps as ``lloyd.lloyd_steps``, assigning whole boxes at once.

    ``inertia`` is None in these steps (it would need every distance). ``tree`` is
    ``PointTree(X, weights)`` if already built (it is the same for every run on X).

    >>> from kmeans_scratch.lloyd import lloyd_steps
    >>> X = [(0.0,), (1.0,), (9.0,), (10.0,)]
    >>> fast = [(s.labels, s.new_centroids, s.stop) for s in kdtree_steps(X, [(0.0,), (1.0,)], [1.0] * 4)]
    >>> fast == [(s.labels, s.new_centroids, s.stop) for s in lloyd_steps(X, [(0.0,), (1.0,)], [1.0] * 4)]
    True
    """
    run = _Filter(tree or PointTree(X, weights), centroids)
    return incremental_steps(X, weights, run, max_iter=max_iter, tol=tol)


def kdtree_lloyd(X: Sequence[Vector], centroids: Sequence[Vector], weights: Sequence[float], *,
                 max_iter: int = 300, tol: float = 0.0,
                 tree: PointTree | None = None) -> KMeansResult:
    """Run to a stop like ``lloyd.lloyd`` (same result), counting distance evaluations.

    >>> X = [(0.0,), (1.0,), (9.0,), (10.0,)]
    >>> kdtree_lloyd(X, [(0.0,), (1.0,)], [1.0] * 4)[:4]
    ([(0.5,), (9.5,)], [0, 0, 1, 1], 1.0, 3)
    """
    run = _Filter(tree or PointTree(X, weights), centroids)
    return incremental_lloyd(X, weights, run, max_iter=max_iter, tol=tol)
