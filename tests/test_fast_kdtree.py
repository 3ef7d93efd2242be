"""The k-d tree (fast.kdtree): every box holds exactly its points, cut where the definition says."""

import math

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import make_blobs
from kmeans_scratch.fast.exact import exact_sum, from_units
from kmeans_scratch.fast import kdtree
from kmeans_scratch.fast.kdtree import PointTree
from strategies import datasets


def _plain_cells(X, rows, lower, upper, leaf_size):
    """The tree by its definition, sorting every box: (set of rows, children or None)."""
    if len(rows) <= leaf_size:
        return set(rows), None
    widths = [b - a for a, b in zip(lower, upper)]
    axis = widths.index(max(widths))
    ordered = sorted(rows, key=lambda row: (X[row][axis], row))   # ties: the lower row first
    middle = len(ordered) // 2
    value = X[ordered[middle]][axis]
    left_upper, right_lower = list(upper), list(lower)
    left_upper[axis] = right_lower[axis] = value
    return set(rows), (_plain_cells(X, ordered[:middle], lower, tuple(left_upper), leaf_size),
                       _plain_cells(X, ordered[middle:], tuple(right_lower), upper, leaf_size))


def _check_box(tree, box, cell, X, weights):
    """The box holds the cell's rows, with their tight bounds and exact sums."""
    rows, children = cell
    assert set(tree.order[box.lo:box.hi]) == rows
    points = [X[row] for row in tree.order[box.lo:box.hi]]
    assert tree.rows(box.lo, box.hi) == points
    for f, column in enumerate(zip(*points)):
        assert (box.lower[f], box.upper[f]) == (min(column), max(column))
        assert all(math.dist(box.middle, x) <= box.radius for x in points)
        sums = [w * x for w, x in zip((weights[row] for row in tree.order[box.lo:box.hi]), column)]
        assert from_units(box.sums[f], tree.shifts[f]) == from_units(exact_sum(sums))
    assert from_units(box.total, tree.weight_shift) == math.fsum(weights[row] for row in rows)
    assert (box.children is None) == (children is None)
    for child, child_cell in zip(box.children or (), children or ()):
        _check_box(tree, child, child_cell, X, weights)


def _check_tree(X, weights, leaf_size):
    tree = PointTree(X, weights, leaf_size=leaf_size)
    assert sorted(tree.order) == list(range(len(X)))
    for f, column in enumerate(tree.columns):
        assert list(column) == [X[row][f] for row in tree.order]
    root = _plain_cells(X, list(range(len(X))), tuple(map(min, zip(*X))),
                        tuple(map(max, zip(*X))), leaf_size)
    _check_box(tree, tree.root, root, X, weights)
    assert tree.boxes()[-1] is tree.root
    return tree


@settings(max_examples=80, deadline=None)
@given(datasets(max_samples=60), st.sampled_from([1, 2, 3, 8]), st.randoms(use_true_random=False),
       st.booleans(), st.booleans())
def test_every_box_holds_exactly_its_points_cut_at_the_median(X, leaf_size, rng, weighted, arrays):
    if rng.random() < 0.5:          # many duplicates: ties broken by row, as the definition says
        X = [rng.choice(X[:3]) for _ in X]
    weights = [rng.choice([0.5, 1.0, 3.0]) for _ in X] if weighted else [1.0] * len(X)
    with pytest.MonkeyPatch.context() as patch:
        if arrays:                  # row numbers in arrays, as on large data
            patch.setattr(kdtree, "ARRAY_ROWS", 0)
        _check_tree(X, weights, leaf_size)


@pytest.mark.parametrize("array_rows", [kdtree.ARRAY_ROWS, 0])
@pytest.mark.parametrize("n, d", [(2000, 2), (700, 3), (300, 1)])
def test_a_blob_tree_is_the_defined_tree(n, d, array_rows, monkeypatch):
    # row numbers in lists (small data) or in arrays (large): the same tree
    monkeypatch.setattr(kdtree, "ARRAY_ROWS", array_rows)
    X = [tuple(x) for x in make_blobs(n_samples=n, n_features=d, centers=5, random_state=1)[0]]
    tree = _check_tree(X, [1.0] * n, 64)
    assert tree.weights is None
    assert all(leaf.hi - leaf.lo <= 64 for leaf in tree.boxes() if leaf.children is None)


def test_a_tree_of_one_row_is_one_leaf():
    tree = _check_tree([(1.0, -2.0)], [2.0], 64)
    assert tree.root.children is None and tree.weights == [2.0]
