"""The axis rules of kmeans_scratch.plot.axes: ranges, zero, integer ticks and tick labels."""

import math

import pytest
from hypothesis import given, strategies as st

from kmeans_scratch.plot import Canvas, axis_ticks, data_range, tick_labels
from kmeans_scratch.plot.axes import is_integer_axis

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False, allow_subnormal=False)
values = st.lists(finite, min_size=1, max_size=30)


@given(values)
def test_padding_is_a_few_percent_of_the_span_never_a_whole_tick(data):
    low, high = data_range(data)
    span = max(data) - min(data)
    assert low <= min(data) and high >= max(data)
    if span > 0:
        assert min(data) - low <= 0.06 * span and high - max(data) <= 0.06 * span
        assert high - max(data) >= 0.04 * span or max(data) <= 0     # only zero clips padding


def test_padding_matches_matplotlib_margins_on_the_tutorial_elbow():
    inertias = [20120.54, 5526.51, 362.79, 318.07, 280.0, 250.0, 220.0, 190.0, 170.0, 150.0]
    assert data_range(range(1, 11)) == pytest.approx((0.55, 10.45))
    low, high = data_range(inertias)
    assert low == 0.0                                  # 150 - 5% of 19970 would be -848.5
    assert high == pytest.approx(20120.54 + 0.05 * (20120.54 - 150.0))


@given(st.lists(st.floats(0, 1e6, allow_subnormal=False), min_size=1, max_size=30))
def test_values_that_cannot_be_negative_never_get_a_negative_range(data):
    assert data_range(data)[0] >= 0.0
    assert all(tick >= 0 for tick in axis_ticks(*data_range(data)))
    assert data_range(data, from_zero=True)[0] == 0.0


@given(st.lists(st.floats(-1e6, 0, allow_subnormal=False), min_size=1, max_size=30))
def test_values_that_are_never_positive_never_get_a_positive_range(data):
    if min(data) < 0:                      # all zeros count as non-negative: (0.0, 0.5)
        assert data_range(data)[1] <= 0.0
    else:
        assert data_range(data) == (0.0, 0.5)


def test_from_zero_starts_the_inertia_axis_at_zero():
    assert data_range([2000.0, 3500.0, 5000.0], from_zero=True) == (0.0, 5250.0)
    assert data_range([2000.0, 3500.0, 5000.0]) == (1850.0, 5150.0)       # without: 5% padding
    assert data_range([-3.0, -1.0], from_zero=True) == (-3.15, 0.0)


def test_a_single_value_gets_a_small_range_around_it():
    assert data_range([3.0]) == (2.5, 3.5)
    assert data_range([1e6]) == (950000.0, 1050000.0)
    assert data_range([0.0]) == (0.0, 0.5)


@given(finite, st.floats(1e-3, 1e6), st.sampled_from([5, 6, 8, 10]))
def test_ticks_lie_inside_the_range_evenly_spaced_and_there_are_enough(low, span, max_ticks):
    high = low + span
    ticks = axis_ticks(low, high, max_ticks=max_ticks)
    # the next finer 1-2-5 step (at most 2.5 times finer) gave more than max_ticks ticks
    assert (3 if max_ticks >= 8 else 2) <= len(ticks) <= max_ticks
    steps = [b - a for a, b in zip(ticks, ticks[1:])]
    edge = 1e-9 * steps[0]                  # a tick this close to an edge counts as on it
    assert low - edge <= ticks[0] and ticks[-1] <= high + edge
    assert max(steps) - min(steps) <= 1e-9 * max(abs(low), abs(high), span)


def test_ticks_do_not_stretch_the_range_to_the_next_round_number():
    assert axis_ticks(0.0, 21126.6, max_ticks=6) == [0.0, 5000.0, 10000.0, 15000.0, 20000.0]
    assert axis_ticks(-0.37, 0.81, max_ticks=6) == [-0.2, 0.0, 0.2, 0.4, 0.6, 0.8]
    assert axis_ticks(0.1, 0.35) == [0.1, 0.15, 0.2, 0.25, 0.3, 0.35]     # exact decimals


def test_the_k_axis_of_an_elbow_is_ticked_at_every_k():
    ks = list(range(1, 11))
    ticks = axis_ticks(*data_range(ks), integer=is_integer_axis(ks))
    assert ticks == [float(k) for k in ks]
    assert tick_labels(ticks) == [str(k) for k in ks]


@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=30), st.sampled_from([3, 5, 8, 10]))
def test_integer_axes_get_whole_ticks_at_least_one_apart_and_integer_labels(data, max_ticks):
    assert is_integer_axis(data)
    ticks = axis_ticks(*data_range(data), integer=True, max_ticks=max_ticks)
    assert all(tick == int(tick) for tick in ticks)
    assert all(b - a >= 1 for a, b in zip(ticks, ticks[1:]))
    assert all(label.lstrip("-").isdigit() for label in tick_labels(ticks))


def test_an_integer_axis_never_gets_half_steps():
    assert axis_ticks(0.55, 3.45, integer=True) == [1.0, 2.0, 3.0]
    assert axis_ticks(0.55, 3.45) == [1.0, 1.5, 2.0, 2.5, 3.0]            # a float axis may


@pytest.mark.parametrize("ticks, labels", [
    ([0.0, 25000.0, 50000.0], ["0", "25000", "50000"]),
    ([0.0, 500000.0, 1000000.0], ["0", "500000", "1000000"]),
    ([0.0001, 0.0002, 0.0003], ["0.0001", "0.0002", "0.0003"]),
    ([0.0, 0.5, 1.0], ["0.0", "0.5", "1.0"]),                            # one format per axis
    ([-0.2, 0.0, 0.2], ["-0.2", "0.0", "0.2"]),
    ([0.0, 2.5e9, 5e9], ["0", "2.5e9", "5e9"]),                           # too wide for plain
    ([1e-7, 2e-7], ["1e-7", "2e-7"]),
])
def test_tick_labels_are_plain_numbers_where_they_fit(ticks, labels):
    assert tick_labels(ticks) == labels


@given(finite, st.floats(1e-3, 1e6))
def test_tick_labels_never_use_pythons_e_plus_notation_and_read_back_as_the_ticks(low, span):
    ticks = axis_ticks(low, low + span)
    labels = tick_labels(ticks)
    assert not any("e+" in label or "e-0" in label or label.startswith("-0") and float(label) == 0
                   for label in labels)
    assert all(math.isclose(float(label), tick, rel_tol=1e-9, abs_tol=1e-12)
               for label, tick in zip(labels, ticks))


def test_a_canvas_for_data_applies_the_rules_to_both_axes():
    canvas = Canvas.for_data(list(range(1, 11)), [5000.0 - 300 * k for k in range(10)], y_from_zero=True)
    assert canvas.x_range == pytest.approx((0.55, 10.45)) and canvas.y_range[0] == 0.0
