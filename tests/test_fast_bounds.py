"""Hamerly's accelerated loop must give exactly the reference Lloyd's results, step by step."""


from unittest import mock

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import KMeans, make_blobs
from kmeans_scratch.fast import cluster_sums
from kmeans_scratch.fast.bounds import hamerly, hamerly_steps
from kmeans_scratch.lloyd import lloyd, lloyd_steps, tolerance
from strategies import datasets_with_k


def _same_steps(X, start, weights, **options):
    plain = [(s.iteration, s.labels, s.centroids, s.new_centroids, s.shift, s.stop)
             for s in lloyd_steps(X, start, weights, **options)]
    fast = [(s.iteration, s.labels, s.centroids, s.new_centroids, s.shift, s.stop)
            for s in hamerly_steps(X, start, weights, **options)]
    assert fast == plain


@settings(max_examples=80, deadline=None)
@given(datasets_with_k(max_samples=40), st.randoms(use_true_random=False),
       st.sampled_from([0.0, 1e-4]), st.booleans())
def test_every_step_and_the_result_are_identical(data, rng, tol, weighted):
    X, k = data
    start = [X[i] for i in rng.sample(range(len(X)), k)]
    weights = [rng.choice([0.5, 1.0, 3.0]) for _ in X] if weighted else [1.0] * len(X)
    scaled = tolerance(X, tol)
    _same_steps(X, start, weights, max_iter=50, tol=scaled)
    plain, fast = lloyd(X, start, weights, max_iter=50, tol=scaled), hamerly(X, start, weights, max_iter=50, tol=scaled)
    assert fast[:5] == plain[:5]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n, d, k, std", [(600, 2, 8, 1.0), (400, 5, 6, 3.0), (300, 3, 12, 0.5)])
def test_blob_runs_are_identical_and_skip_most_distances(seed, n, d, k, std):
    X, _ = make_blobs(n_samples=n, n_features=d, centers=k, cluster_std=std, random_state=seed)
    X = [tuple(x) for x in X]
    start = X[:k]
    _same_steps(X, start, [1.0] * n, tol=tolerance(X, 1e-4))
    plain, fast = lloyd(X, start, [1.0] * n), hamerly(X, start, [1.0] * n)
    assert fast[:5] == plain[:5]
    assert fast.n_distances < plain.n_distances


def test_duplicates_and_empty_clusters_match():
    X = [(0.0, 0.0)] * 5 + [(1.0, 1.0)] * 5 + [(9.0, 9.0)]
    start = [(0.0, 0.0), (0.0, 0.0), (50.0, 50.0), (1.0, 1.0)]     # a duplicate and an empty start
    _same_steps(X, start, [1.0] * len(X), max_iter=20)


@pytest.mark.filterwarnings("ignore::kmeans_scratch.ConvergenceWarning")
@pytest.mark.parametrize("init", ["k-means++", "random"])
def test_estimator_algorithms_agree_and_count_distances(init):
    X, _ = make_blobs(n_samples=500, centers=5, cluster_std=1.5, random_state=3)
    results = {}
    for algorithm in ("lloyd", "hamerly", "kdtree", "auto"):
        model = KMeans(n_clusters=5, init=init, n_init=3, random_state=7, algorithm=algorithm).fit(X)
        results[algorithm] = (model.labels_, model.cluster_centers_, model.inertia_, model.n_iter_)
        assert model.n_distances_ > 0
    assert results["lloyd"] == results["hamerly"] == results["kdtree"] == results["auto"]
    lloyd_model = KMeans(n_clusters=5, n_init=1, random_state=7, algorithm="lloyd").fit(X)
    fast_model = KMeans(n_clusters=5, n_init=1, random_state=7, algorithm="hamerly").fit(X)
    assert fast_model.n_distances_ < lloyd_model.n_distances_ / 2


def test_one_cluster_with_hamerly_requested():
    model = KMeans(n_clusters=1, algorithm="hamerly").fit([[0.0], [2.0]])
    assert model.cluster_centers_ == [(1.0,)]


@settings(max_examples=60, deadline=None)
@given(datasets_with_k(max_samples=40), st.randoms(use_true_random=False), st.booleans(),
       st.booleans())
def test_both_cluster_sum_kernels_give_lloyds_result(data, rng, weighted, integer_rows):
    # CPython's kernel (integer rows made up front) and PyPy's (floats summed exactly,
    # integers only for the rows that move), each run on every interpreter
    X, k = data
    start = [X[i] for i in rng.sample(range(len(X)), k)]
    weights = [rng.choice([0.5, 1.0, 3.0, 1e20]) for _ in X] if weighted else [1.0] * len(X)
    with mock.patch.object(cluster_sums, "_INTEGER_ROWS", integer_rows):
        _same_steps(X, start, weights, max_iter=50)
        assert hamerly(X, start, weights, max_iter=50)[:5] == lloyd(X, start, weights, max_iter=50)[:5]


def test_subnormal_ties_go_to_the_lowest_centre_as_in_the_plain_loop():
    # found by fuzzing: among the subnormals a relative margin rounds away (5e-324 * WIDEN is
    # 5e-324), so the bounds kept the last point in cluster 1 although both centres end at
    # (0, 0) and the plain loop's tie rule gives 0; every bound now has an absolute guard too
    X = [(-0.0, -5e-324), (-5e-324, -5e-324), (-0.0, 5e-324), (0.0, 5e-324), (5e-324, 5e-324)]
    weights = [0.1, 3.0, 3.0, 3.0, 0.1]
    fits = [KMeans(2, n_init=1, random_state=638929549, algorithm=algorithm).fit(X, sample_weight=weights)
            for algorithm in ("lloyd", "hamerly")]
    assert fits[0].labels_ == fits[1].labels_ == [0, 0, 0, 0, 0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(*[st.integers(-3, 3)] * 3), min_size=2, max_size=40), st.integers(0, 2**32 - 1),
       st.integers(2, 5))
def test_subnormal_grids_give_the_plain_labels(grid, seed, k):
    X = [tuple(v * 5e-324 for v in row) for row in grid]
    k = min(k, len(X))
    fits = [KMeans(k, n_init=1, random_state=seed, algorithm=algorithm).fit(X)
            for algorithm in ("lloyd", "hamerly")]
    assert fits[0].labels_ == fits[1].labels_
    assert fits[0].cluster_centers_ == fits[1].cluster_centers_
