"""A k-d tree of the points: boxes split in two, again and again, with exact sums.

Each box of the tree holds a run of points; it is split at the median of its widest side
until it holds at most LEAF_SIZE points. For every box we keep the tight bounding box, a
ball around it (its middle, and the distance to the farthest corner) and the exact sums

    sums[f] = sum_i w[i] * X[i][f]        total = sum_i w[i]        (over the box's points)

as integers (``exact``): every float is a whole multiple of a power of two, so scaled by
2**shift the values are integers and their sums exact. Dividing such a sum once gives the
correctly rounded mean, bit for bit what ``vectors.mean`` computes with ``math.fsum`` -- so a
cluster can be summed box by box, in any order, and still get the reference centre.

The tree is built once per data set (``KMeans`` shares it between its restarts); the
filtering algorithm (``filtering``) walks it at every Lloyd step.

Public: PointTree, Box, LEAF_SIZE.
Reference: J. L. Bentley (1975), "Multidimensional binary search trees used for associative
searching", Communications of the ACM 18(9): 509-517.
"""

from __future__ import annotations

import math
from operator import sub
from typing import Sequence

from ..vectors import Vector
from .exact import WIDEN, fixed_point, from_units

__all__ = ["PointTree", "Box", "LEAF_SIZE"]

LEAF_SIZE = 64         # points per leaf: the best measured (benchmarks/README.md)


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
        self.radius = math.hypot(*reach) * WIDEN


class PointTree:
    """The points of X in a k-d tree, with each box's exact weighted sums. Built once per fit.

    ``points``: the rows in tree order (every box is a run ``points[lo:hi]``);
    ``order[p]``: the row of X at position p of that order; ``root``: the box around all.
    """

    def __init__(self, X: Sequence[Vector], weights: Sequence[float], leaf_size: int = LEAF_SIZE):
        self.order, self.leaf_size = list(range(len(X))), leaf_size
        columns = list(zip(*X))
        cells = self._split(columns, 0, len(X), tuple(map(min, columns)), tuple(map(max, columns)))
        self.points = list(map(X.__getitem__, self.order))
        ordered = [list(map(column.__getitem__, self.order)) for column in columns]  # tree order
        self._exact_columns(ordered, list(map(weights.__getitem__, self.order)))
        self.root = self._box(cells, ordered)

    def _exact_columns(self, columns: list, weights: list) -> None:
        """w*x per feature and w, in tree order, as exact integers over powers of two."""
        if weights.count(1.0) != len(weights):               # (w*x is x in the usual case)
            columns = [list(map(float.__mul__, column, weights)) for column in columns]
        exact = [fixed_point(column) for column in columns]
        self.columns = [integers for integers, _ in exact]
        self.shifts = [shift for _, shift in exact]
        self.exact_weights, self.weight_shift = fixed_point(weights)

    def _split(self, columns: list, lo: int, hi: int, lower: tuple, upper: tuple) -> tuple:
        """Order rows lo..hi-1 as a tree of cells, each cut at the median of its widest side.

        Returns the cell as (lo, hi, children or None); its tight box comes later (``_box``).
        """
        if hi - lo <= self.leaf_size:
            return lo, hi, None
        widths = list(map(sub, upper, lower))
        axis = widths.index(max(widths))
        column = columns[axis]
        self.order[lo:hi] = sorted(self.order[lo:hi], key=column.__getitem__)
        middle = (lo + hi) // 2
        left_upper, right_lower = list(upper), list(lower)
        left_upper[axis] = right_lower[axis] = column[self.order[middle]]
        return lo, hi, (self._split(columns, lo, middle, lower, tuple(left_upper)),
                        self._split(columns, middle, hi, tuple(right_lower), upper))

    def _box(self, cell: tuple, columns: list) -> Box:
        """The node for a cell: the tight box around its points and its exact sums (bottom-up).

        ``columns``: the features' values in tree order.
        """
        lo, hi, children = cell
        if children is None:
            lower = tuple(min(column[lo:hi]) for column in columns)
            upper = tuple(max(column[lo:hi]) for column in columns)
            sums = [sum(column[lo:hi]) for column in self.columns]
            return Box(lo, hi, lower, upper, None, sums, sum(self.exact_weights[lo:hi]))
        left, right = self._box(children[0], columns), self._box(children[1], columns)
        sums = list(map(int.__add__, left.sums, right.sums))
        return Box(lo, hi, tuple(map(min, left.lower, right.lower)),
                   tuple(map(max, left.upper, right.upper)), (left, right), sums,
                   left.total + right.total)

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
