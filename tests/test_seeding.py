
import bisect
import itertools
import json
import math
import operator
import pathlib
from unittest import mock

import pytest
from hypothesis import assume, given, strategies as st

from kmeans_scratch import KMeansError, RandomState, kmeans_plusplus, make_blobs, seeding
from kmeans_scratch.seeding import draw_candidates, draw_first, plusplus_indices
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


def test_draw_candidates_inverts_the_cumulative_weights():
    # w * D**2 = [0, 2, 0, 6] (cumulative 0, 2, 2, 8); targets u * 8 for u = 0.3, 0.1, 0.9
    # land in rows 3 (2.4 > 2), 1 (0.8 <= 2) and 3 (7.2); the zero rows are never drawn
    rng = ScriptedRandomState([0.9, 0.1, 0.3])
    assert draw_candidates(rng, [1.0, 2.0, 1.0, 3.0], [0.0, 1.0, 0.0, 2.0], 8.0, 3) == [3, 1, 3]


def test_a_target_past_the_last_cumulative_weight_takes_the_last_row():
    # the potential, summed by fsum, can exceed the running sum by an ulp: the draw clamps
    rng = ScriptedRandomState([1.0 - 2 ** -53])
    assert draw_candidates(rng, [1.0] * 3, [0.1, 0.2, 0.3], 0.6 + 2 ** -50, 1) == [2]


BISECTING_REFERENCE = pathlib.Path(__file__).parent / "data" / "sklearn_bisecting.json"


def test_matches_sklearn_with_n_local_trials():
    # recorded by tools/record_bisecting_reference.py: n_local_trials 1, 3, 7 and None
    recorded = json.loads(BISECTING_REFERENCE.read_text())
    for case in recorded["kmeans_plusplus"]:
        X = make_blobs(**recorded["data"][case["data"]])[0]
        _, indices = kmeans_plusplus(X, case["n_clusters"], random_state=case["random_state"],
                                     n_local_trials=case["n_local_trials"])
        assert indices == case["indices"], case


def test_one_local_trial_draws_one_candidate_per_centre():
    # draws: 0.1 -> row 0 first; then one target, 0.001 * 101 -> row 1 (the near one), kept
    # although row 2 would lower the potential more: plain, non-greedy k-means++
    rng = ScriptedRandomState([0.001, 0.1])
    assert plusplus_indices([(0.0,), (1.0,), (10.0,)], 2, rng, [1.0] * 3, 1) == [0, 1]


def test_none_means_two_plus_log_k_trials():
    X = [(float(i % 7), float(i % 5)) for i in range(40)]
    for k in (2, 3, 8):
        default = plusplus_indices(X, k, RandomState(3), [1.0] * 40)
        assert plusplus_indices(X, k, RandomState(3), [1.0] * 40, 2 + int(math.log(k))) == default


@pytest.mark.parametrize("trials", [0, -1, 1.5, True, "3"])
def test_bad_n_local_trials_is_reported(trials):
    with pytest.raises(KMeansError, match=f"n_local_trials >= 1 or None; got n_local_trials={trials!r}"):
        kmeans_plusplus([[0], [1]], 2, n_local_trials=trials)


@given(st.lists(st.floats(0.0, 1e6), min_size=1, max_size=40), st.booleans(), st.integers(0, 2**32 - 1),
       st.sampled_from([1, 2, 3, 1 << 14]))
def test_draw_candidates_is_bisect_on_the_running_sum_of_w_times_d2(closest, unit, seed, block):
    # the default weights (all 1.0) skip the products: 1.0 * x is x, so the draws agree
    weights = [1.0] * len(closest) if unit else [float(1 + i % 3) for i in range(len(closest))]
    potential = math.fsum(map(operator.mul, weights, closest))
    assume(potential > 0.0)
    running = list(itertools.accumulate(map(operator.mul, weights, closest)))
    expected = [min(bisect.bisect_left(running, u * potential), len(running) - 1)
                for u in RandomState(seed).random_sample(3)]
    # the running sums stop a block past the farthest target: tiny blocks stop early often
    with mock.patch.object(seeding, "_BLOCK", block):
        assert draw_candidates(RandomState(seed), weights, closest, potential, 3) == expected


def test_draw_candidates_takes_none_for_weights_all_one():
    closest = [0.0, 1.0, 0.5, 3.0, 0.25]
    assert draw_candidates(RandomState(4), None, closest, 4.75, 5) == \
        draw_candidates(RandomState(4), [1.0] * 5, closest, 4.75, 5)


def test_the_draws_take_weights_of_any_sequence_type():
    # the public draws accept any sequence of weights (a NumPy array has no list.count)
    class Weights:                       # indexable and sized, no count (as a NumPy array)
        def __init__(self, values):
            self.values = values
        def __getitem__(self, i):
            return self.values[i]
        def __len__(self):
            return len(self.values)
    closest = [0.0, 1.0, 0.0, 3.0]
    for values in ([1.0] * 4, [1.0, 2.0, 1.0, 3.0]):
        assert draw_candidates(RandomState(0), Weights(values), closest, 8.0, 3) == \
            draw_candidates(RandomState(0), values, closest, 8.0, 3)
        assert draw_first(RandomState(5), Weights(values)) == draw_first(RandomState(5), values)
