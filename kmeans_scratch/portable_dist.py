"""Euclidean distance in pure Python, bit for bit CPython 3.11's ``math.dist``.

Every label in k-means is decided by comparing distances, so two interpreters that round
the last bit of a distance differently can label a near-tie differently. CPython 3.10 and
3.11 compute ``math.dist`` with a careful algorithm (below); CPython 3.9 and PyPy 3.9 use
an older, less accurate one. This module repeats the 3.11 algorithm operation by
operation, in the same order, on IEEE-754 doubles, so it returns the very same float on
any interpreter, and PyPy's JIT runs its plain float loop quickly. CPython 3.12 and later
return the same floats too, except when every difference is below 2**-1024 (deep in the
subnormals), where 3.12 changed the method (see ``_tiny``).

    dist(p, q) = sqrt(sum_f (p[f] - q[f])**2)      correctly rounded, almost always

How the sum is kept exact enough (each step is explained in ``_norm``):

    d[f]  = |p[f] - q[f]|,  largest = max_f d[f] = m * 2**e  with 0.5 <= m < 1  (frexp)
    x     = d[f] * 2**-e                   exact: a power-of-two scale, and 0 <= x < 1
    x     = hi + lo                        Veltkamp's split: hi has at most 26 bits
    x*x   = hi*hi + 2*hi*lo + lo*lo        the first two are exact products
    total = 1 + sum of those terms         Neumaier-compensated, one error sum per term
    h     = sqrt(total - 1)                then one Newton step with the exact h*h:
    dist  = (h + (total - 1 - h*h) / (2*h)) * 2**e

Public function: dist.

Reference: CPython 3.11, Modules/mathmodule.c, ``vector_norm`` and ``math_dist_impl``
(the 3.10/3.11 form, checked against a 3.11.7 build's machine code, which calls no
``fma``; 3.12 moved to an fma-based exact product); T. J. Dekker (1971),
"A floating-point technique for extending the available precision", Numer. Math. 18:
224-242; S. M. Rump (2008), "Accurate floating-point summation"; M. Borges (2019),
arXiv:1904.09481 (the square-root correction).
"""

from __future__ import annotations

from math import frexp, ldexp, sqrt
from typing import Sequence

__all__ = ["dist"]

_SPLITTER = 134217729.0     # 2**27 + 1: Veltkamp's constant for 53-bit doubles
_INFINITY = float("inf")


def dist(p: Sequence[float], q: Sequence[float]) -> float:
    """Euclidean distance between p and q, the same float as CPython 3.11's math.dist.

        dist(p, q) = sqrt(sum_f (p[f] - q[f])**2)

    The points are sequences of floats of the same length. An empty pair gives 0.0 and
    one coordinate gives |p[0] - q[0]|; an infinite difference gives inf and a NaN gives
    nan, as in CPython. Integers are not converted first, so pass floats: math.dist
    turns each coordinate into a float before subtracting.

    >>> dist((0.0, 0.0), (3.0, 4.0))
    5.0
    >>> dist((0.1, 0.2, 0.3), (0.4, 0.5, 0.6)) == 0.5196152422706632
    True

    Raises ValueError when p and q differ in length (math.dist's message).
    Reference: CPython 3.11, Modules/mathmodule.c, math_dist_impl and vector_norm.
    """
    n = len(p)
    if n != len(q):
        raise ValueError("both points must have the same number of dimensions")
    if n == 2:
        return _dist2(p[0] - q[0], p[1] - q[1], p, q)
    return _any_length(p, q)


def _any_length(p: Sequence[float], q: Sequence[float]) -> float:
    """``dist`` for points of any length: the largest difference, then ``_norm``."""
    n = len(p)
    largest = 0.0
    for i in range(n):      # CPython's loop: the maximum starts at 0.0 and a NaN never wins
        difference = abs(p[i] - q[i])
        if difference > largest:
            largest = difference
    if largest == _INFINITY:
        return largest
    if largest == 0.0 or n == 1:
        return _nan_or(largest, p, q)
    # a NaN beside a finite largest difference turns every sum below into nan, as in CPython
    exponent = frexp(largest)[1]
    if exponent < -1023:
        return _tiny(p, q, largest)
    return _norm(p, q, ldexp(1.0, -exponent))


def _nan_or(largest: float, p: Sequence[float], q: Sequence[float]) -> float:
    """nan if any difference is NaN, else largest (for no, one or only zero differences)."""
    if any(a - b != a - b for a, b in zip(p, q)):
        return float("nan")
    return largest


def _norm(p: Sequence[float], q: Sequence[float], scale: float) -> float:
    """sqrt(sum of squares) of the differences, computed in CPython 3.11's steps.

    Why each step (names as in the module docstring):

    - Scale by 2**-e so the largest term lies in [0.5, 1): multiplying by a power of two
      loses no bits, and nothing can overflow or underflow while squaring. The total
      starts at 1.0, so the scale must be exactly CPython's, not just any power of two.
    - Split x = hi + lo (Dekker): t = x * (2**27 + 1); hi = t - (t - x); lo = x - hi.
      hi and lo have at most 26 significant bits each, so hi*hi and 2*hi*lo are exact
      doubles; lo*lo (at most 2**-54) is below half an ulp of the total and only needs
      an approximate sum of its own.
    - Start the total at 1.0 so every term added is no larger than the total: then the
      rounding error of total + term is exactly (old_total - new_total) + term (Neumaier,
      without a branch). The errors go to three separate sums, one per kind of term.
    - h = sqrt(total - 1 + errors) can still be an ulp off. Subtract h*h, split the same
      way, from the compensated total; the remainder r gives the first-order correction
      sqrt(h*h + r) ~ h + r / (2*h), one Newton step, which fixes the last bit.
    - Undo the scale by dividing by it.

    The port is bit for bit because every step is one IEEE-754 double operation, done in
    the same order as CPython's C code; nothing here relies on the products being exact.
    The differences are computed again rather than kept in a list: the same floats, and
    no list to allocate.
    """
    total, square_errors, cross_errors, small_squares = 1.0, 0.0, 0.0, 0.0
    for i in range(len(p)):
        total, square_errors, cross_errors, small_squares = _add_square(
            abs(p[i] - q[i]) * scale, total, square_errors, cross_errors, small_squares)
    return _corrected(total, square_errors, cross_errors, small_squares, scale)


def _add_square(x: float, total: float, square_errors: float, cross_errors: float,
                small_squares: float) -> tuple:
    """The four running sums after adding x*x, split and compensated as explained above."""
    t = x * _SPLITTER
    hi = t - (t - x)
    lo = x - hi
    term = hi * hi
    old = total
    total += term
    square_errors += (old - total) + term
    term = 2.0 * hi * lo
    old = total
    total += term
    cross_errors += (old - total) + term
    return total, square_errors, cross_errors, small_squares + lo * lo


def _corrected(total: float, square_errors: float, cross_errors: float, small_squares: float,
               scale: float) -> float:
    """The square root of the compensated total less 1, with its Newton correction, unscaled."""
    h = sqrt(total - 1.0 + (square_errors + cross_errors + small_squares))
    # the Newton step: take h*h (split exactly as above) back out of the total
    t = h * _SPLITTER
    hi = t - (t - h)
    lo = h - hi
    term = -hi * hi
    old = total
    total += term
    square_errors += (old - total) + term
    term = -2.0 * hi * lo
    old = total
    total += term
    cross_errors += (old - total) + term
    term = -lo * lo
    old = total
    total += term
    small_squares += (old - total) + term
    remainder = total - 1.0 + (square_errors + cross_errors + small_squares)
    return (h + remainder / (2.0 * h)) / scale


def _dist2(dx: float, dy: float, p: Sequence[float], q: Sequence[float]) -> float:
    """``dist`` for two coordinates, differences dx and dy: ``_norm``'s very steps, unrolled.

    Points in the plane are the common case (maps, the tutorial's blobs); written out, the
    two terms need no loop and no indexing, and PyPy's JIT turns them into straight-line
    code. Every operation and its order are ``_norm``'s (tests compare the two on random
    pairs), so the float is the same.
    """
    a, b = abs(dx), abs(dy)
    largest = 0.0
    if a > largest:
        largest = a
    if b > largest:
        largest = b
    if largest == _INFINITY:
        return largest
    if largest == 0.0:
        return _nan_or(largest, p, q)
    exponent = frexp(largest)[1]
    if exponent < -1023:
        return _tiny(p, q, largest)
    scale = ldexp(1.0, -exponent)
    total, square_errors, cross_errors, small_squares = _add_square(   # _norm's loop, written out
        a * scale, 1.0, 0.0, 0.0, 0.0)
    total, square_errors, cross_errors, small_squares = _add_square(
        b * scale, total, square_errors, cross_errors, small_squares)
    return _corrected(total, square_errors, cross_errors, small_squares, scale)


def _tiny(p: Sequence[float], q: Sequence[float], largest: float) -> float:
    """CPython 3.11's result when the largest difference is below 2**-1024.

    There 2**-e would overflow, so 3.11 divides each difference by the largest one and
    squares without splitting: total = 1 + sum_f (d[f] / largest)**2 with one Neumaier
    error sum, and dist = largest * sqrt(total - 1 + errors). (CPython 3.12 and later
    instead multiply by 2**1022 and run the scaled path, which can round differently.)
    """
    total = 1.0
    errors = 0.0
    for i in range(len(p)):
        x = abs(p[i] - q[i]) / largest
        term = x * x
        old = total
        total += term
        errors += (old - total) + term
    return largest * sqrt(total - 1.0 + errors)
