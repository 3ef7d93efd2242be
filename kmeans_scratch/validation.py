"""Checking input once, at the door: any iterable of rows becomes a list of float tuples.

Public functions accept lists, tuples, generators of rows, and NumPy arrays (iterated row by
row; NumPy is never imported). ``check_array`` turns them into ``list[tuple[float, ...]]``
and rejects, with the row and column named, everything the algorithm cannot use:

    empty data, zero features, a 1-D list of numbers, rows of different lengths,
    strings or other non-numbers (TypeError), NaN or infinity (KMeansError).

Booleans and integers are numbers, as in Python and NumPy. The caller's data is never
changed. ``check_magnitude`` refuses values past +-1e150, whose squares would overflow, where
K-Means squares them. The other helpers check sample weights and the estimator's parameters.

Public functions: check_array, check_sample_weight, check_n_clusters, check_magnitude.
"""

from __future__ import annotations

import math
import numbers
from collections import abc
from itertools import chain
from typing import Any, Iterable

from .errors import KMeansError
from .vectors import Vector

__all__ = ["check_array", "check_sample_weight", "check_n_clusters", "check_magnitude",
           "MAX_MAGNITUDE"]

MAX_MAGNITUDE = 1e150  # squared differences (up to 4e300) and sums of them stay finite

_TEXT = (str, bytes, bytearray)


def check_array(X: Iterable, *, caller: str = "kmeans", n_features: int | None = None
                ) -> list[Vector]:
    """A checked copy of X as a list of equal-length tuples of finite floats.

    >>> check_array([[1, 2], (3.5, True)])
    [(1.0, 2.0), (3.5, 1.0)]
    >>> check_array([[1, 2], [3]])
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: kmeans requires rows of equal length; got row 1 with 1 values, row 0 with 2

    Raises KMeansError for empty data, zero features, ragged rows, NaN or inf, a 1-D list,
    or a row length different from ``n_features`` when given; TypeError for non-numbers.
    """
    if isinstance(X, _TEXT) or not isinstance(X, Iterable):
        raise TypeError(f"{caller} requires an iterable of rows; got X of type {type(X).__name__}")
    given = list(X)
    rows = _plain_floats(given, n_features)
    if rows is not None:
        return rows
    rows = []
    numeric_types = {float, int, bool}   # grows with each type found not to be text
    width = n_features
    for index, row in enumerate(given):
        values = _check_row(row, index, caller, numeric_types)
        if width is None:
            width = len(values)
        if len(values) != width:
            what = "n_features" if n_features is not None else "row 0 with"
            raise KMeansError(f"{caller} requires rows of equal length; got row {index} with "
                              f"{len(values)} values, {what} {width}")
        rows.append(values)
    if not rows:
        raise KMeansError(f"{caller} requires at least one row; got an empty X")
    if width == 0:
        raise KMeansError(f"{caller} requires at least one feature; got rows of length 0")
    return rows


def _plain_floats(rows: list, n_features: int | None) -> list[Vector] | None:
    """The rows as tuples if they need no conversion, else None (the careful path then
    converts them, or names what is wrong and where).

    "No conversion" is checked for all values at once, at C speed: every row a list or a
    tuple, all of one length, every value a finite float: much faster than the row-by-row
    check, which stays the reference for what is accepted.
    """
    if not rows or not set(map(type, rows)) <= {tuple, list}:
        return None
    widths = set(map(len, rows))
    if len(widths) != 1 or (n_features is not None and widths != {n_features}):
        return None
    values = list(chain.from_iterable(rows))
    if set(map(type, values)) != {float} or not all(map(math.isfinite, values)):
        return None
    return list(map(tuple, rows))


def _check_row(row: Any, index: int, caller: str, numeric_types: set) -> Vector:
    """The row as a tuple of finite floats, or the error that names what is wrong with it."""
    if type(row) is not tuple and type(row) is not list:   # (plain rows skip the slow checks)
        if isinstance(row, _TEXT):
            raise TypeError(f"{caller} requires numeric rows; got text {row!r} at row {index}")
        if isinstance(row, numbers.Number) or not isinstance(row, abc.Iterable):
            raise KMeansError(f"{caller} requires 2-D data (a sequence of rows); got a number "
                              f"at row {index}: use [[value] for value in X] for one feature")
        row = tuple(row)
    try:
        values = tuple(map(float, row))
    except (TypeError, ValueError):
        values = None
    # float("1.5") would quietly accept text, so any unfamiliar type is looked at once.
    if values is None or not numeric_types.issuperset(map(type, row)):
        values = tuple(_check_number(value, index, column, caller)
                       for column, value in enumerate(row))
        numeric_types.update(map(type, row))
    if not all(map(math.isfinite, values)):
        column = next(c for c, v in enumerate(values) if not math.isfinite(v))
        raise KMeansError(f"{caller} requires finite values; got X[{index}][{column}]="
                          f"{values[column]!r}")
    return values


def _check_number(value: Any, index: int, column: int, caller: str) -> float:
    """float(value), or a TypeError naming the row and column of a non-number."""
    if isinstance(value, _TEXT) or isinstance(value, complex):
        raise TypeError(f"{caller} requires numbers; got X[{index}][{column}]={value!r}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"{caller} requires numbers; got X[{index}][{column}]={value!r} "
                        f"of type {type(value).__name__}") from None


def check_magnitude(X: list, *, caller: str = "kmeans") -> None:
    """Raise KMeansError if a value of X is beyond +-MAX_MAGNITUDE, naming where.

    K-Means squares differences of coordinates (inertia, variances, k-means++ draws); past
    about 1e154 those squares overflow to infinity and every result would be meaningless.
    Unlike scikit-learn, which warns about the overflow and returns such results, we refuse.

    >>> check_magnitude([(1.0, 2e200)], caller="KMeans.fit")
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: KMeans.fit requires |values| <= 1e+150 (their squares must fit in a float); got X[0][1]=2e+200
    """
    if max(max(map(abs, column)) for column in zip(*X)) <= MAX_MAGNITUDE:
        return
    index, column = next((i, j) for i, row in enumerate(X) for j, value in enumerate(row)
                         if abs(value) > MAX_MAGNITUDE)
    raise KMeansError(f"{caller} requires |values| <= {MAX_MAGNITUDE:g} (their squares must fit "
                      f"in a float); got X[{index}][{column}]={X[index][column]!r}")


def check_sample_weight(sample_weight: Iterable | None, n_samples: int, *,
                        caller: str = "kmeans") -> list[float]:
    """Checked weights: n_samples finite, non-negative floats, not all zero (None -> all 1.0).

    >>> check_sample_weight(None, 3)
    [1.0, 1.0, 1.0]
    >>> check_sample_weight([1, -2], 2)
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: kmeans requires non-negative sample weights; got sample_weight[1]=-2.0
    """
    if sample_weight is None:
        return [1.0] * n_samples
    if isinstance(sample_weight, _TEXT) or not isinstance(sample_weight, Iterable):
        raise TypeError(f"{caller} requires sample_weight to be a sequence of numbers; got "
                        f"{type(sample_weight).__name__}")
    weights = [_check_number(w, i, 0, caller) for i, w in enumerate(sample_weight)]
    if len(weights) != n_samples:
        raise KMeansError(f"{caller} requires one sample weight per row; got "
                          f"len(sample_weight)={len(weights)}, n_samples={n_samples}")
    for index, weight in enumerate(weights):
        if not math.isfinite(weight) or weight < 0:
            raise KMeansError(f"{caller} requires non-negative sample weights; got "
                              f"sample_weight[{index}]={weight!r}")
    if not any(weights):
        raise KMeansError(f"{caller} requires a positive total sample weight; got all zeros")
    return weights


def check_n_clusters(n_clusters: Any, n_samples: int, *, caller: str = "kmeans") -> int:
    """n_clusters as an int, after checking 1 <= n_clusters <= n_samples.

    >>> check_n_clusters(5, 3)
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: kmeans requires 1 <= n_clusters <= n_samples; got n_clusters=5, n_samples=3
    """
    if isinstance(n_clusters, bool) or not isinstance(n_clusters, numbers.Integral):
        raise TypeError(f"{caller} requires an integer n_clusters; got n_clusters={n_clusters!r}")
    if not 1 <= int(n_clusters) <= n_samples:
        raise KMeansError(f"{caller} requires 1 <= n_clusters <= n_samples; got "
                          f"n_clusters={n_clusters}, n_samples={n_samples}")
    return int(n_clusters)
