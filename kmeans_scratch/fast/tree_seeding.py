"""Greedy k-means++ on the k-d tree: the same draws, candidates tried box by box.

Greedy k-means++ (``seeding.plusplus_indices``) tries each drawn candidate c by computing
its distance to every row, to find the potential it would leave,

    phi(c) = sum_x w(x) * min(D(x), d(x, c))**2.

But c can only lower D(x) for rows nearer to c than to their centroid so far. Here the rows
sit in the k-d tree (``kdtree``). A box is skipped when even its point nearest to c is
farther than every D(x) in it, and taken whole when even its farthest corner is nearer than
every D(x) in it: then its rows' new sum is the moment formula

    sum_x w(x) * d(x, c)**2 = S2 - 2 * c . S1 + W * |c|**2
    (S2 = sum_x w(x) * |x|**2,  S1 = sum_x w(x) * x,  W = sum_x w(x), kept for every box)

with no row touched. Only the leaves a candidate cuts through are compared row by row. Each
trial so gives an estimate of phi(c) within a proven error bound (``_TreeTrials._trial``);
the candidates whose bounds reach the best one's are then tried row by row and summed by
``math.fsum``, as the plain loop sums them. The candidates are drawn by the very same
functions as the plain loop (``seeding.draw_first``, ``seeding.draw_candidates``), so the
chosen rows are the plain loop's, always.

Public function: tree_plusplus_indices.
Reference: D. Arthur and S. Vassilvitskii (2007), SODA; scikit-learn's ``_kmeans_plusplus``;
the moments as in T. Kanungo et al. (2002), IEEE TPAMI 24(7).
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_right
from collections import deque
from itertools import compress, repeat
from operator import itemgetter, lt, mul, sub
from typing import Iterable, Iterator, NamedTuple, Sequence

from ..randomness import RandomState
from ..seeding import draw_candidates, draw_first
from ..vectors import Vector, dist
from .exact import ABSOLUTE_GUARD, NARROW, TRIAL_ERROR, TRIAL_FLOOR, WIDEN, from_units
from .kdtree import PointTree

__all__ = ["tree_plusplus_indices"]

_CHUNK = 4096       # rows whose distances are computed at once: no list of n tuples


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
    potential = trials.potential()
    for _ in range(1, k):
        candidates = draw_candidates(rng, weights, trials.closest, potential, n_trials)
        potential, chosen = trials.choose(candidates, potential)
        indices.append(chosen)
    return indices


class _Moments(NamedTuple):
    """A box's sums about the first centroid f, for the moment formula (``_formula``)."""
    linear: tuple                # S1 = sum w * (x - f), per feature
    scale: tuple                 # W * (|x| + |f|) at most, per feature: bounds S1's error
    weight: float                # W = sum w (correctly rounded)


class _Span(NamedTuple):
    """What a box's rows hold now: bounds on their D(x), and their sum of w * D**2."""
    reach: float                 # every D(x) is below this (widened for rounding)
    floor: float                 # ... and above this
    before: float                # sum of w * D**2 over the rows
    error: float                 # a bound on before's rounding error


class _TreeTrials:
    """Greedy k-means++ trials that visit only the boxes of the tree a candidate can reach.

    ``closest`` holds D(x)**2 in X's order (for the draws), ``near`` the same values in the
    tree's order, so that a box's values are one slice; both are ``array('d')``, 8 bytes a
    row. ``spans[box]`` is the box's _Span, kept up to date as centroids join; ``moments``
    keeps the _Moments of the boxes some candidate took whole.
    """

    def __init__(self, tree: PointTree, X: Sequence[Vector], first: Vector):
        self.tree, self.X, self.first = tree, X, first
        n_rows = len(tree.order)
        self.near = array("d")
        for lo in range(0, n_rows, _CHUNK):
            self.near.extend(_squared_distances(tree, lo, min(lo + _CHUNK, n_rows), first))
        self.closest = array("d", bytes(8 * n_rows))
        _consume(map(self.closest.__setitem__, tree.order, self.near))   # to X's order
        self.spans: dict = {}
        self.stale: dict = {}       # box -> the centroid that took all its rows since
        self.moments: dict = {}     # its children's spans were last set
        self._bound(tree.root, [-1], [n_rows + 1], first)
        self.initial = dict(self.spans)    # S2 = sum w * |x - f|**2 of every box

    def potential(self) -> float:
        """The fsum of w(x) * D(x)**2 over every row: the plain loop's float (fsum is
        correctly rounded, so the rows' order does not matter)."""
        return math.fsum(self._weighted(0, len(self.near), self.near))

    def _weighted(self, lo: int, hi: int, values: Iterable) -> Iterable:
        """w(x) * value for the rows at positions lo..hi-1 (the values, when all w are 1)."""
        weights = self.tree.weights
        return values if weights is None else map(mul, weights[lo:hi], values)

    def _bound(self, box, starts: list, ends: list, taker: Vector) -> _Span:
        """The box's _Span again, and those of the boxes in it that hold changed positions
        (the runs starts[i]..ends[i]-1, sorted, each a box, or a leaf's rows): a run's from
        its rows (those below it, when a walk reaches them: ``_refresh``, from ``taker``,
        the centroid that took them), each box above from its children's. A sum of two
        children's ``before`` rounds once: TRIAL_ERROR (8 roundings' worth) of it bounds that.
        """
        i = bisect_right(ends, box.lo)
        if box.children is None or (i < len(starts) and (starts[i], ends[i]) == (box.lo, box.hi)):
            span = self._span(box)
            if box.children is not None:
                self.stale[box] = taker
        else:
            left, right = (self._bound(child, starts, ends, taker)
                           if _overlaps(child, starts, ends) else self.spans[child]
                           for child in box.children)
            before = left.before + right.before
            span = _Span(max(left.reach, right.reach), min(left.floor, right.floor), before,
                         left.error + right.error + before * TRIAL_ERROR)
        self.spans[box] = span
        return span

    def _span(self, box) -> _Span:
        """The box's _Span from its rows (an fsum: its half-ulp is in ``_trial``'s bound)."""
        values = self.near[box.lo:box.hi]
        return _Span(math.sqrt(max(values, default=0.0)) * WIDEN + ABSOLUTE_GUARD,
                     math.sqrt(min(values, default=math.inf)) * NARROW - ABSOLUTE_GUARD,
                     math.fsum(self._weighted(box.lo, box.hi, values)), 0.0)

    def _refresh(self, box) -> None:
        """Set the spans of the box's children, if a centroid took all their rows since:
        each D(x) is then their distance to it, bounded by the box's nearest and farthest
        points, and their sum of w * D**2 is the moment formula's (``_formula``)."""
        taker = self.stale.pop(box, None)
        if taker is not None:
            for child in box.children:
                nearest, farthest = _extremes(child, taker)
                before, error = self._formula(child, taker)
                self.spans[child] = _Span(farthest * WIDEN + ABSOLUTE_GUARD,
                                          nearest * NARROW - ABSOLUTE_GUARD, before, error)
                if child.children is not None:
                    self.stale[child] = taker

    def choose(self, candidates: list, potential: float) -> tuple[float, int]:
        """Make the best candidate a centroid: (the new potential, its row index).

        ``potential`` is the current one. The best is the first candidate with the smallest
        potential, as ``math.fsum`` rounds it, as in the plain loop. Each trial first
        estimates its potential within a proven error bound (``_trial``); only the
        candidates whose bound reaches the best estimate's are tried row by row.
        """
        trials = [self._trial(candidate, potential) for candidate in candidates]
        ceiling = min(filter(math.isfinite, (trial.estimate + trial.error for trial in trials)),
                      default=math.inf)
        best = None
        for trial in trials:
            if trial.estimate - trial.error > ceiling:
                continue                            # surely worse than another candidate
            changes = self._changes(self.X[trial.candidate])
            near = self.near[:]
            for lo, hi, updated in changes:
                near[lo:hi] = updated
            summed = math.fsum(self._weighted(0, len(near), near))
            if best is None or summed < best[0]:          # ties: first candidate
                best = summed, near, changes, trial.candidate
        assert best is not None     # the trial that set the ceiling is always tried
        potential, self.near, changes, chosen = best
        self._commit(sorted(changes, key=itemgetter(0)), self.X[chosen])
        return potential, chosen

    def _commit(self, changes: list, taker: Vector) -> None:
        """After ``near`` took taker's changes (sorted): D(x)**2 in X's order, the spans."""
        order, closest = self.tree.order, self.closest
        for lo, hi, updated in changes:
            _consume(map(closest.__setitem__, order[lo:hi], updated))
        self._bound(self.tree.root, [lo for lo, _, _ in changes], [hi for _, hi, _ in changes],
                    taker)

    def _reached(self, c: Vector) -> Iterator[tuple]:
        """(box, whole) for each box where c lowers some D(x): whole when it lowers every
        D(x) of the box, else a leaf whose rows are to be compared one by one."""
        stack = [self.tree.root]
        while stack:
            box = stack.pop()
            span = self.spans[box]
            nearest, farthest = _extremes(box, c)
            if nearest * NARROW > span.reach:
                continue                               # no row of the box can change
            if farthest * WIDEN + ABSOLUTE_GUARD < span.floor:
                yield box, True                        # every row of the box changes
            elif box.children is None:
                yield box, False
            else:
                self._refresh(box)
                stack.extend(box.children)

    def _trial(self, candidate: int, potential: float) -> "_Trial":
        """X[candidate]'s potential estimated from the boxes it changes, with its error bound.

        The estimate is the fsum of P (the current potential) and, for every box changed,
        its rows' sum of w * D**2 after (an fsum of the rows of a leaf, or the moment
        formula for a box taken whole) less the one before (its span's). Each fsum is
        correctly rounded, within 2**-53 of its value, as is the plain loop's fsum of phi:
        TRIAL_ERROR (8 roundings' worth) times the sum s of all these magnitudes bounds
        them. A whole box adds its formula's bound (``_formula``) and its span's; TRIAL_FLOOR
        covers values among the subnormals. A candidate ``choose`` skips is worse than
        another by more than the two bounds, so their fsums cannot tie.
        """
        c = self.X[candidate]
        terms, slack = [potential], TRIAL_FLOOR
        for box, whole in self._reached(c):
            span = self.spans[box]
            if whole:
                after, error = self._formula(box, c)
            else:
                updated = self._compare(box, _squared_distances(self.tree, box.lo, box.hi, c))
                if updated is None:
                    continue
                after, error = math.fsum(self._weighted(box.lo, box.hi, updated)), 0.0
            terms += (after, -span.before)
            slack += error + span.error
        estimate = math.fsum(terms)
        error = (math.fsum(map(abs, terms)) + abs(estimate)) * TRIAL_ERROR + slack
        return _Trial(estimate, error, candidate)

    def _formula(self, box, c: Vector) -> tuple[float, float]:
        """(sum of w * d(x, c)**2 over the box's rows by the moment formula, its error bound).

        About the first centroid f, with g = c - f: S2 - 2 * g . S1 + W * |g|**2, where S2
        is the box's first sum of w * D**2 (the plain loop's floats, each within 6 * 2**-53
        of w * |x - f|**2), as are the new rows' w * dist**2 of w * |x - c|**2. Every other
        rounding is within 2**-53 of a part of M = S2 + 2 * sum_f |g_f| * (|S1_f| + scale_f)
        + W * |g|**2 (S1's rounded products w * x_f within 2**-53 * W * |x_f|, so within
        scale_f), under 13 * 2**-53 * M in all: 2 * TRIAL_ERROR * M (16 roundings' worth)
        bounds it, with S2's own error. TRIAL_FLOOR a row, times 1 + |g|, covers the terms
        that fall among the subnormals.
        """
        moments, initial = self._moments(box), self.initial[box]
        g = list(map(sub, c, self.first))
        cross = [-2.0 * a * b for a, b in zip(g, moments.linear)]
        norm = [moments.weight * (a * a) for a in g]
        after = math.fsum([initial.before, *cross, *norm])
        size = math.fsum([initial.before, *norm, *(2.0 * abs(a) * (abs(b) + scale) for a, b, scale
                                                   in zip(g, moments.linear, moments.scale))])
        error = (2 * TRIAL_ERROR * size + initial.error
                 + TRIAL_FLOOR * (box.hi - box.lo) * (1.0 + sum(map(abs, g))))
        return after, error

    def _moments(self, box) -> _Moments:
        """The box's _Moments, from its exact sums and its bounding box (kept)."""
        moments = self.moments.get(box)
        if moments is None:
            tree = self.tree
            weight = from_units(box.total, tree.weight_shift)
            linear = (from_units(total, shift) - weight * f
                      for total, shift, f in zip(box.sums, tree.shifts, self.first))
            scale = (weight * (max(-low, high) + abs(f))
                     for low, high, f in zip(box.lower, box.upper, self.first))
            moments = _Moments(tuple(linear), tuple(scale), weight)
            self.moments[box] = moments
        return moments

    def _compare(self, leaf, squared: list):
        """The leaf's D(x)**2 if its rows at these squared distances joined: min(D(x)**2,
        squared) row by row, as the plain loop keeps them; None when none is lower."""
        updated = self.near[leaf.lo:leaf.hi]
        taken = list(map(lt, squared, updated))
        if True not in taken:
            return None
        if False not in taken:
            return array("d", squared)
        _consume(map(updated.__setitem__, compress(range(len(taken)), taken),
                     compress(squared, taken)))
        return updated

    def _changes(self, c: Vector) -> list:
        """(lo, hi, D(x)**2 then) for each box of rows whose D(x) c lowers, row by row."""
        changes = []
        for box, whole in self._reached(c):
            squared = _squared_distances(self.tree, box.lo, box.hi, c)
            updated = array("d", squared) if whole else self._compare(box, squared)
            if updated is not None:
                changes.append((box.lo, box.hi, updated))
        return changes


def _extremes(box, c: Vector) -> tuple[float, float]:
    """The distances from c to the box's nearest and farthest points."""
    nearest = tuple(map(min, map(max, c, box.lower), box.upper))
    return (math.dist(c, nearest),
            math.hypot(*map(max, map(sub, c, box.lower), map(sub, box.upper, c))))


def _overlaps(box, starts: list, ends: list) -> bool:
    """Whether some run starts[i]..ends[i]-1 (sorted, disjoint) meets the box's positions."""
    i = bisect_right(ends, box.lo)
    return i < len(starts) and starts[i] < box.hi


def _consume(iterator: Iterator) -> None:
    """Run an iterator to its end, keeping nothing (the itertools recipe ``consume``)."""
    deque(iterator, maxlen=0)


def _squared_distances(tree: PointTree, lo: int, hi: int, centre: Vector) -> list:
    """``vectors.squared_distances`` from centre to the rows at positions lo..hi-1 of the
    tree, read from its columns."""
    rows = zip(*[column[lo:hi] for column in tree.columns])
    return [d * d for d in map(dist, rows, repeat(centre))]


class _Trial(NamedTuple):
    """One candidate's trial (``_TreeTrials._trial``)."""
    estimate: float              # the potential if the candidate joined, within +- error
    error: float
    candidate: int               # its row index
