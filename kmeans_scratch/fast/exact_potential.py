"""The k-means++ potential kept leaf by leaf: a new centroid re-sums only the rows it takes.

Greedy k-means++ needs the potential  phi = sum_x w(x) * D(x)**2  as the plain loop rounds
it: ``math.fsum`` over every row, the exact sum E rounded once. A new centroid changes D(x)
only for the rows it takes, so each leaf of the k-d tree (``kdtree``) keeps its rows' sum
of w * D**2 as two floats (``split_sum``), its fsum and the fsum of what that left out:

    s_1 = fsum(v),   s_2 = fsum(v + [-s_1])        (s_1 + s_2 is within e of sum(v))

with e <= 2**-52 * |s_2| + 2**-1075 (the one rounding of s_2; 0 when s_2 is 0), about
2**-105 of the leaf's sum. Over every leaf, T = fsum(all the s_1 and s_2) is the fsum of
numbers within err = sum of the e of E, and it is E's own rounding -- the plain loop's very
float -- whenever every number within err of theirs rounds to T too: when the remainder
r = fsum(all of them + [-T]) and err leave T's rounding interval, half the gap to the next
float either side, unreached (``_settled``). That fails only for an E a hair (some
2**-100 of it) from a halfway point between floats, or where a sum overflows or meets inf
(then fsum's result depends on the order, or it raises): the rows are then summed in X's
order, as the plain loop sums them.

A candidate's phi is the same with the floats of the leaves it changes taken away and its
rows' new values put in; when a centroid joins, only the leaves it changed are summed again.

Public: ExactPotential, split_sum, fsum_or_inf, scatter.
Reference: ``math.fsum`` (J. R. Shewchuk (1997), Discrete Comput. Geom. 18: 305-363);
D. Goldberg (1991), ACM Computing Surveys 23(1): 5-48 (rounding to nearest).
"""

from __future__ import annotations

import math
from array import array
from bisect import bisect_left
from itertools import chain
from operator import attrgetter, mul, neg
from typing import Callable, Iterable, Optional, Sequence

from .exact import TRIAL_ERROR, TRIAL_FLOOR
from .kdtree import PointTree

__all__ = ["ExactPotential", "split_sum", "fsum_or_inf", "scatter"]


class ExactPotential:
    """Each leaf's sum of w(x) * D(x)**2 as ``split_sum``'s two floats, and phi from them.

    D(x)**2 comes from ``near`` (in the tree's order; ``tree_seeding`` changes it in
    place, then calls ``update``), w(x) from the tree. ``firsts[i]``, ``rests[i]``: the s_1
    and s_2 of leaf i, in the tree's order (``leaves``, ``starts``; ``number[leaf]``: i).

    >>> tree = PointTree([(0.0,), (1.0,), (3.0,)], [1.0] * 3, leaf_size=1)
    >>> sums = ExactPotential(tree, array("d", [0.0, 1.0, 9.0]))
    >>> sums.total(), sums.changed([(2, 3, array("d", [4.0]))])      # the row 3.0: D**2 9 -> 4
    (10.0, 5.0)
    """

    def __init__(self, tree: PointTree, near: array):
        self.order, self.weights, self.near = tree.order, tree.weights, near
        self.leaves = sorted((box for box in tree.boxes() if box.children is None),
                             key=attrgetter("lo"))
        self.starts = [leaf.lo for leaf in self.leaves]
        self.number = {leaf: i for i, leaf in enumerate(self.leaves)}
        self.firsts = array("d", bytes(8 * len(self.leaves)))
        self.rests = array("d", bytes(8 * len(self.leaves)))
        self.update(0, len(near))

    def update(self, lo: int, hi: int) -> None:
        """Sum the leaves at positions lo..hi-1 again, from ``near``."""
        start, end = self._numbers(lo, hi)
        near = self.near
        for i in range(start, end):
            leaf = self.leaves[i]
            self.firsts[i], self.rests[i] = split_sum(self._products(leaf.lo,
                                                                     near[leaf.lo:leaf.hi]))

    def leaf_sum(self, leaf) -> float:
        """The leaf's fsum of w * D**2 (inf if a partial sum overflows)."""
        return self.firsts[self.number[leaf]]

    def box_sum(self, box) -> tuple[float, float]:
        """(the box's sum of w * D**2 from its leaves' two floats, fsum rounding it once
        more; a bound on how far it is from that rounding of the exact sum)."""
        start, end = self._numbers(box.lo, box.hi)
        rests = self.rests[start:end]
        return fsum_or_inf(chain(self.firsts[start:end], rests)), _error(rests)

    def total(self) -> float:
        """phi as the plain loop's fsum over every row gives it (or raises)."""
        settled = _settled(lambda: chain(self.firsts, self.rests), _error(self.rests))
        return self._in_x_order(self.near) if settled is None else settled

    def changed(self, changes: list) -> float:
        """``total`` if each run of positions lo..hi-1 (a leaf, or a box's leaves) took the
        D**2 in its values, (lo, hi, values) each."""

        def terms() -> Iterable[float]:
            runs = [self._numbers(lo, hi) for lo, hi, _ in changes]
            old = chain.from_iterable(chain(self.firsts[start:end], self.rests[start:end])
                                      for start, end in runs)
            new = (self._products(lo, values) for lo, _, values in changes)
            return chain(self.firsts, self.rests, map(neg, old), chain.from_iterable(new))
        settled = _settled(terms, _error(self.rests))
        if settled is None:
            near = self.near[:]
            for lo, hi, values in changes:
                near[lo:hi] = values
            return self._in_x_order(near)
        return settled

    def _in_x_order(self, near: array) -> float:
        """The plain loop's fsum of w(x) * D(x)**2 in X's order, D(x)**2 from ``near``."""
        closest, weights = array("d", bytes(8 * len(near))), array("d", [1.0] * len(near))
        scatter(closest, self.order, near)
        scatter(weights, self.order, self.weights or ())
        return math.fsum(map(mul, weights, closest))

    def _numbers(self, lo: int, hi: int) -> tuple[int, int]:
        """(start, end): leaves start..end-1 hold the positions lo..hi-1 (runs start and end
        where leaves do)."""
        return bisect_left(self.starts, lo), bisect_left(self.starts, hi)

    def _products(self, lo: int, values: Sequence[float]) -> Sequence[float]:
        """w(x) * value for the rows from position lo on, as the plain loop rounds them (the
        values themselves when every w is 1)."""
        if self.weights is None:
            return values
        return list(map(mul, self.weights[lo:lo + len(values)], values))


def split_sum(values: Sequence[float]) -> tuple[float, float]:
    """(s_1, s_2): the fsum of the values, and the fsum of the values less s_1.

    s_1 + s_2 is within 2**-52 * |s_2| + 2**-1075 of the values' exact sum, and is it
    exactly when s_2 is 0 (fsum rounds no other sum to 0). If s_1 is inf or nan (a sum past
    the largest float, or an inf met), or s_2's fsum overflows, s_2 is inf: no bound.

    >>> split_sum([1.0, 3.0, 2.0 ** -60])                  # 4 + 2**-60 rounds to 4
    (4.0, 8.673617379884035e-19)
    """
    first = fsum_or_inf(values)
    if not math.isfinite(first):
        return first, math.inf
    return first, fsum_or_inf(chain(values, (-first,))) if first else 0.0


def _error(rests: array) -> float:
    """A bound on how far the sum of some leaves' s_1 + s_2 is from their rows' exact sum,
    from their s_2: 2**-52 * |s_2| + 2**-1075 each (none for an s_2 of 0), doubled for the
    rounding of this sum itself."""
    return 2.0 ** -51 * sum(map(abs, rests)) + (len(rests) - rests.count(0.0)) * 2.0 ** -1074


def _settled(terms: Callable[[], Iterable[float]], error: float) -> Optional[float]:
    """fsum(terms()) if every number within ``error`` of the terms' exact sum rounds to it
    too (0 error: always), else None; None too where a sum is not finite.

    With T = fsum(terms()) and r = fsum(terms() + [-T]), the exact sum is within
    |r| * (1 + 2**-52) + 2**-1075 of T; the numbers rounding to T are those less than half
    the gap to the next float on either side away from it (a tie may go either way, so
    strictly less). The reach |r| + error is widened by the margins TRIAL_ERROR (relative:
    a few roundings, its own and r's) and TRIAL_FLOOR (absolute, among the subnormals).

    >>> _settled(lambda: [1.0, 2.0 ** -53], 0.0), _settled(lambda: [1.0, 2.0 ** -53], 2.0 ** -60)
    (1.0, None)
    """
    try:
        rounded = math.fsum(terms())
        rest = math.fsum(chain(terms(), (-rounded,))) if error else 0.0
    except (OverflowError, ValueError):         # a partial sum overflowed, or inf - inf
        return None
    if not (math.isfinite(rounded) and math.isfinite(error)):
        return None
    if not error:
        return rounded
    gap = min(rounded - math.nextafter(rounded, -math.inf),
              math.nextafter(rounded, math.inf) - rounded)
    reach = (abs(rest) + error) * (1.0 + TRIAL_ERROR) + TRIAL_FLOOR
    return rounded if reach < gap / 2 else None


def fsum_or_inf(values: Iterable[float]) -> float:
    """math.fsum of the values, or inf where a partial sum overflows (fsum then raises): for
    values >= 0 their exact sum is then above the largest float too.

    >>> fsum_or_inf([1e308, 1e308, -1e308])        # fsum: "intermediate overflow"
    inf
    """
    try:
        return math.fsum(values)
    except OverflowError:
        return math.inf


def scatter(target: array, positions: Iterable[int], values: Iterable[float]) -> None:
    """target[p] = v for each position p and value v, in turn: a plain loop, which CPython
    (3.11 on) and PyPy both run faster than ``map`` with a bound ``__setitem__``.

    >>> target = array("d", [0.0, 0.0, 0.0])
    >>> scatter(target, [2, 0], [5.0, 7.0])
    >>> target
    array('d', [7.0, 0.0, 5.0])
    """
    for position, value in zip(positions, values):
        target[position] = value
