import math
import statistics
import sys

import pytest
from hypothesis import given

from kmeans_scratch import NotFittedError, StandardScaler, load_iris
from strategies import datasets


def test_iris_mean_and_scale_match_sklearn(reference):
    scaler = StandardScaler().fit(load_iris().data)
    assert all(math.isclose(a, b, rel_tol=1e-12) for a, b in zip(scaler.mean_, reference["iris"]["scaler_mean"]))
    assert all(math.isclose(a, b, rel_tol=1e-12) for a, b in zip(scaler.scale_, reference["iris"]["scaler_scale"]))
    assert scaler.n_samples_seen_ == 150 and scaler.n_features_in_ == 4


def test_constant_column_keeps_scale_one_and_switches_work():
    scaler = StandardScaler().fit([[1, 5], [3, 5]])
    assert scaler.scale_ == [1.0, 1.0] and scaler.var_ == [1.0, 0.0]
    assert scaler.transform([[1, 5]]) == [[-1.0, 0.0]]
    assert StandardScaler(with_mean=False).fit([[1], [3]]).transform([[2]]) == [[2.0]]
    no_std = StandardScaler(with_std=False).fit([[1], [3]])
    assert no_std.transform([[2]]) == [[0.0]] and no_std.scale_ is None
    assert repr(StandardScaler(with_std=False)) == "StandardScaler(with_std=False)"


def test_large_mean_small_spread_is_exact_with_two_passes():
    # one-pass E[x^2] - E[x]^2 loses everything here; two passes give the variance 2/3
    X = [[1e9 + 4.0], [1e9 + 5.0], [1e9 + 6.0]]
    assert math.isclose(StandardScaler().fit(X).var_[0], 2 / 3, rel_tol=1e-12)


def test_a_constant_column_with_rounding_in_its_mean_still_counts_as_constant():
    X = [(683.2155729885787,)] * 3
    scaler = StandardScaler().fit(X)
    assert scaler.scale_ == [1.0]
    assert all(abs(z) < 1e-12 for (z,) in scaler.transform(X))


def test_unfitted_and_wrong_width():
    with pytest.raises(NotFittedError):
        StandardScaler().transform([[1]])
    with pytest.raises(ValueError, match="n_features 1"):
        StandardScaler().fit([[1], [2]]).transform([[1, 2]])


@given(datasets(min_samples=2, max_samples=30))
def test_columns_end_with_mean_0_std_1_and_round_trip(X):
    scaler = StandardScaler()
    Z = scaler.fit_transform(X)
    for column, original, var in zip(zip(*Z), zip(*X), scaler.var_):
        # the mean is rounded to a few ulps of the largest |value|; divided by the spread,
        # that error grows when the spread is a billionth of the values (1.1754943508e-38
        # and 1.175494351e-38: z = -1.0000015, 0.9999985)
        largest = max(abs(v) for v in original)
        noise = 16 * sys.float_info.epsilon * largest / math.sqrt(var) if var > 0 else 0.0
        assert abs(statistics.fmean(column)) < 1e-6 + noise
        # clearly not constant, and a normal float: a subnormal variance (values ~1e-161)
        # keeps only a few significant bits, so its square root is off by up to percents
        # (scikit-learn's NumPy arithmetic loses the same bits)
        if var > 1e-12 * max(abs(v) for v in original) ** 2 and var >= sys.float_info.min:
            assert math.isclose(statistics.pstdev(column), 1.0, rel_tol=1e-6)
    for row, back in zip(X, scaler.inverse_transform(Z)):
        assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6) for a, b in zip(row, back))


# ---- issue 17: scikit-learn parity ---------------------------------------------------------

import json                                                         # noqa: E402
import pathlib                                                      # noqa: E402

from hypothesis import strategies as st                             # noqa: E402

from kmeans_scratch import KMeansError                              # noqa: E402
from kmeans_scratch.preprocessing import scale                      # noqa: E402

NAN = float("nan")
SKLEARN = json.loads((pathlib.Path(__file__).parent / "data" / "sklearn_metrics.json")
                     .read_text())["scaling"]      # tools/record_metrics_reference.py


def nans(rows):
    """The recorded rows with None (JSON's stand-in) back as NaN."""
    return [[NAN if v is None else v for v in row] for row in rows]


def same(ours, theirs, abs_tol=0.0):
    """Lists equal within 1e-12 relative, NaN matching NaN (None in the JSON)."""
    if isinstance(theirs, (int, float)):
        return math.isclose(ours, theirs, rel_tol=1e-12)
    return len(ours) == len(theirs) and all(
        (b is None and a != a) or (b is not None and math.isclose(a, b, rel_tol=1e-12,
                                                                  abs_tol=abs_tol))
        for a, b in zip(ours, theirs))


# Scaled values near 0 come from x - mean: the recorded feature with mean 1e6 and scale 268
# moves z by 2e-10 / 268 ~ 1e-12 for one ulp of the mean (ours or scikit-learn's).
Z_TOLERANCE = 1e-11


def fitted_matches(scaler, recorded):
    return all(same(getattr(scaler, name + "_"), recorded[name])
               for name in ("mean", "var", "scale", "n_samples_seen"))


def test_var_of_an_exactly_constant_column_is_exactly_zero():
    # the old two-pass formula left 1.9e-34 (0.1) and 1.3e-26 (683.2...): the mean's rounding
    scaler = StandardScaler().fit([[683.2155729885787, 0.1]] * 3)
    assert scaler.var_ == [0.0, 0.0] and scaler.scale_ == [1.0, 1.0]


@given(st.floats(-1e6, 1e6, allow_subnormal=False), st.integers(1, 60))
def test_any_constant_column_has_variance_zero(value, n):
    assert StandardScaler().fit([[value]] * n).var_ == [0.0]


def test_near_constant_feature_keeps_its_variance_and_scale_one_as_sklearn():
    scaler = StandardScaler().fit(SKLEARN["constant_X"])
    assert scaler.var_[:2] == [0.0, 0.0] and scaler.scale_ == [1.0, 1.0, 1.0]
    assert fitted_matches(scaler, SKLEARN["constant"])


def test_fit_matches_sklearn_plain_weighted_and_with_nan():
    X, weights = SKLEARN["X"], SKLEARN["weights"]
    assert fitted_matches(StandardScaler().fit(X), SKLEARN["fit"])
    assert fitted_matches(StandardScaler().fit(X, sample_weight=weights), SKLEARN["fit_weighted"])
    scaler = StandardScaler().fit(nans(SKLEARN["X_nan"]))
    assert fitted_matches(scaler, SKLEARN["fit_nan"])
    assert all(same(a, b, Z_TOLERANCE) for a, b in zip(scaler.transform(nans(SKLEARN["X_nan"])),
                                          SKLEARN["transform_nan"]))


@pytest.mark.parametrize("name, weighted, data", [("partial", False, "X"),
                                                  ("partial_weighted", True, "X"),
                                                  ("partial_nan", False, "X_nan")])
def test_partial_fit_in_batches_matches_sklearn(name, weighted, data):
    X, weights, scaler = nans(SKLEARN[data]), SKLEARN["weights"], StandardScaler()
    for start, stop in SKLEARN["batches"]:
        scaler.partial_fit(X[start:stop], sample_weight=weights[start:stop] if weighted else None)
    assert fitted_matches(scaler, SKLEARN[name])


def test_scale_matches_sklearn_and_fit_transform():
    X = SKLEARN["X"]
    assert all(same(a, b, Z_TOLERANCE) for a, b in zip(scale(X), SKLEARN["scale"]))
    assert all(same(a, b, Z_TOLERANCE) for a, b in zip(scale(X, with_mean=False),
                                                       SKLEARN["scale_no_mean"]))
    assert scale(X) == StandardScaler().fit_transform(X)


@given(datasets(min_samples=2, max_samples=30), st.lists(st.integers(1, 10), min_size=1),
       st.booleans())
def test_partial_fit_in_any_batches_gives_fits_numbers(X, sizes, weighted):
    weights = [float(1 + i % 3) for i in range(len(X))] if weighted else None
    fitted, merged, start = StandardScaler().fit(X, sample_weight=weights), StandardScaler(), 0
    for size in sizes * len(X):
        if start >= len(X):
            break
        merged.partial_fit(X[start:start + size],
                           sample_weight=weights and weights[start:start + size])
        start += size
    if start < len(X):
        merged.partial_fit(X[start:], sample_weight=weights and weights[start:])
    largest = max(abs(v) for row in X for v in row)
    assert merged.n_samples_seen_ == fitted.n_samples_seen_
    for a, b in zip(merged.mean_, fitted.mean_):
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12 * largest)
    for a, b in zip(merged.var_, fitted.var_):
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-300)


def test_integer_weights_are_repeated_rows():
    weighted = StandardScaler().fit([[1.0], [4.0]], sample_weight=[2, 1])
    repeated = StandardScaler().fit([[1.0], [1.0], [4.0]])
    assert (weighted.mean_, weighted.var_) == (repeated.mean_, repeated.var_) == ([2.0], [2.0])
    assert weighted.n_samples_seen_ == 3.0 and isinstance(weighted.n_samples_seen_, float)


def test_nan_is_missing_per_feature_and_stays_nan():
    scaler = StandardScaler().fit([[1.0, NAN], [3.0, 5.0], [NAN, 7.0], [5.0, 9.0]])
    # three values seen in each feature: one count, as scikit-learn reduces equal counts
    assert scaler.mean_ == [3.0, 7.0] and scaler.n_samples_seen_ == 3
    z = scaler.transform([[NAN, 7.0]])
    assert math.isnan(z[0][0]) and z[0][1] == 0.0
    back = scaler.inverse_transform(z)
    assert math.isnan(back[0][0]) and back[0][1] == 7.0
    one = StandardScaler().fit([[1.0, NAN], [3.0, 5.0]])
    assert one.n_samples_seen_ == [2, 1] and one.var_ == [1.0, 0.0]


def test_a_feature_never_seen_is_nan_as_sklearn_and_a_later_batch_fills_it():
    scaler = StandardScaler().fit([[1.0, NAN], [3.0, NAN]])
    assert scaler.n_samples_seen_ == [2, 0] and all(map(math.isnan, scaler.mean_[1:] + scaler.var_[1:]))
    assert math.isnan(scaler.transform([[1.0, 2.0]])[0][1])
    scaler.partial_fit([[5.0, 4.0], [NAN, 6.0]])
    assert scaler.mean_ == [3.0, 5.0] and scaler.n_samples_seen_ == [3, 2]
    # a batch with nothing for a feature leaves it as it was (scikit-learn's var_ turns NaN)
    assert scaler.partial_fit([[NAN, 5.0]]).var_[0] == pytest.approx(8 / 3)


def test_both_switches_off_learns_only_the_counts():
    scaler = StandardScaler(with_mean=False, with_std=False).fit([[1.0], [NAN], [3.0]])
    assert (scaler.mean_, scaler.var_, scaler.scale_, scaler.n_samples_seen_) == (None, None, None, 2)
    assert scaler.transform([[2.0]]) == [[2.0]]
    assert StandardScaler(with_mean=False).fit([[1.0], [3.0]]).mean_ == [2.0]


class Frame:
    """What pandas and polars offer, in miniature: columns and to_numpy()."""
    columns = ["age", "income"]

    def to_numpy(self):
        return [[30.0, 1.5], [40.0, 2.5]]


def test_get_feature_names_out_follows_sklearn():
    assert StandardScaler().fit(Frame()).get_feature_names_out() == ["age", "income"]
    assert StandardScaler().fit(Frame()).get_feature_names_out(["age", "income"]) == ["age", "income"]
    plain = StandardScaler().fit([[1, 2, 3]])
    assert plain.get_feature_names_out() == ["x0", "x1", "x2"]
    assert plain.get_feature_names_out(("a", "b", "c")) == ["a", "b", "c"]
    assert StandardScaler().fit(SKLEARN["X"]).get_feature_names_out() == SKLEARN["names_plain"]
    with pytest.raises(KMeansError, match=r"get_feature_names_out requires input_features equal "
                                          r"to feature_names_in_; got \['a', 'b'\]"):
        StandardScaler().fit(Frame()).get_feature_names_out(["a", "b"])
    with pytest.raises(KMeansError, match="requires one name per feature; got 2 names, "
                                          "n_features_in_=3"):
        plain.get_feature_names_out(["a", "b"])
    with pytest.raises(NotFittedError):
        StandardScaler().get_feature_names_out()


@pytest.mark.parametrize("call, error, message", [
    (lambda: StandardScaler().fit([[1.0], [2.0]], sample_weight=[1.0]), KMeansError,
     "StandardScaler.fit requires one sample weight per row"),
    (lambda: StandardScaler().partial_fit([[1.0]], sample_weight=[-1.0]), KMeansError,
     "StandardScaler.partial_fit requires non-negative sample weights"),
    (lambda: StandardScaler().fit([[1.0]]).partial_fit([[1.0, 2.0]]), KMeansError,
     "StandardScaler.partial_fit requires rows of equal length; got row 0 with 2 values, n_features 1"),
    (lambda: StandardScaler().fit([[NAN], [float("inf")]]), KMeansError,
     r"StandardScaler.fit requires finite values; got X\[1\]\[0\]=inf"),
    (lambda: StandardScaler().fit([[NAN], [2e200]]), KMeansError,
     r"StandardScaler.fit requires \|values\| <= 1e\+150"),
    (lambda: scale([[NAN, "a"]]), TypeError, r"StandardScaler.fit_transform requires numbers; "
                                             r"got X\[0\]\[1\]='a'"),
])
def test_nan_tolerant_input_still_refuses_everything_else(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_callers_nan_rows_are_not_changed():
    X = [[1.0, NAN], (3.0, 4.0)]
    StandardScaler().fit_transform(X)
    assert X[0][0] == 1.0 and math.isnan(X[0][1]) and X[1] == (3.0, 4.0)
