"""The Rand index and its chance-adjusted form: do two labelings group the same pairs?

With the pair counts of ``pair_confusion_matrix`` (C11 together in both, C00 apart in both),

    RI  = (C00 + C11) / (C00 + C01 + C10 + C11)
    ARI = 2 (C11 C00 - C01 C10) / ((C11 + C01)(C01 + C00) + (C11 + C10)(C10 + C00))

ARI is 1 for identical partitions (under any renaming), about 0 for random ones, and can be
negative. All counts are integers; only the last division is in floating point.

Public functions: rand_score, adjusted_rand_score.
Reference: W. M. Rand (1971), JASA 66: 846-850; L. Hubert and P. Arabie (1985).
"""

from __future__ import annotations

from typing import Hashable, Sequence

from .contingency import check_labelings, pair_counts, table_of

__all__ = ["rand_score", "adjusted_rand_score"]


def rand_score(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]) -> float:
    """Fraction of point pairs on which the labelings agree (together in both or apart in both).

    >>> round(rand_score([0, 0, 1, 2], [0, 0, 1, 1]), 4)
    0.8333

    Identical labelings, and fewer than two points, give 1.0.
    """
    labels_true, labels_pred = check_labelings(labels_true, labels_pred, "rand_score")
    (c00, c01), (c10, c11) = pair_counts(table_of(labels_true, labels_pred))
    agree, total = c00 + c11, c00 + c01 + c10 + c11
    if agree == total or total == 0:
        return 1.0
    return agree / total


def adjusted_rand_score(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]) -> float:
    """The Rand index adjusted for chance: 1 for identical partitions, ~0 for random ones.

    >>> round(adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]), 4)
    0.5714
    >>> adjusted_rand_score(["x", "x", "y"], [5, 5, 7])
    1.0

    Identical partitions (including all points in one cluster) give exactly 1.0.
    Reference: Hubert and Arabie (1985).
    """
    labels_true, labels_pred = check_labelings(labels_true, labels_pred, "adjusted_rand_score")
    (c00, c01), (c10, c11) = pair_counts(table_of(labels_true, labels_pred))
    if c01 == 0 and c10 == 0:
        return 1.0
    return 2.0 * (c11 * c00 - c01 * c10) / ((c11 + c01) * (c01 + c00) + (c11 + c10) * (c10 + c00))
