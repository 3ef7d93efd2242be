"""A k-d tree of the points: boxes split in two, again and again, with exact sums.

Each box of the tree holds a run of points; it is split at the median value along its widest side
until it holds at most LEAF_SIZE points. For every box we keep the tight bounding box, a
ball around it (its middle, and the distance to the farthest corner) and the exact sums

    sums[f] = sum_i w[i] * X[i][f]        total = sum_i w[i]        (over the box's points)

as integers (``exact``): every float is a whole multiple of a power of two, so scaled by
2**shift the values are integers and their sums exact. Turning such a sum into a float once
gives the correctly rounded sum, bit for bit ``math.fsum``'s, and times 1 / (the sum of the
weights) the very mean ``vectors.mean`` computes -- so a cluster can be summed box by box, in
any order, and still get the reference centre.

The tree is built once per data set (``KMeans`` shares it between its restarts); the
filtering algorithm (``filtering``) walks it at every Lloyd step.

Public: PointTree, Box, LEAF_SIZE, ARRAY_ROWS.
Reference: J. L. Bentley (1975), "Multidimensional binary search trees used for associative
searching", Communications of the ACM 18(9): 509-517.
"""

from __future__ import annotations

import math
from array import array
from functools import partial
from itertools import compress, repeat
from operator import itemgetter, sub
from typing import Callable, Sequence

from ..vectors import Vector
from .exact import ABSOLUTE_GUARD, WIDEN, fixed_shift, from_units, to_fixed

__all__ = ["PointTree", "Box", "LEAF_SIZE", "ARRAY_ROWS"]

LEAF_SIZE = 64         # points per leaf: the best measured (benchmarks/README.md)
ARRAY_ROWS = 2 ** 17   # from this many points the build keeps row numbers in arrays
_FLIP = bytes([1, 0]) + bytes(254)     # a translate table: flags 0 <-> 1


class Box:
    """A node of the tree: the points at positions lo..hi-1 of the tree's order.

    ``lower``/``upper``: the tight box around them; ``middle``, ``radius``: a ball holding
    them all; ``children``: two halves, or None for a leaf; ``sums``/``total``: their exact
    sums of w*x (per feature) and of w, in the tree's units (``PointTree.centroids``).
    """
    __slots__ = ("lo", "hi", "lower", "upper", "middle", "radius", "children", "sums", "total")

    def __init__(self, lo, hi, lower, upper, children, sums, total):
        self.lo, self.hi, self.children, self.sums, self.total = lo, hi, children, sums, total
        self.lower, self.upper = lower, upper
        self.middle = tuple((a + b) * 0.5 for a, b in zip(lower, upper))
        # the farthest corner from the middle, widened: every point is within this radius
        reach = map(max, map(sub, upper, self.middle), map(sub, self.middle, lower))
        self.radius = math.hypot(*reach) * WIDEN + ABSOLUTE_GUARD


class PointTree:
    """The points of X in a k-d tree, with each box's exact weighted sums. Built once per fit.

    ``columns[f]``: feature f of every row in tree order, packed in an ``array('d')`` (every
    box is a run of positions lo..hi-1; ``rows(lo, hi)`` gives its points as tuples);
    ``order[p]``: the row of X at position p of that order; ``root``: the box around all;
    ``weights``: the weights in tree order, or None when all are 1.0.

    The build sorts each feature's row numbers once, at the root; a box cut in two passes
    each sorted list on to its halves in order (a stable partition), so no box is sorted
    again: time n log n for the first sorts and n per level of the tree after them. Values
    are kept in arrays, and so are row numbers from ARRAY_ROWS points: a pass then reads
    memory in order instead of jumping to a million separate int and float objects.
    """

    def __init__(self, X: Sequence[Vector], weights: Sequence[float], leaf_size: int = LEAF_SIZE):
        self.leaf_size = leaf_size
        code = "i" if len(X) < 2 ** 31 else "q"                # 4 bytes a row
        columns = [array("d", map(itemgetter(f), X)) for f in range(len(X[0]))]
        # row numbers in lists while their int objects fit in the processor's cache, in
        # arrays beyond (a pass then reads memory in order instead of chasing objects)
        self._pack: Callable = list if len(X) < ARRAY_ROWS else partial(array, code)
        self._sorted: list = [self._pack(sorted(range(len(X)), key=column.__getitem__))
                        for column in columns]
        self._marks = bytearray(len(X))                # depth + 1 of the last cut that put
        cells = self._split(columns, 0, len(X), 0,     # a row in a lower half
                            tuple(map(min, columns)), tuple(map(max, columns)))
        self.order = order = array(code, self._sorted[0])   # each list holds each box's rows
        del self._sorted, self._marks, self._pack
        self.columns = [array("d", map(column.__getitem__, order)) for column in columns]
        unit = weights.count(1.0) == len(weights)
        self.weights = None if unit else list(map(weights.__getitem__, order))
        weighted = columns if unit else [list(map(float.__mul__, column, weights))
                                         for column in columns]      # w*x, as the reference
        self.shifts = list(map(fixed_shift, weighted))
        self.weight_shift = 0 if unit else fixed_shift(weights)
        del columns, weighted
        self.root = self._box(cells)

    def rows(self, lo: int, hi: int) -> list:
        """The points at positions lo..hi-1 of the tree's order, as tuples (from ``columns``)."""
        return list(zip(*[column[lo:hi] for column in self.columns]))

    def exact_sums(self, positions: Sequence[int], weights: Sequence[float] | None) -> tuple:
        """(sums of w*x per feature, sum of w) over the points at these positions of the
        tree's order, exact, in the tree's units. ``weights`` are theirs, or None when all
        are 1.0.
        """
        columns = [list(map(column.__getitem__, positions)) for column in self.columns]
        if weights is None:
            return [sum(to_fixed(column, shift)) for column, shift in zip(columns, self.shifts)], \
                len(positions)
        return ([sum(to_fixed(map(float.__mul__, column, weights), shift))
                 for column, shift in zip(columns, self.shifts)],
                sum(to_fixed(weights, self.weight_shift)))

    def _split(self, columns: list, lo: int, hi: int, depth: int, lower: tuple,
               upper: tuple) -> tuple:
        """Cut positions lo..hi-1 into a tree of cells, each at the median value along its widest side.

        Returns the cell as (lo, hi, children or None); its tight box comes later (``_box``).
        """
        if hi - lo <= self.leaf_size:
            return lo, hi, None
        widths = list(map(sub, upper, lower))
        axis = widths.index(max(widths))
        middle = (lo + hi) // 2
        self._cut(axis, lo, middle, hi, depth)
        left_upper, right_lower = list(upper), list(lower)
        left_upper[axis] = right_lower[axis] = columns[axis][self._sorted[axis][middle]]
        return lo, hi, (self._split(columns, lo, middle, depth + 1, lower, tuple(left_upper)),
                        self._split(columns, middle, hi, depth + 1, tuple(right_lower), upper))

    def _cut(self, axis: int, lo: int, middle: int, hi: int, depth: int) -> None:
        """Give the lower half by ``axis`` positions lo..middle-1 in every feature's sorted list.

        The list sorted by ``axis`` is already cut; each other list keeps its order within
        each half (a stable partition), so it stays sorted there. The lower half's rows are
        marked with depth + 1: the box's other rows carry smaller marks, from the cuts above
        it, so the mark alone tells the halves apart and no mark needs clearing.
        """
        marks, mark = self._marks, depth + 1
        list(map(marks.__setitem__, self._sorted[axis][lo:middle], repeat(mark)))
        lower_table = bytearray(256)
        lower_table[mark] = 1                           # mark -> 1 (lower half), others -> 0
        for feature, rows in enumerate(self._sorted):
            if feature != axis:
                box = rows[lo:hi]
                lower = bytes(map(marks.__getitem__, box)).translate(lower_table)
                rows[lo:middle] = self._pack(compress(box, lower))
                rows[middle:hi] = self._pack(compress(box, lower.translate(_FLIP)))

    def _box(self, cell: tuple) -> Box:
        """The node for a cell: the tight box around its points and its exact sums (bottom-up)."""
        lo, hi, children = cell
        if children is None:
            columns = [column[lo:hi] for column in self.columns]
            return Box(lo, hi, tuple(map(min, columns)), tuple(map(max, columns)), None,
                       *self._leaf_sums(columns, lo, hi))
        left, right = self._box(children[0]), self._box(children[1])
        sums = list(map(int.__add__, left.sums, right.sums))
        return Box(lo, hi, tuple(map(min, left.lower, right.lower)),
                   tuple(map(max, left.upper, right.upper)), (left, right), sums,
                   left.total + right.total)

    def _leaf_sums(self, columns: list, lo: int, hi: int) -> tuple:
        """``exact_sums`` of the points at positions lo..hi-1, given their columns."""
        if self.weights is None:
            return [sum(to_fixed(column, shift)) for column, shift in zip(columns, self.shifts)], \
                hi - lo
        weights = self.weights[lo:hi]
        return ([sum(to_fixed(map(float.__mul__, column, weights), shift))
                 for column, shift in zip(columns, self.shifts)],
                sum(to_fixed(weights, self.weight_shift)))

    def boxes(self) -> list:
        """Every box of the tree, each after its children: one pass can fill boxes bottom-up."""
        order, stack = [], [self.root]
        while stack:
            box = stack.pop()
            order.append(box)
            stack.extend(box.children or ())
        return order[::-1]

    def centroids(self, sums: list, totals: list) -> list:
        """Each cluster's weighted mean from its exact sums, rounded as ``vectors.mean`` rounds."""
        result = []
        for row, total in zip(sums, totals):
            alpha = 1.0 / from_units(total, self.weight_shift)     # 1 / fsum(w), as the reference
            result.append(tuple(from_units(value, shift) * alpha
                                for value, shift in zip(row, self.shifts)))
        return result
