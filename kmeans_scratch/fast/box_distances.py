"""How far the rows of a box of the k-d tree are from a point c: bounds, rows, and moments.

A box of the tree (``kdtree``) holds the rows at positions lo..hi-1 of the tree's order,
inside its tight bounding box. Seen from a point c:

    nearest_distance(box, c)    no row is nearer to c than the box's nearest point
    farthest_distance(box, c)   ... nor farther than its farthest corner
    squared_distances_to(...)   each row's dist(x, c)**2, as the plain loop squares it
                                (squared_distances_array: the same for long runs)

(the two bounds up to rounding: a caller pushes them the safe way, by NARROW and WIDEN)

and, for the rows' weights w(x), a fixed point f and g = c - f, the moment formula

    sum_x w(x) * d(x, c)**2 = S2 - 2 * g . S1 + W * |g|**2
    S2 = sum_x w(x) * d(x, f)**2,  S1 = sum_x w(x) * (x - f),  W = sum_x w(x)

gives their weighted sum to any c from the box's exact sums (S1, W) and S2, summed once,
without reading a row again. In floats it is an estimate: ``moment_sum`` returns it with a
proven bound on its error (k-means++ on the tree, ``tree_seeding``, takes boxes whole so).

Public: nearest_distance, farthest_distance, squared_distances_to, squared_distances_array,
BoxMoments, box_moments, moment_sum.
Reference: T. Kanungo et al. (2002), IEEE TPAMI 24(7): 881-892 (sums over a box's points).
"""

from __future__ import annotations

import math
from array import array
from itertools import repeat
from operator import sub
from typing import NamedTuple

from ..vectors import Vector, dist
from .exact import TRIAL_ERROR, TRIAL_FLOOR, from_units
from .kdtree import Box, PointTree

__all__ = ["nearest_distance", "farthest_distance", "squared_distances_to",
           "squared_distances_array", "BoxMoments", "box_moments", "moment_sum"]

_CHUNK = 4096       # rows whose distances are computed at once: no list of n tuples


def nearest_distance(box: Box, c: Vector) -> float:
    """The distance from c to the box's nearest point: c clamped into the box.

    >>> tree = PointTree([(1.0, 1.0), (3.0, 2.0)], [1.0, 1.0])
    >>> nearest_distance(tree.root, (0.0, 5.0))            # to the corner (1, 2)
    3.1622776601683795
    """
    return math.dist(c, tuple(map(min, map(max, c, box.lower), box.upper)))


def farthest_distance(box: Box, c: Vector) -> float:
    """The distance from c to the box's farthest corner.

    >>> tree = PointTree([(1.0, 1.0), (3.0, 2.0)], [1.0, 1.0])
    >>> farthest_distance(tree.root, (0.0, 5.0))           # to the corner (3, 1)
    5.0
    """
    return math.hypot(*map(max, map(sub, c, box.lower), map(sub, box.upper, c)))


def squared_distances_to(tree: PointTree, lo: int, hi: int, c: Vector) -> list:
    """dist(x, c)**2 for the rows at positions lo..hi-1 of the tree, in that order.

    Squared as ``vectors.squared_distances`` squares them; each row is made from the tree's
    columns as it is needed (``zip`` then reuses one tuple: no list of them).

    >>> tree = PointTree([(0.0, 0.0), (3.0, 4.0)], [1.0, 1.0])
    >>> sorted(squared_distances_to(tree, 0, 2, (0.0, 0.0)))
    [0.0, 25.0]
    """
    rows = zip(*[column[lo:hi] for column in tree.columns])
    return [d * d for d in map(dist, rows, repeat(c))]


def squared_distances_array(tree: PointTree, lo: int, hi: int, c: Vector) -> array:
    """``squared_distances_to`` as an ``array('d')``, _CHUNK rows at a time (for long runs).

    >>> tree = PointTree([(0.0, 0.0), (3.0, 4.0)], [1.0, 1.0])
    >>> squared_distances_array(tree, 0, 2, (0.0, 0.0)) == array("d", squared_distances_to(
    ...     tree, 0, 2, (0.0, 0.0)))
    True
    """
    values = array("d")
    for start in range(lo, hi, _CHUNK):
        # (fromlist reads a list faster than extend: benchmarks/README.md, sixth pass)
        values.fromlist(squared_distances_to(tree, start, min(start + _CHUNK, hi), c))
    return values


class BoxMoments(NamedTuple):
    """A box's sums about a point f, for the moment formula (``moment_sum``)."""
    linear: tuple                # S1 = sum w * (x - f), per feature
    scale: tuple                 # W * (max |x_f| + |f_f|), per feature: bounds S1's error
    weight: float                # W = sum w (correctly rounded)


def box_moments(tree: PointTree, box: Box, f: Vector) -> BoxMoments:
    """The box's BoxMoments about f, from its exact sums and its bounding box.

        S1_f = float(sum w * x_f) - W * f_f,   scale_f = W * (max(-lower_f, upper_f) + |f_f|)

    >>> tree = PointTree([(1.0,), (3.0,)], [1.0, 1.0])
    >>> box_moments(tree, tree.root, (0.0,))
    BoxMoments(linear=(4.0,), scale=(6.0,), weight=2.0)
    """
    weight = from_units(box.total, tree.weight_shift)
    linear = (from_units(total, shift) - weight * a
              for total, shift, a in zip(box.sums, tree.shifts, f))
    scale = (weight * (max(-low, high) + abs(a)) for low, high, a in zip(box.lower, box.upper, f))
    return BoxMoments(tuple(linear), tuple(scale), weight)


def moment_sum(moments: BoxMoments, square: float, square_error: float, c: Vector, f: Vector,
               n_rows: int) -> tuple[float, float]:
    """(sum of w * d(x, c)**2 over the box's n_rows rows by the moment formula, its error bound).

    ``square`` is S2, the fsum of the plain loop's w * d(x, f)**2 over the rows, within
    ``square_error`` of it: each of those floats is within 6 * 2**-53 of w * d(x, f)**2, as
    the plain loop's new floats are of w * d(x, c)**2. Every other rounding is within 2**-53
    of a part of M = S2 + 2 * sum_f |g_f| * (|S1_f| + scale_f) + W * |g|**2 (S1's rounded
    products w * x_f too, through scale_f), under 13 * 2**-53 * M in all: 2 * TRIAL_ERROR * M
    (16 roundings' worth) bounds it, with S2's own bound. Among the subnormals a rounded
    d(x, .)**2 is off by up to 2**-1075 whatever its size, w * d**2 by w times that, and
    W * g_f**2 by W times that for each feature: TRIAL_FLOOR (2**15 such errors) *
    (1 + w * (2 + d)) a row, times 1 + |g|, covers them (and S2's rows likewise). Should M
    overflow, the sum is inf (no bound at all).

    >>> moments = BoxMoments(linear=(4.0,), scale=(6.0,), weight=2.0)   # rows 1.0 and 3.0
    >>> moment_sum(moments, 10.0, 0.0, (2.0,), (0.0,), 2)[0]             # 1 + 1
    2.0
    """
    terms, size, spread = [square], square, 1.0         # size: M; spread: 1 + |g|
    for a, b, linear, scale in zip(c, f, moments.linear, moments.scale):
        g = a - b
        norm = moments.weight * (g * g)
        terms += (-2.0 * g * linear, norm)
        size += norm + 2.0 * abs(g) * (abs(linear) + scale)
        spread += abs(g)
    rows = n_rows + moments.weight * (2 + len(c))         # per row: 1 + w * (2 + d)
    error = 2 * TRIAL_ERROR * size + square_error + TRIAL_FLOOR * rows * spread
    return (math.fsum(terms) if math.isfinite(size) else math.inf), error
