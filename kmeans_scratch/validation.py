"""Checking input once, at the door: any iterable of rows becomes a list of float tuples.

Public functions accept lists, tuples, generators of rows, NumPy arrays (iterated row by
row; NumPy is never imported), and tables: anything with a ``to_numpy()`` method, as pandas
and polars DataFrames have, is read through it (iterating a DataFrame would give its column
names), and ``feature_names`` gives its column names when they are all strings, as
scikit-learn's ``feature_names_in_``. ``check_array`` turns them into ``list[tuple[float, ...]]``
(``check_columns``: the same rows held as columns, for a big fit) and sorts every input,
once, by what it is, naming the row and column of anything the algorithm cannot use:

    X       a set or dict (no row order), text, a 0-d array, a number    TypeError
    a row   a set or dict (no column order), text                        TypeError
            a number or 0-d array (1-D data), empty data, no features,
            rows of different lengths                                    KMeansError
    a value text, bytes, complex, an array, a container, None            TypeError
            NaN or infinity, or a number no float can hold
            (an int of 400 digits, a huge Fraction or Decimal)           KMeansError

Booleans, integers, Fractions and Decimals are numbers, as in Python and NumPy. The caller's
data is never changed. ``check_magnitude`` refuses values past +-1e150, whose squares would
overflow, where K-Means squares them. The other helpers check sample weights and the
estimator's parameters; ``describe`` shows a value in a message without printing 400 digits.

``check_weighted_squares`` bounds sum(weights) * diameter(X)**2, so weighted inertia fits too.

``check_init`` and ``check_centres`` check an estimator's init and n_init (KMeans and
MiniBatchKMeans alike).

Public functions: check_array, check_columns, check_init, check_centres, feature_names,
table_rows, check_sample_weight, check_n_clusters, check_magnitude, check_weighted_squares,
feature_bounds, check_sequence, describe, unit_weights.
"""

from __future__ import annotations

import math
import numbers
import sys
from array import array
from collections import abc
from itertools import chain
from decimal import Decimal
from typing import Any, Iterable, Sequence

from .errors import KMeansError, warn
from .column_rows import ColumnRows
from .vectors import Vector, columns, dist

__all__ = ["check_array", "check_columns", "check_init", "check_centres", "feature_names", "table_rows", "check_sample_weight", "check_n_clusters", "check_magnitude",
           "check_weighted_squares", "feature_bounds", "check_sequence", "describe", "MAX_MAGNITUDE"]

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
    given = check_sequence(table_rows(X), "X", caller, "an iterable of rows")
    plain = _plain_values(given, n_features)
    if plain is not None:
        values, width = plain
        return list(zip(*[iter(values)] * width))         # cut back into rows
    return _checked_rows(given, caller, n_features)


def check_columns(X: Iterable, *, caller: str = "kmeans") -> ColumnRows:
    """``check_array``'s rows, held as one ``array('d')`` per feature (``ColumnRows``).

    The same checks and errors as ``check_array``; a big fit keeps its rows this way, at
    8 bytes a value instead of a tuple of float objects.

    >>> check_columns([[1, 2], (3.5, True)]).columns
    [array('d', [1.0, 3.5]), array('d', [2.0, 1.0])]
    """
    if isinstance(X, ColumnRows) and len(X) and all(map(math.isfinite, chain.from_iterable(X.columns))):
        return ColumnRows(X.columns)   # a new list of the same arrays: centre replaces, never writes
    given = check_sequence(table_rows(X), "X", caller, "an iterable of rows")
    plain = _plain_values(given, None)
    if plain is not None:
        values, width = plain
        del given
        return ColumnRows(values[feature::width] for feature in range(width))
    return ColumnRows(array("d", column) for column in columns(_checked_rows(given, caller, None)))


def _checked_rows(given: list, caller: str, n_features: int | None) -> list[Vector]:
    """The rows as tuples of floats, checked one by one: the reference for what is accepted."""
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


def feature_names(X: Any) -> tuple[str, ...] | None:
    """The column names of a table (a DataFrame's ``columns``) if all are strings, else None.

    As scikit-learn's ``feature_names_in_``: only string names count (a frame whose columns
    are numbered 0, 1, ... has none), and plain rows have none.

    >>> class Frame:                       # what pandas and polars offer, in miniature
    ...     columns = ["age", "income"]
    ...     def to_numpy(self):
    ...         return [[30, 1.5], [40, 2.5]]
    >>> feature_names(Frame()), feature_names([[30, 1.5]])
    (('age', 'income'), None)
    """
    columns = getattr(X, "columns", None)
    if columns is None or not callable(getattr(X, "to_numpy", None)):
        return None
    names = tuple(columns)
    return names if names and all(isinstance(name, str) for name in names) else None


def table_rows(X: Any) -> Any:
    """A table's rows (``to_numpy()``, as pandas and polars give them), or X itself."""
    if isinstance(X, (list, tuple)) or not callable(getattr(X, "to_numpy", None)):
        return X
    return X.to_numpy()


def _plain_values(rows: list, n_features: int | None) -> tuple[array, int] | None:
    """(all values row after row in one array, the row length) if the rows need no
    conversion, else None (the careful path then converts them, or names what is wrong and
    where).

    "No conversion" is checked for all values at once, at C speed: every row a list or a
    tuple, all of one length, every value a float (``_FLOAT_VALUE`` gives a float's own value,
    a float subclass's too, and refuses anything else) and finite: much faster than the
    row-by-row check, which stays the reference for what is accepted. The rows made from the
    array have new floats that lie in memory in row order: the fit's later passes over X read
    it in order instead of chasing the caller's floats wherever they were made.
    """
    if not rows or not set(map(type, rows)) <= {tuple, list}:
        return None
    widths = set(map(len, rows))
    if len(widths) != 1 or widths == {0} or (n_features is not None and widths != {n_features}):
        return None
    try:                        # all values, row after row, in one array
        values = array("d", map(_FLOAT_VALUE, chain.from_iterable(rows)))
    except TypeError:           # a value that is not a float (an int, text, ...)
        return None
    # (a finite sum has no inf or nan in it: one quick pass, each value read once more if not)
    if not math.isfinite(sum(values)) and not all(map(math.isfinite, values)):
        return None
    return values, widths.pop()


# a float's own value: CPython's float.conjugate is a plain method, far cheaper to call than
# the slot float.__float__; PyPy's calls a subclass's own __float__, so PyPy keeps the slot
_FLOAT_VALUE = float.__float__ if sys.implementation.name == "pypy" else float.conjugate


def check_sequence(items: Any, name: str, caller: str, wanted: str) -> list:
    """list(items), after refusing what has no order (a set, a dict) or is not a sequence.

    >>> check_sequence({1, 2}, "labels", "rand_score", "a sequence of labels")
    Traceback (most recent call last):
    ...
    TypeError: rand_score requires a sequence of labels in a fixed order (a list or tuple); got labels of type set, whose iteration order is not the data's (a set) or gives only keys (a dict)
    """
    if _is_scalar_array(items):
        raise TypeError(f"{caller} requires {wanted}; got {name}={describe(items)}, a 0-d array")
    if isinstance(items, _TEXT) or not isinstance(items, Iterable):
        raise TypeError(f"{caller} requires {wanted}; got {name} of type {type(items).__name__}")
    if isinstance(items, (abc.Set, abc.Mapping)):
        raise TypeError(f"{caller} requires {wanted} in a fixed order (a list or tuple); got "
                        f"{name} of type {type(items).__name__}, {_UNORDERED}")
    try:
        return list(items)
    except TypeError as error:
        raise TypeError(f"{caller} requires {wanted}; could not iterate {name}: {error}") from None


_UNORDERED = "whose iteration order is not the data's (a set) or gives only keys (a dict)"


def _is_scalar_array(value: Any) -> bool:
    """True for a 0-d array such as NumPy's array(3.0): an empty ``shape``, not a number
    (NumPy's scalars, float64(3.0), have that shape too but are numbers)."""
    return getattr(value, "shape", None) == () and not isinstance(value, numbers.Number)


def _check_row(row: Any, index: int, caller: str, numeric_types: set) -> Vector:
    """The row as a tuple of finite floats, or the error that names what is wrong with it."""
    if type(row) is not tuple and type(row) is not list:   # (plain rows skip the slow checks)
        row = _row_values(row, index, caller)
    values = None
    if numeric_types.issuperset(map(type, row)):
        try:
            values = tuple(map(float, row))
        except OverflowError:       # an int too large for a float: _real names it
            pass
    # float("1.5") would quietly accept text, so any unfamiliar type is looked at once.
    if values is None or not all(map(math.isfinite, values)):
        values = tuple(_real(value, f"X[{index}][{column}]", caller)
                       for column, value in enumerate(row))
        # (never a float subclass: float() would call its own __float__, _real reads its value)
        numeric_types.update(kind for kind in map(type, row) if not issubclass(kind, float))
    return values


def _row_values(row: Any, index: int, caller: str) -> tuple:
    """An unusual row as a tuple, or the error saying why it is not a row."""
    if isinstance(row, _TEXT):
        raise TypeError(f"{caller} requires numeric rows; got text {describe(row)} at row {index}")
    if isinstance(row, numbers.Number) or _is_scalar_array(row) \
            or not isinstance(row, abc.Iterable):
        raise KMeansError(f"{caller} requires 2-D data (a sequence of rows); got a number "
                          f"at row {index} ({describe(row)}): use [[value] for value in X] "
                          f"for one feature")
    if isinstance(row, (abc.Set, abc.Mapping)):
        raise TypeError(f"{caller} requires rows in a fixed order (lists or tuples); got a "
                        f"{type(row).__name__} at row {index}, {_UNORDERED}")
    try:
        return tuple(row)
    except TypeError as error:
        raise TypeError(f"{caller} requires rows of numbers; could not iterate row {index}: "
                        f"{error}") from None


def _real(value: Any, where: str, caller: str) -> float:
    """float(value) for a real number a float can hold, else the error that says what it is.

    A float, or an instance of a float subclass (NumPy's float64), gives the float it holds,
    as NumPy and the fast path of ``check_array`` read it.
    """
    if isinstance(value, float):
        number = float.__float__(value)
    else:
        number = _to_float(value, where, caller)
    if not math.isfinite(number):
        if number != number or _equals_infinity(value):
            raise KMeansError(f"{caller} requires finite values; got {where}={describe(value)}")
        raise KMeansError(f"{caller} requires numbers a float can hold (|x| <= "
                          f"{_LARGEST:.4g}); got {where}={describe(value)}")
    return number


def _to_float(value: Any, where: str, caller: str) -> float:
    """float(value), inf past the largest float, or the TypeError that says what value is."""
    kind = _not_a_real_number(value)
    if kind:
        raise TypeError(f"{caller} requires numbers; got {where}={describe(value)} "
                        f"({kind})")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf                       # an int or Fraction past the largest float
    except (TypeError, ValueError):
        if isinstance(value, Decimal):          # float(Decimal('sNaN')) refuses
            raise KMeansError(f"{caller} requires finite values; got {where}="
                              f"{describe(value)}") from None
        raise TypeError(f"{caller} requires numbers; got {where}={describe(value)} "
                        f"of type {type(value).__name__}") from None
    return number


_LARGEST = 1.7976931348623157e308
_SMALLEST_NORMAL = 2.2250738585072014e-308      # sys.float_info.min


def _not_a_real_number(value: Any) -> str:
    """Why value cannot be a coordinate ('text', 'complex', ...), or '' if it may be one."""
    if isinstance(value, (str, bytes, bytearray)):
        return "text"
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        return "complex: its imaginary part would be lost"
    if getattr(value, "shape", None) is not None and not isinstance(value, numbers.Number):
        return "an array, not a number"
    if isinstance(value, (abc.Iterable, abc.Mapping)):
        return f"a {type(value).__name__}, not a number: rows must be flat"
    return ""


def _equals_infinity(value: Any) -> bool:
    """True if value is itself +-infinity (not merely too large for a float)."""
    try:
        return bool(value == math.inf or value == -math.inf)
    except ArithmeticError:
        return False


def describe(value: Any) -> str:
    """A short repr of value for a message: long text is cut, big ints give their size.

    >>> describe(10 ** 400), describe(2.5), describe("x" * 100)[:12]
    ('an int of about 401 digits', '2.5', "'xxxxxxxxxxx")
    """
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10 ** 30:
        return f"an int of about {int(math.log10(abs(value))) + 1} digits"
    try:
        text = repr(value)
    except (ValueError, TypeError):     # repr of a huge int refuses past 4300 digits
        return f"a {type(value).__name__} too large to show"
    return text if len(text) <= 60 else text[:50] + "..." + text[-7:]


def feature_bounds(X: Sequence[Vector]) -> tuple[list[float], list[float]]:
    """(each feature's lowest value, each feature's highest): for ``check_magnitude`` and
    ``check_weighted_squares`` to share, when a caller runs both.

    >>> feature_bounds([(1.0, -2.0), (3.0, 5.0)])
    ([1.0, -2.0], [3.0, 5.0])
    """
    features = list(columns(X))
    return [min(column) for column in features], [max(column) for column in features]


def check_magnitude(X: Sequence[Vector], *, caller: str = "kmeans",
                    bounds: tuple[list[float], list[float]] | None = None) -> None:
    """Raise KMeansError if a value of X is beyond +-MAX_MAGNITUDE, naming where.

    K-Means squares differences of coordinates (inertia, variances, k-means++ draws); past
    about 1e154 those squares overflow to infinity and every result would be meaningless.
    Unlike scikit-learn, which warns about the overflow and returns such results, we refuse.

    >>> check_magnitude([(1.0, 2e200)], caller="KMeans.fit")
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: KMeans.fit requires |values| <= 1e+150 (their squares must fit in a float); got X[0][1]=2e+200

    ``bounds``: X's ``feature_bounds``, if the caller has them (the largest |value| is among them).
    """
    values = chain.from_iterable(bounds if bounds is not None else          # every value:
                                 columns(X) if isinstance(X, ColumnRows) else X)   # by column or row
    if max(map(abs, values)) <= MAX_MAGNITUDE:
        return
    index, column = next((i, j) for i, row in enumerate(X) for j, value in enumerate(row)
                         if abs(value) > MAX_MAGNITUDE)
    raise KMeansError(f"{caller} requires |values| <= {MAX_MAGNITUDE:g} (their squares must fit "
                      f"in a float); got X[{index}][{column}]={X[index][column]!r}")


def unit_weights(weights: Sequence[float]) -> bool:
    """True if every weight is 1.0 (the default): multiplying by them changes nothing.

    >>> unit_weights([1.0, 1.0]), unit_weights([1.0, 2.0])
    (True, False)
    """
    if isinstance(weights, (list, array)):          # count: C speed
        return weights.count(1.0) == len(weights)
    return all(weight == 1.0 for weight in weights)  # any other sequence (a NumPy array)


def check_sample_weight(sample_weight: Iterable | None, n_samples: int, *,
                        caller: str = "kmeans") -> list[float]:
    """Checked weights: n_samples finite floats, each 0 or at least 2.2e-308 (the smallest
    normal float: 1 / a cluster's weight must not overflow), not all zero (None -> all 1.0).

    >>> check_sample_weight(None, 3)
    [1.0, 1.0, 1.0]
    >>> check_sample_weight([1, -2], 2)
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: kmeans requires non-negative sample weights; got sample_weight[1]=-2.0
    """
    if sample_weight is None:
        return [1.0] * n_samples
    given = check_sequence(sample_weight, "sample_weight", caller, "sample_weight to be a sequence "
                      "of numbers")
    weights = [_real(w, f"sample_weight[{i}]", caller) for i, w in enumerate(given)]
    if len(weights) != n_samples:
        raise KMeansError(f"{caller} requires one sample weight per row; got "
                          f"len(sample_weight)={len(weights)}, n_samples={n_samples}")
    for index, weight in enumerate(weights):
        if not math.isfinite(weight) or weight < 0:
            raise KMeansError(f"{caller} requires non-negative sample weights; got "
                              f"sample_weight[{index}]={weight!r}")
        if 0 < weight < _SMALLEST_NORMAL:    # 1 / (a cluster's total weight) would overflow
            raise KMeansError(f"{caller} requires sample weights of 0 or at least "
                              f"{_SMALLEST_NORMAL:.4g} (the reciprocal of a smaller one "
                              f"overflows); got sample_weight[{index}]={weight!r}")
    if not any(weights):
        raise KMeansError(f"{caller} requires a positive total sample weight; got all zeros")
    try:
        total = math.fsum(weights)
    except OverflowError:       # the exact sum is past the largest float
        total = math.inf
    if total > MAX_MAGNITUDE:   # as values: weighted sums of them must fit in a float
        raise KMeansError(f"{caller} requires sum(sample_weight) <= {MAX_MAGNITUDE:g} (weighted "
                          f"sums must fit in a float); got sum(sample_weight)={total:.4g}")
    return weights


def check_weighted_squares(X: Sequence[Vector], weights: list[float], *, caller: str = "kmeans",
                           bounds: tuple[list[float], list[float]] | None = None) -> None:
    """Raise KMeansError unless sum(weights) * diameter(X)**2 <= 1e307.

    Any weighted sum of squared distances between points of X's bounding box is at most
    sum(weights) * diameter**2, so within this bound (a little under the largest float,
    1.8e308, with room for rounding) inertia cannot overflow. Values at the 1e150 limit of
    ``check_magnitude`` with unit weights stay well inside it.

    >>> check_weighted_squares([(0.0,), (1e100,)], [1e120, 1.0], caller="KMeans.score")
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: KMeans.score requires sum(sample_weight) * diameter(X)**2 <= 1e+307 (weighted squares must fit in a float); got sum(sample_weight)=1e+120, diameter(X)=1e+100

    ``bounds``: X's ``feature_bounds``, if the caller has them.
    """
    lowest, highest = feature_bounds(X) if bounds is None else bounds
    total, diameter = math.fsum(weights), dist(lowest, highest)
    if total * diameter * diameter > _LARGEST_SQUARES:
        raise KMeansError(f"{caller} requires sum(sample_weight) * diameter(X)**2 <= "
                          f"{_LARGEST_SQUARES:g} (weighted squares must fit in a float); got "
                          f"sum(sample_weight)={total:.4g}, diameter(X)={diameter:.4g}")


_LARGEST_SQUARES = 1e307     # under the largest float (1.8e308), with room for rounding


def check_init(init: Any, n_init: Any, n_features: int, k: int, *, caller: str,
               random_runs: int) -> tuple:
    """(the given centres or None, the number of runs), after checking init and n_init.

    scikit-learn's rules: init is 'k-means++', 'random', k centres or a callable, and n_init
    an integer >= 1 or 'auto': 1 run for 'k-means++' and given centres, ``random_runs`` for
    'random' and a callable (KMeans 10, MiniBatchKMeans 3). Given centres run once; an
    n_init above 1 then gives a RuntimeWarning, as in scikit-learn.

    >>> check_init("random", "auto", 2, 3, caller="KMeans.fit", random_runs=10)
    (None, 10)

    Raises KMeansError for another init string or an n_init that is not 'auto' or >= 1.
    """
    given = None
    if isinstance(init, str):
        if init not in ("k-means++", "random"):
            raise KMeansError(f"{caller} requires init in ('k-means++', 'random'), k centres or "
                              f"a callable; got init={init!r}")
    elif not callable(init):
        given = check_centres(init, n_features, k, caller=caller)
    if n_init == "auto":
        return given, 1 if given is not None or init == "k-means++" else random_runs
    if isinstance(n_init, bool) or not isinstance(n_init, numbers.Integral) or n_init < 1:
        raise KMeansError(f"{caller} requires n_init >= 1 or 'auto'; got n_init={n_init!r}")
    if given is not None and n_init != 1:
        warn(f"Explicit initial centres given: running once, not n_init={n_init} times (as "
             f"scikit-learn)", RuntimeWarning)
        return given, 1
    return given, int(n_init)


def check_centres(centres: Any, n_features: int, k: int, *, caller: str) -> list[Vector]:
    """The k starting centres given as init (or returned by a callable init), checked.

    >>> check_centres([[0, 1], [2, 3]], 2, 2, caller="KMeans.fit")
    [(0.0, 1.0), (2.0, 3.0)]

    Raises KMeansError unless there are k rows of n_features finite numbers (as check_array).
    """
    centres = check_array(centres, caller=f"{caller} init")
    if len(centres) != k or len(centres[0]) != n_features:
        raise KMeansError(f"{caller} requires init with n_clusters={k} rows of n_features="
                          f"{n_features}; got {len(centres)} rows of {len(centres[0])}")
    return centres


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
