"""Exact running sums: a float sum kept as a short list of non-overlapping partials.

Adding x to a running float total rounds; the rounding error of one addition is itself a
float, exactly (a two-sum): for |x| >= |y|, high = x + y and low = y - (high - x) give
high + low == x + y with no error at all. Keep every such low as a partial of its own and
the list's exact total is the exact sum of everything added; ``math.fsum(partials)`` then
rounds it once, correctly. This is ``math.fsum``'s own method, kept open so that sums can be
added to as data streams in (the command line's chunked fits) or turned into exact integers
(``fast.exact`` on PyPy).

Public function: add_exact.
Reference: J. R. Shewchuk (1997), "Adaptive precision floating-point arithmetic and fast
robust geometric predicates", Discrete Comput. Geom. 18: 305-363; Python recipe 393090.
"""

from __future__ import annotations

__all__ = ["add_exact"]


def add_exact(partials: list, x: float) -> None:
    """Add x to the exact sum held in ``partials`` (in place).

    >>> import math
    >>> partials = []
    >>> for x in (1e16, 1.0, -1e16):
    ...     add_exact(partials, x)
    >>> math.fsum(partials), 1e16 + 1.0 - 1e16
    (1.0, 0.0)
    """
    kept = 0
    for partial in partials:
        if abs(x) < abs(partial):
            x, partial = partial, x
        high = x + partial
        low = partial - (high - x)
        if low:
            partials[kept] = low
            kept += 1
        x = high
    partials[kept:] = [x]
