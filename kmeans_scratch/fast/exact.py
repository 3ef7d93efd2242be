"""Exact sums of floats as integers, and the rounding margins of the fast paths.

A float is a whole number times a power of two, value = m * 2**e with |m| < 2**53, so every
float is a whole number of units of 2**-1074 (the smallest float above zero). Python's
integers are exact at any size: sums of such whole numbers are exact in any order, and one
correctly rounded division turns a sum back into a float,

    from_units(sum(map(to_units, values))) == math.fsum(values)

which is what lets the accelerated loops add a cluster up piece by piece, in whatever order,
and still get the very centre ``vectors.mean`` computes with ``math.fsum``. ``fixed_point``
does the same for a whole list at once, with one unit that keeps every value exact (C speed);
``grouped_sums`` sums a list by label into k exact sums with plain float loops (PyPy's JIT).

The margins below are the only places where the fast paths allow for rounding; the package
docstring (``kmeans_scratch.fast``) gives the reason for each.

Public: UNIT_SHIFT, to_units, from_units, fixed_point (fixed_shift, to_fixed), exact_sum, grouped_sums,
ExactTotal, and the
margins WIDEN,
NARROW, BOUND_GUARD, SLACK_GUARD, LEAF_GAP_GUARD, TRIAL_ERROR, TRIAL_FLOOR, ABSOLUTE_GUARD,
SCREEN_FEATURES, SCREEN_CEILING.
Reference: D. Goldberg (1991), "What every computer scientist should know about
floating-point arithmetic", ACM Computing Surveys 23(1): 5-48; S. M. Rump, T. Ogita, S. Oishi
(2008), "Accurate floating-point summation part I", SIAM J. Sci. Comput. 31(1): 189-224.
"""

from __future__ import annotations

import math
import sys
from itertools import repeat
from typing import Iterable, Sequence

from ..partials import add_exact

__all__ = ["UNIT_SHIFT", "to_units", "from_units", "fixed_point", "fixed_shift", "to_fixed", "exact_sum",
           "grouped_sums", "ExactTotal", "WIDEN",
           "NARROW", "BOUND_GUARD", "SLACK_GUARD", "LEAF_GAP_GUARD", "TRIAL_ERROR",
           "TRIAL_FLOOR", "ABSOLUTE_GUARD", "SCREEN_FEATURES", "SCREEN_CEILING"]

UNIT_SHIFT = 1074      # every float is an integer number of 2**-1074 units

# Rounding margins (each explained in ``kmeans_scratch.fast``'s docstring).
WIDEN = 1.0 + 1e-10          # a computed distance used as an upper bound is multiplied by this
NARROW = 1.0 - 1e-10         # ... and one used as a lower bound by this
BOUND_GUARD = 2.0 ** -48     # Hamerly: each move of the bounds' totals, times the largest value
SLACK_GUARD = 2.0 ** -40     # filtering: each move of the slack totals, times the largest value
LEAF_GAP_GUARD = 1e-9        # filtering: a border leaf's slack, less this times its largest distance
TRIAL_ERROR = 2.0 ** -50     # k-means++ on the tree: an estimated potential's error, relative
TRIAL_FLOOR = 2.0 ** -1060   # ... and absolute, for values among the subnormals
ABSOLUTE_GUARD = 2.0 ** -1000  # the k-d tree's tests, Hamerly's bounds: added to every widened quantity
SCREEN_FEATURES = 10_000     # screening: cheap squared distances only for rows up to this long
SCREEN_CEILING = 1e300       # ... and only below this value (no square near overflow)


def to_units(value: float) -> int:
    """value as an exact whole number of 2**-1074 units.

    >>> to_units(0.5) == 2 ** 1073, to_units(-3.0) == -3 * 2 ** 1074
    (True, True)
    """
    numerator, denominator = value.as_integer_ratio()       # denominator: a power of two
    return numerator << (UNIT_SHIFT - denominator.bit_length() + 1)


def from_units(total: int, shift: int = UNIT_SHIFT) -> float:
    """total * 2**-shift as the nearest float (integer division in Python rounds once).

    >>> from_units(sum(map(to_units, [0.1, 0.2, 0.3]))) == math.fsum([0.1, 0.2, 0.3])
    True
    """
    return total / (1 << shift)


def fixed_point(values: list) -> tuple[list, int]:
    """(integers, shift) with values[i] == integers[i] * 2**-shift exactly.

    Every value is a whole multiple of 2**(e - 53), e being the exponent of the smallest
    (math.frexp), so shift = 53 - e makes them all integers (``fixed_shift``), scaled by
    ``math.ldexp`` in one C-level pass (``to_fixed``).

    >>> integers, shift = fixed_point([0.5, 0.25, 3.0])
    >>> shift, [from_units(i, shift) for i in integers]
    (54, [0.5, 0.25, 3.0])
    """
    if values.count(1.0) == len(values):                  # unit weights: nothing to scale
        return [1] * len(values), 0
    shift = fixed_shift(values)
    return to_fixed(values, shift), shift


def fixed_shift(values: Sequence[float]) -> int:
    """The smallest shift s that makes every value * 2**s a whole number (``fixed_point``).

    When the largest value would then overflow a float, UNIT_SHIFT (2**-1074 units).

    >>> fixed_shift([0.5, 0.25, 3.0]), fixed_shift([0.0, 2.0 ** 60]), fixed_shift([1e300, 1e-300])
    (54, 0, 1074)
    """
    smallest = min(filter(None, map(abs, values)), default=0.0)
    if not smallest:
        return 0
    # no float has bits below 2**-1074, so a shift of UNIT_SHIFT is always enough (the
    # formula would ask for more when the smallest value is subnormal)
    shift = min(max(0, 53 - math.frexp(smallest)[1]), UNIT_SHIFT)
    if math.frexp(max(map(abs, values)))[1] + shift > 1023:
        return UNIT_SHIFT
    return shift


def to_fixed(values: Iterable[float], shift: int) -> list:
    """[value * 2**shift for each value] as exact integers; shift from ``fixed_shift``.

    >>> to_fixed([0.5, 0.25, 3.0], 54) == [2 ** 53, 2 ** 52, 3 * 2 ** 54]
    True
    """
    if shift == UNIT_SHIFT:     # (the same integers; ldexp could overflow a float)
        return list(map(to_units, values))
    # math.trunc gives the same integer as int() for these whole-valued floats, and is the
    # faster of the two as map's function
    return list(map(math.trunc, map(math.ldexp, values, repeat(shift))))


def exact_sum(values) -> int:
    """The exact sum of the values, in 2**-1074 units (``from_units`` rounds it once).

    >>> from_units(exact_sum([1e16, 1.0, -1e16]))
    1.0
    """
    return _sum_kernel(list(values))


def _exact_sum_integers(values: list) -> int:
    """exact_sum as one C-level pass over the values scaled to integers: CPython's kernel.

    CPython runs ``map`` and ``sum`` over its own integers at C speed, and every
    Python-level step is dear there, so the values go through as exact integers at once.
    """
    shift = fixed_shift(values)
    if shift == UNIT_SHIFT:
        return sum(map(to_units, values))
    # summed as they are made: no list of integers (one per value) is ever held
    return sum(map(math.trunc, map(math.ldexp, values, repeat(shift)))) << (UNIT_SHIFT - shift)


def _exact_sum_partials(values: list) -> int:
    """exact_sum by Shewchuk's float partials (``math.fsum``'s own method): PyPy's kernel.

    Each value is added to a short list of partials whose exact total is the exact sum so
    far: every addition keeps its rounding error, hi + lo == partial + value exactly (a
    two-sum, exact whenever |value| >= |partial|), as a partial of its own. Only the few
    partials left at the end become integers. PyPy's JIT compiles this float loop to
    machine code, where making an integer of 60-odd bits per value costs it an allocation;
    CPython is the other way round (``_exact_sum_integers``). Should a partial overflow
    (sums near the largest float), the integer kernel sums the values instead.
    """
    partials: list = []
    for value in values:
        add_exact(partials, value)
    if not all(map(math.isfinite, partials)):
        return _exact_sum_integers(values)
    return sum(map(to_units, partials))


def grouped_sums(values: Sequence[float], labels: Sequence[int], k: int,
                 scratch: list | None = None) -> list:
    """For each label 0..k-1, the exact sum of its values in 2**-1074 units (as ``exact_sum``).

    ``scratch``, a list as long as values, is worked in (and overwritten) instead of a copy.

    >>> [from_units(total) for total in grouped_sums([1e16, 2.0, 1.0, -1e16], [0, 1, 0, 0], 2)]
    [1.0, 2.0]
    """
    levels = _extracted(values, labels, k, scratch)
    if levels is None:          # values over too wide a range: one exact sum per label
        members: list = [[] for _ in range(k)]
        for value, label in zip(values, labels):
            members[label].append(value)
        return [exact_sum(group) for group in members]
    return [sum(map(to_units, group)) for group in levels]


_LEVELS = 8     # extraction levels tried before grouped_sums falls back (a few suffice)


def _extracted(values: Sequence[float], labels: Sequence[int], k: int,
               scratch: list | None = None) -> list | None:
    """Per label, a few floats summing exactly to its values' sum; None if 8 levels are short.

    Rump, Ogita and Oishi's extraction (their Lemma 3.3): for sigma = 2**e with 2**spare >= n + 2
    and every |value| <= sigma * 2**-spare, q = (sigma + value) - sigma and value - q are
    exact, every q is a whole multiple of 2**-53 * sigma, and any sum of the q's is exact in
    floats, in any order. So each level adds its q's up by label, exactly, and leaves the
    remainders (each within 2**-53 * sigma) to the next level, until none is left. A plain
    float loop, which PyPy's JIT compiles to a few instructions a value.
    """
    spare = math.frexp(len(values) + 2)[1]
    remainders = list(values) if scratch is None else _copied(values, scratch)
    largest = max(map(abs, remainders), default=0.0)
    levels: list = [[] for _ in range(k)]
    for _ in range(_LEVELS):
        if largest == 0.0:
            return levels
        exponent = math.frexp(largest)[1] + spare
        if not -900 < exponent < 1000:          # (no overflow, no subnormal units)
            return None
        sigma, sums, largest = math.ldexp(1.0, exponent), [0.0] * k, 0.0
        for i in range(len(remainders)):
            value = remainders[i]
            q = (sigma + value) - sigma
            remainder = value - q
            remainders[i] = remainder
            sums[labels[i]] += q
            if abs(remainder) > largest:
                largest = abs(remainder)
        for group, total in zip(levels, sums):
            group.append(total)
    return levels if largest == 0.0 else None


def _copied(values: Sequence[float], into: list) -> list:
    """``into`` (as long as values) with the values copied over it."""
    assert len(into) == len(values)
    for i in range(len(values)):
        into[i] = values[i]
    return into


class ExactTotal:
    """An exact running sum of up to ``count`` terms, each at most ``largest`` in size.

    ``_extracted``'s levels, three of them, taken as each term arrives: with sigma_1 as there
    and sigma_(j+1) = sigma_j * 2**(spare - 52) (a remainder is within 2**-53 * sigma_j),
    every term t becomes q_1 + q_2 + q_3 + r exactly, each q_j is added to its level's
    float total exactly, and the rare r that is not 0 goes to Shewchuk's partials
    (``partials.add_exact``). No list grows with the terms; ``partials()`` gives a few floats
    whose exact sum is the terms' (``math.fsum`` rounds it once). As for ``math.fsum``,
    that sum must be below the largest float: past it fsum raises OverflowError, and these
    partials may hold inf or nan instead.

    >>> total = ExactTotal(1e16, 3)
    >>> for term in (1e16, 1.0, -1e16):
    ...     total.add(term)
    >>> math.fsum(total.partials([]))
    1.0
    """
    __slots__ = ("sigma_1", "sigma_2", "sigma_3", "total_1", "total_2", "total_3", "rest")

    def __init__(self, largest: float, count: int):
        spare = math.frexp(count + 2)[1]
        exponent = math.frexp(largest)[1] + spare
        self.total_1 = self.total_2 = self.total_3 = 0.0
        self.rest: list = []
        if not (0.0 < largest < math.inf and -900 + 3 * (52 - spare) < exponent < 1000):
            self.sigma_1 = self.sigma_2 = self.sigma_3 = 0.0    # (then every term is a rest)
        else:
            self.sigma_1 = math.ldexp(1.0, exponent)
            self.sigma_2 = math.ldexp(self.sigma_1, spare - 52)
            self.sigma_3 = math.ldexp(self.sigma_2, spare - 52)

    def add(self, term: float) -> None:
        """Add term (within ``largest``; at most ``count`` of them in all)."""
        if self.sigma_1:
            q = (self.sigma_1 + term) - self.sigma_1
            term -= q
            self.total_1 += q
            q = (self.sigma_2 + term) - self.sigma_2
            term -= q
            self.total_2 += q
            q = (self.sigma_3 + term) - self.sigma_3
            term -= q
            self.total_3 += q
        if term:
            add_exact(self.rest, term)

    def partials(self, partials: list) -> list:
        """A copy of ``partials`` with this sum added: floats summing exactly to both."""
        result = partials[:]
        for value in [self.total_1, self.total_2, self.total_3] + self.rest:
            add_exact(result, value)
        return result


# the kernel for this interpreter (see each one's docstring)
_sum_kernel = _exact_sum_partials if sys.implementation.name == "pypy" else _exact_sum_integers
