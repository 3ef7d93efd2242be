"""The Fowlkes-Mallows index: the geometric mean of pair precision and pair recall.

Count the pairs of points that share a cluster: TP in both labelings, and P_true, P_pred in
each. With n_ij the contingency table, a_i and b_j its row and column sums,

    TP = sum_ij comb(n_ij, 2),   P_true = sum_i comb(a_i, 2),   P_pred = sum_j comb(b_j, 2)
    FMI = TP / sqrt(P_true * P_pred) = sqrt(TP / P_true * TP / P_pred)

It lies in [0, 1]: 1 for identical partitions, near 0 for independent ones. The counts are
exact integers (``math.comb``) until the one division. Scikit-learn counts ordered pairs
(tk = 2 TP, ...), which leaves the ratio unchanged.

Public function: fowlkes_mallows_score.
Reference: E. B. Fowlkes and C. L. Mallows (1983), JASA 78: 553-569.
"""

from __future__ import annotations

import math
from typing import Hashable, Sequence

from .contingency import check_labelings, table_of

__all__ = ["fowlkes_mallows_score"]


def fowlkes_mallows_score(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]
                          ) -> float:
    """FMI = TP / sqrt(P_true * P_pred), from the pair counts of the two labelings.

    >>> fowlkes_mallows_score([0, 0, 1, 1], [1, 1, 0, 0])
    1.0
    >>> fowlkes_mallows_score([0, 0, 0, 0], [0, 1, 2, 3])     # TP = 0
    0.0
    >>> round(fowlkes_mallows_score([0, 0, 1, 2], [0, 0, 1, 1]), 6)   # 1 / sqrt(1 * 2)
    0.707107

    As scikit-learn: TP = 0 gives 0.0, which covers no points, one point and all
    singletons. Raises KMeansError if the labelings differ in length or hold NaN;
    TypeError for unhashable labels (see contingency.check_labels).
    Reference: Fowlkes and Mallows (1983).
    """
    labels_true, labels_pred = check_labelings(labels_true, labels_pred, "fowlkes_mallows_score")
    table = table_of(labels_true, labels_pred)
    together = sum(math.comb(n_ij, 2) for row in table for n_ij in row)
    if together == 0:
        return 0.0
    true_pairs = sum(math.comb(sum(row), 2) for row in table)
    pred_pairs = sum(math.comb(sum(column), 2) for column in zip(*table))
    return together / math.sqrt(true_pairs * pred_pairs)
