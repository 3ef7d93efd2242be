"""k-means++'s candidate draws from block sums (fast.candidate_draws): the plain draws' rows."""

import math
import random
from array import array
from unittest import mock

import pytest
from hypothesis import example, given, settings, strategies as st

from kmeans_scratch import seeding
from kmeans_scratch.fast import candidate_draws
from kmeans_scratch.fast.candidate_draws import BLOCK, draw_candidates
from kmeans_scratch.randomness import RandomState


class Uniforms:
    """A stand-in generator whose uniforms are chosen: targets exactly where a test wants."""

    def __init__(self, values):
        self.values = values

    def random_sample(self, size):
        assert size == len(self.values)
        return list(self.values)


def squared_distances(seed: int, n: int, zeros: float, spread: int) -> list:
    """n values >= 0 like D(x)**2: some rows are centroids (0.0), magnitudes over 10**spread."""
    rng = random.Random(seed)
    return [0.0 if rng.random() < zeros else rng.random() ** 2 * 10.0 ** rng.randint(-spread, spread)
            for _ in range(n)]


def both(closest, potential, n_trials, seed, weights=None):
    """(the plain rows, the fast rows), each from RandomState(seed), and the next uniforms."""
    plain, fast = RandomState(seed), RandomState(seed)
    expected = seeding.draw_candidates(plain, weights, closest, potential, n_trials)
    found = draw_candidates(fast, weights, closest, potential, n_trials)
    assert fast.random_sample() == plain.random_sample()        # the same stream after
    return expected, found


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 5 * BLOCK), st.sampled_from([0.0, 0.3, 0.99]),
       st.integers(0, 30), st.integers(1, 6))
@example(0, 3 * BLOCK + 1, 0.0, 0, 4).via("a block of one row at the end")
@example(1, 2 * BLOCK, 0.99, 300, 4).via("nearly every row a centroid, magnitudes 1e+-300")
def test_the_rows_are_the_plain_draws(seed, n, zeros, spread, n_trials):
    closest = squared_distances(seed, n, zeros, spread)
    closest[seed % n] = 1.0         # phi > 0, as in k-means++ before every centroid is a row
    potential = math.fsum(closest)
    for typed in (closest, array("d", closest)):
        expected, found = both(typed, potential, n_trials, seed)
        assert found == expected


def test_most_draws_are_found_from_the_blocks_alone():
    """The fast path is taken: the running sums over every row are never made here."""
    closest = squared_distances(7, 20 * BLOCK, 0.1, 3)
    with mock.patch.object(candidate_draws, "running_sums", side_effect=AssertionError("summed")):
        for seed in range(30):
            found = draw_candidates(RandomState(seed), None, closest, math.fsum(closest), 4)
            assert found == seeding.draw_candidates(RandomState(seed), None, closest,
                                                    math.fsum(closest), 4)


@pytest.mark.parametrize("step, target, row, last", [
    # the running sums stay at 4096 through the second block (4096 + 2**-50 rounds back to
    # 4096) while its block sum is 2**-38: the blocks' ends run ahead by 2**-38. A target
    # between 4097 (the plain running sum after the next row) and 4097 + 2**-38 (the
    # blocks') is the row after next; read off the blocks alone it would be the next.
    (2.0 ** -50, 4097.0 + 2.0 ** -39, 2 * BLOCK + 1, 1.0),
    # the running sums gain a unit (2**-40) for each step of 3/4 unit in the second block,
    # the block sum the 3/4: the blocks' ends fall behind by 2**-30. A target between
    # them is reached inside the second block; off the blocks alone, at the third's start.
    (1.5 * 2.0 ** -41, 4096.0 + 0.875 * 2.0 ** -28, BLOCK + 3583, 1.0),
    # the same, with no third block: the target is past every block's end, not every row's
    (1.5 * 2.0 ** -41, 4096.0 + 0.875 * 2.0 ** -28, BLOCK + 3583, None),
])
def test_a_target_between_the_blocks_ends_and_the_running_sums_is_the_plain_draws(step, target,
                                                                                   row, last):
    closest = [1.0] * BLOCK + [step] * BLOCK + ([last] * BLOCK if last else [])
    uniforms = [target / 8192.0]            # (exact: a power of two)
    expected = seeding.draw_candidates(Uniforms(uniforms), None, closest, 8192.0, 1)
    assert expected == [row]
    assert draw_candidates(Uniforms(uniforms), None, closest, 8192.0, 1) == expected


def test_drift_over_many_blocks_is_within_reach():
    # the running sums gain 2 units (2**-52) a row where the exact sums gain 1.5: after
    # 30,000 rows they are 15,000 units ahead of the blocks' ends -- across seven blocks,
    # which only reach's n term covers. The target is the running sum of row 28,000.
    unit = 2.0 ** -52
    closest = [1.0] + [1.5 * unit] * 30000 + [2.0 ** -20] * BLOCK
    uniforms = [(1.0 + 56000 * unit) / 2.0]
    expected = seeding.draw_candidates(Uniforms(uniforms), None, closest, 2.0, 1)
    assert expected == [28000]
    assert draw_candidates(Uniforms(uniforms), None, closest, 2.0, 1) == expected


def test_targets_on_a_running_sum_at_zero_and_past_the_end_are_the_plain_draws():
    closest = [1.0] * (3 * BLOCK)
    total = float(3 * BLOCK)
    # a target equal to a running sum, zero, a hair past the last running sum (too close to
    # tell: the running sums, clamped) and, phi larger than the sum, far past every sum
    past = [(total + 2.0 ** -39) / 16384.0]
    for uniforms, potential in (([0.5, 0.25], total), ([0.0], total), (past, 16384.0),
                                ([0.999], 2 * total)):
        expected = seeding.draw_candidates(Uniforms(uniforms), None, closest, potential,
                                           len(uniforms))
        assert draw_candidates(Uniforms(uniforms), None, closest, potential,
                               len(uniforms)) == expected
    assert expected == [3 * BLOCK - 1]      # the plain draw's clamp to the last row


def test_sums_past_the_largest_float_and_weights_take_the_plain_draw():
    huge = [1e308] * 10 + [0.0] * BLOCK         # running sums overflow to inf
    expected, found = both(huge, math.inf, 4, 3)
    assert found == expected
    closest = squared_distances(5, 2 * BLOCK, 0.2, 2)
    weights = [float(i % 3) for i in range(len(closest))]
    potential = math.fsum(w * v for w, v in zip(weights, closest))
    for seed in range(5):
        expected, found = both(closest, potential, 4, seed, weights)
        assert found == expected
    expected, found = both(closest, math.fsum(closest), 4, 0, [1.0] * len(closest))
    assert found == expected


def test_no_rows_or_no_draw_is_the_plain_draws_answer_or_error():
    assert draw_candidates(RandomState(0), None, [], 1.0, 3) == \
        seeding.draw_candidates(RandomState(0), None, [], 1.0, 3)
    with pytest.raises(ValueError) as plain:
        seeding.draw_candidates(RandomState(0), None, [1.0, 2.0], 3.0, 0)
    with pytest.raises(ValueError) as fast:
        draw_candidates(RandomState(0), None, [1.0, 2.0], 3.0, 0)
    assert str(fast.value) == str(plain.value)



class NoTruth(list):
    """A sequence with no truth value, as NumPy's arrays have none."""

    def __bool__(self):
        raise ValueError("the truth value of an array is ambiguous")


def test_any_sequence_of_values_and_very_many_rows_take_the_draws_they_should(monkeypatch):
    closest = NoTruth(squared_distances(11, 3 * BLOCK, 0.2, 2))
    expected, found = both(closest, math.fsum(closest), 4, 2)
    assert found == expected
    # from LARGE_N rows on, the plain draw, never the blocks
    monkeypatch.setattr(candidate_draws, "LARGE_N", 2 * BLOCK)
    monkeypatch.setattr(candidate_draws, "_row", mock.Mock(side_effect=AssertionError("blocks")))
    expected, found = both(closest, math.fsum(closest), 4, 2)
    assert found == expected
