"""Greedy k-means++ on the k-d tree: the same draws, candidates tried box by box.

Greedy k-means++ (``seeding.plusplus_indices``) tries each drawn candidate c by computing
its distance to every row, to find the potential it would leave,

    phi(c) = sum_x w(x) * min(D(x), d(x, c))**2.

But c can only lower D(x) for rows nearer to c than to their centroid so far. Here the rows
sit in the k-d tree (``kdtree``), and a whole box is skipped when even its point nearest to
c is farther than every D(x) in it. The candidates are drawn by the very same functions as
the plain loop (``seeding.draw_first``, ``seeding.draw_candidates``) and the potentials that
decide are ``math.fsum``'s over every row, so the chosen rows are the plain loop's, always.

Public function: tree_plusplus_indices.
Reference: D. Arthur and S. Vassilvitskii (2007), SODA; scikit-learn's ``_kmeans_plusplus``.
"""

from __future__ import annotations

import math
from array import array
from collections import deque
from itertools import chain, compress
from operator import attrgetter, lt, mul
from typing import Iterable, Iterator, NamedTuple, Sequence

from ..randomness import RandomState
from ..seeding import draw_candidates, draw_first
from ..vectors import Vector, squared_distances
from .exact import ABSOLUTE_GUARD, NARROW, TRIAL_ERROR, TRIAL_FLOOR, WIDEN
from .kdtree import PointTree

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
    trials = _TreeTrials(tree, X, X[first])
    potential = math.fsum(map(mul, weights, trials.closest))
    for _ in range(1, k):
        candidates = draw_candidates(rng, weights, trials.closest, potential, n_trials)
        potential, chosen = trials.choose(candidates, potential)
        indices.append(chosen)
    return indices


class _TreeTrials:
    """Greedy k-means++ trials that visit only the boxes of the tree a candidate can reach.

    A candidate c changes D(x) only for rows nearer to c than to their centroid. If even the
    point of a box nearest to c is farther than every D(x) in the box, no row of it changes
    and the box is skipped whole. The potential of the best candidates is then summed by
    ``math.fsum`` over every row, as in the plain loop: the same choice, always.

    ``closest`` holds D(x)**2 in X's order (for the draws), ``near`` the same values in the
    tree's order, so that a box's values are one slice; both are ``array('d')``, 8 bytes a row.
    """

    def __init__(self, tree: PointTree, X: Sequence[Vector], first: Vector):
        self.tree, self.X = tree, X
        boxes = tree.boxes()                                # each after its children
        leaves = [box for box in boxes if box.children is None]
        self.near = array("d")
        for leaf in sorted(leaves, key=attrgetter("lo")):   # a leaf at a time: no list of n
            self.near.extend(_squared_distances(tree, leaf.lo, leaf.hi, first))
        self.closest = array("d", bytes(8 * len(self.near)))
        _consume(map(self.closest.__setitem__, tree.order, self.near))   # to X's order
        self.inner = [box for box in boxes if box.children is not None]
        self.reach: dict = {}                               # box -> bound on its rows' D(x)
        self._bound_reach(leaves)

    def _bound_reach(self, leaves: list) -> None:
        """Bound D(x) over the rows of these leaves (widened for rounding), then every box
        above them again, children first."""
        near = self.near
        for leaf in leaves:
            self.reach[leaf] = math.sqrt(max(near[leaf.lo:leaf.hi])) * WIDEN + ABSOLUTE_GUARD
        for box in self.inner:
            self.reach[box] = max(self.reach[box.children[0]], self.reach[box.children[1]])

    def choose(self, candidates: list, potential: float) -> tuple[float, int]:
        """Make the best candidate a centroid: (the new potential, its row index).

        ``potential`` is the current one. The best is the first candidate with the smallest
        potential, as ``math.fsum`` rounds it, as in the plain loop. Each trial first
        estimates its potential in floats, within a proven error bound (``_trial``); only
        the candidates whose bound reaches the best estimate's are summed over every row.
        """
        trials = [self._trial(candidate, potential) for candidate in candidates]
        ceiling = min(trial.estimate + trial.error for trial in trials)
        best = None
        for trial in trials:
            if trial.estimate - trial.error > ceiling:
                continue                            # surely worse than another candidate
            near = self.near[:]
            for leaf, updated in trial.changed:
                near[leaf.lo:leaf.hi] = updated
            summed = math.fsum(near if self.tree.weights is None
                               else map(mul, self.tree.weights, near))
            if best is None or summed < best[0]:          # ties: first candidate
                best = summed, near, trial
        assert best is not None     # the trial that set the ceiling is always summed
        potential, self.near, trial = best
        order, closest = self.tree.order, self.closest
        for leaf, updated in trial.changed:
            _consume(map(closest.__setitem__, order[leaf.lo:leaf.hi], updated))
        self._bound_reach([leaf for leaf, _ in trial.changed])
        return potential, trial.candidate

    def _trial(self, candidate: int, potential: float) -> "_Trial":
        """What X[candidate] would change: the leaves' new D(x)**2, and the potential estimated.

        The estimate is P + A - B: P the current potential, A and B the fsums of w * D**2
        over the rows of the leaves changed, after and before. Five roundings (P, A, B, and
        the two operations) are each within 2**-53 times a value no larger than
        s = |P| + |A| + |B| + |estimate|, so the estimate is within 5 * 2**-53 * s of the
        exact potential. The bound is 8 * 2**-53 * s = 2**-50 * s (TRIAL_ERROR), plus
        2**-1060 (TRIAL_FLOOR) for values down among the subnormals, whose rounding errors
        are absolute: a candidate ``choose``
        skips is then worse than another by more than 3 * 2**-53 * s, over an ulp, so their
        fsums cannot tie.
        """
        c, near = self.X[candidate], self.near
        changed: list = []
        stack = [self.tree.root]
        while stack:
            box = stack.pop()
            corner = tuple(map(min, map(max, c, box.lower), box.upper))   # box point nearest c
            if math.dist(c, corner) * NARROW > self.reach[box]:
                continue                               # no row of the box can change
            if box.children is not None:
                stack.extend(box.children)
                continue
            squared = _squared_distances(self.tree, box.lo, box.hi, c)
            updated = near[box.lo:box.hi]
            taken = list(map(lt, squared, updated))
            if False not in taken:          # min(D(x)**2, d(x, c)**2), as the plain loop keeps
                changed.append((box, array("d", squared)))
            elif True in taken:
                list(map(updated.__setitem__, compress(range(len(taken)), taken),
                         compress(squared, taken)))
                changed.append((box, updated))
        after = self._weighted_sum(changed, (updated for _, updated in changed))
        before = self._weighted_sum(changed, (near[leaf.lo:leaf.hi] for leaf, _ in changed))
        estimate = potential + after - before
        error = ((abs(potential) + abs(after) + abs(before) + abs(estimate)) * TRIAL_ERROR
                 + TRIAL_FLOOR)
        return _Trial(estimate, error, candidate, changed)

    def _weighted_sum(self, changed: list, values: Iterable) -> float:
        """fsum of w(x) * value over the rows of the changed leaves (values: an array a leaf)."""
        if self.tree.weights is None:
            return math.fsum(chain.from_iterable(values))
        weights = self.tree.weights
        return math.fsum(map(mul, chain.from_iterable(weights[leaf.lo:leaf.hi]
                                                      for leaf, _ in changed),
                             chain.from_iterable(values)))


def _consume(iterator: Iterator) -> None:
    """Run an iterator to its end, keeping nothing (the itertools recipe ``consume``)."""
    deque(iterator, maxlen=0)


def _squared_distances(tree: PointTree, lo: int, hi: int, centre: Vector) -> list:
    """``vectors.squared_distances`` from centre to the rows at positions lo..hi-1 of the
    tree, read from its columns."""
    return squared_distances(list(zip(*[column[lo:hi] for column in tree.columns])), centre)


class _Trial(NamedTuple):
    """One candidate's trial (``_TreeTrials._trial``)."""
    estimate: float              # the potential if the candidate joined, within +- error
    error: float
    candidate: int               # its row index
    changed: list                # (leaf, its rows' D(x)**2 then) for each leaf with a row
                                 # nearer to the candidate than to its centroid
