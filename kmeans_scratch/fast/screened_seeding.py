"""Greedy k-means++ with screened distances: exact ones only where they decide.

Greedy k-means++ (``seeding.plusplus_indices``) tries each drawn candidate c against every
row, keeping for each the smaller of D(x)**2 (its squared distance to the nearest centroid so
far, exact) and dist(x, c)**2, and keeps the candidate whose potential

    phi(c) = fsum of w(x) * min(D(x)**2, dist(x, c)**2)      over every row

is smallest. A cheap squared sum s~ (``screening``) settles most rows without ``dist``: surely
above D(x)**2, the row keeps it; surely below, the row is taken, and s~ stands in for
dist(x, c)**2 until the trial matters. Rows in between get their exact ``dist`` at once.

Each trial's potential is first estimated from the rows it changes, as on the k-d tree
(``tree_seeding``): P + A - B, with P the current potential and A, B the fsums of the changed
rows' terms after and before, within TRIAL_ERROR * (|P| + |A| + |B| + |estimate|) +
TRIAL_FLOOR of the exact value -- and, for the rows standing in with s~, within a further

    (sum of w * s~) * (WIDEN - 1) + (sum of w) * 4 * ABSOLUTE_GUARD + m * 2**-1072

(m such rows: s~ is within 1.2e-12 of s and so is dist(x, c)**2 within 6 * 2**-53, each
product w * s~ rounds by 2**-53 of itself or 2**-1074 among the subnormals; the package
docstring, SCREEN_*). Only candidates whose range reaches the best upper end are made exact:
their stand-ins get ``dist``, and their potential is ``math.fsum`` over every row, the plain
loop's very float. A candidate left out is worse than another by more than an ulp of phi, so
the choice -- the first candidate with the smallest fsum -- is always the plain loop's, and
the candidates come from ``seeding.draw_candidates`` over the same D(x)**2.

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
from .exact import ABSOLUTE_GUARD, TRIAL_ERROR, TRIAL_FLOOR, WIDEN
from .screening import as_lists, cheap, surely_farther, surely_nearer

__all__ = ["screened_plusplus_indices"]


def screened_plusplus_indices(X: Sequence[Vector], k: int, rng: RandomState,
                              weights: Sequence[float], rows: list | None = None) -> list[int]:
    """``seeding.plusplus_indices``, with screened distances: the same indices.

    ``rows`` are X's rows as lists (``screening.as_lists``), if already made.

    >>> from kmeans_scratch.randomness import RandomState
    >>> from kmeans_scratch.seeding import plusplus_indices
    >>> X = [(float(i % 7), float(i % 5), float(i % 3)) for i in range(40)]
    >>> screened_plusplus_indices(X, 5, RandomState(3), [1.0] * 40) == plusplus_indices(
    ...     X, 5, RandomState(3), [1.0] * 40)
    True
    """
    rows = rows if rows is not None else as_lists(X)
    n_trials = 2 + int(math.log(k))
    first = draw_first(rng, weights)
    indices = [first]
    closest = _squared_distances(X, X[first])             # D(x)**2 for every row
    potential = math.fsum(map(mul, weights, closest))
    for _ in range(1, k):
        candidates = draw_candidates(rng, weights, closest, potential, n_trials)
        trials = [_Trial(X, rows, weights, closest, candidate, potential)
                  for candidate in candidates]
        potential, best = _choose(trials, X, weights, closest)
        for i, value in zip(best.changed, best.values):
            closest[i] = value
        indices.append(best.candidate)
    return indices


def _squared_distances(X: Sequence[Vector], centre: Vector) -> list:
    """``vectors.squared_distances`` as a plain loop (the same floats: dist(x, centre)**2)."""
    squared = []
    for x in X:
        distance = dist(x, centre)
        squared.append(distance * distance)
    return squared


def _choose(trials: list, X: Sequence[Vector], weights: Sequence[float], closest: list) -> tuple:
    """(phi, trial) of the first trial with the smallest exact potential, as the plain loop."""
    ceiling = min(trial.estimate + trial.error for trial in trials)
    best = None
    for trial in trials:
        if trial.estimate - trial.error > ceiling:
            continue                                # surely worse than another candidate
        trial.make_exact(X)
        updated = closest[:]
        for i, value in zip(trial.changed, trial.values):
            updated[i] = value
        phi = math.fsum(map(mul, weights, updated))
        if best is None or phi < best[0]:            # ties: the first candidate
            best = phi, trial
    assert best is not None     # the trial that set the ceiling is always summed
    return best


class _Trial:
    """What a candidate would change: the rows, their new D(x)**2, the potential estimated.

    ``values`` hold dist(x, c)**2, or s~ for the rows listed in ``stand_ins`` until
    ``make_exact``; ``estimate`` is within ``error`` of the exact potential.
    """
    __slots__ = ("candidate", "changed", "values", "stand_ins", "estimate", "error")

    def __init__(self, X: Sequence[Vector], rows: list, weights: Sequence[float],
                 closest: list, candidate: int, potential: float):
        self.candidate = candidate
        self.changed: list[int] = []             # the rows whose D(x)**2 it lowers
        self.values: list[float] = []
        self.stand_ins: list[int] = []           # positions in changed
        c, row_c = X[candidate], rows[candidate]
        for i in range(len(rows)):
            old = closest[i]
            squared = cheap(rows[i], row_c)
            if surely_farther(squared, old):
                continue                            # the row keeps D(x)**2
            if surely_nearer(squared, old):
                self.stand_ins.append(len(self.changed))
            else:
                distance = dist(X[i], c)
                squared = distance * distance
                if not squared < old:               # min(D(x)**2, d(x, c)**2), as the plain loop
                    continue
            self.changed.append(i)
            self.values.append(squared)
        self._estimate(weights, closest, potential)

    def _estimate(self, weights: Sequence[float], closest: list, potential: float) -> None:
        """Set estimate and error (the module docstring gives the bound)."""
        after = math.fsum([weights[i] * value for i, value in zip(self.changed, self.values)])
        before = math.fsum([weights[i] * closest[i] for i in self.changed])
        self.estimate = potential + after - before
        stand_in_terms = stand_in_weights = 0.0
        for position in self.stand_ins:
            weight = weights[self.changed[position]]
            stand_in_terms += weight * self.values[position]
            stand_in_weights += weight
        self.error = ((abs(potential) + abs(after) + abs(before) + abs(self.estimate)) * TRIAL_ERROR
                      + TRIAL_FLOOR + stand_in_terms * (WIDEN - 1.0)
                      + stand_in_weights * 4.0 * ABSOLUTE_GUARD + len(self.stand_ins) * 2.0 ** -1072)

    def make_exact(self, X: Sequence[Vector]) -> None:
        """Replace every stand-in s~ with dist(x, c)**2 (surely below D(x)**2 still)."""
        c = X[self.candidate]
        for position in self.stand_ins:
            distance = dist(X[self.changed[position]], c)
            self.values[position] = distance * distance
        self.stand_ins = []
