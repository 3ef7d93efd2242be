"""Screened distances: a cheap sum of squares decides, the exact ``dist`` only when it matters.

Every distance that decides a label or a k-means++ row is ``vectors.dist`` (the package
docstring, point 1), which on PyPy is ``portable_dist``: exact to the last bit, and dear. A
squared distance summed in plain floats,

    cheap(x, c) = (x[0] - c[0])**2 + (x[1] - c[1])**2 + ...      (left to right)

is within a few units of 2**-53 of the true one, so when two of them differ by far more than
that (WIDEN, NARROW, ABSOLUTE_GUARD: ``exact``), the order of the exact distances is known
without computing them. Then

    nearest_of      decides the nearest centre, or says it cannot (a near-tie: compare exactly)
    surely_farther  says a squared distance is surely above an exact one
    surely_nearer   ... or surely below it

A cheap value at or above SCREEN_CEILING (squares near overflow) decides nothing, nor does any
value when a row has more than SCREEN_FEATURES features (the sum's error grows with them).
PyPy's JIT turns these plain loops over floats into machine code; they are the fast half's
kernels there (``runner``), and are tested on every interpreter.

Public: feature_lists, cheap, cheap_to_all, nearest_of, nearest_of_all, surely_farther, surely_nearer,
upper_root, lower_root, screens.
Reference: N. J. Higham (2002), Accuracy and Stability of Numerical Algorithms, 2nd ed.,
section 4.2 (the error of a recursive sum).
"""

from __future__ import annotations

import math
from typing import Sequence

from ..vectors import dist
from .exact import ABSOLUTE_GUARD, NARROW, SCREEN_CEILING, SCREEN_FEATURES, WIDEN

__all__ = ["feature_lists", "cheap", "cheap_to_all", "nearest_of", "nearest_of_all", "surely_farther",
           "surely_nearer", "screens", "upper_root", "lower_root"]


def screens(n_features: int) -> bool:
    """True if cheap squared distances of rows this long are within the margins.

    >>> screens(16), screens(10 ** 6)
    (True, False)
    """
    return n_features <= SCREEN_FEATURES


def feature_lists(X: Sequence[Sequence[float]]) -> list:
    """X's features as lists of floats, [x[f] for x in X] each: ``vectors.columns``' values.

    (A comprehension over X: PyPy sizes each list once, where ``list(map(...))`` grows it.)

    >>> feature_lists([(1.0, 2.0), (3.0, 4.0)])
    [[1.0, 3.0], [2.0, 4.0]]
    """
    return [[x[f] for x in X] for f in range(len(X[0]))]


def cheap(x: Sequence[float], c: Sequence[float], cap: float = math.inf) -> float:
    """The squared distance summed in plain floats: sum_f (x[f] - c[f])**2, left to right.

    Past two features the sum stops as soon as it exceeds ``cap``: the value returned is
    then above cap and below the full sum (the terms are never negative), so it can only
    show that the distance is large -- callers choose caps above anything they would use.

    >>> cheap([0.0, 0.0], [3.0, 4.0]), cheap([0.0, 0.0, 0.0], [3.0, 4.0, 5.0], cap=20.0)
    (25.0, 25.0)
    """
    if len(x) == 2:             # the plane, written out (no loop for the JIT to run)
        dx = x[0] - c[0]
        dy = x[1] - c[1]
        return dx * dx + dy * dy
    total = 0.0
    for f in range(len(x)):
        difference = x[f] - c[f]
        total += difference * difference
        if total > cap:
            break
    return total


def cheap_to_all(columns: list, c: Sequence[float], totals: list | None = None) -> list:
    """``cheap(x, c)`` for every row x, summed a feature at a time down X's columns.

    ``columns`` are X's features as lists (``vectors.columns``), which PyPy keeps unboxed:
    one tight loop a feature, and no call a row.

    Written into ``totals`` if given (a list as long as the columns, reused to spare the
    collector a new list per call).

    >>> cheap_to_all([[0.0, 1.0], [0.0, 1.0]], [3.0, 4.0])
    [25.0, 13.0]
    """
    column, centre = columns[0], c[0]
    if totals is None:
        totals = [0.0] * len(column)
    for i in range(len(column)):
        difference = column[i] - centre
        totals[i] = difference * difference
    for f in range(1, len(columns)):
        column, centre = columns[f], c[f]
        for i in range(len(column)):
            difference = column[i] - centre
            totals[i] += difference * difference
    return totals


def surely_farther(squared: float, exact_squared: float) -> bool:
    """True if the cheap squared distance ``squared`` is surely above ``exact_squared``.

    (Then any exact distance behind ``squared``, squared and rounded, is at least as large.)

    >>> surely_farther(1.0000001, 1.0), surely_farther(1.0 + 1e-15, 1.0)
    (True, False)
    """
    return (squared < SCREEN_CEILING and
            squared * NARROW - ABSOLUTE_GUARD > exact_squared * WIDEN + ABSOLUTE_GUARD)


def surely_nearer(squared: float, exact_squared: float) -> bool:
    """True if the cheap squared distance ``squared`` is surely below ``exact_squared``.

    >>> surely_nearer(0.9999999, 1.0), surely_nearer(1.0 - 1e-15, 1.0)
    (True, False)
    """
    return (squared < SCREEN_CEILING and
            squared * WIDEN + ABSOLUTE_GUARD < exact_squared * NARROW - ABSOLUTE_GUARD)


def upper_root(squared: float) -> float:
    """A sure upper bound on the distance whose cheap square is ``squared`` (below the ceiling).

    The guard goes under the root: squares lost among the subnormals can add up to
    ABSOLUTE_GUARD to the true square, which is much more than that after the root.

    >>> 5.0 < upper_root(25.0) < 5.0000001
    True
    """
    return math.sqrt(squared + ABSOLUTE_GUARD) * WIDEN


def lower_root(squared: float) -> float:
    """A sure lower bound on the distance whose cheap square is ``squared`` (0.0 at the least).

    >>> 4.9999999 < lower_root(25.0) < 5.0, lower_root(0.0)
    (True, 0.0)
    """
    return math.sqrt(max(squared - ABSOLUTE_GUARD, 0.0)) * NARROW


def nearest_of(x: Sequence[float], centroids: Sequence[Sequence[float]]) -> tuple:
    """(j, cheap to the nearest, cheap to the second nearest) if the nearest centre is sure,
    else (j, nan, nan) from the exact distances, as ``vectors.nearest`` chooses.

    Sure: the runner-up's cheap value exceeds the nearest's by far more than rounding could,
    so the exact distances order the same way and no tie is possible.

    >>> nearest_of([0.0, 0.0], [[3.0, 4.0], [1.0, 0.0], [2.0, 0.0]])
    (1, 1.0, 4.0)
    >>> nearest_of([0.0, 0.0], [[3.0, 4.0], [1.0, 0.0], [0.0, 1.0]])     # a tie: exact
    (1, nan, nan)
    """
    nearest = second = math.inf
    label = 0
    for j in range(len(centroids)):
        squared = cheap(x, centroids[j], second)     # (stops early once out of the two)
        if squared < nearest:
            nearest, second, label = squared, nearest, j
        elif squared < second:
            second = squared
    if second == math.inf or surely_farther(second, nearest * WIDEN):
        if nearest < SCREEN_CEILING:
            return label, nearest, second
    distances = [dist(c, x) for c in centroids]
    return distances.index(min(distances)), math.nan, math.nan


def nearest_of_all(X: Sequence[Sequence[float]], columns: list,
                   centroids: Sequence[Sequence[float]]) -> tuple:
    """``nearest_of`` for every row at once: (labels, cheap to the nearest, to the second).

    The cheap sums are made centre by centre down the columns (into one reused list), each
    row keeping its two smallest; a row they cannot make sure of is compared exactly, and
    gets nan for both sums.

    >>> nearest_of_all([(0.0, 0.0), (3.0, 0.0)], [[0.0, 3.0], [0.0, 0.0]], [[1.0, 0.0], [2.0, 0.0]])
    ([0, 1], [1.0, 1.0], [4.0, 4.0])
    """
    n = len(X)
    labels, nearest, second, sums = [0] * n, [math.inf] * n, [math.inf] * n, [0.0] * n
    for j in range(len(centroids)):
        cheap_to_all(columns, centroids[j], sums)
        for i in range(n):
            squared = sums[i]
            if squared < nearest[i]:        # (strict: the lowest index keeps a tie)
                nearest[i], second[i], labels[i] = squared, nearest[i], j
            elif squared < second[i]:
                second[i] = squared
    for i in range(n):
        if not (nearest[i] < SCREEN_CEILING and (second[i] == math.inf or
                                                 surely_farther(second[i], nearest[i] * WIDEN))):
            distances = [dist(c, X[i]) for c in centroids]
            labels[i], nearest[i], second[i] = distances.index(min(distances)), math.nan, math.nan
    return labels, nearest, second
