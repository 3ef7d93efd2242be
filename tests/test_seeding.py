import math
import random

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import KMeansError, RandomState, check_random_state, kmeans_plusplus, make_blobs
from kmeans_scratch.kdtree import PointTree
from kmeans_scratch.seeding import plusplus_indices
from test_sklearn_twin import make_data
from strategies import datasets_with_k


def test_matches_sklearn_kmeans_plusplus(reference):
    for case in reference["kmeans_plusplus"]:
        X = make_data(case["data"])
        centers, indices = kmeans_plusplus(X, case["n_clusters"], random_state=case["random_state"])
        assert indices == case["indices"]
        assert [list(c) for c in centers] == case["centers"]


class ScriptedRandomState(RandomState):
    """Draws the uniforms we give it (``values.pop`` takes them from the end)."""
    def __init__(self, values):
        super().__init__(0)
        self._bits.random = values.pop


def test_first_centre_by_weight_then_the_far_candidate_wins():
    X = [(0.0,), (1.0,), (10.0,)]
    # first draw 0.1 -> row 0 (cdf 1/3); potential = 0 + 1 + 100 = 101; two candidates
    # with targets 0.5*101 -> row 2 and 0.001*101 -> row 1; row 2 lowers the potential most.
    rng = ScriptedRandomState([0.001, 0.5, 0.1])
    assert plusplus_indices(X, 2, rng, [1.0, 1.0, 1.0]) == [0, 2]


def test_zero_weight_rows_are_never_chosen():
    X = [(0.0,), (5.0,), (100.0,)]
    for seed in range(20):
        _, indices = kmeans_plusplus(X, 2, random_state=seed, sample_weight=[1, 1, 0])
        assert 2 not in indices


@given(datasets_with_k())
def test_returns_k_distinct_rows_when_there_are_k_distinct_points(data):
    X, k = data
    # "distinct" must survive squaring: 1e-274 and 0.0 differ, but their squared distance is 0.
    if len({tuple(round(v, 6) for v in x) for x in X}) < k:
        return
    centers, indices = kmeans_plusplus(X, k, random_state=0)
    assert len(set(indices)) == k and len(set(centers)) == k
    assert all(X[i] == c for i, c in zip(indices, centers))


def test_bad_k_is_reported():
    with pytest.raises(KMeansError, match="n_clusters=3, n_samples=2"):
        kmeans_plusplus([[0], [1]], 3)


@settings(max_examples=60, deadline=None)
@given(datasets_with_k(max_samples=40), st.integers(0, 2**32 - 1), st.booleans(),
       st.sampled_from([1, 2, 5]))
def test_the_tree_gives_the_same_seeds(data, seed, weighted, leaf_size):
    X, k = data
    rng = random.Random(seed)
    weights = [rng.choice([0.5, 1.0, 3.0]) for _ in X] if weighted else [1.0] * len(X)
    tree = PointTree(X, weights, leaf_size=leaf_size)
    plain = plusplus_indices(X, k, check_random_state(seed), weights)
    assert plusplus_indices(X, k, check_random_state(seed), weights, tree) == plain


@pytest.mark.parametrize("n, d, k", [(3000, 2, 8), (2000, 3, 20), (500, 1, 5)])
def test_the_tree_gives_the_same_seeds_on_blobs(n, d, k):
    X, _ = make_blobs(n_samples=n, n_features=d, centers=k, random_state=3)
    X = [tuple(x) for x in X]
    tree = PointTree(X, [1.0] * n)
    for seed in range(3):
        plain = plusplus_indices(X, k, check_random_state(seed), [1.0] * n)
        assert plusplus_indices(X, k, check_random_state(seed), [1.0] * n, tree) == plain


def _tree_trials(X, weights, first, leaf_size):
    """_TreeTrials after X[first] was chosen, as plusplus_indices sets them up."""
    from kmeans_scratch.seeding import _TreeTrials, _squared_distances
    closest = _squared_distances(X, X[first])
    return _TreeTrials(PointTree(X, weights, leaf_size=leaf_size), X, weights, closest)


@pytest.mark.parametrize("leaf_size", [1, 2, 64])
def test_the_tree_breaks_an_exact_tie_as_the_plain_loop_does(leaf_size):
    # from the middle point, the two ends lower the potential by exactly as much:
    # the first candidate tried wins the tie, whichever it is
    X = [(-2.0, 0.0), (-1.0, 0.0), (0.0, 0.0), (1.0, 0.0), (2.0, 0.0)]
    for candidates in ([0, 4], [4, 0]):
        trials = _tree_trials(X, [1.0] * 5, 2, leaf_size)
        assert trials.choose(candidates) == (6.0, candidates[0])      # 0 + 1 + 0 + 1 + 4
        assert trials.closest == ([0.0, 1.0, 0.0, 1.0, 4.0] if candidates[0] == 0
                                  else [4.0, 1.0, 0.0, 1.0, 0.0])


@settings(max_examples=60, deadline=None)
@given(datasets_with_k(max_samples=40), st.integers(0, 2**32 - 1), st.booleans())
def test_a_trial_estimate_is_within_its_bound_of_the_exact_potential(data, seed, weighted):
    X, _ = data
    rng = random.Random(seed)
    weights = [rng.choice([0.5, 1.0, 3.0]) for _ in X] if weighted else [1.0] * len(X)
    trials = _tree_trials(X, weights, rng.randrange(len(X)), rng.choice([1, 3, 64]))
    for _ in range(3):
        candidate = rng.randrange(len(X))
        trial = trials._trial(candidate)
        estimate, error = trial.estimate, trial.error
        # the plain loop's potential for this candidate, summed over every row by fsum
        distances = [math.dist(x, X[candidate]) for x in X]
        updated = [min(old, d * d) for old, d in zip(trials.closest, distances)]
        exact = math.fsum(w * d for w, d in zip(weights, updated))
        # within the five roundings (5/8 of the bound) and the fsum's own half ulp (1/8)
        assert abs(estimate - exact) <= error * 3 / 4
        trials.choose([candidate])
        assert trials.closest == updated
