import math

import pytest
from hypothesis import given, strategies as st

from kmeans_scratch import KMeans, KMeansError, StandardScaler, check_array, kmeans_plusplus
from kmeans_scratch.validation import check_n_clusters, check_sample_weight


def test_lists_tuples_generators_and_booleans_become_float_tuples():
    assert check_array([[1, 2], (3.5, True)]) == [(1.0, 2.0), (3.5, 1.0)]
    assert check_array(iter([(x, x) for x in range(3)])) == [(0.0, 0.0), (1.0, 1.0), (2.0, 2.0)]
    assert check_array((r for r in [[1], [2]])) == [(1.0,), (2.0,)]


float_rows = st.lists(st.lists(st.floats(), min_size=1, max_size=3).map(tuple)
                      | st.lists(st.floats(), min_size=1, max_size=3), min_size=1, max_size=30)


@given(float_rows)
def test_rows_of_plain_floats_are_checked_as_one_by_one(rows):
    # all-float rows take a fast path; whatever it decides must be what the row-by-row
    # rules say: each row in turn must hold finite values, then be as long as row 0
    for i, row in enumerate(rows):
        bad = [j for j, value in enumerate(row) if not math.isfinite(value)]
        if bad:
            with pytest.raises(KMeansError, match=rf"finite values; got X\[{i}\]\[{bad[0]}\]"):
                check_array(rows)
            return
        if len(row) != len(rows[0]):
            with pytest.raises(KMeansError, match=f"got row {i} with {len(row)} values"):
                check_array(rows)
            return
    checked = check_array(rows)
    assert checked == [tuple(row) for row in rows] and checked is not rows
    assert all(type(row) is tuple for row in checked)


def test_caller_data_is_not_changed():
    X = [[1, 2], [3, 4]]
    check_array(X)
    KMeans(n_clusters=1).fit(X)
    assert X == [[1, 2], [3, 4]]


class FakeArrayRow:
    """Iterates like a NumPy row: elements are float subclasses."""
    def __init__(self, values):
        self.values = values

    def __iter__(self):
        return iter(self.values)


class Float64(float):
    pass


def test_rows_of_numpy_like_scalars_are_accepted():
    rows = [FakeArrayRow([Float64(1.5), Float64(2)]), FakeArrayRow([Float64(3), Float64(4)])]
    assert check_array(rows) == [(1.5, 2.0), (3.0, 4.0)]


@pytest.mark.parametrize("X, message", [
    ([], "at least one row"),
    ([[], []], "at least one feature"),
    ([1.0, 2.0], r"2-D data .* row 0"),
    ([[1, 2], [3]], "rows of equal length; got row 1 with 1 values"),
    ([[1, 2], [3, math.nan]], r"finite values; got X\[1\]\[1\]=nan"),
    ([[1, math.inf]], r"finite values; got X\[0\]\[1\]=inf"),
])
def test_bad_values_raise_kmeans_error_naming_the_place(X, message):
    with pytest.raises(KMeansError, match=message):
        check_array(X)


@pytest.mark.parametrize("X, message", [
    ([[1, "a"]], r"numbers; got X\[0\]\[1\]='a'"),
    ([[1, 2], ["3", "4"]], r"numbers; got X\[1\]\[0\]='3'"),
    ([[1, None]], r"X\[0\]\[1\]=None"),
    ([[1, 2j]], r"X\[0\]\[1\]=2j"),
    (["ab", "cd"], "got text 'ab' at row 0"),
    ("abc", "iterable of rows"),
    (5, "iterable of rows"),
])
def test_non_numbers_raise_type_error_naming_the_place(X, message):
    with pytest.raises(TypeError, match=message):
        check_array(X)


def test_text_in_a_generator_is_found_too():
    with pytest.raises(TypeError, match=r"X\[2\]\[0\]='x'"):
        check_array(r for r in [[1], [2], ["x"]])


def test_wrong_number_of_features_for_a_fitted_model():
    model = KMeans(n_clusters=1).fit([[0, 0], [1, 1]])
    with pytest.raises(KMeansError, match="n_features 2"):
        model.predict([[1, 2, 3]])


def test_sample_weight_checks():
    assert check_sample_weight(None, 2) == [1.0, 1.0]
    with pytest.raises(KMeansError, match="one sample weight per row"):
        check_sample_weight([1, 2], 3)
    with pytest.raises(KMeansError, match=r"non-negative sample weights; got sample_weight\[1\]"):
        check_sample_weight([1, -1], 2)
    with pytest.raises(KMeansError, match="positive total"):
        check_sample_weight([0, 0], 2)
    with pytest.raises(TypeError):
        check_sample_weight("ab", 2)


def test_n_clusters_range_and_type():
    with pytest.raises(KMeansError, match="1 <= n_clusters <= n_samples; got n_clusters=5, n_samples=3"):
        check_n_clusters(5, 3)
    with pytest.raises(KMeansError, match="n_clusters=0"):
        check_n_clusters(0, 3)
    with pytest.raises(TypeError, match="integer n_clusters"):
        check_n_clusters(2.5, 3)


@pytest.mark.parametrize("fit", [
    lambda X: KMeans(n_clusters=2, random_state=0).fit(X),
    lambda X: kmeans_plusplus(X, 2, random_state=0),
    lambda X: StandardScaler().fit(X),
])
def test_values_whose_squares_overflow_are_refused_with_their_place(fit):
    X = [[0.0, 1.0], [2.0, 3.0], [4.0, -3e154]]
    with pytest.raises(KMeansError, match=r"X\[2\]\[1\]=-3e\+154"):
        fit(X)
    fit([[0.0, 1e150], [2.0, -1e150], [1.0, 0.0]])      # at the limit: fine
