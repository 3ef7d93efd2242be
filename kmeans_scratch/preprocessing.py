"""Standard scaling: give every feature mean 0 and standard deviation 1 before clustering.

K-Means measures Euclidean distance, so a feature in dollars (tens of thousands) drowns a
feature in years (tens). Scaling puts them on one footing:

    z[i][f] = (x[i][f] - mean[f]) / scale[f],     scale[f] = sqrt(var[f])  (population, ddof 0)

A constant feature keeps scale 1.0, so nothing is divided by zero. "Constant" allows for
rounding, as scikit-learn does: the mean of three copies of 683.2155729885787 can come out
one ulp off, leaving a variance of 1e-26 that is pure rounding. A variance counts as zero when

    var <= n * eps * var + (n * mean * eps)**2        (eps = 2**-52, the bound on that error)

Numerical care: the variance is computed in two passes, first the mean, then the mean of
squared deviations from it, each summed with ``math.fsum`` (``vectors.feature_variances``,
which ``lloyd.tolerance`` uses too). The one-pass formula
E[x**2] - E[x]**2 cancels catastrophically when the mean is large against the spread (an
income column); Welford's update avoids that too, but two passes over data already in
memory are simpler and, with fsum, accurate to the last bit or so.

Overflow: ``fit`` refuses values past +-1e150 (``check_magnitude``, as KMeans.fit), so the
squares in the variance stay finite. ``transform`` and ``inverse_transform`` may still meet a
value whose scaled form no float can hold (1e10 against a scale of 1e-300); they raise
KMeansError naming its row and column rather than return infinity.

Public class: StandardScaler.
Reference: scikit-learn's ``sklearn.preprocessing.StandardScaler``.
"""

from __future__ import annotations

import math
from itertools import chain
from typing import Iterable

from .errors import KMeansError, NotFittedError
from .validation import check_array, check_magnitude, feature_names
from .vectors import feature_variances

__all__ = ["StandardScaler"]


_EPS = 2.0 ** -52


def _is_constant(variance: float, centre: float, n: int) -> bool:
    """True if the variance is no larger than the rounding error of computing it."""
    return variance <= n * _EPS * variance + (n * centre * _EPS) ** 2


class StandardScaler:
    """Scale each feature to mean 0 and standard deviation 1 (scikit-learn's interface).

    Fitted attributes: mean_, var_, scale_ (None when switched off), n_features_in_,
    n_samples_seen_.

    >>> scaler = StandardScaler().fit([[1, 10], [3, 10]])
    >>> scaler.mean_, scaler.var_, scaler.scale_
    ([2.0, 10.0], [1.0, 0.0], [1.0, 1.0])
    >>> scaler.transform([[3, 12]])
    [[1.0, 2.0]]
    >>> scaler.inverse_transform([[1.0, 2.0]])
    [[3.0, 12.0]]
    """

    def __init__(self, *, with_mean: bool = True, with_std: bool = True):
        self.with_mean = with_mean
        self.with_std = with_std

    def __repr__(self) -> str:
        options = [f"{name}=False" for name in ("with_mean", "with_std") if not getattr(self, name)]
        return f"StandardScaler({', '.join(options)})"

    def fit(self, X: Iterable, y=None) -> "StandardScaler":
        """Learn each feature's mean and population variance (two passes, fsum). Returns self.

        A table with string column names (a DataFrame) also sets ``feature_names_in_``.
        """
        names = feature_names(X)
        X = check_array(X, caller="StandardScaler.fit")
        check_magnitude(X, caller="StandardScaler.fit")
        n = len(X)
        means, variances = feature_variances(X)
        self.n_samples_seen_ = n
        self.n_features_in_ = len(means)
        self.__dict__.pop("feature_names_in_", None)
        if names is not None:
            self.feature_names_in_ = list(names)
        self.mean_ = means
        self.var_ = variances if self.with_std else None
        self.scale_ = ([1.0 if _is_constant(v, m, n) else math.sqrt(v)
                        for v, m in zip(variances, means)] if self.with_std else None)
        return self

    def _parts(self) -> tuple[list, list]:
        """(what to subtract, what to divide by) for each feature."""
        if not hasattr(self, "n_features_in_"):
            raise NotFittedError("This StandardScaler instance is not fitted yet; call 'fit' first")
        shift = self.mean_ if self.with_mean else [0.0] * self.n_features_in_
        scale = self.scale_ if self.with_std and self.scale_ is not None else [1.0] * self.n_features_in_
        return shift, scale

    def transform(self, X: Iterable) -> list[list[float]]:
        """z = (x - mean) / scale, feature by feature."""
        shift, scale = self._parts()
        X = check_array(X, caller="StandardScaler.transform", n_features=self.n_features_in_)
        rows = [[(v - m) / s for v, m, s in zip(row, shift, scale)] for row in X]
        return _finite(rows, X, "StandardScaler.transform")

    def fit_transform(self, X: Iterable, y=None) -> list[list[float]]:
        """Fit to X, then transform it (read once, unless it is a table with column names)."""
        if feature_names(X) is None:
            X = check_array(X, caller="StandardScaler.fit_transform")
        return self.fit(X).transform(X)

    def inverse_transform(self, X: Iterable) -> list[list[float]]:
        """x = z * scale + mean: undo ``transform``."""
        shift, scale = self._parts()
        X = check_array(X, caller="StandardScaler.inverse_transform", n_features=self.n_features_in_)
        rows = [[v * s + m for v, m, s in zip(row, shift, scale)] for row in X]
        return _finite(rows, X, "StandardScaler.inverse_transform")


def _finite(rows: list[list[float]], X: list, caller: str) -> list[list[float]]:
    """rows, after checking every result is finite (naming the first input that is not)."""
    if all(map(math.isfinite, chain.from_iterable(rows))):
        return rows
    index, column = next((i, j) for i, row in enumerate(rows) for j, value in enumerate(row)
                         if not math.isfinite(value))
    raise KMeansError(f"{caller} requires results a float can hold; got X[{index}][{column}]="
                      f"{X[index][column]!r}, which scales to {rows[index][column]!r}")
