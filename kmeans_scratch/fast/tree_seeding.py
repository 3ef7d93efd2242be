"""Greedy k-means++ on the k-d tree: the same draws, candidates tried box by box.

Greedy k-means++ (``seeding.plusplus_indices``) tries each drawn candidate c by computing
its distance to every row, to find the potential it would leave,

    phi(c) = sum_x w(x) * min(D(x), d(x, c))**2.

But c can only lower D(x) for rows nearer to c than to their centroid so far. Here the rows
sit in the k-d tree (``kdtree``), and a whole box is skipped when even its point nearest to
c is farther than every D(x) in it. The candidates are drawn by the very same functions as
the plain loop (``seeding.draw_first``, ``seeding.draw_candidates``) and the potential is
kept exact, so the chosen rows are the plain loop's, always.

Public function: tree_plusplus_indices.
Reference: D. Arthur and S. Vassilvitskii (2007), SODA; scikit-learn's ``_kmeans_plusplus``.
"""

from __future__ import annotations

import math
from itertools import compress, repeat
from operator import lt, mul
from typing import NamedTuple, Sequence

from ..randomness import RandomState
from ..seeding import draw_candidates, draw_first
from ..vectors import Vector, squared_distances
from .exact import NARROW, TRIAL_ERROR, TRIAL_FLOOR, WIDEN, exact_sum, from_units
from .kdtree import Box, PointTree

__all__ = ["tree_plusplus_indices"]


def tree_plusplus_indices(tree: PointTree, X: Sequence[Vector], k: int, rng: RandomState,
                          weights: Sequence[float]) -> list[int]:
    """``seeding.plusplus_indices`` with the candidates tried on ``tree``: the same indices.

    >>> from kmeans_scratch.randomness import RandomState
    >>> from kmeans_scratch.seeding import plusplus_indices
    >>> X = [(float(i % 7), float(i % 5)) for i in range(40)]
    >>> tree = PointTree(X, [1.0] * 40, leaf_size=4)
    >>> tree_plusplus_indices(tree, X, 5, RandomState(3), [1.0] * 40) == plusplus_indices(
    ...     X, 5, RandomState(3), [1.0] * 40)
    True
    """
    n_trials = 2 + int(math.log(k))
    first = draw_first(rng, weights)
    indices = [first]
    closest = squared_distances(X, X[first])          # D(x)**2 for every row
    trials = _TreeTrials(tree, X, weights, closest)
    potential = math.fsum(map(mul, weights, closest))
    for _ in range(1, k):
        candidates = draw_candidates(rng, weights, closest, potential, n_trials)
        potential, chosen = trials.choose(candidates)     # (updates closest in place)
        indices.append(chosen)
    return indices


class _TreeTrials:
    """Greedy k-means++ trials that visit only the boxes of the tree a candidate can reach.

    A candidate c changes D(x) only for rows nearer to c than to their centroid. If even the
    point of a box nearest to c is farther than every D(x) in the box, no row of it changes
    and the box is skipped whole. The potential phi = sum_x w(x) * D(x)**2 is kept as an exact
    integer (``exact``), so adding the changes of the few rows visited gives the very float
    ``math.fsum`` gives over all rows: the same choice as the plain loop, always.

    ``closest`` holds D(x)**2 in X's order (for the draws), ``near`` the same values in the
    tree's order, so that a box's values are one slice.
    """

    def __init__(self, tree: PointTree, X: Sequence[Vector], weights: Sequence[float],
                 closest: list):
        self.tree, self.X, self.closest = tree, X, closest
        self.near = list(map(closest.__getitem__, tree.order))
        self.exact = exact_sum(closest if tree.weights is None else map(mul, weights, closest))
        boxes = tree.boxes()                                # each after its children
        self.inner = [box for box in boxes if box.children is not None]
        self.reach: dict = {}                               # box -> bound on its rows' D(x)
        self._bound_reach([box for box in boxes if box.children is None])

    def _bound_reach(self, leaves: list) -> None:
        """Bound D(x) over the rows of these leaves (widened for rounding), then every box
        above them again, children first."""
        near = self.near
        for leaf in leaves:
            self.reach[leaf] = math.sqrt(max(near[leaf.lo:leaf.hi])) * WIDEN
        for box in self.inner:
            self.reach[box] = max(self.reach[box.children[0]], self.reach[box.children[1]])

    def choose(self, candidates: list) -> tuple[float, int]:
        """Make the best candidate a centroid: (the new potential, its row index).

        The best is the first candidate with the smallest potential, as ``math.fsum`` rounds
        it, as in the plain loop. Summing a trial's change exactly is the dear part, so each
        change is first summed in floats, within a proven error bound (``_trial``); only the
        candidates whose bound reaches the best estimate's are then summed exactly.
        """
        trials = [self._trial(candidate) for candidate in candidates]
        ceiling = min(trial.estimate + trial.error for trial in trials)
        best = None
        for trial in trials:
            if trial.estimate - trial.error > ceiling:
                continue                            # surely worse than another candidate
            change = (exact_sum(self._weighted(trial.positions, trial.new))
                      - exact_sum(self._weighted(trial.positions, trial.old)))
            potential = from_units(self.exact + change)
            if best is None or potential < best[0]:       # ties: first candidate
                best = potential, change, trial
        assert best is not None     # the trial that set the ceiling is always summed
        potential, change, trial = best
        list(map(self.near.__setitem__, trial.positions, trial.new))
        list(map(self.closest.__setitem__, map(self.tree.order.__getitem__, trial.positions),
                 trial.new))
        self.exact += change
        self._bound_reach(trial.leaves)
        return potential, trial.candidate

    def _weighted(self, positions: list, values: list) -> list:
        """w(x) * values for the rows at these positions of the tree (values when all w are 1)."""
        if self.tree.weights is None:
            return values
        return list(map(mul, map(self.tree.weights.__getitem__, positions), values))

    def _trial(self, candidate: int) -> "_Trial":
        """What X[candidate] would change: the rows it takes, and the potential estimated.

        The estimate is P + A - B: P the current potential, A and B the fsums of w * D**2
        over the rows taken, after and before. Five roundings (P, A, B, and the two
        operations) are each within 2**-53 times a value no larger than
        s = |P| + |A| + |B| + |estimate|, so the estimate is within 5 * 2**-53 * s of the
        exact potential. The bound is 8 * 2**-53 * s = 2**-50 * s (TRIAL_ERROR), plus
        2**-1060 (TRIAL_FLOOR) for values down among the subnormals, whose rounding errors
        are absolute: a candidate ``choose``
        skips is then worse than another by more than 3 * 2**-53 * s, over an ulp, so their
        fsums cannot tie.
        """
        c, near, points = self.X[candidate], self.near, self.tree.points
        positions: list[int] = []
        new: list[float] = []
        old: list[float] = []
        leaves: list[Box] = []
        stack = [self.tree.root]
        while stack:
            box = stack.pop()
            corner = tuple(map(min, map(max, c, box.lower), box.upper))   # box point nearest c
            if math.dist(c, corner) * NARROW > self.reach[box]:
                continue                               # no row of the box can change
            if box.children is not None:
                stack.extend(box.children)
                continue
            lo, hi = box.lo, box.hi
            # math.dist(x, c)**2, squared as ``vectors.squared_distances`` squares it
            distances = list(map(math.dist, points[lo:hi], repeat(c)))
            squared = list(map(mul, distances, distances))
            before = near[lo:hi]
            taken = list(map(lt, squared, before))
            if any(taken):
                positions += compress(range(lo, hi), taken)
                new += compress(squared, taken)
                old += compress(before, taken)
                leaves.append(box)
        current = from_units(self.exact)
        after = math.fsum(self._weighted(positions, new))
        before_sum = math.fsum(self._weighted(positions, old))
        estimate = current + after - before_sum
        error = ((abs(current) + abs(after) + abs(before_sum) + abs(estimate)) * TRIAL_ERROR
                 + TRIAL_FLOOR)
        return _Trial(estimate, error, candidate, positions, old, new, leaves)


class _Trial(NamedTuple):
    """One candidate's trial (``_TreeTrials._trial``)."""
    estimate: float              # the potential if the candidate joined, within +- error
    error: float
    candidate: int               # its row index
    positions: list              # the tree positions of the rows it would take (nearer to it
                                 # than to their centroid)
    old: list                    # their D(x)**2 now
    new: list                    # their D(x)**2 then
    leaves: list                 # the leaves those rows are in
