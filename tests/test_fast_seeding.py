"""k-means++ on the k-d tree (fast.tree_seeding): the plain loop's seeds, always."""

import math
import random

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import check_random_state, make_blobs
from kmeans_scratch.fast import exact_potential
from kmeans_scratch.fast.kdtree import PointTree
from kmeans_scratch.fast.tree_seeding import _TreeTrials, tree_plusplus_indices
from kmeans_scratch.numpy_means import centre, column_means
from kmeans_scratch.seeding import _trial as _plain_trial, plusplus_indices
from kmeans_scratch.vectors import dist, squared_distances
from strategies import datasets_with_k


@settings(max_examples=60, deadline=None)
@given(datasets_with_k(max_samples=40), st.integers(0, 2**32 - 1), st.booleans(),
       st.sampled_from([1, 2, 5]))
def test_the_tree_gives_the_same_seeds(data, seed, weighted, leaf_size):
    X, k = data
    rng = random.Random(seed)
    weights = [rng.choice([0.5, 1.0, 3.0]) for _ in X] if weighted else [1.0] * len(X)
    tree = PointTree(X, weights, leaf_size=leaf_size)
    plain = plusplus_indices(X, k, check_random_state(seed), weights)
    assert tree_plusplus_indices(tree, X, k, check_random_state(seed), weights) == plain


@pytest.mark.parametrize("n, d, k", [(3000, 2, 8), (2000, 3, 20), (500, 1, 5)])
def test_the_tree_gives_the_same_seeds_on_blobs(n, d, k):
    X, _ = make_blobs(n_samples=n, n_features=d, centers=k, random_state=3)
    X = [tuple(x) for x in X]
    tree = PointTree(X, [1.0] * n)
    for seed in range(3):
        plain = plusplus_indices(X, k, check_random_state(seed), [1.0] * n)
        assert tree_plusplus_indices(tree, X, k, check_random_state(seed), [1.0] * n) == plain


def _choose(trials, candidates, potential):
    """Make the best candidate a centroid, as a round of tree_plusplus_indices does:
    (the new potential, its row index)."""
    choice = trials.best(candidates, potential)
    return trials.join(choice), choice.candidate


def _tree_trials(X, weights, first, leaf_size):
    """_TreeTrials after X[first] was chosen, as tree_plusplus_indices sets them up."""
    trials = _TreeTrials(PointTree(X, weights, leaf_size=leaf_size), X, X[first])
    assert list(trials.closest) == squared_distances(X, X[first])
    return trials


@pytest.mark.parametrize("leaf_size", [1, 2, 64])
def test_the_tree_breaks_an_exact_tie_as_the_plain_loop_does(leaf_size):
    # from the middle point, the two ends lower the potential by exactly as much:
    # the first candidate tried wins the tie, whichever it is
    X = [(-2.0, 0.0), (-1.0, 0.0), (0.0, 0.0), (1.0, 0.0), (2.0, 0.0)]
    for candidates in ([0, 4], [4, 0]):
        trials = _tree_trials(X, [1.0] * 5, 2, leaf_size)
        assert _choose(trials, candidates, 10.0) == (6.0, candidates[0])    # 0 + 1 + 0 + 1 + 4
        assert list(trials.closest) == ([0.0, 1.0, 0.0, 1.0, 4.0] if candidates[0] == 0
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
        potential = math.fsum(w * d for w, d in zip(weights, trials.closest))
        trial = trials._trial(candidate, potential)
        estimate, error = trial.estimate, trial.error
        # the plain loop's potential for this candidate, summed over every row by fsum
        distances = [dist(x, X[candidate]) for x in X]
        updated = [min(old, d * d) for old, d in zip(trials.closest, distances)]
        exact = math.fsum(w * d for w, d in zip(weights, updated))
        # within the five roundings (5/8 of the bound) and the fsum's own half ulp (1/8)
        assert abs(estimate - exact) <= error * 3 / 4
        assert _choose(trials, [candidate], potential) == (exact, candidate)
        assert list(trials.closest) == updated


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=1, max_size=60),
       st.integers(0, 2**32 - 1), st.sampled_from([1, 2, 4]))
def test_the_tree_gives_the_same_seeds_among_duplicates_and_weights(rows, seed, leaf_size):
    # few distinct points, each many times: ties between rows and between candidates
    X = [(float(a), float(b)) for a, b in rows]
    rng = random.Random(seed)
    weights = [rng.choice([0.25, 1.0, 2.0]) for _ in X]
    k = rng.randint(1, len(X))
    tree = PointTree(X, weights, leaf_size=leaf_size)
    plain = plusplus_indices(X, k, check_random_state(seed), weights)
    assert tree_plusplus_indices(tree, X, k, check_random_state(seed), weights) == plain


# powers of two: scaling by them is exact, down among the subnormals and up near overflow
SCALES = [2.0 ** -1060, 2.0 ** -530, 1.0, 2.0 ** 400]


def _some_weights(X, seed, weighted):
    """Weights of 0, 0.5, 1 and 3 drawn from seed (not all 0), or all 1.0."""
    rng = random.Random(seed)
    weights = [rng.choice([0.0, 0.5, 1.0, 3.0]) for _ in X] if weighted else [1.0] * len(X)
    if not any(weights):
        weights[0] = 1.0
    return weights


@settings(max_examples=60, deadline=None)
@given(datasets_with_k(max_samples=40), st.integers(0, 2**32 - 1), st.booleans(),
       st.sampled_from(SCALES), st.sampled_from([1, 2, 5]))
def test_the_tree_gives_the_same_seeds_at_any_scale(data, seed, weighted, scale, leaf_size):
    X, k = data
    X = [tuple(scale * a for a in x) for x in X]
    weights = _some_weights(X, seed, weighted)
    tree = PointTree(X, weights, leaf_size=leaf_size)
    plain = plusplus_indices(X, k, check_random_state(seed), weights)
    assert tree_plusplus_indices(tree, X, k, check_random_state(seed), weights) == plain


@settings(max_examples=60, deadline=None)
@given(datasets_with_k(max_samples=40), st.integers(0, 2**32 - 1), st.booleans(),
       st.sampled_from(SCALES))
def test_the_moment_formula_is_within_its_bound(data, seed, weighted, scale):
    # a box taken whole is summed from its moments; its bound must hold the rows' own fsum
    X, _ = data
    X = [tuple(scale * a for a in x) for x in X]
    rng = random.Random(seed)
    weights = [rng.choice([0.0, 0.5, 1.0, 3.0]) for _ in X] if weighted else [1.0] * len(X)
    trials = _tree_trials(X, weights, rng.randrange(len(X)), rng.choice([1, 2, 4]))
    tree, c = trials.tree, X[rng.randrange(len(X))]
    for box in tree.boxes():
        after, error = trials._formula(box, c)
        rows = tree.rows(box.lo, box.hi)
        box_weights = tree.weights[box.lo:box.hi] if tree.weights else [1.0] * len(rows)
        exact = math.fsum(w * dist(x, c) ** 2 for w, x in zip(box_weights, rows))
        assert abs(after - exact) <= error


def _plain_choice(X, weights, closest, candidates):
    """(potential, candidate, D(x)**2) as the plain loop chooses among these candidates."""
    trials = (_plain_trial(X, weights, list(closest), candidate) for candidate in candidates)
    return min(trials, key=lambda trial: trial[0])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-20, 20), st.integers(-20, 20)), min_size=1,
                max_size=50), st.integers(0, 2**32 - 1), st.sampled_from([1, 2, 4, 64]),
       st.booleans())
def test_ties_and_near_ties_between_candidates_go_as_in_the_plain_loop(rows, seed, leaf_size,
                                                                        nudge):
    # rows and their mirror images about the first centroid (0, 0): a candidate and its
    # mirror leave exactly the same potential; nudging one row by an ulp makes a near-tie
    X = [(0.0, 0.0)] + [(float(a), float(b)) for a, b in rows] + [(-float(a), -float(b))
                                                                 for a, b in rows]
    rng = random.Random(seed)
    if nudge:
        i = rng.randrange(1, len(X))
        X[i] = (math.nextafter(X[i][0], math.inf), X[i][1])
    weights = [1.0] * len(X)
    i = rng.randrange(1, len(rows) + 1)
    for candidates in ([i, i + len(rows)], [i + len(rows), i], [i, i + len(rows), 0]):
        trials = _tree_trials(X, weights, 0, leaf_size)
        plain = _plain_choice(X, weights, trials.closest, candidates)
        assert _choose(trials, candidates, trials.potential()) == plain[:2]
        assert list(trials.closest) == plain[2]


@pytest.mark.parametrize("weighting", ["unit", "some zero", "mixed"])
def test_the_tree_gives_the_same_seeds_on_weighted_blobs(weighting):
    # big enough for whole boxes at every level: the moment formula and the lazy spans
    X, _ = make_blobs(n_samples=4000, n_features=2, centers=6, random_state=1)
    X = [tuple(x) for x in X]
    rng = random.Random(weighting)
    weights = {"unit": [1.0] * len(X),
               "some zero": [rng.choice([0.0, 1.0]) for _ in X],
               "mixed": [rng.choice([0.0, 0.3, 1.0, 7.5]) for _ in X]}[weighting]
    tree = PointTree(X, weights)
    for seed in range(2):
        plain = plusplus_indices(X, 12, check_random_state(seed), weights)
        assert tree_plusplus_indices(tree, X, 12, check_random_state(seed), weights) == plain


def _outcome(function, *args):
    """function(*args), or the type of the exception it raised."""
    try:
        return function(*args)
    except (ArithmeticError, ValueError) as error:
        return type(error)


@settings(max_examples=40, deadline=None)
@given(datasets_with_k(max_samples=30), st.integers(0, 2**32 - 1),
       st.sampled_from([2.0 ** 500, 2.0 ** 506, 2.0 ** 512]), st.sampled_from([1, 2, 4]))
def test_near_overflow_the_tree_gives_the_plain_seeds_or_error(data, seed, scale, leaf_size):
    # squares and moments that overflow to inf: the bounds give way, never the seeds
    X, k = data
    X = [tuple(scale * a for a in x) for x in X]
    weights = [1.0] * len(X)
    tree = PointTree(X, weights, leaf_size=leaf_size)
    plain = _outcome(plusplus_indices, X, k, check_random_state(seed), weights)
    assert _outcome(tree_plusplus_indices, tree, X, k, check_random_state(seed), weights) == plain


@pytest.mark.parametrize("seed", [121, 151, 153, 176, 187, 196, 273])
def test_subnormal_squares_under_huge_weights_give_the_plain_seeds(seed):
    # found by fuzzing: rows 1e-158 apart square into the subnormals, where a rounded d**2
    # is off by up to 2**-1075 whatever its size, and weights of 1e30 multiply that error
    r = random.Random(seed)
    scale, d = r.choice([1e-158, 1e-159, 1e-160, 1e-161]), r.choice([1, 2])
    X = [tuple(float(r.randint(-6, 6)) * scale for _ in range(d)) for _ in range(r.choice([100, 200, 400]))]
    w = [r.choice([1e20, 1e30, 1e10]) for _ in X]
    k = r.randint(2, 6)
    centre(X, column_means(X))                      # as the fit does
    for leaf_size in (4, 128):
        assert tree_plusplus_indices(PointTree(X, w, leaf_size=leaf_size), X, k,
                                     check_random_state(seed), w) == \
            plusplus_indices(X, k, check_random_state(seed), w)


def test_the_fuzzers_smallest_cases_give_the_plain_seeds():
    # three rows 1e-160 apart, weights 1e6: two candidates tie exactly in round 2
    X, w = [(2e-160,), (-6e-160,), (1e-160,)], [1e6] * 3
    assert tree_plusplus_indices(PointTree(X, w, leaf_size=1), X, 3, check_random_state(0), w) \
        == plusplus_indices(X, 3, check_random_state(0), w) == [1, 2, 0]
    # 40-D mirrored rows: the W * g**2 terms err once per feature, so the floor counts d
    r = random.Random(671)
    d, scale = r.choice([10, 20, 40]), r.choice([1e-158, 1e-159, 1e-160])
    base = [[float(r.randint(-3, 3)) for _ in range(d)] for _ in range(r.randint(2, 8))]
    X = [tuple(v * sign * scale for v in b) for b in base for sign in (1, -1)]
    w = [r.choice([1e3, 3e3, 1e4])] * len(X)
    k, seed = r.randint(2, len(X)), r.randrange(100)
    assert tree_plusplus_indices(PointTree(X, w, leaf_size=1), X, k, check_random_state(seed), w) \
        == plusplus_indices(X, k, check_random_state(seed), w)


@pytest.mark.parametrize("leaf_size", [1, 2, 4])
def test_a_potential_overflowing_in_the_trees_order_is_summed_in_xs(leaf_size):
    # found by hypothesis: in X's order fsum meets the inf first and gives inf; in the
    # tree's order four finite squares near 2**1022 come first and overflow (fsum raises)
    X = [(0.0,), (6.703903964971299e+153,), (0.0,), (0.0,), (2.6815615859885194e+154,), (0.0,)]
    tree = PointTree(X, [1.0] * 6, leaf_size=leaf_size)
    for seed in range(12):
        for k in (1, 2, 3):
            plain = _outcome(plusplus_indices, X, k, check_random_state(seed), [1.0] * 6)
            assert _outcome(tree_plusplus_indices, tree, X, k, check_random_state(seed),
                            [1.0] * 6) == plain


def _check_spans(trials):
    """Every span not below a stale box (those are set again when a walk gets there) holds
    its rows' D(x) between its floor and its reach, compared as the rows are, squared (where
    the squares are subnormal, sqrt(D(x)**2) may stray from D(x) by more than the margins)."""
    stack = [trials.tree.root]
    while stack:
        box = stack.pop()
        span, values = trials.spans[box], trials.near[box.lo:box.hi]
        assert span.floor * span.floor <= min(values) and max(values) <= span.reach * span.reach
        if box.children is not None and box not in trials.stale:
            stack.extend(box.children)


@settings(max_examples=60, deadline=None)
@given(datasets_with_k(max_samples=60), st.integers(0, 2**32 - 1), st.sampled_from([1, 2, 4]),
       st.sampled_from(SCALES))
def test_the_spans_hold_their_rows_after_every_choice(data, seed, leaf_size, scale):
    # boxes taken whole get their bounds from the box's geometry, not from their rows
    X, k = data
    X = [tuple(scale * a for a in x) for x in X]
    rng = random.Random(seed)
    trials = _tree_trials(X, [1.0] * len(X), rng.randrange(len(X)), leaf_size)
    _check_spans(trials)
    for _ in range(k):
        candidates = [rng.randrange(len(X)) for _ in range(3)]
        _choose(trials, candidates, trials.potential())
        _check_spans(trials)


@settings(max_examples=30, deadline=None)
@given(datasets_with_k(max_samples=40), st.integers(0, 2**32 - 1), st.booleans(),
       st.sampled_from([1, 2, 5]))
def test_potentials_the_leaves_cannot_settle_are_summed_in_xs_order(data, seed, weighted,
                                                                    leaf_size):
    # every potential summed over the rows in X's order, as if no leaf sum ever settled it
    X, k = data
    weights = _some_weights(X, seed, weighted)
    tree = PointTree(X, weights, leaf_size=leaf_size)
    plain = plusplus_indices(X, k, check_random_state(seed), weights)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exact_potential, "_settled", lambda terms, error: None)
        assert tree_plusplus_indices(tree, X, k, check_random_state(seed), weights) == plain
