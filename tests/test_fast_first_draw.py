"""The first k-means++ draw on the running sums' runs is the plain draw, row for row."""

from itertools import accumulate
from unittest import mock

import pytest
from hypothesis import example, given, settings, strategies as st

from kmeans_scratch import KMeansError, seeding
from kmeans_scratch.fast import first_draw
from kmeans_scratch.fast.first_draw import ConstantRunningSums, draw_first
from kmeans_scratch.randomness import RandomState

# positive steps of every kind: 1/n, subnormal, huge, just past a power of two, ties in units
steps = st.one_of(st.floats(5e-324, 1e300), st.sampled_from([5e-324, 1e-310, 0.1, 1.0, 3.0,
                                                             1.0 + 2.0**-52, 2.0**-20 * 3]),
                  st.integers(1, 10**6).map(lambda n: 1.0 / n))


@settings(max_examples=300, deadline=None)
@given(steps, st.integers(1, 5000))
@example(1.0 / 3, 5000).via("a tie in units in some binades")
@example(2.0**-53 * 3, 4000).via("steps of one and a half units")
def test_runs_give_accumulates_running_sums_at_every_index(v, n):
    expected = list(accumulate([v] * n))
    running = ConstantRunningSums(v, n)
    assert len(running) == n
    assert list(running) == expected
    assert running[-1] == expected[-1] and running[-n] == expected[0]


def test_runs_are_few_for_a_million_rows():
    running = ConstantRunningSums(1.0 / 10**6, 10**6)
    assert len(running.starts) < 4 * 24      # about four runs a binade, 20 binades
    expected = list(accumulate([1.0 / 10**6] * 10**6))
    for j in (0, 1, 999, 524287, 524288, 777777, 10**6 - 1, -1, -10**6):
        assert running[j] == expected[j]     # any index, from either end
    with pytest.raises(IndexError):
        running[10**6]


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 20000), st.integers(0, 2**32 - 1))
@example(999_983, 0).via("a big prime n")
def test_the_draw_is_the_plain_draws_row_and_leaves_the_same_stream(n, seed):
    plain, fast = RandomState(seed), RandomState(seed)
    assert draw_first(fast, [1.0] * n) == seeding.draw_first(plain, [1.0] * n)
    assert fast.random_sample() == plain.random_sample()


def test_weights_other_than_one_take_the_plain_draw():
    weights = [1.0, 2.0, 0.0, 5.0]
    for seed in range(20):
        assert draw_first(RandomState(seed), weights) == seeding.draw_first(RandomState(seed), weights)


def test_probabilities_summing_too_far_from_one_raise_as_the_plain_draw():
    # (p = [1/n] * n sums to 1 within sqrt(eps) for any n a fit can hold; shrink the allowance)
    with mock.patch.object(first_draw, "SUM_TOLERANCE", 0.0), \
            mock.patch("kmeans_scratch.randomness.SUM_TOLERANCE", 0.0):
        with pytest.raises(KMeansError, match="probabilities that sum to 1"):
            draw_first(RandomState(0), [1.0] * 10)
