"""portable_dist.dist gives CPython 3.11's math.dist bit for bit, on every interpreter.

The recorded cases (tools/record_dist.py, under CPython 3.11) are checked everywhere,
PyPy and CPython 3.9 included; on CPython 3.10 and later the port is also compared with
the running math.dist on Hypothesis' draws.
"""

import json
import math
import pathlib
import platform
import struct
import sys

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from kmeans_scratch.portable_dist import dist

DATA = pathlib.Path(__file__).parent / "data" / "dist_reference.json"
RECORDED = json.loads(DATA.read_text())["cases"]
TINY_PATH = 2.0 ** -1024    # below this largest difference CPython 3.11 divides instead of scaling
MATH_DIST_IS_THE_PORT = platform.python_implementation() == "CPython" and sys.version_info >= (3, 10)
# CPython 3.12 rewrote the tiny path (rescale by 2**-1022 and recurse), so it can differ there
TINY_PATH_AGREES = sys.version_info < (3, 12)


def bits(x: float) -> bytes:
    """The float's eight bytes: equal bits, not just equal values (0.0 and -0.0 differ)."""
    return struct.pack("<d", x)


def decoded(case):
    p, q, expected = case
    return [float.fromhex(x) for x in p], [float.fromhex(x) for x in q], float.fromhex(expected)


@pytest.mark.parametrize("group", sorted(RECORDED))
def test_port_matches_recorded_cpython_311_bit_for_bit(group):
    wrong = []
    for case in RECORDED[group]:
        p, q, expected = decoded(case)
        if bits(dist(p, q)) != bits(expected):
            wrong.append((case, dist(p, q).hex()))
    assert not wrong, f"{len(wrong)} of {len(RECORDED[group])} differ, e.g. {wrong[:3]}"


def test_recorded_cases_reach_every_path():
    lengths, largest = set(), []
    for cases in RECORDED.values():
        for case in cases:
            p, q, _ = decoded(case)
            lengths.add(len(p))
            if p:
                largest.append(max(abs(a - b) for a, b in zip(p, q)))
    assert set(range(0, 33)) <= lengths and max(lengths) > 32
    assert sum(0.0 < x < TINY_PATH for x in largest) >= 100          # the dividing path
    assert sum(TINY_PATH <= x < 2.0 ** -1022 for x in largest) >= 10  # subnormal, scaled
    assert sum(x == 0.0 for x in largest) >= 100
    assert max(largest) > 1e149


def test_pythagorean_distances_are_exact():
    assert dist((0.0, 0.0), (3.0, 4.0)) == 5.0
    assert dist((1.0, 2.0, 3.0), (3.0, 5.0, 9.0)) == 7.0
    assert dist((-1e150, 0.0), (2e150, 4e150)) == 5e150


def test_zero_one_and_no_coordinates_follow_math_dist():
    assert bits(dist((), ())) == bits(0.0)
    assert bits(dist((1.5,), (-2.25,))) == bits(3.75)
    assert bits(dist((-0.0, 0.0), (0.0, -0.0))) == bits(0.0)
    assert dist((5e-324, 0.0), (0.0, 0.0)) == 5e-324


def test_infinite_and_nan_differences_follow_math_dist():
    inf, nan = math.inf, math.nan
    assert dist((inf, 0.0), (0.0, 0.0)) == inf
    assert dist((nan, inf), (0.0, 0.0)) == inf           # an infinity wins over a NaN
    assert math.isnan(dist((0.0, nan), (0.0, 0.0)))      # even when the largest is 0.0
    assert math.isnan(dist((1.0, nan, 2.0), (0.0, 0.0, 0.0)))
    assert dist((1e308, 0.0), (-1e308, 0.0)) == inf      # the difference overflows


def test_points_of_different_lengths_raise_value_error():
    with pytest.raises(ValueError, match="same number of dimensions"):
        dist((1.0, 2.0), (1.0,))


finite = st.floats(min_value=-1e150, max_value=1e150, allow_nan=False, allow_infinity=False)


@st.composite
def point_pairs(draw):
    """Two points of 1..32 features, each point at one magnitude 1e-320 .. 1e140."""
    n = draw(st.integers(1, 32))
    scale = 10.0 ** draw(st.integers(-320, 140))
    coordinates = st.one_of(finite, finite.map(lambda x: x * 1e-150 * scale),
                            st.integers(-10 ** 6, 10 ** 6).map(float))
    return draw(st.lists(coordinates, min_size=n, max_size=n)), \
        draw(st.lists(coordinates, min_size=n, max_size=n))


def comparable(p, q) -> bool:
    """Whether this interpreter's math.dist follows 3.11 for p and q (see TINY_PATH_AGREES)."""
    return TINY_PATH_AGREES or not 0.0 < max(abs(a - b) for a, b in zip(p, q)) < TINY_PATH


@pytest.mark.skipif(not MATH_DIST_IS_THE_PORT, reason="math.dist uses the older algorithm")
@given(point_pairs())
def test_port_matches_this_cpythons_math_dist(pair):
    p, q = pair
    assume(comparable(p, q))
    assert bits(dist(p, q)) == bits(math.dist(p, q)), (p, q)


@pytest.mark.skipif(not MATH_DIST_IS_THE_PORT, reason="math.dist uses the older algorithm")
@given(st.lists(st.floats(min_value=-1e150, max_value=1e150), min_size=1, max_size=16),
       st.data())
def test_port_matches_math_dist_on_any_finite_floats(p, data):
    q = data.draw(st.lists(finite, min_size=len(p), max_size=len(p)))
    assume(comparable(p, q))
    assert bits(dist(p, q)) == bits(math.dist(p, q)), (p, q)


@given(point_pairs(), st.tuples(finite, finite, finite, finite))
def test_the_unrolled_plane_distance_is_the_loops_own(pair, extra):
    # every interpreter: _dist2 repeats _norm's steps for two coordinates, bit for bit
    from kmeans_scratch.portable_dist import _any_length, _dist2
    plane = (pair[0] * 2)[:2], (pair[1] * 2)[:2]        # two coordinates of each point
    for p, q in (plane, (extra[:2], extra[2:]), ((math.nan, 1.0), (0.0, 0.0)),
                 ((math.inf, 0.0), (0.0, 0.0)), ((5e-324, 0.0), (0.0, 5e-324))):
        assert bits(_dist2(p[0] - q[0], p[1] - q[1], p, q)) == bits(_any_length(p, q)), (p, q)
