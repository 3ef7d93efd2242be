"""The contingency table of two labelings, and the pair counts built from it.

For labelings a (true classes) and b (predicted clusters) of the same n points,

    n_ij = number of points with class i in a and cluster j in b

Row sums a_i and column sums b_j are the class and cluster sizes. Every external metric
(Rand, adjusted Rand, mutual information) is a function of this table. Counts stay integers.

Labels may be any hashable values (ints, strings, ...) in a list, tuple or 1-D array. Every
metric checks them once with ``check_labels``: unordered containers (sets, dicts), text and
0-d arrays are refused (TypeError), so are unhashable labels (TypeError naming the index);
NaN and infinite labels are refused (KMeansError), as scikit-learn refuses them, since NaN
is not equal to itself and would count as one label or many depending on object identity.

Public functions: contingency_matrix, pair_confusion_matrix, distinct_labels, check_labels,
check_labelings, and for checked labels table_of, pair_counts.
Reference: L. Hubert and P. Arabie (1985), J. Classification 2: 193-218.
"""

from __future__ import annotations

import math
import numbers
from typing import Any, Hashable, Iterable, Sequence

from ..errors import KMeansError
from ..validation import check_sequence, describe

__all__ = ["contingency_matrix", "pair_confusion_matrix", "distinct_labels", "check_labels",
           "check_labelings", "table_of", "pair_counts"]


def check_labels(labels: Iterable, caller: str, name: str = "labels") -> list:
    """The labels as a list, after checking each is hashable and not NaN or infinite.

    >>> check_labels(("a", 2), "rand_score")
    ['a', 2]
    >>> check_labels([0, float("nan")], "adjusted_rand_score", "labels_true")
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: adjusted_rand_score requires labels that are not NaN or infinite (as scikit-learn); got labels_true[1]=nan
    """
    labels = check_sequence(labels, name, caller, "a sequence of labels")
    if set(map(type, labels)) <= {int, str}:      # the usual case, checked at C speed
        return labels
    for index, label in enumerate(labels):
        if _not_finite(label):
            raise KMeansError(f"{caller} requires labels that are not NaN or infinite (as "
                              f"scikit-learn); got {name}[{index}]={describe(label)}")
        try:
            hash(label)
        except TypeError:
            raise TypeError(f"{caller} requires hashable labels (numbers, strings, tuples); got "
                            f"{name}[{index}]={describe(label)} of type "
                            f"{type(label).__name__}") from None
    return labels


def _not_finite(label: Any) -> bool:
    """True for NaN (never equal to itself) and +-infinity, of any numeric type."""
    try:
        return bool(label != label or label == math.inf or label == -math.inf)
    except ArithmeticError:     # Decimal('sNaN') refuses even to be compared
        return True
    except (TypeError, ValueError):     # an array's comparison has no single truth value
        return False


def distinct_labels(labels: Sequence[Hashable]) -> list:
    """The distinct labels, sorted when they can be (as numpy.unique), else by first appearance.

    >>> distinct_labels(["b", "a", "b"]), distinct_labels([2, "x", 2])
    (['a', 'b'], [2, 'x'])
    """
    distinct = list(dict.fromkeys(labels))
    try:
        return sorted(distinct)
    except TypeError:
        return distinct


def check_labelings(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable],
                    caller: str) -> tuple[list, list]:
    """Both labelings as lists, after checking each (check_labels) and their lengths."""
    labels_true = check_labels(labels_true, caller, "labels_true")
    labels_pred = check_labels(labels_pred, caller, "labels_pred")
    if len(labels_true) != len(labels_pred):
        raise KMeansError(f"{caller} requires labelings of equal length; got "
                          f"{len(labels_true)} and {len(labels_pred)}")
    return labels_true, labels_pred


def contingency_matrix(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable], *,
                       eps: float | None = None) -> list[list]:
    """The table n_ij: rows are the classes of labels_true, columns the clusters of labels_pred.

    Labels may be any hashable values; rows and columns follow their sorted order. With
    ``eps`` every cell is the float n_ij + eps (as scikit-learn, to keep a later log or
    division away from zero); without it the cells are ints.

    >>> contingency_matrix(["a", "a", "b", "c"], [0, 0, 1, 1])
    [[2, 0], [0, 1], [0, 1]]
    >>> contingency_matrix([0, 0, 1], [0, 1, 1], eps=0.5)
    [[1.5, 1.5], [0.5, 1.5]]

    Raises KMeansError if the labelings differ in length or hold NaN, or eps is negative,
    NaN or infinite; TypeError for unhashable labels, unordered containers (see
    check_labels) or an eps that is not a number.
    """
    labels_true, labels_pred = check_labelings(labels_true, labels_pred, "contingency_matrix")
    table = table_of(labels_true, labels_pred)
    if eps is None:
        return table
    eps = _check_eps(eps)
    return [[float(n_ij) + eps for n_ij in row] for row in table]


def _check_eps(eps: Any) -> float:
    """eps as a float, after checking it is a finite number >= 0 (scikit-learn's bound)."""
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real):
        raise TypeError(f"contingency_matrix requires a number or None for eps; got "
                        f"eps={describe(eps)} of type {type(eps).__name__}")
    try:
        value = float(eps)
    except OverflowError:       # an int or Fraction past the largest float
        value = math.inf
    if not 0 <= value < math.inf:
        raise KMeansError(f"contingency_matrix requires 0 <= eps < inf; got eps={describe(eps)}")
    return value


def table_of(labels_true: list, labels_pred: list) -> list[list[int]]:
    """The contingency table of two labelings already checked by check_labelings."""
    rows = {c: i for i, c in enumerate(distinct_labels(labels_true))}
    columns = {c: j for j, c in enumerate(distinct_labels(labels_pred))}
    table = [[0] * len(columns) for _ in rows]
    for a, b in zip(labels_true, labels_pred):
        table[rows[a]][columns[b]] += 1
    return table


def pair_confusion_matrix(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]
                          ) -> list[list[int]]:
    """Counts of ordered point pairs [[C00, C01], [C10, C11]] (scikit-learn's layout).

        C11  pairs together in both labelings       = sum_ij n_ij**2 - n
        C01  together in pred only  = sum_j b_j**2 - sum_ij n_ij**2
        C10  together in true only  = sum_i a_i**2 - sum_ij n_ij**2
        C00  apart in both          = n**2 - C01 - C10 - sum_ij n_ij**2

    >>> pair_confusion_matrix([0, 0, 1, 1], [0, 0, 1, 1])
    [[8, 0], [0, 4]]
    """
    labels_true, labels_pred = check_labelings(labels_true, labels_pred, "pair_confusion_matrix")
    return pair_counts(table_of(labels_true, labels_pred))


def pair_counts(table: list[list[int]]) -> list[list[int]]:
    """[[C00, C01], [C10, C11]] from a contingency table."""
    n = sum(map(sum, table))
    sum_squares = sum(v * v for row in table for v in row)
    true_pairs = sum(sum(row) ** 2 for row in table)
    pred_pairs = sum(sum(column) ** 2 for column in zip(*table)) if table else 0
    c11 = sum_squares - n
    c01 = pred_pairs - sum_squares
    c10 = true_pairs - sum_squares
    c00 = n * n - c01 - c10 - sum_squares
    return [[c00, c01], [c10, c11]]
