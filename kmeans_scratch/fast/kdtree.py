"""A k-d tree of the points in Morton (Z-) order: cells halved at their middle, with exact sums.

Cut each feature's range into 2**bits equal slices and give every point the Morton key of
its cell (``morton``): the bits of its slice numbers interleaved, the top bit of every
feature first. Sorted once by key, the points lie along the Z-order curve and the tree is
implicit in that order: the points whose keys share their first bits are a run of
positions, and the next bit that differs within the run cuts it in two -- the cell halved
at its middle along one feature, the features taking turns (``bisect`` finds where). A
run of at most LEAF_SIZE points is a leaf, as is a run of identical points; a cut leaving
one side empty is skipped, so every inner box has two non-empty halves; a run whose points
share their key but differ (the slices were too coarse for them) is keyed again within its
own bounds. Each box keeps the tight bounding box of its points, a ball around it (its
middle, and the distance to the farthest corner) and the exact sums

    sums[f] = sum_i w[i] * X[i][f]        total = sum_i w[i]        (over the box's points)

as integers (``exact``): every float is a whole multiple of a power of two, so scaled by
2**shift the values are integers and their sums exact. Turning such a sum into a float once
gives the correctly rounded sum, bit for bit ``math.fsum``'s, and times 1 / (the sum of the
weights) the very mean ``vectors.mean`` computes -- so a cluster can be summed box by box, in
any order, and still get the reference centre. The keys only shape the tree; no distance and
no sum ever reads them.

The tree is built once per data set (``KMeans`` shares it between its restarts); the
filtering algorithm (``filtering``) walks it at every Lloyd step.

Public: PointTree, Box, LEAF_SIZE.
Reference: G. M. Morton (1966), "A computer oriented geodetic data base and a new technique
in file sequencing", IBM; J. L. Bentley (1975), Communications of the ACM 18(9): 509-517;
T. Kanungo et al. (2002), IEEE TPAMI 24(7): 881-892 (midpoint cells for filtering).
"""

from __future__ import annotations

import math
import struct
import sys
from array import array
from bisect import bisect_left
from itertools import chain, repeat
from operator import add, and_, itemgetter, mul, sub
from typing import Sequence

from ..column_rows import ColumnRows
from ..vectors import Vector
from .exact import ABSOLUTE_GUARD, UNIT_SHIFT, WIDEN, fixed_shift, from_units, to_fixed
from .morton import morton_keys

__all__ = ["PointTree", "Box", "LEAF_SIZE"]

LEAF_SIZE = 128        # points per leaf at most: the best measured (benchmarks/README.md)
# one C call over many values is fastest on CPython; plain maps and small integers on PyPy
_C_CALLS = sys.implementation.name != "pypy"
_BLOCK = 1 << 12       # values per itemgetter or struct call: its floats freed still in cache


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
        self.middle = tuple(map(mul, map(add, lower, upper), repeat(0.5)))      # (a + b) * 0.5
        # the farthest corner from the middle, widened: every point is within this radius
        reach = map(max, map(sub, upper, self.middle), map(sub, self.middle, lower))
        self.radius = math.hypot(*reach) * WIDEN + ABSOLUTE_GUARD


class PointTree:
    """The points of X in a k-d tree, with each box's exact weighted sums. Built once per fit.

    ``columns[f]``: feature f of every row in tree order, packed in an ``array('d')`` (every
    box is a run of positions lo..hi-1; ``rows(lo, hi)`` gives its points as tuples);
    ``order[p]``: the row of X at position p of that order; ``root``: the box around all;
    ``weights``: the weights in tree order, or None when all are 1.0.

    X is a sequence of rows; if it also has ``columns`` (one ``array('d')`` per feature, in
    row order), the features are read from there. The build sorts the rows once, by Morton
    key (a float holding the key and, in its low bits, the row's number: one plain ``sorted``
    with no key function); each cut is then one ``bisect``.
    """

    def __init__(self, X: Sequence[Vector], weights: Sequence[float], leaf_size: int = LEAF_SIZE):
        self.leaf_size = leaf_size
        columns = X.columns if isinstance(X, ColumnRows) else \
            [array("d", map(itemgetter(f), X)) for f in range(len(X[0]))]
        keys, row_bits, self.order = _key_order(columns, "i" if len(X) < 2 ** 31 else "q")
        self.columns = [_gathered(column, self.order, "d") for column in columns]
        del columns
        cells = self._cells(keys, row_bits)
        unit = weights.count(1.0) == len(weights)
        self.weights = None if unit else _gathered(weights, self.order, "d").tolist()
        self.weight_shift = 0 if unit else fixed_shift(weights)
        leaves = [index for index, (_, _, left, _) in enumerate(cells) if left < 0]
        runs = [slice(*cells[index][:2]) for index in leaves]
        # w*x, as the reference; with unit weights the leaves' ranges give the same shifts
        features = [self._leaf_feature(column, runs) for column in self.columns]
        self.shifts = [shift for shift, *_ in features]
        self.root = self._boxes(cells, leaves, runs, features)

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

    def _cells(self, keys: array | None, row_bits: int) -> list:
        """The tree's cells, parents before children: [lo, hi, left, right] (indices; -1: leaf),
        from the sorted keys of all the points (None if they are all one point). A stack entry
        is (lo, hi, the sorted keys of its run, where that run starts, how many low bits of a
        key are its row number, the parent's index and side)."""
        cells: list = []
        stack = [(0, len(self.order), keys, 0, row_bits, -1, 0)]
        while stack:
            lo, hi, keys, base, row_bits, parent, side = stack.pop()
            if parent >= 0:
                cells[parent][2 + side] = len(cells)
            cells.append([lo, hi, -1, -1])
            if hi - lo <= self.leaf_size or keys is None:
                continue
            middle = _cut(keys, lo - base, hi - base, row_bits)
            if middle is None:             # one key, different points: key them again
                keys, base, row_bits = self._key_again(lo, hi)
                middle = None if keys is None else _cut(keys, 0, hi - lo, row_bits)
            if middle:
                stack.append((base + middle, hi, keys, base, row_bits, len(cells) - 1, 1))
                stack.append((lo, base + middle, keys, base, row_bits, len(cells) - 1, 0))
        return cells

    def _key_again(self, lo: int, hi: int) -> tuple:
        """(sorted keys, lo, row bits) of positions lo..hi-1, keyed within their own bounds and
        put in that order (``order`` and ``columns``); keys None if their points are all one."""
        keys, row_bits, positions = _key_order([column[lo:hi] for column in self.columns],
                                               self.order.typecode)
        if keys is not None:
            for values in (self.order, *self.columns):
                values[lo:hi] = _gathered(values[lo:hi], positions, values.typecode)
        return keys, lo, row_bits

    def _leaf_feature(self, column: array, runs: list) -> tuple:
        """(shift, lows, highs, sums) of one feature over the leaves (their runs of positions):
        each leaf's range lows[j]..highs[j] and exact sum of w*x in units of 2**-shift."""
        values = list(map(column.__getitem__, runs))
        lows, highs = list(map(min, values)), list(map(max, values))
        if self.weights is None:
            shift = _unit_shift(values, lows, highs)
            return shift, lows, highs, list(map(_fixed_sum, values, lows, highs, repeat(shift)))
        shift = fixed_shift(list(map(float.__mul__, column, self.weights)))
        products = map(map, repeat(float.__mul__), values, map(self.weights.__getitem__, runs))
        return shift, lows, highs, [sum(to_fixed(product, shift)) for product in products]

    def _boxes(self, cells: list, leaves: list, runs: list, features: list) -> Box:
        """The root box, built from the cells bottom-up: first the leaves (their cells' indices,
        runs, and each feature's (shift, lows, highs, sums)), then the inner boxes."""
        _, lows, highs, sums = zip(*features)
        los, his = [run.start for run in runs], [run.stop for run in runs]
        totals = map(sub, his, los) if self.weights is None else \
            [sum(to_fixed(self.weights[run], self.weight_shift)) for run in runs]
        boxes: list = [None] * len(cells)
        for index, box in zip(leaves, map(Box, los, his, zip(*lows), zip(*highs), repeat(None),
                                          map(list, zip(*sums)), totals)):
            boxes[index] = box
        for index in range(len(cells) - 1, -1, -1):       # children after their parents
            left, right = cells[index][2:]
            if left >= 0:
                boxes[index] = self._inner(boxes[left], boxes[right])
        return boxes[0]

    @staticmethod
    def _inner(left: Box, right: Box) -> Box:
        """The box of two halves: their boxes and sums combined."""
        return Box(left.lo, right.hi, tuple(map(min, left.lower, right.lower)),
                   tuple(map(max, left.upper, right.upper)), (left, right),
                   list(map(int.__add__, left.sums, right.sums)), left.total + right.total)

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


def _unit_shift(values: list, lows: list, highs: list) -> int:
    """``fixed_shift`` of one feature's values, from the leaves (their values and ranges). It
    depends only on the smallest nonzero |x| and the largest |x|, and a leaf's range gives
    both unless it holds zero: only such leaves' values are read again."""
    smallest, largest = math.inf, 0.0
    for leaf, low, high in zip(values, lows, highs):
        if 0.0 < low or high < 0.0:
            smallest = min(smallest, low if low > 0.0 else -high)
        else:
            smallest = min(smallest, min(filter(None, map(abs, leaf)), default=math.inf))
        largest = max(largest, -low, high)
    return fixed_shift([largest] if smallest == math.inf else [smallest, largest])


def _fixed_sum(values: Sequence[float], low: float, high: float, shift: int) -> int:
    """sum(to_fixed(values, shift)), the values lying in low..high: the same exact integer.

    When low..high holds no zero, every value lies between m and M in size (the smaller and
    larger of |low|, |high|; 2**(e-1) <= m < 2**e, M < 2**E), so all are whole multiples of
    the unit 2**(e - 53), and so is any float sum of them. Summed as floats, n < 2**b values
    are off from their exact sum by at most (n - 1) * 2**-53 * sum(|x|) < 2**(2b + E - 53)
    (``sum`` compensates from CPython 3.12 on: closer still, in the same units);
    when that is at most 2**e, the rest

        rest = exact sum - total = fsum(values + [-total])        (total = sum(values))

    is a whole number of units below 2**53, a float, so ``math.fsum`` (correctly rounded)
    gives it exactly. Both are whole in units of 2**-own, own = max(0, 53 - e), and their sum
    is shifted up to ``shift``. A wider leaf (any, on PyPy) has its values scaled by 2**own
    one by one (small integers sum faster); one holding zero, or where own > shift or a
    scaled value could overflow, by 2**shift (``to_fixed``).
    """
    if 0.0 < low or high < 0.0:
        smallest, largest = (low, high) if low > 0.0 else (-high, -low)
        e, big, bits = math.frexp(smallest)[1], math.frexp(largest)[1], len(values).bit_length()
        own = max(0, 53 - e)
        if own <= shift and big + own + bits <= 1023:        # no float past the largest
            if _C_CALLS and 2 * bits + big - 53 <= e:
                total = sum(values)
                rest = math.fsum(chain(values, (-total,)))
                return (math.trunc(math.ldexp(total, own)) + math.trunc(math.ldexp(rest, own))) \
                    << (shift - own)
            return sum(map(math.trunc, map(math.ldexp, values, repeat(own)))) << (shift - own)
    if shift == UNIT_SHIFT:
        return sum(to_fixed(values, shift))
    return sum(map(math.trunc, map(math.ldexp, values, repeat(shift))))


def _key_order(columns: list, code: str) -> tuple:
    """(sorted Morton keys, row bits, the rows in key order: an array of typecode ``code``) of
    the columns' rows; keys None (and the rows in their order) if the points are all one."""
    bounds = [(min(column), max(column)) for column in columns]
    if all(low == high for low, high in bounds):
        return None, 0, array(code, range(len(columns[0])))
    row_bits = (len(columns[0]) - 1).bit_length()
    # packed at once: the sorted list's floats lie scattered in memory; read them once
    keys = _packed("d", sorted(morton_keys(columns, bounds, row_bits)))
    # a key's low row_bits are its row (the key is below 2**53: exact)
    return keys, row_bits, array(code, map(and_, map(math.trunc, keys), repeat((1 << row_bits) - 1)))


def _gathered(values: Sequence, positions: array, code: str) -> array:
    """array(code, [values[p] for p in positions]): on CPython by one ``itemgetter`` call per
    block of positions (C speed); on PyPy, whose JIT runs it faster, by a plain map."""
    if not _C_CALLS:
        return array(code, map(values.__getitem__, positions))
    result = array(code)
    for start in range(0, len(positions), _BLOCK):
        block = positions[start:start + _BLOCK]
        # (itemgetter of one position gives the item, not a tuple)
        result += _packed(code, itemgetter(*block)(values) if len(block) > 1 else [values[block[0]]])
    return result


def _packed(code: str, values: Sequence) -> array:
    """array(code, values): on CPython through ``struct``, a block at a time, whose C loop
    reads the values faster than array's own (most of all when they lie scattered in memory)."""
    if not _C_CALLS:
        return array(code, values)
    result = array(code)
    for start in range(0, len(values), _BLOCK):
        block = values[start:start + _BLOCK]
        result.frombytes(struct.pack(f"{len(block)}{code}", *block))
    return result


def _cut(keys: Sequence[float], lo: int, hi: int, row_bits: int) -> int | None:
    """Where the run lo..hi-1 of sorted keys splits at the first bit its keys differ in
    (their first bits are shared); None if they all have one key."""
    first, last = int(keys[lo]) >> row_bits, int(keys[hi - 1]) >> row_bits
    if first == last:
        return None
    bit = (first ^ last).bit_length() - 1
    return bisect_left(keys, float(last >> bit << bit << row_bits), lo, hi)
