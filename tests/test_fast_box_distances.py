"""How far a box's rows are from a point (fast.box_distances): the bounds hold every row, the
rows' squared distances are the plain loop's, and the moment formula is within its bound."""

import math
import random

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import make_blobs
from kmeans_scratch.fast.box_distances import (box_moments, farthest_distance, moment_sum,
                                               nearest_distance, squared_distances_array,
                                               squared_distances_to)
from kmeans_scratch.fast.exact import ABSOLUTE_GUARD, NARROW, WIDEN
from kmeans_scratch.fast.kdtree import PointTree
from kmeans_scratch.vectors import dist, squared_distances
from strategies import datasets

SCALES = [1.0, 2.0 ** -530, 2.0 ** -1060, 2.0 ** 400]     # ordinary, subnormal squares, huge


def _weights(X, rng, weighted):
    return [rng.choice([0.0, 0.5, 1.0, 3.0]) for _ in X] if weighted else [1.0] * len(X)


def _check_box(tree, box, X, weights, f, c):
    """Every claim of the module about this box, seen from c (moments about f)."""
    rows = tree.rows(box.lo, box.hi)
    assert squared_distances_to(tree, box.lo, box.hi, c) == squared_distances(rows, c)
    # as the callers use them: pushed the safe way for rounding (math.dist may differ from
    # the plain loop's dist by an ulp: on PyPy dist is portable_dist's)
    low = nearest_distance(box, c) * NARROW
    high = farthest_distance(box, c) * WIDEN + ABSOLUTE_GUARD
    assert all(low <= dist(x, c) <= high for x in rows)
    box_weights = tree.weights[box.lo:box.hi] if tree.weights else [1.0] * len(rows)
    square = math.fsum(w * d for w, d in zip(box_weights, squared_distances(rows, f)))
    after, error = moment_sum(box_moments(tree, box, f), square, 0.0, c, f, len(rows))
    exact = math.fsum(w * d for w, d in zip(box_weights, squared_distances(rows, c)))
    assert abs(after - exact) <= error or not math.isfinite(after)


@settings(max_examples=60, deadline=None)
@given(datasets(max_samples=40), st.integers(0, 2**32 - 1), st.booleans(), st.sampled_from(SCALES))
def test_every_box_is_within_its_bounds_from_any_point(X, seed, weighted, scale):
    rng = random.Random(seed)
    if rng.random() < 0.3:              # duplicates and ties
        X = [rng.choice(X[:2]) for _ in X]
    X = [tuple(scale * a for a in x) for x in X]
    weights = _weights(X, rng, weighted)
    tree = PointTree(X, weights, leaf_size=rng.choice([1, 2, 4]))
    f, c = rng.choice(X), rng.choice(X + [tuple(-a for a in X[0])])
    for box in tree.boxes():
        _check_box(tree, box, X, weights, f, c)


@pytest.mark.parametrize("weighted", [False, True])
def test_blob_boxes_from_far_and_near_points(weighted):
    X = [tuple(x) for x in make_blobs(n_samples=600, n_features=2, centers=4, random_state=5)[0]]
    weights = _weights(X, random.Random(1), weighted)
    tree = PointTree(X, weights, leaf_size=16)
    for f, c in [(X[0], X[1]), (X[3], (100.0, -100.0)), (X[5], X[5])]:
        for box in tree.boxes():
            _check_box(tree, box, X, weights, f, c)


def test_rows_are_read_a_chunk_at_a_time_in_the_trees_order():
    X = [(float(i % 97), float(i % 89)) for i in range(10_000)]      # more than one chunk
    tree = PointTree(X, [1.0] * len(X))
    values = squared_distances_array(tree, 0, len(X), (3.0, 4.0))
    assert list(values) == squared_distances([X[row] for row in tree.order], (3.0, 4.0))
    assert squared_distances_array(tree, 4000, 9000, (3.0, 4.0)) == values[4000:9000]
