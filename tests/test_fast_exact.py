"""Exact sums as integers agree with math.fsum, for every float."""

import math

from hypothesis import given, strategies as st

from kmeans_scratch.fast.exact import (UNIT_SHIFT, _exact_sum_integers, _exact_sum_partials, _extracted,
                                       exact_sum, fixed_point, from_units, grouped_sums, to_units)

# finite floats of any size, subnormals included, kept where their sum cannot overflow
anything = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e300, max_value=1e300)


@given(st.lists(anything, max_size=30))
def test_integer_sums_round_like_fsum(values):
    assert from_units(sum(map(to_units, values))) == math.fsum(values)


@given(st.lists(anything, min_size=1, max_size=30))
def test_fixed_point_is_exact_and_sums_like_fsum(values):
    integers, shift = fixed_point(values)
    assert [from_units(i, shift) for i in integers] == values
    assert from_units(sum(integers), shift) == math.fsum(values)


@given(st.lists(anything, min_size=1, max_size=30))
def test_exact_sum_rounds_like_fsum(values):
    assert from_units(exact_sum(values)) == math.fsum(values)


def test_subnormal_values_need_no_finer_unit_than_the_smallest_float():
    # the smallest value 5e-324 would ask for a shift of 1126; its bits end at 2**-1074
    integers, shift = fixed_point([5e-324, 1e-300])
    assert shift == UNIT_SHIFT and integers[0] == 1
    assert from_units(exact_sum([5e-324, 1e-323])) == 1.5e-323


def test_unit_weights_and_zeros():
    assert fixed_point([1.0, 1.0]) == ([1, 1], 0)
    assert fixed_point([0.0, -0.0]) == ([0, 0], 0)
    assert to_units(5e-324) == 1


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=30))
def test_both_sum_kernels_give_the_same_integer(values):
    # every interpreter runs both: CPython's integers and PyPy's float partials, even where
    # the partials overflow (then they hand over to the integers)
    assert _exact_sum_partials(values) == _exact_sum_integers(values)


def test_partials_hand_over_to_integers_on_overflow():
    values = [1.7e308, 1.7e308, -1.7e308, 1.0]
    assert _exact_sum_partials(values) == _exact_sum_integers(values) == to_units(1.7e308) + to_units(1.0)


@given(st.lists(st.tuples(anything, st.integers(0, 3)), max_size=40),
       st.sampled_from([1.0, 1e-300, 1e-320, 1e300]))
def test_grouped_sums_are_each_groups_exact_sum(pairs, scale):
    # values over any range (then the extraction hands over) and over a narrow one, scaled
    # into the subnormals or near overflow
    for values in ([v for v, _ in pairs], [math.fmod(v, 1e3) * scale for v, _ in pairs]):
        labels = [label for _, label in pairs]
        expected = [_exact_sum_integers([v for v, label in zip(values, labels) if label == j]) for j in range(4)]
        assert grouped_sums(values, labels, 4) == expected
        assert grouped_sums(values, labels, 4, [7.0] * len(values)) == expected   # worked in place


@given(st.lists(st.floats(-1e6, 1e6).filter(lambda v: v == 0.0 or abs(v) >= 1e-6), min_size=1,
                max_size=200), st.randoms(use_true_random=False))
def test_extraction_sums_blob_like_columns_without_handing_over(values, rng):
    # values from 1e-6 to 1e6 (and zeros), as in a centred data set: a few levels suffice
    labels = [rng.randrange(5) for _ in values]
    levels = _extracted(values, labels, 5)
    assert levels is not None
    assert [sum(map(to_units, group)) for group in levels] == [
        _exact_sum_integers([v for v, label in zip(values, labels) if label == j]) for j in range(5)]
