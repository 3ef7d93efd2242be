import math

from hypothesis import given, strategies as st

from kmeans_scratch.vectors import assign, distance, mean, nearest, squared_distance
from strategies import coordinates


def test_distances_on_a_3_4_5_triangle():
    assert squared_distance((1.0, 1.0), (4.0, 5.0)) == 25.0
    assert distance((1.0, 1.0), (4.0, 5.0)) == 5.0


def test_mean_and_weighted_mean():
    assert mean([(0.0, 1.0), (2.0, 3.0), (4.0, 5.0)]) == (2.0, 3.0)
    assert mean([(0.0,), (10.0,)], weights=[4.0, 1.0]) == (2.0,)


def test_nearest_centroid_tie_goes_to_lowest_index():
    assert nearest((0.0,), [(1.0,), (-1.0,)]) == 0
    assert nearest((0.0,), [(5.0,), (1.0,), (-1.0,)]) == 1


@given(st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=20),
       st.lists(st.tuples(coordinates, coordinates), min_size=1, max_size=6))
def test_assign_gives_nearest_centroid_and_its_squared_distance(X, centroids):
    labels, squared = assign(X, centroids)
    for x, label, d in zip(X, labels, squared):
        exact = [squared_distance(x, c) for c in centroids]
        assert exact[label] <= min(exact) * (1 + 1e-9) + 1e-12
        assert math.isclose(d, exact[label], rel_tol=1e-9, abs_tol=1e-9)


def test_distance_reads_integer_coordinates_as_floats_first():
    # (found in review) as math.dist does: on PyPy our own dist subtracted the ints exactly
    # 2**53 + 1 becomes 2**53 (ties to even), less 1.0: 2**53 - 1, not 2**53
    assert distance((2 ** 53 + 1, 0.0), (1, 0.0)) == 9007199254740991.0
