"""Exact distances for a batch of rows in one call: ``portable_dist``'s very floats.

``portable_dist.dist`` runs CPython 3.11's algorithm on one pair of points (its docstring
explains every step) in a loop over their features. Called once a row from a loop over
many rows, that inner loop is machine code of its own to PyPy's JIT, entered through a
frame built for every call -- about as much memory a call as the row itself, for the
collector to sweep. ``batch_dists`` runs the same steps for many rows in one call, the
feature loops nested inside the loop over the rows, where no frame is built:

    largest  = max_f |x[f] - c[f]|,  scale = 2**-e  with largest = m * 2**e   (frexp)
    total, square_errors, cross_errors, small_squares
             += the split square of |x[f] - c[f]| * scale   (portable_dist._add_square)
    dist     = the corrected root of the total, unscaled    (portable_dist._corrected)

The steps are ``portable_dist``'s own functions (``_add_square`` and ``_corrected``, which
hold no loop, so the JIT inlines them), in the same order, so every distance is the same
float; a row that ``portable_dist`` treats another way (one feature, a zero or infinite
largest difference, one below 2**-1023) is handed to it. Points in the plane, which
``portable_dist`` writes out without a loop, and every point where ``vectors.dist`` is not
``portable_dist.dist`` (CPython's C ``math.dist``, a call with no frame to build), get one
``vectors.dist`` call a row: the same floats as ``vectors.dist``, always.

Public function: batch_dists.
Reference: CPython 3.11, Modules/mathmodule.c, ``vector_norm``; see ``portable_dist``.
"""

from __future__ import annotations

from math import frexp, ldexp
from typing import Sequence

from ..portable_dist import _add_square, _corrected
from ..portable_dist import dist as portable_dist
from ..vectors import dist

__all__ = ["batch_dists"]

_INFINITY = float("inf")


def batch_dists(X: Sequence[Sequence[float]], rows: list | None, centres: Sequence,
                owners: Sequence[int] | None, out: list, count: int | None = None) -> list:
    """out[p] = vectors.dist(X[i], centre) for i = rows[p], p < count (every row i = p of X
    if rows is None; all the rows if count is None), the centre being centres[owners[i]]
    (centres[0] if owners is None); returns out (as long as count at least).

    >>> X = [(0.0, 0.0, 0.0), (1.0, 2.0, 2.0), (3.0, 4.0, 0.0)]
    >>> batch_dists(X, [1, 2], [(0.0, 0.0, 0.0)], None, [0.0, 0.0])
    [3.0, 5.0]
    >>> batch_dists(X, None, [(0.0, 0.0, 0.0), (1.0, 2.0, 2.0)], [0, 1, 1], [0.0] * 3)
    [0.0, 0.0, 3.4641016151377544]
    """
    count = (len(X) if rows is None else len(rows)) if count is None else count
    if dist is portable_dist and count and len(X[0]) > 2:
        return _portable_batch(X, rows, centres, owners, out, count)
    # (CPython's math.dist, or the plane, which portable_dist writes out: one call a row)
    return _each(X, rows, centres, owners, out, count)


def _portable_batch(X: Sequence[Sequence[float]], rows: list | None, centres: Sequence,
                    owners: Sequence[int] | None, out: list, count: int) -> list:
    """``batch_dists`` with ``portable_dist``'s steps inside the loop over the rows (of three
    features or more: a separate loop for the JIT from the plane's)."""
    for p in range(count):
        i = p if rows is None else rows[p]     # (a list or none: a range would box each index)
        x, c = X[i], centres[0 if owners is None else owners[i]]
        largest = 0.0
        for f in range(len(x)):     # portable_dist's first loop: a NaN never wins
            difference = abs(x[f] - c[f])
            if difference > largest:
                largest = difference
        exponent = frexp(largest)[1]
        if len(x) < 2 or largest == 0.0 or largest == _INFINITY or exponent < -1023:
            out[p] = portable_dist(x, c)   # (special there)
            continue
        scale = ldexp(1.0, -exponent)
        total, square_errors, cross_errors, small_squares = 1.0, 0.0, 0.0, 0.0
        for f in range(len(x)):     # portable_dist._norm's loop (its step has no loop: inlined)
            total, square_errors, cross_errors, small_squares = _add_square(
                abs(x[f] - c[f]) * scale, total, square_errors, cross_errors, small_squares)
        out[p] = _corrected(total, square_errors, cross_errors, small_squares, scale)
    return out


def _each(X: Sequence[Sequence[float]], rows: list | None, centres: Sequence,
          owners: Sequence[int] | None, out: list, count: int) -> list:
    """``batch_dists`` as one ``vectors.dist`` call a row."""
    for p in range(count):
        i = p if rows is None else rows[p]
        out[p] = dist(X[i], centres[0 if owners is None else owners[i]])
    return out

