import math

import pytest
from hypothesis import given, strategies as st

from kmeans_scratch import KMeans, KMeansError, StandardScaler, check_array, kmeans_plusplus
from kmeans_scratch.validation import (_plain_values, check_columns, check_n_clusters,
                                       check_sample_weight)


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
    ([[2.0, 3.0], [math.inf, -math.inf]], r"finite values; got X\[1\]\[0\]=inf"),
])
def test_bad_values_raise_kmeans_error_naming_the_place(X, message):
    with pytest.raises(KMeansError, match=message):
        check_array(X)
    with pytest.raises(KMeansError, match=message):
        check_columns(X)


def test_finite_values_whose_sum_overflows_are_finite():
    # the quick look at the values' sum sees inf here; each value is read again, and passes
    X = [(1.7e308, 1.7e308), (-0.5, 1e308)]
    assert _plain_values(X, None) is not None       # (the fast path's own verdict)
    assert check_array(X) == X
    assert list(check_columns(X)) == X


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


# ---- issue 15: every input sorted at the door by what it is ------------------------------

from decimal import Decimal                                        # noqa: E402
from fractions import Fraction                                     # noqa: E402

from kmeans_scratch import inertia, silhouette_score               # noqa: E402


class ZeroDArray:
    """Looks like NumPy's array(3.0): a shape of (), a float value, iteration refused."""
    shape = ()

    def __float__(self):
        return 3.0

    def __iter__(self):
        raise TypeError("iteration over a 0-d array")

    def __repr__(self):
        return "array(3.)"


@pytest.mark.parametrize("value, shown", [
    (10 ** 400, "an int of about 401 digits"),
    (-10 ** 5000, "an int of about 5001 digits"),           # repr alone would refuse
    (Fraction(10 ** 400, 3), r"Fraction\(1000"),
    (Decimal("1e400"), r"Decimal\('1E\+400'\)"),
], ids=["int", "int-5000-digits", "fraction", "decimal"])
def test_numbers_no_float_can_hold_are_a_kmeans_error_naming_the_place(value, shown):
    with pytest.raises(KMeansError, match=r"KMeans.fit requires numbers a float can hold "
                                          rf"\(\|x\| <= 1.798e\+308\); got X\[1\]\[0\]={shown}"):
        KMeans(n_clusters=1).fit([[1, 2], [value, 3]])


def test_huge_sample_weights_are_a_kmeans_error_naming_the_weight():
    with pytest.raises(KMeansError, match=r"kmeans_plusplus requires numbers a float can hold"
                                          r".*got sample_weight\[1\]=an int of about 401"):
        kmeans_plusplus([[0], [1]], 1, sample_weight=[1, 10 ** 400], random_state=0)
    with pytest.raises(KMeansError, match=r"KMeans.fit requires sum\(sample_weight\) <= 1e\+150"
                                          r".*got sum\(sample_weight\)=2e\+300"):
        KMeans(n_clusters=1).fit([[0], [1]], sample_weight=[1e300, 1e300])


def test_a_fraction_or_decimal_a_float_holds_is_accepted():
    assert check_array([[Fraction(10 ** 400, 10 ** 399), Decimal("2.5")]]) == [(10.0, 2.5)]
    assert check_array([[Fraction(1, 10 ** 400)]]) == [(0.0,)]     # underflow is rounding


def test_signalling_nan_decimal_is_a_kmeans_error():
    with pytest.raises(KMeansError, match=r"finite values; got X\[0\]\[0\]=Decimal\('sNaN'\)"):
        check_array([[Decimal("sNaN")]])


@pytest.mark.parametrize("value", [1 + 2j, complex(3, 0)])
def test_complex_numbers_are_a_type_error_not_a_lost_imaginary_part(value):
    with pytest.raises(TypeError, match=rf"silhouette_score requires numbers; got X\[1\]\[1\]="
                                        rf"\({value.real:g}\+{value.imag:g}j\) \(complex: its "
                                        r"imaginary part would be lost\)"):
        silhouette_score([[0, 0], [1, value], [5, 5]], [0, 0, 1])


@pytest.mark.parametrize("row, kind", [({3.0, 1.0}, "set"), ({1.0: 2.0}, "dict"),
                                       (frozenset({1.0}), "frozenset")])
def test_rows_given_as_sets_or_dicts_are_a_type_error(row, kind):
    with pytest.raises(TypeError, match=rf"KMeans.fit requires rows in a fixed order \(lists or "
                                        rf"tuples\); got a {kind} at row 1"):
        KMeans(n_clusters=1).fit([[1.0, 2.0], row])


@pytest.mark.parametrize("X, kind", [({(1.0, 2.0), (3.0, 4.0)}, "set"), ({(1.0,): 0}, "dict")])
def test_a_set_or_dict_of_rows_is_a_type_error(X, kind):
    with pytest.raises(TypeError, match=rf"StandardScaler.fit requires an iterable of rows in a "
                                        rf"fixed order \(a list or tuple\); got X of type {kind}"):
        StandardScaler().fit(X)


def test_zero_d_arrays_are_refused_as_data_rows_and_values():
    with pytest.raises(TypeError, match=r"KMeans.fit requires an iterable of rows; got "
                                        r"X=array\(3.\), a 0-d array"):
        KMeans(n_clusters=1).fit(ZeroDArray())
    with pytest.raises(KMeansError, match=r"2-D data .* got a number at row 1 \(array\(3.\)\)"):
        check_array([[1.0], ZeroDArray()])
    with pytest.raises(TypeError, match=r"requires numbers; got X\[0\]\[1\]=array\(3.\) \(an "
                                        r"array, not a number\)"):
        check_array([[1.0, ZeroDArray()]])
    with pytest.raises(TypeError, match=r"sample_weight to be a sequence of numbers; got "
                                        r"sample_weight=array\(3.\), a 0-d array"):
        check_sample_weight(ZeroDArray(), 1)


def test_numpy_scalars_are_numbers_and_a_numpy_float_alone_is_not_data():
    # NumPy's float64(3.0) has shape () too, but it is a number (a float subclass here)
    assert check_array([[Float64(3.0), 1]]) == [(3.0, 1.0)]
    with pytest.raises(TypeError, match="requires an iterable of rows; got X of type Float64"):
        check_array(Float64(3.0))


def test_nested_containers_in_a_row_are_a_type_error_naming_the_place():
    with pytest.raises(TypeError, match=r"KMeans.fit requires numbers; got X\[0\]\[1\]=\[2.0\] "
                                        r"\(a list, not a number: rows must be flat\)"):
        KMeans(n_clusters=1).fit([[1.0, [2.0]]])


def test_score_transform_and_inertia_refuse_what_fit_refuses():
    model = KMeans(n_clusters=1).fit([[0.0], [1.0]])
    with pytest.raises(KMeansError, match=r"KMeans.score requires \|values\| <= 1e\+150 .* "
                                          r"got X\[0\]\[0\]=1e\+200"):
        model.score([[1e200]])
    with pytest.raises(KMeansError, match=r"KMeans.transform requires \|values\| <= 1e\+150"):
        model.transform([[1e308]])
    with pytest.raises(KMeansError, match=r"inertia requires \|values\| <= 1e\+150 .* "
                                          r"got X\[1\]\[0\]=-1e\+200"):
        inertia([[0.0], [-1e200]], [0, 0], [[0.0]])
    assert model.score([[1e150]]) == -(1e150 - 0.5) ** 2      # at the limit: finite


def test_weighted_squares_past_1e307_are_refused_by_score_and_inertia():
    model = KMeans(n_clusters=1).fit([[0.0], [1.0]])
    with pytest.raises(KMeansError, match=r"KMeans.score requires sum\(sample_weight\) \* "
                                          r"diameter\(X\)\*\*2 <= 1e\+307 .* got sum\(sample_"
                                          r"weight\)=1e\+150, diameter\(X\)=1e\+100"):
        model.score([[1e100]], sample_weight=[1e150])
    with pytest.raises(KMeansError, match=r"inertia requires sum\(sample_weight\) \* diameter"):
        inertia([[1e100], [0.0]], [0, 0], [[0.0]], sample_weight=[1e150, 1.0])


def test_standard_scaler_refuses_results_no_float_holds():
    scaler = StandardScaler().fit([[0.0], [1e-140]])
    with pytest.raises(KMeansError, match=r"StandardScaler.transform requires results a float "
                                          r"can hold; got X\[1\]\[0\]=1e\+200, which scales to inf"):
        scaler.transform([[0.0], [1e200]])
    wide = StandardScaler().fit([[0.0], [1e150]])        # scale 5e149
    with pytest.raises(KMeansError, match=r"StandardScaler.inverse_transform requires results "
                                          r"a float can hold; got X\[0\]\[0\]=1e\+300"):
        wide.inverse_transform([[1e300]])


def test_rows_that_cannot_be_iterated_name_the_row():
    class Broken:
        def __iter__(self):
            raise TypeError("no")
    with pytest.raises(TypeError, match="could not iterate row 0: no"):
        check_array([Broken()])


def test_a_float_subclass_is_read_by_the_float_it_holds_on_both_paths():
    # (found in review) the fast path reads floats as NumPy does; the careful path called
    # the subclass's own __float__ and refused an iterable one
    class Liar(float):
        def __float__(self):
            return 99.0

    class Iterable(float):
        def __iter__(self):
            return iter([1.0])

    for value in (Liar(1.0), Iterable(1.0)):
        assert check_array([[value, 2.0]]) == [(1.0, 2.0)]        # all floats: the fast path
        assert check_array([[value, 2]]) == [(1.0, 2.0)]          # an int: the careful path
    # (found by fuzzing) the careful path read the first row's subclass by its value, then
    # took the type as known and let float() call its __float__ in the rows after
    assert check_array([[Liar(1.0), 2], [Liar(3.0), 4], [Liar(5.0), 6]]) == \
        [(1.0, 2.0), (3.0, 4.0), (5.0, 6.0)]


def test_subnormal_sample_weights_are_refused_with_where():
    # (found in review) 1 / (a cluster's total weight) overflowed: centres of inf, nan inertia
    with pytest.raises(KMeansError, match=r"KMeans.fit requires sample weights of 0 or at "
                                          r"least 2.225e-308 .* sample_weight\[4\]=5e-324"):
        KMeans(2).fit([[0.0], [1.0], [2.0], [3.0], [4.0]], sample_weight=[1, 1, 1, 1, 5e-324])
    assert KMeans(2, random_state=0).fit([[0.0], [1.0], [5.0]],
                                         sample_weight=[0.0, 1.0, 2.2250738585072014e-308]).n_iter_ >= 1
