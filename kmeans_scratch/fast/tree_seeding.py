"""Greedy k-means++ on the k-d tree: the same draws, candidates tried box by box.

Greedy k-means++ (``seeding.plusplus_indices``) tries each drawn candidate c by computing
its distance to every row, to find the potential it would leave,

    phi(c) = sum_x w(x) * min(D(x), d(x, c))**2.

But c can only lower D(x) for rows nearer to c than to their centroid so far. Here the rows
sit in the k-d tree (``kdtree``). A box is skipped when even its point nearest to c is
farther than every D(x) in it, and taken whole when even its farthest corner is nearer than
every D(x) in it: then its rows' new sum comes from the box's moments about the first
centroid, with no row touched (``box_distances``). Only the leaves a candidate cuts through
are compared row by row. A trial so estimates phi(c) within a proven error bound
(``_TreeTrials._trial``); only the candidates whose bounds reach the best one's are tried
row by row, their phi, as the plain loop's ``math.fsum`` rounds it, from the sums each leaf
keeps and the rows they change (``exact_potential``). The candidates are the rows the plain
loop's ``seeding.draw_candidates`` draws, found from block sums (``candidate_draws``), the
first row as ``seeding.draw_first`` draws it (``first_draw``): the chosen rows are its, always.

Public function: tree_plusplus_indices.
Reference: D. Arthur and S. Vassilvitskii (2007), SODA; scikit-learn's ``_kmeans_plusplus``;
the moments as in T. Kanungo et al. (2002), IEEE TPAMI 24(7).
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_right
from itertools import compress
from operator import attrgetter, itemgetter, lt, mul
from typing import Iterable, Iterator, NamedTuple, Optional, Sequence

from ..randomness import RandomState
from ..vectors import Vector
from .box_distances import (box_moments, farthest_distance, moment_sum, nearest_distance,
                            squared_distances_array, squared_distances_to)
from .candidate_draws import draw_candidates
from .exact import ABSOLUTE_GUARD, NARROW, TRIAL_ERROR, TRIAL_FLOOR, WIDEN
from .exact_potential import ExactPotential, fsum_or_inf, scatter
from .first_draw import draw_first
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
    potential = trials.potential()
    unit = None if tree.weights is None else weights        # (None: all 1.0, known)
    for round_ in range(1, k):
        candidates = draw_candidates(rng, unit, trials.closest, potential, n_trials)
        choice = trials.best(candidates, potential)
        indices.append(choice.candidate)
        if round_ < k - 1:          # (after the last, no draw needs D(x) or the potential)
            potential = trials.join(choice)
    return indices


class _Span(NamedTuple):
    """What a box's rows hold now: bounds on their D(x), and their sum of w * D**2."""
    reach: float                 # every D(x) is below this (widened for rounding)
    floor: float                 # ... and above this
    before: Optional[float]      # sum of w * D**2 over the rows (None: not yet asked for)
    error: float                 # a bound on before's rounding error


class _TreeTrials:
    """Greedy k-means++ trials that visit only the boxes of the tree a candidate can reach.

    ``closest`` holds D(x)**2 in X's order (for the draws), ``near`` the same values in the
    tree's order (a box's values are one slice); both ``array('d')``. ``sums`` keeps each
    leaf's sum of w * D**2 in two floats (``ExactPotential``). ``spans[box]`` is the box's _Span,
    kept as centroids join, but below the boxes in ``stale`` (``_refresh``).
    """

    def __init__(self, tree: PointTree, X: Sequence[Vector], first: Vector):
        self.tree, self.X, self.first = tree, X, first
        self.near = squared_distances_array(tree, 0, len(tree.order), first)
        self.closest = array("d", bytes(8 * len(self.near)))
        scatter(self.closest, tree.order, self.near)            # to X's order
        self.sums = ExactPotential(tree, self.near)
        self.spans: dict = {}
        for box in tree.boxes():                        # each after its children
            self.spans[box] = self._span(box) if box.children is None else self._joined(box)
        # every box's first sum of w * D**2 and its bound: S2 for the formula
        self.initial = {box: (span.before, span.error) for box, span in self.spans.items()}
        self.stale: dict = {}       # box -> the centroid that took all its rows since
        self.takers: dict = {}      # box -> the same, for the boxes below it
        self.moments: dict = {}     # box -> its BoxMoments, once asked for

    def potential(self) -> float:
        """The plain loop's fsum of w(x) * D(x)**2 over every row (``ExactPotential``)."""
        return self.sums.total()

    def best(self, candidates: list, potential: float) -> "_Choice":
        """The candidate the plain loop keeps: the first with the smallest potential as
        ``math.fsum`` rounds it; ``potential`` is the current one.

        Only the candidates whose estimate's bound (``_trial``) reaches the best one's are
        tried row by row. When that is one alone, its potential is left to ``join``: unless
        the bound allows a sum past the largest float, which the plain loop's fsum may raise.
        """
        trials = [self._trial(candidate, potential) for candidate in candidates]
        ceiling = min(filter(math.isfinite, (trial.estimate + trial.error for trial in trials)),
                      default=math.inf)
        # (not "<=": a nan estimate is tried too)
        close = [trial for trial in trials if not trial.estimate - trial.error > ceiling]
        if len(close) == 1 and close[0].estimate + close[0].error < _FAR_FROM_OVERFLOW:
            return _Choice(close[0].candidate, self._rows(close[0]), None)
        return min(map(self._row_by_row, close), key=attrgetter("potential"))  # ties: first

    def join(self, choice: "_Choice") -> float:
        """Make the choice a centroid: D(x)**2 in both orders, the leaves' sums, the spans;
        the new potential."""
        order, closest, near = self.tree.order, self.closest, self.near
        changes = sorted(choice.changes, key=itemgetter(0))
        for lo, hi, updated in changes:
            scatter(closest, order[lo:hi], updated)
            near[lo:hi] = updated
            self.sums.update(lo, hi)
        self._bound(self.tree.root, [lo for lo, _, _ in changes], [hi for _, hi, _ in changes],
                    self.X[choice.candidate])
        return self.potential() if choice.potential is None else choice.potential

    def _rows(self, trial: "_Trial") -> list:
        """The trial's changes, the rows of the boxes it takes whole computed now."""
        c = self.X[trial.candidate]
        return [(lo, hi, squared_distances_array(self.tree, lo, hi, c) if updated is None
                 else updated) for lo, hi, updated in trial.changes]

    def _row_by_row(self, trial: "_Trial") -> "_Choice":
        """The trial's _Choice with its phi as the plain loop's fsum (``potential``)."""
        changes = self._rows(trial)
        return _Choice(trial.candidate, changes, self.sums.changed(changes))

    def _bound(self, box, starts: list, ends: list, taker: Vector) -> None:
        """Set the spans of the box and of the boxes in it holding changed positions (the
        runs starts[i]..ends[i]-1, sorted, each a box or a leaf's rows): a leaf's from its
        rows, a box taken whole by ``_taken`` (the boxes below it ``stale``), each box above
        from its children's."""
        i = bisect_right(ends, box.lo)
        if box.children is None:
            self.spans[box] = self._span(box)
            return
        if i < len(starts) and (starts[i], ends[i]) == (box.lo, box.hi):
            self.spans[box] = self._taken(box, taker, *self.sums.box_sum(box))
            self.stale[box] = taker
            return
        for child in box.children:
            i = bisect_right(ends, child.lo)       # the first run ending after its start
            if i < len(starts) and starts[i] < child.hi:
                self._bound(child, starts, ends, taker)
        self.spans[box] = self._joined(box)

    def _span(self, leaf) -> _Span:
        """The leaf's _Span from its rows and its fsum (its half-ulp is in ``_trial``'s bound)."""
        values = self.near[leaf.lo:leaf.hi]
        return _Span(math.sqrt(max(values, default=0.0)) * WIDEN + ABSOLUTE_GUARD,
                     math.sqrt(min(values, default=math.inf)) * NARROW - ABSOLUTE_GUARD,
                     self.sums.leaf_sum(leaf), 0.0)

    def _joined(self, box) -> _Span:
        """The box's _Span from its children's. Their sum rounds once: TRIAL_ERROR (8
        roundings' worth) of it bounds that."""
        (left, left_error), (right, right_error) = map(self._summed, box.children)
        low, high = map(self.spans.__getitem__, box.children)
        return _Span(max(low.reach, high.reach), min(low.floor, high.floor), left + right,
                     left_error + right_error + (left + right) * TRIAL_ERROR)

    def _refresh(self, box) -> None:
        """Set the spans of the box's children if a centroid took all their rows since: a
        leaf's from its rows, a box's by ``_taken`` (their sum asked for later, ``_summed``)."""
        taker = self.stale.pop(box, None)
        if taker is not None:
            for child in box.children:
                if child.children is None:
                    self.spans[child] = self._span(child)
                    continue
                self.spans[child] = self._taken(child, taker, None)
                self.stale[child] = self.takers[child] = taker

    @staticmethod
    def _taken(box, taker: Vector, before: Optional[float], error: float = 0.0) -> _Span:
        """The _Span of a box whose rows all took taker: each D(x) is then d(x, taker), within
        the box's nearest and farthest points' (no row read); ``before``: their sum, if known
        (rounded once, as an fsum, from a sum within ``error`` of theirs)."""
        return _Span(farthest_distance(box, taker) * WIDEN + ABSOLUTE_GUARD,
                     nearest_distance(box, taker) * NARROW - ABSOLUTE_GUARD, before, error)

    def _summed(self, box) -> tuple[float, float]:
        """The box's sum of w * D**2 and its error bound (the moment formula's, if unknown)."""
        span = self.spans[box]
        if span.before is None:
            before, error = self._formula(box, self.takers[box])
            self.spans[box] = span._replace(before=before, error=error)
            return before, error
        return span.before, span.error

    def _reached(self, c: Vector) -> Iterator[tuple]:
        """(box, whole) for each box where c lowers some D(x): whole when it lowers every
        D(x) of the box, else a leaf whose rows are to be compared one by one."""
        stack = [self.tree.root]
        while stack:
            box = stack.pop()
            span = self.spans[box]
            if nearest_distance(box, c) * NARROW > span.reach:
                continue                               # no row of the box can change
            if farthest_distance(box, c) * WIDEN + ABSOLUTE_GUARD < span.floor:
                yield box, True                        # every row of the box changes
            elif box.children is None:
                yield box, False
            else:
                self._refresh(box)
                stack.extend(box.children)

    def _trial(self, candidate: int, potential: float) -> "_Trial":
        """X[candidate]'s potential estimated from the boxes it changes, with an error bound.

        The estimate is the fsum of the potential P and, for each box changed, its sum of
        w * D**2 after (a leaf's rows' fsum, or ``_formula``) less its span's. Each fsum, as
        the plain loop's of phi, is within 2**-53 of its value: TRIAL_ERROR (8 roundings)
        times the sum of the magnitudes bounds them, plus the formulas' and spans' own
        bounds. A candidate ``best`` skips is worse by more than both bounds: no tie.
        """
        c = self.X[candidate]
        terms, slack, changes = [potential], TRIAL_FLOOR, []
        for box, whole in self._reached(c):
            updated = None
            if whole:
                after, error = self._formula(box, c)
            else:
                updated = self._compare(box, squared_distances_to(self.tree, box.lo, box.hi, c))
                if updated is None:
                    continue
                after, error = fsum_or_inf(self._weighted(box.lo, box.hi, updated)), 0.0
            changes.append((box.lo, box.hi, updated))
            before, before_error = self._summed(box)
            terms += (after, -before)
            slack += error + before_error
        size = sum(map(abs, terms))     # (inf on overflow: no bound, the trial is tried)
        estimate = math.fsum(terms) if math.isfinite(size) else math.nan
        return _Trial(estimate, (size + abs(estimate)) * TRIAL_ERROR + slack, candidate, changes)

    def _formula(self, box, c: Vector) -> tuple[float, float]:
        """(sum of w * d(x, c)**2 over the box's rows, its error bound): ``moment_sum`` with
        the box's moments about the first centroid (kept) and its first sum of w * D**2."""
        moments = self.moments.get(box)
        if moments is None:
            moments = self.moments[box] = box_moments(self.tree, box, self.first)
        return moment_sum(moments, *self.initial[box], c, self.first, box.hi - box.lo)

    def _compare(self, leaf, squared: list):
        """The leaf's D(x)**2 if its rows at these squared distances joined: min(D(x)**2,
        squared) row by row, as the plain loop keeps them; None when none is lower."""
        updated = self.near[leaf.lo:leaf.hi]
        taken = list(map(lt, squared, updated))
        if True not in taken:
            return None
        if False not in taken:
            return array("d", squared)
        scatter(updated, compress(range(len(taken)), taken), compress(squared, taken))
        return updated

    def _weighted(self, lo: int, hi: int, values: Iterable) -> Iterable:
        """w(x) * value for the rows at positions lo..hi-1 (the values when all w are 1)."""
        weights = self.tree.weights
        return values if weights is None else map(mul, weights[lo:hi], values)


class _Trial(NamedTuple):
    """One candidate's trial (``_TreeTrials._trial``)."""
    estimate: float              # the potential if the candidate joined, within +- error
    error: float
    candidate: int               # its row index
    changes: list                # (lo, hi, D(x)**2 then, or None for a box taken whole)


class _Choice(NamedTuple):
    """The candidate ``_TreeTrials.best`` keeps."""
    candidate: int               # its row index
    changes: list                # (lo, hi, D(x)**2 then) for every run of rows it changes
    potential: Optional[float]   # the potential then (None: not summed yet)


# a potential bounded below this is summed by the plain loop's fsum with no overflow
_FAR_FROM_OVERFLOW = 2.0 ** 1000
