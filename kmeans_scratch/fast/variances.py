"""The stopping scale, tol times the mean feature variance, from exact running sums.

``lloyd.tolerance`` is scikit-learn's scale for ``tol``: the mean over features of each
column's population variance, in two passes (``vectors.feature_variances``),

    mean[f]     = fsum(column) / n
    variance[f] = fsum((v - mean[f])**2 for v in column) / n
    tolerance   = fsum(variance) / n_features * tol

On CPython it is the plain function itself, whose C-level ``map`` and ``fsum`` are quick.
PyPy's ``math.fsum`` makes an object of every float it reads from an iterator, so there
both fsums over a column are summed in a plain loop instead, exactly (``exact.ExactTotal``,
each value within the column's largest): ``math.fsum`` of the few floats left is the same
correctly rounded sum, and the deviations and squares are the same operations, so the
scale is the same float.

Public function: tolerance.
Reference: scikit-learn's ``sklearn.cluster._kmeans._tolerance``.
"""

from __future__ import annotations

import math
import sys
from typing import Sequence

from ..lloyd import tolerance as plain_tolerance
from ..vectors import Vector, columns
from .exact import ExactTotal

__all__ = ["tolerance"]


def tolerance(X: Sequence[Vector], tol: float) -> float:
    """``lloyd.tolerance(X, tol)``: tol times the mean per-feature variance, the same float.

    >>> tolerance([(0.0, 0.0), (2.0, 4.0)], 0.1)      # variances 1 and 4, mean 2.5
    0.25
    """
    return _kernel(X, tol)


def _loop_tolerance(X: Sequence[Vector], tol: float) -> float:
    """``tolerance`` with every column's two fsums made in plain loops (PyPy's kernel)."""
    if tol == 0:
        return 0.0
    n, variances = len(X), []
    squares = [0.0] * n             # (one list for every column's squared deviations)
    for column in columns(X):
        centre = _fsum(column) / n
        for i in range(n):
            deviation = column[i] - centre
            squares[i] = deviation * deviation
        variances.append(_fsum(squares) / n)
    return math.fsum(variances) / len(variances) * tol


def _fsum(values: Sequence[float]) -> float:
    """math.fsum(values), the exact sum rounded once, from an exact running sum (a sum past
    the largest float gives inf or nan, where fsum raises: squares of checked values reach
    it only beyond 10**8 rows)."""
    largest = 0.0
    for i in range(len(values)):
        if abs(values[i]) > largest:
            largest = abs(values[i])
    total = ExactTotal(largest, len(values))
    for i in range(len(values)):
        total.add(values[i])
    return math.fsum(total.partials([]))


# the kernel for this interpreter (see the module docstring)
_kernel = _loop_tolerance if sys.implementation.name == "pypy" else plain_tolerance
