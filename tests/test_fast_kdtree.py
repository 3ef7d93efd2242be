"""The k-d tree (fast.kdtree): every box holds a run of points, tight, with exact sums, and
its halves are cut apart along one feature."""

import math
from array import array

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import make_blobs
from kmeans_scratch.fast.exact import exact_sum, fixed_shift, from_units, to_fixed
from kmeans_scratch.column_rows import ColumnRows
from kmeans_scratch.fast import kdtree
from kmeans_scratch.fast.kdtree import LEAF_SIZE, PointTree, _fixed_sum, _gathered, _packed
from strategies import datasets


def _check_box(tree, box, X, weights):
    """The box is the tight box of its run, with exact sums; its halves split the run in two,
    apart along some feature; a leaf is small or all one point, an inner box is not small."""
    rows = tree.order[box.lo:box.hi]
    points = [X[row] for row in rows]
    assert box.lo < box.hi and tree.rows(box.lo, box.hi) == [tuple(x) for x in points]
    for f, column in enumerate(zip(*points)):
        assert (box.lower[f], box.upper[f]) == (min(column), max(column))
        sums = [weights[row] * x for row, x in zip(rows, column)]
        assert from_units(box.sums[f], tree.shifts[f]) == from_units(exact_sum(sums))
        assert from_units(box.sums[f], tree.shifts[f]) == math.fsum(sums)
    assert all(math.dist(box.middle, x) <= box.radius for x in points)
    assert from_units(box.total, tree.weight_shift) == math.fsum(weights[row] for row in rows)
    if box.children is None:
        assert len(points) <= tree.leaf_size or len(set(map(tuple, points))) == 1
        return
    left, right = box.children
    assert len(points) > tree.leaf_size
    assert (left.lo, left.hi, right.lo, right.hi) == (box.lo, right.lo, left.hi, box.hi)
    assert any(a < b for a, b in zip(left.upper, right.lower))      # a cut along a feature


def _check_tree(X, weights, leaf_size=LEAF_SIZE):
    tree = PointTree(X, weights, leaf_size=leaf_size)
    assert sorted(tree.order) == list(range(len(X)))
    assert tree.shifts == [fixed_shift([w * x[f] for x, w in zip(X, weights)]) for f in range(len(X[0]))]
    for f, column in enumerate(tree.columns):
        assert list(column) == [X[row][f] for row in tree.order]
    assert tree.weights == (None if set(weights) == {1.0} else [weights[row] for row in tree.order])
    boxes = tree.boxes()
    assert boxes[-1] is tree.root and (tree.root.lo, tree.root.hi) == (0, len(X))
    for box in boxes:               # (a loop, not recursion: trees may be deep)
        _check_box(tree, box, X, weights)
    assert len(set(map(id, boxes))) == len(boxes)
    return tree


@settings(max_examples=80, deadline=None)
@given(datasets(max_samples=60), st.sampled_from([1, 2, 3, 8]), st.randoms(use_true_random=False),
       st.booleans())
def test_every_box_is_a_tight_run_with_exact_sums_cut_in_two(X, leaf_size, rng, weighted):
    if rng.random() < 0.5:          # many duplicates: a run of one point is a leaf at any size
        X = [rng.choice(X[:3]) for _ in X]
    weights = [rng.choice([0.5, 1.0, 3.0]) for _ in X] if weighted else [1.0] * len(X)
    _check_tree(X, weights, leaf_size)


@pytest.mark.parametrize("n, d", [(2000, 2), (700, 3), (300, 1)])
def test_a_blob_tree_has_small_leaves(n, d):
    X = [tuple(x) for x in make_blobs(n_samples=n, n_features=d, centers=5, random_state=1)[0]]
    tree = _check_tree(X, [1.0] * n, 64)
    assert tree.weights is None
    assert all(leaf.hi - leaf.lo <= 64 for leaf in tree.boxes() if leaf.children is None)


class _Columns(ColumnRows):
    """Columns (as fit's checked X) that answer row by row from a plain list instead, so a
    test can tell which of the two the tree read."""
    __slots__ = ("rows",)

    def __init__(self, rows):
        super().__init__(array("d", column) for column in zip(*rows))
        self.rows = rows

    def __getitem__(self, index):
        return self.rows[index]

    def __iter__(self):
        return iter(self.rows)


def test_columns_are_read_when_x_has_them():
    X = [tuple(x) for x in make_blobs(n_samples=500, n_features=2, centers=3, random_state=2)[0]]
    wrapped = _Columns(X)
    wrapped.columns[0][0] += 1.0         # visible only through columns: proves they are read
    tree = PointTree(wrapped, [1.0] * 500, leaf_size=8)
    assert tree.columns[0][list(tree.order).index(0)] == X[0][0] + 1.0
    wrapped.columns[0][0] = X[0][0]
    plain, read = PointTree(X, [1.0] * 500, leaf_size=8), PointTree(wrapped, [1.0] * 500, leaf_size=8)
    assert plain.order == read.order and plain.columns == read.columns
    assert [(b.lo, b.hi, b.sums) for b in plain.boxes()] == [(b.lo, b.hi, b.sums) for b in read.boxes()]


@pytest.mark.parametrize("X", [
    [(1e308, -1e300), (-1e308, 1e300), (0.0, 2.0), (5.0, -3.0), (1e307, 0.0)],  # width > max
    [(5e-324,), (0.0,), (1e-320,), (-5e-324,)] * 10,                           # subnormal widths
    [(3.0, -1.0)] * 100,                                                        # all one point
    [(1.0, 2.0)],                                                               # one row
    [(1e-9 * i,) for i in range(200)] + [(1e9,)],                               # one far outlier
    [tuple(float((i * 7 + f) % 11) for f in range(60)) for i in range(40)],     # 60 features
])
def test_extreme_values_give_a_valid_tree(X):
    _check_tree(X, [1.0] * len(X), leaf_size=2)


def test_a_tree_deeper_than_the_recursion_limit_is_built():
    X = [(2.0 ** -i,) for i in range(1075)] * 2 + [(0.0,)]       # each halving parts one value
    tree = PointTree(X, [1.0] * len(X), leaf_size=2)
    assert sorted(tree.order) == list(range(len(X)))
    depth, stack = 0, [(tree.root, 1)]
    while stack:
        box, level = stack.pop()
        depth = max(depth, level)
        stack.extend((child, level + 1) for child in box.children or ())
    leaves = [box for box in tree.boxes() if box.children is None]
    assert depth > 1000 and len(leaves) == 1076          # one leaf per distinct value
    assert all(len(set(tree.columns[0][leaf.lo:leaf.hi])) == 1 for leaf in leaves)


def test_a_tree_of_one_row_is_one_leaf():
    tree = _check_tree([(1.0, -2.0)], [2.0], 64)
    assert tree.root.children is None and tree.weights == [2.0]


def _fixed_sums(values, shift):
    """_fixed_sum of the values both ways: with CPython's C calls (float sums) and PyPy's."""
    sums = []
    for c_calls in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(kdtree, "_C_CALLS", c_calls)
            sums.append(_fixed_sum(values, min(values), max(values), shift))
    return sums


def _check_fixed_sum(values):
    shift = fixed_shift(values)
    expected = sum(to_fixed(values, shift))
    assert _fixed_sums(values, shift) == [expected, expected]
    assert from_units(expected, shift) == math.fsum(values)


@pytest.mark.parametrize("values", [
    [1.0, 2.5, 3.25],                                   # all positive: scaled by less
    [-7.0, -0.5, -1e-3],                                # all negative
    [-1.0, 0.0, 2.0], [0.0, 0.0],                       # a zero in the range: the plain way
    [5e-324, 1e-320, 2.5e-310],                         # subnormals: own shift past UNIT_SHIFT
    [1e308, 7e307, 1e300],                              # huge: no shift at all
    [1e300, 1e-300],                                    # wide: the shift is UNIT_SHIFT
    [2.0 ** 52 + 1, 2.0 ** 52, 2.0 ** 53 - 1],          # whole numbers near 2**53
    [1.0 + 2.0 ** -52] * 100,                           # a float sum off by a rest
    [-(1.0 + 2.0 ** -52)] * 100 + [-2.0 ** 30],         # ... negative, wider
    [2.0 ** 54 + 4.0, 1.0 + 2.0 ** -52] * 60,           # too wide for the float sum
])
def test_a_leaf_sums_its_values_exactly_at_any_scale(values):
    _check_fixed_sum(values)


def test_the_float_sum_of_a_narrow_leaf_is_off_and_its_rest_is_found():
    values = [1.0 + 2.0 ** -52] * 100
    # their exact sum is no float, so any float total misses it: sum() one at a time (CPython
    # 3.11), or compensated (3.12 on), and the rest must be found
    assert math.fsum([*values, -sum(values)]) != 0.0
    _check_fixed_sum(values)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(1.0, 2.0 ** 30), min_size=1, max_size=300), st.integers(-1100, 990),
       st.booleans())
def test_a_narrow_leaf_sum_is_to_fixed_summed(values, exponent, negative):
    # one sign, a narrow range: mostly the float sum and its exact rest
    values = [math.ldexp(-x if negative else x, exponent) for x in values]
    shift = fixed_shift(values)
    assert _fixed_sums(values, shift) == [sum(to_fixed(values, shift))] * 2


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=20),
       st.sampled_from([None, 1e-300, 1e300]))
def test_a_leaf_sum_is_to_fixed_summed(values, other):
    # other: a value elsewhere in the column that widens its shift or its range
    shift = fixed_shift(values + [other] if other else values)
    assert _fixed_sums(values, shift) == [sum(to_fixed(values, shift))] * 2


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=False), min_size=1, max_size=30), st.data(), st.booleans(),
       st.sampled_from([1, 2, 3, 1 << 12]))
def test_gathered_gives_the_items_at_its_positions(values, data, c_calls, block):
    positions = array("i", data.draw(st.lists(st.integers(0, len(values) - 1), min_size=1,
                                              max_size=40)))
    with pytest.MonkeyPatch.context() as patch:          # both ways, on either interpreter
        patch.setattr(kdtree, "_C_CALLS", c_calls)
        patch.setattr(kdtree, "_BLOCK", block)           # (blocks of one position too)
        assert _gathered(array("d", values), positions, "d") == array("d", [values[p] for p in positions])
        assert _gathered(values, positions, "d").tolist() == [values[p] for p in positions]
        assert _gathered(positions, array("i", range(len(positions))), "i") == positions


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(allow_nan=False)), st.lists(st.integers(-2 ** 31, 2 ** 31 - 1)),
       st.booleans(), st.sampled_from([1, 2, 3, 1 << 12]))
def test_packed_is_the_array(floats, integers, c_calls, block):
    with pytest.MonkeyPatch.context() as patch:          # both ways, on either interpreter
        patch.setattr(kdtree, "_C_CALLS", c_calls)
        patch.setattr(kdtree, "_BLOCK", block)
        assert _packed("d", floats) == array("d", floats)
        assert _packed("i", tuple(integers)) == array("i", integers)
        assert _packed("q", [2 ** 62 + i for i in integers]) == array("q", [2 ** 62 + i for i in integers])
