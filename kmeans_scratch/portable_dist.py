"""Euclidean distance in pure Python, bit for bit CPython 3.11's ``math.dist``.

Every label in k-means is decided by comparing distances, so two interpreters that round
the last bit of a distance differently can label a near-tie differently. CPython 3.10 and
3.11 compute ``math.dist`` with a careful algorithm (below); CPython 3.9 and PyPy 3.9 use
an older, less accurate one. This module repeats the 3.11 algorithm operation by
operation, in the same order, on IEEE-754 doubles, so it returns the very same float on
any interpreter, and PyPy's JIT runs its plain float loop quickly.

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
(read from the 3.11.7 build's machine code, which has no ``fma`` call); T. J. Dekker (1971),
"A floating-point technique for extending the available precision", Numer. Math. 18:
224-242; S. M. Rump (2008), "Accurate floating-point summation"; M. Borges (2019),
arXiv:1904.09481 (the square-root correction).
"""

from __future__ import annotations

from math import frexp, ldexp, sqrt
from typing import List, Sequence

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
    if len(p) != len(q):
        raise ValueError("both points must have the same number of dimensions")
    differences = [abs(a - b) for a, b in zip(p, q)]
    if len(differences) <= 1:
        return _special(differences)
    largest = max(differences)
    # not (0 < largest < inf): zero, infinite or NaN; CPython's own order of checks decides
    if not 0.0 < largest < _INFINITY:
        return _special(differences)
    return _norm(differences, largest)


def _special(differences: List[float]) -> float:
    """The result for 0 or 1 coordinates, or a zero, infinite or NaN largest difference."""
    largest = 0.0
    found_nan = False
    for difference in differences:     # CPython's loop: max starts at 0.0, NaN never wins
        found_nan = found_nan or difference != difference
        if difference > largest:
            largest = difference
    if largest == _INFINITY:
        return largest
    if found_nan:
        return float("nan")
    if largest == 0.0 or len(differences) <= 1:
        return largest
    return _norm(differences, largest)


def _norm(differences: List[float], largest: float) -> float:
    """sqrt(sum of squares) of finite non-negative differences, largest > 0, as 3.11 does.

    Why each step (names as in the module docstring):

    - Scale by 2**-e so the largest term lies in [0.5, 1): multiplying by a power of two
      loses no bits, and nothing can overflow or underflow while squaring.
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
    - Undo the scale. When even the largest difference is below 2**-1024, 2**-e would
      overflow, so CPython 3.11 divides by the largest difference instead (``_tiny``).
    """
    exponent = frexp(largest)[1]
    if exponent < -1023:
        return _tiny(differences, largest)
    scale = ldexp(1.0, -exponent)
    total = 1.0
    square_errors = cross_errors = small_squares = 0.0
    for difference in differences:
        x = difference * scale
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
        small_squares += lo * lo
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


def _tiny(differences: List[float], largest: float) -> float:
    """CPython 3.11's path for a largest difference below 2**-1024: divide, then square."""
    total = 1.0
    errors = 0.0
    for difference in differences:
        x = difference / largest
        term = x * x
        old = total
        total += term
        errors += (old - total) + term
    return largest * sqrt(total - 1.0 + errors)
