"""ColumnRows reads exactly as the list of tuples it stands for; check_columns checks as check_array."""

import math
from array import array

import pytest
from hypothesis import given, strategies as st

from kmeans_scratch import KMeans, KMeansError
from kmeans_scratch.column_rows import ColumnRows
from kmeans_scratch.numpy_means import centre, column_means
from kmeans_scratch.validation import (check_array, check_columns, check_magnitude,
                                       check_weighted_squares, feature_bounds)
from kmeans_scratch.vectors import columns

from strategies import datasets

any_floats = st.floats(allow_nan=False, allow_infinity=False)       # subnormals, -0.0, 1e308


@st.composite
def mixed_rows(draw):
    """Rows of one length as lists or tuples of floats, ints and booleans (both check paths)."""
    width = draw(st.integers(1, 4))
    value = st.one_of(any_floats, st.integers(-10**6, 10**6), st.booleans())
    row = st.lists(value, min_size=width, max_size=width)
    rows = draw(st.lists(row, min_size=1, max_size=20))
    return [tuple(r) if draw(st.booleans()) else r for r in rows]


@given(mixed_rows())
def test_check_columns_holds_check_arrays_rows(X):
    rows = check_array(X)
    held = check_columns(X)
    assert isinstance(held, ColumnRows) and all(type(c) is array for c in held.columns)
    assert list(held) == rows and len(held) == len(rows)
    for a, b in zip(held, rows):                     # the same floats, -0.0 included
        assert list(map(math.copysign, [1.0] * len(a), a)) == list(map(math.copysign, [1.0] * len(b), b))


@given(datasets(max_samples=12), st.data())
def test_indexing_and_slicing_read_as_the_list_does(X, data):
    held = check_columns(X)
    n = len(X)
    index = data.draw(st.integers(-n, n - 1))
    assert held[index] == X[index]
    start, stop = data.draw(st.integers(-n - 2, n + 2)), data.draw(st.integers(-n - 2, n + 2))
    step = data.draw(st.sampled_from([1, 2, 3, -1, -2]))
    assert held[start:stop:step] == X[start:stop:step]
    assert X[0] in held and held.index(X[-1]) == X.index(X[-1])
    assert [list(column) for column in columns(held)] == [list(column) for column in zip(*X)]
    with pytest.raises(IndexError):
        held[n]


@given(datasets(max_samples=15))
def test_centring_columns_gives_the_floats_centring_rows_gives(X):
    rows, held = check_array(X), check_columns(X)
    means = column_means(rows)
    assert column_means(held) == means
    centre(rows, means)
    centre(held, means)
    assert list(held) == rows


@pytest.mark.parametrize("X", [
    [], [[], []], [1.0, 2.0], [[1, 2], [3]], [[1, 2], [3, math.nan]], [[1, math.inf]],
    [[1, "a"]], [[1, 2], ["3", "4"]], [[1, None]], ["ab", "cd"], "abc", 5, {(1.0, 2.0)},
])
def test_bad_input_gets_check_arrays_very_error(X):
    with pytest.raises((KMeansError, TypeError)) as expected:
        check_array(X, caller="KMeans.fit")
    with pytest.raises(expected.type) as got:
        check_columns(X, caller="KMeans.fit")
    assert str(got.value) == str(expected.value)


def test_magnitude_is_checked_by_column_naming_the_row():
    X = [(1.0, 2.0), (3.0, -2e200)]
    with pytest.raises(KMeansError) as expected:
        check_magnitude(check_array(X), caller="KMeans.fit")
    with pytest.raises(KMeansError) as got:
        check_magnitude(check_columns(X), caller="KMeans.fit")
    assert str(got.value) == str(expected.value) and "X[1][1]=-2e+200" in str(got.value)


def _outcome(check, *args, **kwargs):
    """None if the check passes, else its message."""
    try:
        check(*args, **kwargs)
    except KMeansError as error:
        return str(error)
    return None


@given(st.lists(st.lists(st.floats(-1e200, 1e200), min_size=2, max_size=2), min_size=1, max_size=6),
       st.floats(0.0, 1e100))
def test_shared_feature_bounds_give_the_checks_own_verdicts(rows, weight):
    # KMeans.fit hands both checks X's feature_bounds: they must pass and fail as on their own
    X = check_columns(rows)
    weights = [weight] * len(rows)
    bounds = feature_bounds(X)
    assert bounds == ([min(r[f] for r in rows) for f in range(2)], [max(r[f] for r in rows) for f in range(2)])
    assert _outcome(check_magnitude, X, bounds=bounds) == _outcome(check_magnitude, check_array(rows))
    assert _outcome(check_weighted_squares, X, weights, bounds=bounds) == \
        _outcome(check_weighted_squares, check_array(rows), weights)


def test_a_callable_init_gets_the_centred_rows_as_a_list_of_tuples():
    seen = []

    def init(X, k, random_state):
        seen.append(X)
        return X[:k]

    X = [(float(i), float(i % 7)) for i in range(3000)]        # big enough for the k-d tree
    model = KMeans(n_clusters=3, init=init, n_init=1, random_state=0).fit(X)
    (given,) = seen
    assert type(given) is list and type(given[0]) is tuple and len(given) == 3000
    means = column_means(X)
    assert given[5] == (5.0 - means[0], 5.0 - means[1])
    assert model.cluster_centers_ == KMeans(n_clusters=3, init=X[:3], random_state=0).fit(X).cluster_centers_


def test_columns_given_are_copied_not_shared_and_nan_is_named():
    given = ColumnRows([array("d", [1.0, 2.0, 3.0]), array("d", [4.0, 5.0, 6.0])])
    held = check_columns(given, caller="KMeans.fit")
    assert list(held) == list(given) and held.columns is not given.columns
    centre(held, column_means(held))                     # the fit centres its own in place
    assert list(given) == [(1.0, 4.0), (2.0, 5.0), (3.0, 6.0)]
    given.columns[1][2] = math.nan
    with pytest.raises(KMeansError, match=r"KMeans.fit requires finite values; got X\[2\]\[1\]=nan"):
        check_columns(given, caller="KMeans.fit")


def test_columns_of_different_lengths_are_refused_and_empty_ones_get_check_arrays_error():
    with pytest.raises(ValueError, match=r"one or more columns of one length; got lengths \[3, 1\]"):
        ColumnRows([array("d", [1.0, 2.0, 3.0]), array("d", [1.0])])
    with pytest.raises(ValueError, match=r"got lengths \[\]"):
        ColumnRows([])
    with pytest.raises(KMeansError, match="KMeans.fit requires at least one row; got an empty X"):
        check_columns(ColumnRows([array("d")]), caller="KMeans.fit")


def test_a_callable_init_gets_one_list_of_rows_for_every_run():
    seen = []

    def init(X, k, random_state):
        seen.append(X)
        return X[:k]

    X = [(float(i), float(i % 7)) for i in range(3000)]        # big enough for the k-d tree
    KMeans(n_clusters=3, init=init, n_init=3, random_state=0).fit(X)
    assert len(seen) == 3 and seen[0] is seen[1] is seen[2]     # made once, not once a run
