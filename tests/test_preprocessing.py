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
        assert abs(statistics.fmean(column)) < 1e-6
        # clearly not constant, and a normal float: a subnormal variance (values ~1e-161)
        # keeps only a few significant bits, so its square root is off by up to percents
        # (scikit-learn's NumPy arithmetic loses the same bits)
        if var > 1e-12 * max(abs(v) for v in original) ** 2 and var >= sys.float_info.min:
            assert math.isclose(statistics.pstdev(column), 1.0, rel_tol=1e-6)
    for row, back in zip(X, scaler.inverse_transform(Z)):
        assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6) for a, b in zip(row, back))
