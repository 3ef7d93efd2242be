"""cluster_stability (Hennig's bootstrap Jaccard): examples and invariants."""

import math
import random

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import KMeans, KMeansError, make_blobs
from kmeans_scratch.randomness import check_random_state
from kmeans_scratch.stability import _best_matches, cluster_stability, jaccard
from strategies import datasets


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_well_separated_blobs_are_stable(seed):
    X, _ = make_blobs(n_samples=150, centers=[[0, 0], [10, 0], [0, 10]], cluster_std=1.0, random_state=seed)
    result = cluster_stability(X, 3, n_bootstrap=20, random_state=seed, n_init=3)
    assert min(result.mean_jaccard) >= 0.95
    assert result.dissolved == [0, 0, 0] and result.recovered == [20, 20, 20]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_clusters_of_uniform_noise_are_clearly_less_stable(seed):
    rng = random.Random(seed)
    U = [tuple(rng.random() for _ in range(4)) for _ in range(150)]
    result = cluster_stability(U, 4, n_bootstrap=20, random_state=seed, n_init=3)
    assert max(result.mean_jaccard) < 0.85 and math.fsum(result.mean_jaccard) / 4 < 0.75
    assert sum(result.dissolved) > 0


def test_a_row_drawn_twice_counts_twice():
    # rows 0 and 1 form cluster 0; the resample draws row 0 twice, rows 2 and 3 once:
    # [0], [0], [2], [10] splits into {0, 0, 2} and {10}. Cluster 0's positions are {0, 1}:
    # with {0, 1, 2} it shares 2 of 3 (as sets of rows it would be 1 of 2)
    X = [(0.0,), (1.0,), (2.0,), (10.0,)]
    best = _best_matches(X, [0, 0, 1, 1], 2, [0, 0, 2, 3], check_random_state(0), {"n_init": 3})
    assert best == {0: 2 / 3, 1: 1 / 2}


def test_a_cluster_the_resample_missed_is_left_out_of_its_mean():
    X = [(0.0,), (1.0,), (10.0,)]
    best = _best_matches(X, [0, 0, 1], 2, [0, 1, 1], check_random_state(0), {"n_init": 1})
    # rows [0], [1], [1] split into {0} and {1, 1}; cluster 1 (row 2) was not drawn
    assert best == {0: 2 / 3}


def test_jaccard_by_hand():
    assert jaccard([True, False], [False, True]) == 0.0
    assert jaccard([True, True, True], [True, True, False]) == 2 / 3
    assert jaccard([False], [False]) == 0.0


def test_the_assessed_clustering_is_kmeans_first_fit_from_the_same_generator():
    X, _ = make_blobs(n_samples=40, centers=3, random_state=4)
    result = cluster_stability(X, 3, n_bootstrap=2, random_state=7, n_init=2)
    assert result.labels == KMeans(n_clusters=3, random_state=7, n_init=2).fit(X).labels_
    random.seed(1)
    assert cluster_stability(X, 3, n_bootstrap=2, random_state=7, n_init=2) == result


@settings(deadline=None, max_examples=30)
@given(datasets(min_samples=3, max_samples=20), st.integers(1, 3), st.integers(1, 4), st.randoms())
def test_stability_lies_in_zero_one_and_counts_add_up(X, k, n_bootstrap, generator):
    k = min(k, len(set(X)))
    result = cluster_stability(X, k, n_bootstrap=n_bootstrap, random_state=generator, n_init=1)
    for mean, values, dissolved, recovered in zip(result.mean_jaccard, result.jaccard,
                                                  result.dissolved, result.recovered):
        assert len(values) <= n_bootstrap and all(0.0 < v <= 1.0 for v in values)
        assert math.isnan(mean) if not values else 0.0 <= mean <= 1.0
        assert dissolved + recovered <= len(values)
    assert len(result.mean_jaccard) == k and set(result.labels) <= set(range(k))


def test_stability_errors():
    with pytest.raises(KMeansError, match="cluster_stability requires n_bootstrap >= 1; got n_bootstrap=0"):
        cluster_stability([[0.0], [1.0]], 1, n_bootstrap=0)
    with pytest.raises(KMeansError, match="cluster_stability requires 1 <= n_clusters <= n_samples"):
        cluster_stability([[0.0], [1.0]], 3)
