"""Greedy k-means++ with screened distances: exact ones only where they decide.

Greedy k-means++ (``seeding.plusplus_indices``) tries each drawn candidate c against every
row, keeping for each the smaller of D(x)**2 (its squared distance to the nearest centroid so
far, exact) and dist(x, c)**2, and keeps the candidate whose potential

    phi(c) = fsum of w(x) * min(D(x)**2, dist(x, c)**2)      over every row

is smallest. A cheap squared sum s~ (``screening``) settles most rows without ``dist``: surely
above D(x)**2, the row keeps it; surely below, the row is taken, and s~ stands in for
dist(x, c)**2 until the trial matters. Rows in between get their exact ``dist`` at once.

Each trial's potential is first estimated from the rows it changes, as on the k-d tree
(``tree_seeding``): P + A - B, with P the current potential and A, B the sums of the changed
rows' terms w(x) * D(x)**2 after and before. There A and B are fsums, and the estimate is
within TRIAL_ERROR * (|P| + |A| + |B| + |estimate|) + TRIAL_FLOOR of the exact value; here
they are plain running sums of m non-negative rounded products, each within
(m + 1) * 2**-53 of itself (and m * 2**-1074 among the subnormals), so the bound adds

    (A + B) * (m + 2) * 2**-52 + m * TRIAL_FLOOR

and, for the rows standing in with s~,

    (sum of w * s~) * (WIDEN - 1) + (sum of w) * 4 * ABSOLUTE_GUARD

(s~ is within 1.2e-12 of s and so is dist(x, c)**2 within 6 * 2**-53; the package docstring,
SCREEN_*). Only candidates whose range reaches the best upper end are made exact: their
rows are found again, each with its exact ``dist`` this time, and the changed terms, out
and in, are summed exactly as they are found (``exact.ExactTotal``: each term is at most
the current potential) and added to a few floats summing exactly to that potential;
``math.fsum`` of those is the correctly rounded exact sum, the plain loop's very float.
A candidate left out is worse than another by more than an ulp of phi (the bound's
slack), so the choice -- the first candidate with the smallest fsum -- is always the plain
loop's; when it is the only one left, its rows are changed as they are found. The candidates are ``seeding.draw_candidates``' rows over the same D(x)**2
(``draw_indices``: the same draws, without the list of running sums).

Public functions: screened_plusplus_indices, draw_indices.
Reference: D. Arthur and S. Vassilvitskii (2007), SODA; scikit-learn's ``_kmeans_plusplus``.
"""

from __future__ import annotations

import math
from operator import mul
from typing import Sequence

from ..randomness import RandomState
from .first_draw import draw_first
from ..vectors import Vector, dist
from ..vectors import columns as vector_columns
from .batch_dist import batch_dists
from .exact import ABSOLUTE_GUARD, TRIAL_ERROR, TRIAL_FLOOR, WIDEN, ExactTotal
from .screening import cheap_to_all, surely_farther, surely_nearer

__all__ = ["screened_plusplus_indices", "draw_indices"]


def screened_plusplus_indices(X: Sequence[Vector], k: int, rng: RandomState,
                              weights: Sequence[float], columns: list | None = None) -> list[int]:
    """``seeding.plusplus_indices``, with screened distances: the same indices.

    ``columns`` are X's features as lists (``vectors.columns``), if already made.

    >>> from kmeans_scratch.randomness import RandomState
    >>> from kmeans_scratch.seeding import plusplus_indices
    >>> X = [(float(i % 7), float(i % 5), float(i % 3)) for i in range(40)]
    >>> screened_plusplus_indices(X, 5, RandomState(3), [1.0] * 40) == plusplus_indices(
    ...     X, 5, RandomState(3), [1.0] * 40)
    True
    """
    columns = columns if columns is not None else list(vector_columns(X))
    n_trials = 2 + int(math.log(k))
    first = draw_first(rng, weights)
    indices = [first]
    closest = _squared_distances(X, X[first])             # D(x)**2 for every row
    partials = _potential(weights, closest)               # exactly fsum of w * D(x)**2
    potential = math.fsum(partials)
    buffers = _Buffers(len(X))                            # (reused by every trial)
    for _ in range(1, k):
        candidates = draw_indices(rng, weights, closest, potential, n_trials)
        trials = _tried(candidates, X, columns, weights, closest, potential, buffers)
        chosen, partials = _choose(trials, X, columns, weights, closest, partials, buffers)
        potential = math.fsum(partials)
        indices.append(chosen)
    return indices


def draw_indices(rng: RandomState, weights: Sequence[float], closest: Sequence[float],
                 potential: float, n_trials: int) -> list[int]:
    """``seeding.draw_candidates``' rows, found in one pass that stops at the last one.

    The same uniform draws, targets u * phi and running sum of w * D(x)**2 (left to right,
    as ``itertools.accumulate`` adds); each target takes the first row whose running sum
    reaches it -- the row ``bisect_left`` finds in the list of all running sums, which is
    never made here -- and a target beyond them all the last row.

    >>> from kmeans_scratch.randomness import RandomState
    >>> draw_indices(RandomState(0), [1.0] * 4, [0.0, 1.0, 0.0, 3.0], 4.0, 3)
    [3, 3, 3]
    """
    targets = [u * potential for u in rng.random_sample(n_trials)]
    order = sorted(range(n_trials), key=targets.__getitem__)
    found, position, total = [len(closest) - 1] * n_trials, 0, 0.0
    for i in range(len(closest)):
        term = weights[i] * closest[i]
        total = total + term if i else term
        while targets[order[position]] <= total:
            found[order[position]] = i
            position += 1
            if position == n_trials:
                return found
    return found


def _squared_distances(X: Sequence[Vector], centre: Vector) -> list:
    """``vectors.squared_distances`` as a plain loop (the same floats: dist(x, centre)**2)."""
    squared = batch_dists(X, None, [centre], None, [0.0] * len(X))
    for i in range(len(X)):         # (the list made at its size: one list for PyPy's collector)
        squared[i] = squared[i] * squared[i]
    return squared


def _potential(weights: Sequence[float], closest: list) -> list:
    """A few floats summing exactly to every w * D(x)**2 (``exact.ExactTotal``)."""
    largest = 0.0
    for i in range(len(closest)):
        largest = max(largest, weights[i] * closest[i])
    total = ExactTotal(largest, len(closest))
    for i in range(len(closest)):
        total.add(weights[i] * closest[i])
    return total.partials([])


class _Buffers:
    """Lists of n made once for X: the best trial's cheap sums (``kept``), one to work in
    (``free``), and row indices (``rows``)."""
    __slots__ = ("kept", "free", "rows")

    def __init__(self, n: int):
        self.kept, self.free, self.rows = [0.0] * n, [0.0] * n, [0] * n


def _tried(candidates: list, X: Sequence[Vector], columns: list, weights: Sequence[float],
           closest: list, potential: float, buffers: _Buffers) -> list:
    """The candidates' trials: the first with the lowest upper end keeps its cheap sums
    (``sums``, in ``buffers.kept``), the others' went through ``buffers.free`` (``sums`` None)."""
    trials, best = [], None
    for candidate in candidates:
        trial = _Trial(X, columns, weights, closest, candidate, potential, buffers.free)
        if best is None or trial.estimate + trial.error < best.estimate + best.error:
            if best is not None:
                best.sums = None
            best, buffers.kept, buffers.free = trial, buffers.free, buffers.kept
        else:
            trial.sums = None
        trials.append(trial)
    return trials


def _choose(trials: list, X: Sequence[Vector], columns: list, weights: Sequence[float],
            closest: list, partials: list, buffers: _Buffers) -> tuple:
    """(the first candidate with the smallest exact potential, as the plain loop chooses,
    partials summing exactly to that potential), with ``closest`` updated for it.
    ``partials`` sum exactly to the current potential."""
    ceiling = min(trial.estimate + trial.error for trial in trials)
    near = [trial for trial in trials if not trial.estimate - trial.error > ceiling]
    if len(near) == 1:          # every other candidate is surely worse: change closest at once
        changes = _Changes(X, columns, closest, near[0], buffers, weights, partials, closest)
        return near[0].candidate, changes.kept(closest, weights)
    best = None
    for trial in near:
        changes = _Changes(X, columns, closest, trial, buffers, weights, partials, None)
        phi = changes.potential(closest, weights)
        if best is None or phi < best[0]:            # ties: the first candidate
            best = phi, trial.candidate, changes
    assert best is not None     # the trial that set the ceiling is always summed
    for i, value in zip(best[2].rows, best[2].values):
        closest[i] = value
    return best[1], best[2].kept(closest, weights)


class _Changes:
    """What X[candidate] would change: the rows it takes (``rows``) and their new D(x)**2,
    dist(x, c)**2 (``values``), and partials summing exactly to the potential after
    (``finite`` if none overflowed, as only terms near the largest float can make them).
    Given a ``target`` (``closest`` itself), the new values are written there instead. The
    trial's cheap sums are its own, if it kept them, or are made again in ``buffers.free``;
    the exact distances of the rows they cannot rule out come in one batch (``batch_dist``)."""
    __slots__ = ("rows", "values", "partials", "finite")

    def __init__(self, X: Sequence[Vector], columns: list, closest: list, trial: "_Trial",
                 buffers: _Buffers, weights: Sequence[float], partials: list,
                 target: list | None):
        c = X[trial.candidate]
        cheap_sums = trial.sums if trial.sums is not None else cheap_to_all(columns, c, buffers.free)
        rows, count = buffers.rows, _within_reach(cheap_sums, closest, buffers.rows)
        # (the free list, when it holds no cheap sums, takes the distances)
        distances = buffers.free if trial.sums is not None else [0.0] * count
        batch_dists(X, rows, [c], None, distances, count)
        self.rows, self.values = [], []
        # every term w * D(x)**2 is at most the potential, their exact sum
        total = ExactTotal(math.fsum(partials) * WIDEN, 2 * len(closest))
        for p in range(count):
            i, old = rows[p], closest[rows[p]]
            squared = distances[p] * distances[p]
            if squared < old:                           # min(D(x)**2, d(x, c)**2), as the plain loop
                if target is None:
                    self.rows.append(i)
                    self.values.append(squared)
                else:
                    target[i] = squared
                total.add(-(weights[i] * old))
                total.add(weights[i] * squared)
        self.partials = total.partials(partials)
        self.finite = all(map(math.isfinite, self.partials))

    def potential(self, closest: list, weights: Sequence[float]) -> float:
        """The potential after the change, as the plain loop's fsum rounds it."""
        if self.finite:
            return math.fsum(self.partials)
        updated = closest[:]
        for i, value in zip(self.rows, self.values):
            updated[i] = value
        return math.fsum(map(mul, weights, updated))

    def kept(self, closest: list, weights: Sequence[float]) -> list:
        """Partials summing exactly to the potential of ``closest``, once changed."""
        if self.finite:
            return self.partials
        partials = _potential(weights, closest)
        if all(map(math.isfinite, partials)):
            return partials
        return list(map(mul, weights, closest))         # the terms (each fits: check_weighted_squares)


def _within_reach(cheap_sums: list, closest: list, rows: list) -> int:
    """How many rows the cheap sums leave in reach (not surely farther than D(x)), their
    indices written to the front of ``rows``."""
    count = 0
    for i in range(len(closest)):
        if not surely_farther(cheap_sums[i], closest[i]):   # (else the row keeps D(x)**2)
            rows[count] = i
            count += 1
    return count


class _Trial:
    """A candidate's potential, estimated: within ``error`` of the exact one, ``estimate``;
    ``sums``, the cheap squared distances from it to every row (written into cheap_sums)."""
    __slots__ = ("candidate", "estimate", "error", "sums")

    def __init__(self, X: Sequence[Vector], columns: list, weights: Sequence[float],
                 closest: list, candidate: int, potential: float, cheap_sums: list):
        self.candidate = candidate
        self.sums: list | None = cheap_to_all(columns, X[candidate], cheap_sums)
        after, before, m, stand_in_terms, stand_in_weights = _scan(
            X, weights, closest, candidate, cheap_sums)
        self.estimate = potential + after - before
        self.error = ((abs(potential) + after + before + abs(self.estimate)) * TRIAL_ERROR
                      + (after + before) * (m + 2) * 2.0 ** -52 + (m + 1) * TRIAL_FLOOR
                      + stand_in_terms * (WIDEN - 1.0) + stand_in_weights * 4.0 * ABSOLUTE_GUARD)


def _scan(X: Sequence[Vector], weights: Sequence[float], closest: list, candidate: int,
          cheap_sums: list) -> tuple:
    """Over the rows X[candidate] takes: the plain sums of w * D(x)**2 after and before,
    their number, and the sums of w * s~ and of w over the stand-ins."""
    c = X[candidate]
    after = before = stand_in_terms = stand_in_weights = 0.0
    m = 0
    for i in range(len(closest)):
        old, squared = closest[i], cheap_sums[i]
        if surely_farther(squared, old):
            continue                                # the row keeps D(x)**2
        weight = weights[i]
        if surely_nearer(squared, old):             # s~ stands in for dist(x, c)**2
            stand_in_terms += weight * squared
            stand_in_weights += weight
        else:
            distance = dist(X[i], c)
            squared = distance * distance
            if not squared < old:                   # min(D(x)**2, d(x, c)**2), as the plain loop
                continue
        m += 1
        after += weight * squared
        before += weight * old
    return after, before, m, stand_in_terms, stand_in_weights
