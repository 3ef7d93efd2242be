"""Column means and variances rounded exactly as NumPy rounds them, as scikit-learn's fit has them.

scikit-learn's KMeans subtracts ``X.mean(axis=0)`` from X before it fits (and adds it back
to the centres). Near-ties between distances then fall the way they fall in centred
coordinates, so to give scikit-learn's labels we centre with the very same floats. NumPy does
not sum a column as ``math.fsum`` does:

    2 or more columns   a running sum down each column, s = ((x0 + x1) + x2) + ...
    a single column     ``pairwise_sum``: 8 running sums over blocks of up to 128 values,
                        combined as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)); longer
                        runs are halved (at a multiple of 8) and the halves added

and then divides by n. (Python 3.12's ``sum`` of floats is compensated, so ``reduce(add,
...)`` is used for a plain running sum.) Checked against NumPy 2.4 on 400 random shapes
(tests/data/sklearn_twin_centred.json).

``centre`` then subtracts the means from fit's own copy of X, in place.

scikit-learn's stopping scale is ``tol * np.mean(np.var(X, axis=0))`` (``lloyd.tolerance``
is the formula). ``np.var`` subtracts the very means above from every value, squares the
deviations and sums each column of squares as a column is summed for its mean, then
divides by n; the mean of the variances is a pairwise sum over the features, over n_features:

    variance[f] = column_sum((x[f] - mean[f])**2 for x in X) / n
    tolerance   = pairwise_sum(variance) / n_features * tol

so ``tolerance`` gives scikit-learn's ``_tol`` to the last bit (recorded for seven data sets
in tests/data/sklearn_twin_centred.json), and from X once centred it needs no subtraction
at all: the centred values are np.var's deviations.

A learner can skip this module: it only makes the last bits agree with scikit-learn. Unlike
the rest of the package, which sums what it reports with ``math.fsum``, it rounds as NumPy
does, on purpose: its floats exist to be scikit-learn's own.

Public functions: column_means, centre, tolerance, pairwise_sum.
Reference: NumPy's ``pairwise_sum`` (numpy/_core/src/umath/loops_utils.h.src) and ``_var``
(numpy/_core/_methods.py); scikit-learn's ``sklearn.cluster._kmeans._tolerance``.
"""

from __future__ import annotations

from array import array
from functools import reduce
from itertools import repeat
from operator import add, mul, sub
from typing import Iterable, Sequence

from .column_rows import ColumnRows
from .vectors import columns

__all__ = ["column_means", "centre", "tolerance", "pairwise_sum"]

BLOCK = 4096        # rows centred at a time


def column_means(X: Sequence[Sequence[float]]) -> tuple[float, ...]:
    """Each column's mean as NumPy's ``X.mean(axis=0)`` rounds it.

    >>> column_means([(1.0, 2.0), (3.0, 6.0)])
    (2.0, 4.0)
    """
    return tuple(_column_mean(column, len(X[0])) for column in columns(X))


def tolerance(X: Sequence[Sequence[float]], tol: float, *, centred: bool = False) -> float:
    """scikit-learn's stopping scale, tol * mean(np.var(X, axis=0)), rounded as NumPy rounds it.

    ``centred``: X is already X - column_means(X) (``centre``), so its values are the
    deviations themselves. A tol of 0 gives the int 0, as scikit-learn's does (before any sum).

    >>> tolerance([(0.0, 0.0), (2.0, 4.0)], 0.1)      # variances 1 and 4, mean 2.5
    0.25
    """
    if tol == 0:        # (so that verbose prints "within tolerance 0.", as scikit-learn does)
        return 0
    width, variances = len(X[0]), []
    for column in columns(X):           # (each column read once: no column_means beforehand)
        if not centred:                 # np.var's deviations, from column_means' very mean
            column = array("d", map(sub, column, repeat(_column_mean(column, width))))
        variances.append(_column_sum(map(mul, column, column), width) / len(X))
    return pairwise_sum(variances) / width * tol


def _column_mean(column: Sequence[float], n_features: int) -> float:
    """A column's mean as NumPy's ``mean(axis=0)`` rounds it: its ``_column_sum`` over n."""
    return _column_sum(column, n_features) / len(column)


def _column_sum(values: Iterable[float], n_features: int) -> float:
    """A column's sum as NumPy's ``sum(axis=0)`` makes it: pairwise for a single column,
    else a running sum down the column."""
    if n_features == 1:
        return pairwise_sum(list(values))
    return reduce(add, values, 0.0)


def centre(X: list | ColumnRows, means: Sequence[float]) -> None:
    """Replace every row x of X by x - means, a block of rows (or a column) at a time.

    In place, so that the old rows are freed as the new ones are made: a fit on a million
    rows never holds two copies of them.

    >>> X = [(1.0, 2.0), (3.0, 6.0)]
    >>> centre(X, column_means(X)); X
    [(-1.0, -2.0), (1.0, 2.0)]
    """
    if isinstance(X, ColumnRows):          # a column at a time: x - mean, the same floats
        for feature, mean in enumerate(means):
            X.columns[feature] = array("d", map(sub, X.columns[feature], repeat(mean)))
        return
    for start in range(0, len(X), BLOCK):
        X[start:start + BLOCK] = [tuple(map(sub, x, means)) for x in X[start:start + BLOCK]]


def pairwise_sum(values: Sequence[float]) -> float:
    """NumPy's ``pairwise_sum``: 8 running sums in blocks of up to 128 values, halves above.

    >>> v = [0.1 * i for i in range(10)]          # 8 one-value sums, then the tail of 2
    >>> pairwise_sum(v) == ((((v[0] + v[1]) + (v[2] + v[3])) + ((v[4] + v[5]) + (v[6] + v[7])))
    ...                     + v[8]) + v[9]
    True
    """
    n, tail = len(values), len(values) % 8
    if n > 128:
        half = n // 2 - n // 2 % 8
        return pairwise_sum(values[:half]) + pairwise_sum(values[half:])
    r = [reduce(add, values[j:n - tail:8], 0.0) for j in range(8)]     # (all 0.0 if n < 8)
    return reduce(add, values[n - tail:], ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7])))
