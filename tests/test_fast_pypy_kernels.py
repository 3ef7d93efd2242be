"""PyPy's lean kernels give the plain code's answers: the draws, the exact totals, the runs.

They exist so that a PyPy fit makes fewer large lists for its collector to sweep
(screened_seeding.draw_indices, exact.ExactTotal, the driver's shared labels, the cluster
sums from X's columns); every interpreter runs them here, on ties, zeros, subnormal and huge
values.
"""

import math
import random
from operator import mul
from unittest import mock

import pytest
from hypothesis import assume, given, settings, strategies as st

from kmeans_scratch import check_random_state
from kmeans_scratch.fast import cluster_sums, screened_seeding
from kmeans_scratch.fast.driver import incremental_lloyd, incremental_steps
from kmeans_scratch.fast.exact import ExactTotal
from kmeans_scratch.fast.hamerly_loops import LoopRun, loop_hamerly
from kmeans_scratch.fast.screened_seeding import draw_indices, screened_plusplus_indices
from kmeans_scratch.fast.screening import feature_lists
from kmeans_scratch.lloyd import lloyd, lloyd_steps, tolerance
from kmeans_scratch.seeding import draw_candidates, plusplus_indices
from kmeans_scratch.vectors import columns as vector_columns

from test_fast_screening import _weights, troublesome

# finite floats of any size, subnormals included
anything = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)
# squared distances as k-means++ holds them: zeros, ties, subnormals, huge
squares = st.one_of(st.sampled_from([0.0, 0.0, 1.0, 1.0, 5e-324, 1e-310, 1e300]),
                    st.floats(0.0, 1e300))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0.0, 0.5, 1.0, 1.0, 3.0]), squares), min_size=1,
                max_size=30), st.integers(1, 6), st.integers(0, 2**32 - 1),
       st.sampled_from([1.0, 1.0 + 2**-52, 1.0 - 2**-53, 2.0]))
def test_draw_indices_are_draw_candidates_rows(pairs, n_trials, seed, stretch):
    # the potential stretched past the last running sum too: then the clamp to the last row
    weights, closest = [w for w, _ in pairs], [d for _, d in pairs]
    potential = math.fsum(map(mul, weights, closest)) * stretch
    assert draw_indices(check_random_state(seed), weights, closest, potential, n_trials) == \
        draw_candidates(check_random_state(seed), weights, closest, potential, n_trials)


def test_draw_indices_takes_the_first_row_that_reaches_a_target():
    # equal running sums (zero terms) and a target equal to one: bisect_left's first row
    rng = check_random_state(0)
    rng.random_sample = lambda size: [0.0, 0.5, 1.0][:size]
    assert draw_indices(rng, [1.0] * 5, [0.0, 2.0, 0.0, 0.0, 2.0], 4.0, 3) == [0, 1, 4]


@settings(max_examples=200, deadline=None)
@given(st.lists(anything, max_size=40), st.lists(anything, max_size=3),
       st.sampled_from([1.0, 1e-300, 1e-320, 1e300]), st.sampled_from([1.0, 2.0, 2.0**40]),
       st.integers(0, 5))
def test_an_exact_total_is_fsums_exact_sum(terms, start, scale, looser, spare_count):
    # any terms (scaled into the subnormals or near overflow), a bound and a count that
    # may be loose: the partials still sum exactly to start + terms
    terms = [t * scale for t in terms if math.isfinite(t * scale)]
    start = [s for s in start if abs(s) < 1e300]
    largest = max(map(abs, terms), default=0.0) * looser
    total = ExactTotal(largest if math.isfinite(largest) else math.inf, len(terms) + spare_count)
    for term in terms:
        total.add(term)
    partials = total.partials(start)
    try:
        expected = math.fsum(start + terms)
    except OverflowError:        # a sum past the largest float: outside ExactTotal's domain
        assume(False)
    assert math.fsum(partials) == expected


def test_an_exact_total_keeps_what_every_level_leaves():
    # 1e-30 is below the third level's last bit under a bound of 1e20: a rest, kept exactly
    total = ExactTotal(1e20, 4)
    for term in (1e20, 1e-30, -1e20, 3.0):
        total.add(term)
    assert total.rest and math.fsum(total.partials([])) == 3.0 + 1e-30
    infinite = ExactTotal(math.inf, 1)      # no levels at all: every term is a rest
    infinite.add(2.5)
    assert infinite.sigma_1 == 0.0 and infinite.partials([]) == [2.5]


@settings(max_examples=100, deadline=None)
@given(troublesome(), st.integers(0, 2**32 - 1), st.sampled_from(["unit", "weighted", "with zeros"]))
def test_seeds_stay_the_plain_loops_when_every_trial_is_summed(data, seed, weighting):
    # a huge error bound keeps every candidate in the running: the exact comparison of
    # several trials (not just the sure one, changed in place) chooses as the plain loop
    X, k = data
    weights = _weights(random.Random(seed), len(X), weighting)
    if max(map(abs, (v for x in X for v in x))) > 1e100 and weighting == "weighted":
        weights = [min(w, 1.0) for w in weights]
    plain = plusplus_indices(X, k, check_random_state(seed), weights)
    with mock.patch.object(screened_seeding, "TRIAL_FLOOR", math.inf):
        assert screened_plusplus_indices(X, k, check_random_state(seed), weights) == plain


@pytest.mark.parametrize("max_iter", [1, 2, 3, 300])
@pytest.mark.parametrize("tol", [0.0, 1e-4, 10.0])
def test_a_run_without_copies_of_its_labels_stops_as_the_plain_loop(max_iter, tol):
    # every stopping rule (labels unchanged, tol, max_iter) with the labels shared
    rng = random.Random(7)
    X = [(rng.gauss(i % 3 * 4, 1.0), rng.gauss(0, 1.0)) for i in range(300)]
    start, weights = X[:3], [1.0] * len(X)
    scaled = tolerance(X, tol)
    plain = lloyd(X, start, weights, max_iter=max_iter, tol=scaled)
    fast = incremental_lloyd(X, weights, LoopRun(X, start, weights), max_iter=max_iter, tol=scaled)
    assert fast[:5] == plain[:5]


def test_shared_labels_are_the_runs_own_list_and_copies_otherwise():
    X = [(0.0,), (1.0,), (9.0,), (10.0,)]
    run = LoopRun(X, [(0.0,), (1.0,)], [1.0] * 4)
    assert all(step.labels is run.labels for step in incremental_steps(X, [1.0] * 4, run, shared=True))
    run = LoopRun(X, [(0.0,), (1.0,)], [1.0] * 4)
    assert not any(step.labels is run.labels for step in incremental_steps(X, [1.0] * 4, run))


@settings(max_examples=100, deadline=None)
@given(troublesome(), st.randoms(use_true_random=False), st.sampled_from([0.0, 1e-4]),
       st.sampled_from(["unit", "weighted", "with zeros"]))
def test_float_cluster_sums_from_columns_take_every_plain_step(data, rng, tol, weighting):
    # PyPy's cluster sums (the floats of X's columns, summed exactly) on every interpreter
    X, k = data
    start = [X[i] for i in rng.sample(range(len(X)), k)]
    weights = _weights(rng, len(X), weighting)
    scaled = tolerance(X, tol)
    plain = [(s.iteration, s.labels, s.new_centroids, s.stop)
             for s in lloyd_steps(X, start, weights, max_iter=30, tol=scaled)]
    with mock.patch.object(cluster_sums, "_INTEGER_ROWS", False):
        columns = feature_lists(X)
        exact = cluster_sums.exact_rows(X, weights, columns)
        run = LoopRun(X, start, weights, exact, columns)
        fast = [(s.iteration, s.labels, s.new_centroids, s.stop)
                for s in incremental_steps(X, weights, run, max_iter=30, tol=scaled)]
        assert fast == plain
        assert loop_hamerly(X, start, weights, max_iter=30, tol=scaled, exact=exact,
                            columns=columns)[:5] == lloyd(X, start, weights, max_iter=30, tol=scaled)[:5]


@given(troublesome())
def test_feature_lists_are_the_plain_columns(data):
    X, _ = data
    assert feature_lists(X) == [list(column) for column in vector_columns(X)]


class _Overflowing(ExactTotal):
    """An exact total whose partials pretend to have overflowed (inf and -inf added)."""

    def partials(self, partials):
        return super().partials(partials) + [math.inf, -math.inf]


@settings(max_examples=60, deadline=None)
@given(troublesome(), st.integers(0, 2**32 - 1), st.booleans())
def test_seeds_stay_the_plain_loops_when_the_partials_overflow(data, seed, every_trial):
    # the way out for partials near the largest float: the plain loop's fsum over every
    # row, for the one sure candidate and (every_trial) when several are compared
    X, k = data
    weights = [1.0] * len(X)
    plain = plusplus_indices(X, k, check_random_state(seed), weights)
    safe = screened_seeding._potential
    with mock.patch.object(screened_seeding, "ExactTotal", _Overflowing), \
            mock.patch.object(screened_seeding, "_potential", lambda w, c: _kept_potential(safe, w, c)), \
            mock.patch.object(screened_seeding, "TRIAL_FLOOR", math.inf if every_trial else 2.0 ** -1060):
        assert screened_plusplus_indices(X, k, check_random_state(seed), weights) == plain


def _kept_potential(safe, weights, closest):
    with mock.patch.object(screened_seeding, "ExactTotal", ExactTotal):
        return safe(weights, closest)


@settings(max_examples=60, deadline=None)
@given(troublesome(min_samples=2), st.integers(0, 2**32 - 1))
def test_rows_held_as_lists_give_the_plain_results(data, seed):
    # rows as lists of floats (one object a row on PyPy) rather than tuples: the same seeds
    # and the same run, so KMeans may hand the loops either
    X, k = data
    rows, weights = [list(x) for x in X], [1.0] * len(X)
    indices = plusplus_indices(X, k, check_random_state(seed), weights)
    assert screened_plusplus_indices(rows, k, check_random_state(seed), weights) == indices
    start = [X[i] for i in indices]
    assert loop_hamerly(rows, [rows[i] for i in indices], weights, max_iter=30)[:5] == \
        lloyd(X, start, weights, max_iter=30)[:5]
