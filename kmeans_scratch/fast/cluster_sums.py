"""Exact per-cluster sums: every cluster's w*x and w summed to the last bit, piece by piece.

The accelerated loops (``bounds``, ``hamerly_loops``) move points between clusters one
step at a time and need each cluster's mean as ``vectors.mean`` computes it,

    mean_j = fsum(w*x over the members of j) * (1 / fsum(w over them))

so they keep the sums exactly, as integers (``exact``): every w*x[f] is a whole number of
units 2**-shift[f] (``exact_rows``, once per fit), integer sums are exact in any order, and
one correctly rounded division gives fsum's float. A point that changes cluster leaves its
old sum and joins its new one, exactly.

Two kernels, one per interpreter: CPython makes every row's integers up front and sums them
at C speed; PyPy keeps the floats, feature by feature, sums them by cluster in float loops
(``exact.grouped_sums``) and makes integers only for the k sums and the rows that move.

Public: ExactRows, exact_rows, ExactSums.
Reference: D. Goldberg (1991), ACM Computing Surveys 23(1): 5-48.
"""

from __future__ import annotations

import sys
from itertools import compress, repeat
from operator import mul
from typing import NamedTuple, Sequence

from ..vectors import Vector
from ..vectors import columns as vector_columns
from .exact import UNIT_SHIFT, fixed_point, fixed_shift, from_units, grouped_sums, to_fixed

__all__ = ["ExactRows", "exact_rows", "ExactSums"]

# integers for every row up front (CPython), or only for the rows that move (PyPy): see the
# two kernels, _sum_integer_rows and _sum_float_rows
_INTEGER_ROWS = sys.implementation.name != "pypy"

class ExactRows(NamedTuple):
    """w*x for every row and w, exactly: w*x[f] == columns[f][i] == rows[i][f] * 2**-shifts[f].

    ``rows``, the integers, are made up front on CPython (``columns`` is then None); on
    PyPy ``rows`` is None and ``ExactSums`` sums the floats ``columns`` (w*x feature by
    feature) exactly, making integers only for the rows that move (``exact_rows``).
    """
    columns: list | None
    rows: list | None
    weights: list
    shifts: list
    weight_shift: int


def exact_rows(X: Sequence[Vector], weights: Sequence[float],
               columns: list | None = None) -> ExactRows:
    """The rows' exact form, w*x feature by feature (``exact.fixed_point``): once per fit.

    ``columns`` are X's features as lists (``vectors.columns``), if already made.
    """
    weights = weights if isinstance(weights, list) else list(weights)   # (read, never changed)
    exact_weights, weight_shift = fixed_point(weights)
    unit = weights.count(1.0) == len(weights)       # then w*x is x itself
    if _INTEGER_ROWS:
        values = X if unit else [tuple(map(mul, x, repeat(w))) for x, w in zip(X, weights)]
        integers = [fixed_point(list(column)) for column in zip(*values)]
        return ExactRows(None, list(zip(*[rows for rows, _ in integers])), exact_weights,
                         [shift for _, shift in integers], weight_shift)
    features = columns if columns is not None else list(vector_columns(X))
    if not unit:    # (x * w, as the integer rows multiply: the same floats)
        features = [[column[i] * weights[i] for i in range(len(column))] for column in features]
    return ExactRows(features, None, exact_weights, list(map(fixed_shift, features)), weight_shift)


class ExactSums:
    """Per-cluster sums of w*x and of w, kept exactly as integers."""

    def __init__(self, exact: ExactRows, labels: list, k: int):
        self.exact, self.rows, self.weights = exact, exact.rows, exact.weights
        sum_clusters = _sum_integer_rows if self.rows is not None else _sum_float_rows
        self.sums, self.totals = sum_clusters(exact, labels, k)

    def add(self, i: int, label: int, sign: int) -> None:
        """Add (sign=1) or remove (sign=-1) point i from cluster label."""
        row = self.sums[label]
        units = self.rows[i] if self.rows is not None else _units(self.exact.columns, i, self.exact.shifts)
        for f, value in enumerate(units):
            row[f] += sign * value
        self.totals[label] += sign * self.weights[i]

    def move(self, points: list, old: list, new: list) -> None:
        """Move each of these points from cluster old[p] to new[p], all at once.

        With the float rows (PyPy), the moves are summed by cluster in one exact pass a
        feature (``exact.grouped_sums``): w*x into its new cluster, -w*x out of its old one.
        """
        if self.rows is not None or len(points) < 8:
            for i, source, target in zip(points, old, new):
                self.add(i, source, -1)
                self.add(i, target, 1)
            return
        k, labels, columns = len(self.sums), new + old, self.exact.columns
        assert columns is not None              # (the float rows: made by exact_rows on PyPy)
        for f, (column, shift) in enumerate(zip(columns, self.exact.shifts)):
            values = [column[i] for i in points]
            changes = grouped_sums(values + [-value for value in values], labels, k)
            for row, change in zip(self.sums, changes):
                row[f] += change >> (UNIT_SHIFT - shift)
        for i, source, target in zip(points, old, new):
            self.totals[source] -= self.weights[i]
            self.totals[target] += self.weights[i]

    def centroids(self) -> list:
        """Each cluster's weighted mean, rounded exactly as the reference update rounds it."""
        result, shifts = [], self.exact.shifts
        for row, total in zip(self.sums, self.totals):
            alpha = 1.0 / from_units(total, self.exact.weight_shift)   # as lloyd: times 1 / sum w
            result.append(tuple(from_units(value, shift) * alpha for value, shift in zip(row, shifts)))
        return result


def _sum_integer_rows(exact: ExactRows, labels: list, k: int) -> tuple[list, list]:
    """(sums of w*x, sums of w) per cluster from the integer rows: CPython's kernel.

    C-level ``sum`` over each feature's integers, cluster by cluster, with the integers made
    once per fit (``exact_rows``) for all the restarts.
    """
    assert exact.rows is not None           # (made by exact_rows on this interpreter)
    columns = list(zip(*exact.rows))
    sums, totals = [], []
    for j in range(k):
        members = [label == j for label in labels]
        sums.append([sum(compress(column, members)) for column in columns])
        totals.append(sum(compress(exact.weights, members)))
    return sums, totals


def _sum_float_rows(exact: ExactRows, labels: list, k: int) -> tuple[list, list]:
    """(sums of w*x, sums of w) per cluster from the floats, summed exactly: PyPy's kernel.

    PyPy's JIT makes plain loops over floats fast and each big integer an allocation, so
    each feature's floats are summed by label with ``exact.grouped_sums`` (float loops) and
    only the k sums become integers, in each feature's units (the sum of whole multiples of
    2**-shift is one: the right shift is exact).
    """
    assert exact.columns is not None        # (made by exact_rows on this interpreter)
    scratch = [0.0] * len(labels)           # (one list to work in, for every feature)
    by_feature = [grouped_sums(column, labels, k, scratch) for column in exact.columns]
    sums = [[totals[j] >> (UNIT_SHIFT - shift) for totals, shift in zip(by_feature, exact.shifts)]
            for j in range(k)]
    totals = [0] * k
    for label, weight in zip(labels, exact.weights):
        totals[label] += weight
    return sums, totals


def _units(columns: list | None, i: int, shifts: list) -> list:
    """Row i's w*x as integers, value * 2**shift each (as ``exact.to_fixed`` makes them)."""
    assert columns is not None              # (the float rows: made by exact_rows on PyPy)
    return [to_fixed((column[i],), shift)[0] for column, shift in zip(columns, shifts)]
