"""Standard scaling: give every feature mean 0 and standard deviation 1 before clustering.

K-Means measures Euclidean distance, so a feature in dollars (tens of thousands) drowns a
feature in years (tens). Scaling puts them on one footing:

    z[i][f] = (x[i][f] - mean[f]) / scale[f],     scale[f] = sqrt(var[f])  (population, ddof 0)

Variance: the corrected two-pass formula of Chan, Golub and LeVeque, as scikit-learn's
``_incremental_mean_and_var``, each sum taken with ``math.fsum``. With T the batch's mean,

    M2 = sum_i w_i (x_i - T)**2 - (sum_i w_i (x_i - T))**2 / n,      var = M2 / n

The correction term removes the rounding error of T itself, so an exactly constant feature
gets a variance of exactly 0 even when its mean came out one ulp off. Batches (``partial_fit``)
are merged with Chan et al.'s parallel formula: for counts n_a, n_b and means mu_a, mu_b,

    M2 = M2_a + M2_b + (mu_b - mu_a)**2 * n_a n_b / (n_a + n_b)

A constant feature keeps scale 1.0, so nothing is divided by zero. "Constant" allows for
rounding, as scikit-learn's ``_is_constant_feature``: a variance counts as zero when

    var <= n * eps * var + (n * mean * eps)**2        (eps = 2**-52, the bound on its error)

Missing values: NaN is read as missing, as in scikit-learn. ``fit`` ignores it feature by
feature (``n_samples_seen_`` is then a list, one count per feature); ``transform`` keeps it.
``check_array`` refuses NaN, so ``_check_rows`` puts 0.0 in its place, lets ``check_array``
check everything else, and puts the NaN back.

Overflow: ``fit`` refuses values past +-1e150 (``check_magnitude``, as KMeans.fit), so the
squares in the variance stay finite. ``transform`` and ``inverse_transform`` may still meet a
value whose scaled form no float can hold (1e10 against a scale of 1e-300); they raise
KMeansError naming its row and column rather than return infinity.

Public names: StandardScaler, scale.
Reference: scikit-learn's ``sklearn.preprocessing.StandardScaler``; T. F. Chan, G. H. Golub
and R. J. LeVeque (1983), The American Statistician 37(3): 242-247.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from itertools import chain
from typing import Any, Iterable, Sequence

from .errors import KMeansError, NotFittedError
from .validation import (check_array, check_magnitude, check_sample_weight, check_sequence,
                         feature_names, table_rows)
from .vectors import columns

__all__ = ["StandardScaler", "scale"]


_EPS = 2.0 ** -52
_NAN = math.nan


def _is_constant(variance: float, centre: float, n: float) -> bool:
    """True if the variance is no larger than the rounding error of computing it."""
    return variance <= n * _EPS * variance + (n * centre * _EPS) ** 2


def _is_nan(value: Any) -> bool:
    """True for a real number that is NaN (float, NumPy's floats)."""
    return isinstance(value, numbers.Real) and value != value


def _check_rows(X: Iterable, caller: str, n_features: int | None = None, *,
                magnitude: bool = False) -> list[tuple]:
    """check_array's rows, with NaN kept as missing (check_array checks the rest), and
    check_magnitude's bound when magnitude is true (fitting)."""
    rows = check_sequence(table_rows(X), "X", caller, "an iterable of rows")
    holes = []
    for i, row in enumerate(rows):
        if isinstance(row, (list, tuple)) or hasattr(row, "shape"):
            missing = [j for j, value in enumerate(row) if _is_nan(value)]
            if missing:
                holes.append((i, missing))
                rows[i] = [0.0 if j in missing else value for j, value in enumerate(row)]
    checked = check_array(rows, caller=caller, n_features=n_features)
    if magnitude:
        check_magnitude(checked, caller=caller)
    for i, missing in holes:
        checked[i] = tuple(_NAN if j in missing else v for j, v in enumerate(checked[i]))
    return checked


def _batch(column: Sequence[float], weights: Sequence[float] | None) -> tuple:
    """(count, mean, M2) of one feature's non-missing values (corrected two-pass, fsum).

    The mean is T + correction / count, a Fraction: the correction carries the rounding
    error of T, so batches merge as accurately as one fit.
    """
    if weights is None:
        values = [v for v in column if v == v]
        count: float = len(values)
        weights = [1.0] * len(values)
    else:
        pairs = [(v, w) for v, w in zip(column, weights) if v == v]
        values, weights = [v for v, _ in pairs], [w for _, w in pairs]
        count = math.fsum(weights)
    if not count:
        return count, Fraction(0), 0.0
    centre = math.fsum(w * v for v, w in zip(values, weights)) / count
    deviations = [v - centre for v in values]
    correction = math.fsum(w * d for d, w in zip(deviations, weights))
    m2 = math.fsum(w * d * d for d, w in zip(deviations, weights)) - correction * correction / count
    return count, Fraction(centre) + Fraction(correction) / Fraction(count), max(m2, 0.0)


def _merge(old: tuple, new: tuple) -> tuple:
    """(count, mean, M2) of two parts by Chan et al.'s formula; the mean kept to ~106 bits."""
    (n_a, mu_a, m2_a), (n_b, mu_b, m2_b) = old, new
    if not n_b:
        return old     # nothing seen in this batch (scikit-learn's variance would become NaN)
    if not n_a:
        return n_b, _rounded(mu_b), m2_b
    n, delta = n_a + n_b, mu_b - mu_a
    mean = _rounded(mu_a + delta * Fraction(n_b) / Fraction(n))
    return n, mean, math.fsum([m2_a, m2_b, float(delta) ** 2 * (n_a * n_b / n)])


def _rounded(mean: Fraction) -> Fraction:
    """mean rounded to the sum of two floats (so repeated merges keep their size bounded)."""
    high = float(mean)
    return Fraction(high) + Fraction(float(mean - Fraction(high)))


class StandardScaler:
    """Scale each feature to mean 0 and standard deviation 1 (scikit-learn's interface).

    Fitted attributes: mean_ (None if with_mean and with_std are both off), var_ and
    scale_ (None when with_std is off), n_features_in_, n_samples_seen_ (a number, or one
    per feature when some values were NaN; the sum of the weights with sample_weight),
    feature_names_in_ (fitted on a table with string column names).

    >>> scaler = StandardScaler().fit([[1, 10], [3, 10]])
    >>> scaler.mean_, scaler.var_, scaler.scale_
    ([2.0, 10.0], [1.0, 0.0], [1.0, 1.0])
    >>> scaler.transform([[3, 12], [float("nan"), 10]])
    [[1.0, 2.0], [nan, 0.0]]
    >>> scaler.inverse_transform([[1.0, 2.0]])
    [[3.0, 12.0]]
    >>> scaler.partial_fit([[5, 10]]).mean_     # (1 + 3 + 5) / 3
    [3.0, 10.0]
    """

    n_features_in_: int       # set by fit (annotated here for mypy; absent until then)

    def __init__(self, *, with_mean: bool = True, with_std: bool = True):
        self.with_mean = with_mean
        self.with_std = with_std

    def __repr__(self) -> str:
        options = [f"{name}=False" for name in ("with_mean", "with_std") if not getattr(self, name)]
        return f"StandardScaler({', '.join(options)})"

    def fit(self, X: Iterable, y=None, sample_weight: Iterable | None = None) -> "StandardScaler":
        """Learn each feature's mean and population variance (fsum, see above). Returns self.

        NaN values are ignored, feature by feature. A table with string column names (a
        DataFrame) also sets ``feature_names_in_``. With ``sample_weight`` the mean and
        variance are weighted and n_samples_seen_ is the sum of the weights.
        """
        for name in ("n_features_in_", "n_samples_seen_", "mean_", "var_", "scale_",
                     "feature_names_in_", "_stats"):
            self.__dict__.pop(name, None)
        return self._learn(X, sample_weight, "StandardScaler.fit")

    def partial_fit(self, X: Iterable, y=None, sample_weight: Iterable | None = None
                    ) -> "StandardScaler":
        """Update the mean and variance with one more batch of rows. Returns self.

        Batches merge by Chan et al.'s formula (module docstring); any split of the rows
        gives fit's mean and variance up to rounding: within 1e-12 times the largest |x|
        (means) and its square (variances), as tests/test_preprocessing.py checks. A
        feature whose values in a batch are all NaN keeps what it had (scikit-learn 1.9.1
        turns its variance into NaN).
        """
        return self._learn(X, sample_weight, "StandardScaler.partial_fit")

    def _learn(self, X: Iterable, sample_weight, caller: str) -> "StandardScaler":
        """Fold a batch into the running (count, mean, M2) per feature; set the attributes."""
        first = not hasattr(self, "_stats")
        names = feature_names(X)
        X = _check_rows(X, caller, None if first else self.n_features_in_, magnitude=True)
        weights = None if sample_weight is None else check_sample_weight(
            sample_weight, len(X), caller=caller)
        if first:
            self._stats = [(0, Fraction(0), 0.0)] * len(X[0])
            self.n_features_in_ = len(X[0])
            if names is not None:
                self.feature_names_in_ = list(names)
        self._stats = [_merge(old, _batch(column, weights))
                       for old, column in zip(self._stats, columns(X))]
        self._set_attributes()
        return self

    def _set_attributes(self) -> None:
        """mean_, var_, scale_ and n_samples_seen_ from the running statistics."""
        counts = [count for count, _, _ in self._stats]
        self.n_samples_seen_ = counts[0] if len(set(counts)) == 1 else counts
        means = [float(mean) if count else _NAN for count, mean, _ in self._stats]
        variances = [m2 / count if count else _NAN for count, _, m2 in self._stats]
        self.mean_ = means if self.with_mean or self.with_std else None
        self.var_ = variances if self.with_std else None
        self.scale_ = ([1.0 if _is_constant(v, m, n) else math.sqrt(v)
                        for v, m, n in zip(variances, means, counts)] if self.with_std else None)

    def _parts(self) -> tuple[list, list]:
        """(what to subtract, what to divide by) for each feature."""
        if not hasattr(self, "n_features_in_"):
            raise NotFittedError("This StandardScaler instance is not fitted yet; call 'fit' first")
        width = self.n_features_in_
        shift = self.mean_ if self.with_mean and self.mean_ is not None else [0.0] * width
        scale = self.scale_ if self.with_std and self.scale_ is not None else [1.0] * width
        return shift, scale

    def transform(self, X: Iterable) -> list[list[float]]:
        """z = (x - mean) / scale, feature by feature; NaN stays NaN."""
        shift, scale = self._parts()
        X = _check_rows(X, "StandardScaler.transform", self.n_features_in_)
        rows = [[(v - m) / s for v, m, s in zip(row, shift, scale)] for row in X]
        return _finite(rows, X, "StandardScaler.transform")

    def fit_transform(self, X: Iterable, y=None, sample_weight: Iterable | None = None
                      ) -> list[list[float]]:
        """Fit to X, then transform it (read once, unless it is a table with column names)."""
        if feature_names(X) is None:
            X = _check_rows(X, "StandardScaler.fit_transform")
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def inverse_transform(self, X: Iterable) -> list[list[float]]:
        """x = z * scale + mean: undo ``transform``; NaN stays NaN."""
        shift, scale = self._parts()
        X = _check_rows(X, "StandardScaler.inverse_transform", self.n_features_in_)
        rows = [[v * s + m for v, m, s in zip(row, shift, scale)] for row in X]
        return _finite(rows, X, "StandardScaler.inverse_transform")

    def get_feature_names_out(self, input_features: Sequence[str] | None = None) -> list[str]:
        """The output column names: one per input feature, named as it (scikit-learn's rule).

        ``feature_names_in_`` when fitted on a table with string column names, else
        ``input_features`` when given, else ['x0', 'x1', ...].

        >>> StandardScaler().fit([[1, 2], [3, 4]]).get_feature_names_out()
        ['x0', 'x1']

        Raises KMeansError if input_features differs from feature_names_in_ or has the
        wrong length.
        """
        self._parts()       # fitted?
        known = getattr(self, "feature_names_in_", None)
        if input_features is None:
            return list(known) if known is not None else [f"x{i}" for i in range(self.n_features_in_)]
        given = [str(name) for name in check_sequence(
            input_features, "input_features", "StandardScaler.get_feature_names_out", "names")]
        if known is not None and given != list(known):
            raise KMeansError(f"StandardScaler.get_feature_names_out requires input_features "
                              f"equal to feature_names_in_; got {given!r}, not {list(known)!r}")
        if len(given) != self.n_features_in_:
            raise KMeansError(f"StandardScaler.get_feature_names_out requires one name per "
                              f"feature; got {len(given)} names, n_features_in_={self.n_features_in_}")
        return given


def _finite(rows: list[list[float]], X: list, caller: str) -> list[list[float]]:
    """rows, after checking no result is infinite (naming the first input that scales so).

    NaN results come only from NaN inputs (missing values) or a feature never seen
    without NaN, and stay NaN, as in scikit-learn.
    """
    if not any(map(math.isinf, chain.from_iterable(rows))):
        return rows
    index, column = next((i, j) for i, row in enumerate(rows) for j, value in enumerate(row)
                         if math.isinf(value))
    raise KMeansError(f"{caller} requires results a float can hold; got X[{index}][{column}]="
                      f"{X[index][column]!r}, which scales to {rows[index][column]!r}")


def scale(X: Iterable, *, with_mean: bool = True, with_std: bool = True) -> list[list[float]]:
    """Each feature scaled to mean 0 and standard deviation 1: StandardScaler's fit_transform.

        z[i][f] = (x[i][f] - mean[f]) / scale[f]

    >>> scale([[1, 10], [3, 10]])
    [[-1.0, 0.0], [1.0, 0.0]]

    Unlike scikit-learn's ``scale``, which divides a near-constant feature by its tiny
    standard deviation and then re-centres with a warning, this keeps StandardScaler's
    rule (a constant feature keeps scale 1.0), so both give the same numbers. NaN is
    missing, as in StandardScaler. Raises KMeansError as StandardScaler.fit does.
    """
    return StandardScaler(with_mean=with_mean, with_std=with_std).fit_transform(X)
