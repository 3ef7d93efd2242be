"""Screened distances (fast.screening) and the kernels built on them: the plain code's answers.

Hamerly's bounds as loops (fast.hamerly_loops) and k-means++ with screened distances
(fast.screened_seeding) run on PyPy by default; every interpreter runs them here, on data
made for trouble: exact and near ties, duplicates, zero weights, subnormal and huge values.
"""

import math
import random

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import check_random_state, make_blobs
from kmeans_scratch.fast.driver import incremental_steps
from kmeans_scratch.fast.hamerly_loops import LoopRun, loop_hamerly
from kmeans_scratch.fast.screened_seeding import screened_plusplus_indices
from kmeans_scratch.fast.screening import (cheap, cheap_to_all, lower_root, nearest_of,
                                           nearest_of_all, surely_farther, surely_nearer, upper_root)
from kmeans_scratch.lloyd import lloyd, lloyd_steps, tolerance
from kmeans_scratch.seeding import plusplus_indices
from kmeans_scratch.vectors import columns as vector_columns, dist, nearest

# scales that put squared distances among the subnormals, near 1, and near overflow
SCALES = [1e-310, 1e-170, 1.0, 3.0, 1e150]


@st.composite
def troublesome(draw, min_samples=1, max_samples=40, max_features=4):
    """(X, k): rows on a small grid (exact ties, duplicates), some nudged by an ulp (near
    ties), times one scale from SCALES."""
    n_features = draw(st.integers(1, max_features))
    scale = draw(st.sampled_from(SCALES))
    grid = st.integers(-3, 3).map(float)
    nudge = st.sampled_from([0.0, 0.0, 1.0, -1.0])
    rows = draw(st.lists(st.tuples(*[st.tuples(grid, nudge)] * n_features),
                         min_size=min_samples, max_size=max_samples))
    X = [tuple(_nudged(value, step) * scale for value, step in row) for row in rows]
    return X, draw(st.integers(1, len(X)))


def _nudged(value: float, step: float) -> float:
    return math.nextafter(value, value + step) if step else value


def _weights(rng: random.Random, n: int, weighting: str) -> list:
    choices = {"unit": [1.0], "weighted": [0.5, 1.0, 3.0, 1e20], "with zeros": [0.0, 1.0, 2.5]}
    weights = [rng.choice(choices[weighting]) for _ in range(n)]
    if not any(weights):
        weights[0] = 1.0
    return weights


@settings(max_examples=150, deadline=None)
@given(troublesome(), st.randoms(use_true_random=False))
def test_nearest_of_chooses_as_the_plain_nearest(data, rng):
    X, k = data
    centroids = [list(X[i]) for i in rng.sample(range(len(X)), k)]
    for x in X:
        label, near, second = nearest_of(list(x), centroids)
        assert label == nearest(x, [tuple(c) for c in centroids])
        if near == near:        # sure: the bounds hold around the exact distances
            assert upper_root(near) >= dist(x, centroids[label]) >= lower_root(near)


@settings(max_examples=150, deadline=None)
@given(troublesome(min_samples=3), st.randoms(use_true_random=False))
def test_sure_answers_hold_for_the_exact_distances(data, rng):
    X, _ = data
    x, c, d = rng.sample(X, 3)
    squared, exact_squared = cheap(x, c), dist(x, d) ** 2
    if surely_farther(squared, exact_squared):
        assert dist(x, c) ** 2 >= exact_squared
    if surely_nearer(squared, exact_squared):
        assert dist(x, c) ** 2 < exact_squared
    if squared < 1e300:
        assert lower_root(squared) <= dist(x, c) <= upper_root(squared)


@settings(max_examples=120, deadline=None)
@given(troublesome(), st.integers(0, 2**32 - 1), st.sampled_from(["unit", "weighted", "with zeros"]))
def test_screened_seeds_are_the_plain_loops(data, seed, weighting):
    X, k = data
    weights = _weights(random.Random(seed), len(X), weighting)
    if max(map(abs, (v for x in X for v in x))) > 1e100 and weighting == "weighted":
        weights = [min(w, 1.0) for w in weights]       # (so every potential stays finite)
    plain = plusplus_indices(X, k, check_random_state(seed), weights)
    assert screened_plusplus_indices(X, k, check_random_state(seed), weights) == plain


@settings(max_examples=120, deadline=None)
@given(troublesome(), st.randoms(use_true_random=False), st.sampled_from([0.0, 1e-4]),
       st.sampled_from(["unit", "weighted", "with zeros"]))
def test_hamerly_loops_take_every_step_of_the_plain_loop(data, rng, tol, weighting):
    X, k = data
    start = [X[i] for i in rng.sample(range(len(X)), k)]
    weights = _weights(rng, len(X), weighting)
    scaled = tolerance(X, tol)
    plain = [(s.iteration, s.labels, s.centroids, s.new_centroids, s.shift, s.stop)
             for s in lloyd_steps(X, start, weights, max_iter=30, tol=scaled)]
    run = LoopRun(X, start, weights)
    fast = [(s.iteration, s.labels, s.centroids, s.new_centroids, s.shift, s.stop)
            for s in incremental_steps(X, weights, run, max_iter=30, tol=scaled)]
    assert fast == plain
    assert loop_hamerly(X, start, weights, max_iter=30, tol=scaled)[:5] == \
        lloyd(X, start, weights, max_iter=30, tol=scaled)[:5]


@pytest.mark.parametrize("n, d, k", [(2000, 2, 8), (800, 16, 10), (600, 5, 20)])
def test_blobs_give_the_plain_seeds_and_runs_with_fewer_distances(n, d, k):
    X, _ = make_blobs(n_samples=n, n_features=d, centers=k, random_state=3)
    X = [tuple(x) for x in X]
    for seed in range(2):
        indices = plusplus_indices(X, k, check_random_state(seed), [1.0] * n)
        assert screened_plusplus_indices(X, k, check_random_state(seed), [1.0] * n) == indices
        start = [X[i] for i in indices]
        plain = lloyd(X, start, [1.0] * n, tol=tolerance(X, 1e-4))
        fast = loop_hamerly(X, start, [1.0] * n, tol=tolerance(X, 1e-4))
        assert fast[:5] == plain[:5]
        assert fast.n_distances < plain.n_distances


def test_a_tie_between_two_centres_goes_to_the_lower_index():
    X = [(0.0, 0.0), (2.0, 0.0), (1.0, 0.0), (1.0, 1e-9)]
    label, near, _ = nearest_of([1.0, 0.0], [[0.0, 0.0], [2.0, 0.0]])
    assert label == 0 and math.isnan(near)            # decided by the exact distances
    assert loop_hamerly(X, X[:2], [1.0] * 4)[:4] == lloyd(X, X[:2], [1.0] * 4)[:4]


@settings(max_examples=150, deadline=None)
@given(troublesome(min_samples=3), st.randoms(use_true_random=False))
def test_a_capped_sum_is_the_full_one_or_above_the_cap_and_below_it(data, rng):
    X, _ = data
    x, c, d = rng.sample(X, 3)
    cap = cheap(x, d)
    capped, full = cheap(x, c, cap), cheap(x, c)
    assert capped == full or cap < capped <= full


@settings(max_examples=150, deadline=None)
@given(troublesome(), st.randoms(use_true_random=False))
def test_the_column_passes_give_the_row_by_row_answers(data, rng):
    X, k = data
    centroids = [list(X[i]) for i in rng.sample(range(len(X)), k)]
    rows, columns = [list(x) for x in X], list(vector_columns(X))
    assert cheap_to_all(columns, centroids[0]) == [cheap(x, centroids[0]) for x in rows]
    labels, nearest, second = nearest_of_all(X, columns, centroids)
    each = [nearest_of(x, centroids) for x in rows]
    assert labels == [label for label, _, _ in each]
    assert [x for x in nearest if x == x] == [x for _, x, _ in each if x == x]


def test_batched_moves_of_the_float_sums_match_the_plain_loop(monkeypatch):
    # PyPy's cluster sums move many points at once (cluster_sums.ExactSums.move); run it here too
    from kmeans_scratch.fast import cluster_sums
    monkeypatch.setattr(cluster_sums, "_INTEGER_ROWS", False)
    X, _ = make_blobs(n_samples=1500, n_features=3, centers=6, cluster_std=2.0, random_state=5)
    X = [tuple(x) for x in X]
    weights = [1.0 + (i % 3) for i in range(len(X))]
    start = X[:6]
    assert loop_hamerly(X, start, weights)[:5] == lloyd(X, start, weights)[:5]
