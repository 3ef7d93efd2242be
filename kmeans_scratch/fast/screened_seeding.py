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
rows are found again, each with its exact ``dist`` this time, and their potential is ``math.fsum`` of a few floats summing exactly
to the current potential (``exact``'s extraction) and the changed terms, out and in: the
correctly rounded exact sum, the plain loop's very float. A candidate left out is worse than
another by more than an ulp of phi (the bound's slack), so the choice -- the first candidate
with the smallest fsum -- is always the plain loop's, and the candidates come from
``seeding.draw_candidates`` over the same D(x)**2.

Public function: screened_plusplus_indices.
Reference: D. Arthur and S. Vassilvitskii (2007), SODA; scikit-learn's ``_kmeans_plusplus``.
"""

from __future__ import annotations

import math
from operator import mul
from typing import Sequence

from ..randomness import RandomState
from ..seeding import draw_candidates, draw_first
from ..vectors import Vector, dist
from ..vectors import columns as vector_columns
from .exact import ABSOLUTE_GUARD, TRIAL_ERROR, TRIAL_FLOOR, WIDEN, _extracted
from .screening import cheap_to_all, surely_farther, surely_nearer

__all__ = ["screened_plusplus_indices"]


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
    exact_terms = _compact([w * value for w, value in zip(weights, closest)])
    potential = math.fsum(exact_terms)                    # fsum of w * D(x)**2
    cheap_sums = [0.0] * len(X)                           # (reused by every trial)
    for _ in range(1, k):
        candidates = draw_candidates(rng, weights, closest, potential, n_trials)
        trials = [_Trial(X, columns, weights, closest, candidate, potential, cheap_sums)
                  for candidate in candidates]
        potential, chosen, terms, changed, values = _choose(trials, X, columns, weights, closest,
                                                            exact_terms, cheap_sums)
        for i, value in zip(changed, values):
            closest[i] = value
        exact_terms = _compact(terms)
        indices.append(chosen)
    return indices


def _squared_distances(X: Sequence[Vector], centre: Vector) -> list:
    """``vectors.squared_distances`` as a plain loop (the same floats: dist(x, centre)**2)."""
    squared = []
    for x in X:
        distance = dist(x, centre)
        squared.append(distance * distance)
    return squared


def _compact(terms: list) -> list:
    """A few floats with the same exact sum as the terms (``exact``'s extraction), or the
    terms themselves when they span too wide a range for it."""
    levels = _extracted(terms, [0] * len(terms), 1)
    return terms if levels is None else levels[0]


def _choose(trials: list, X: Sequence[Vector], columns: list, weights: Sequence[float],
            closest: list, exact_terms: list, cheap_sums: list) -> tuple:
    """(phi, candidate, terms summing exactly to phi, the rows it takes, their new D(x)**2)
    for the first trial with the smallest exact potential, as the plain loop chooses.
    ``exact_terms`` sum exactly to the current potential."""
    ceiling = min(trial.estimate + trial.error for trial in trials)
    best = None
    for trial in trials:
        if trial.estimate - trial.error > ceiling:
            continue                                # surely worse than another candidate
        changed, values = _changes(X, columns, closest, trial.candidate, cheap_sums)
        terms = exact_terms[:]
        for i, value in zip(changed, values):
            terms.append(-(weights[i] * closest[i]))
            terms.append(weights[i] * value)
        phi = _fsum(terms, weights, closest, changed, values)
        if best is None or phi < best[0]:            # ties: the first candidate
            best = phi, trial.candidate, terms, changed, values
    assert best is not None     # the trial that set the ceiling is always summed
    return best


def _changes(X: Sequence[Vector], columns: list, closest: list, candidate: int,
             cheap_sums: list) -> tuple:
    """(the rows whose D(x)**2 X[candidate] lowers, their new values dist(x, c)**2)."""
    c = X[candidate]
    cheap_to_all(columns, c, cheap_sums)
    changed, values = [], []
    for i in range(len(closest)):
        old = closest[i]
        if surely_farther(cheap_sums[i], old):
            continue                                # the row keeps D(x)**2
        distance = dist(X[i], c)
        if distance * distance < old:               # min(D(x)**2, d(x, c)**2), as the plain loop
            changed.append(i)
            values.append(distance * distance)
    return changed, values


def _fsum(terms: list, weights: Sequence[float], closest: list, changed: list,
          values: list) -> float:
    """math.fsum(terms), the potential after the change; should the terms or a partial sum
    overflow there, the plain loop's fsum over every row."""
    try:
        if all(map(math.isfinite, terms)):
            return math.fsum(terms)
    except OverflowError:   # (terms of both signs near the largest float)
        pass
    updated = closest[:]
    for i, value in zip(changed, values):
        updated[i] = value
    return math.fsum(map(mul, weights, updated))


class _Trial:
    """A candidate's potential, estimated: within ``error`` of the exact one, ``estimate``."""
    __slots__ = ("candidate", "estimate", "error")

    def __init__(self, X: Sequence[Vector], columns: list, weights: Sequence[float],
                 closest: list, candidate: int, potential: float, cheap_sums: list):
        self.candidate = candidate
        cheap_to_all(columns, X[candidate], cheap_sums)
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
