"""Information-theoretic comparison of two labelings: entropy, mutual information and its forms.

With n_ij the contingency table, a_i and b_j its row and column sums and N the total,

    H(U)    = - sum_i (a_i / N) ln(a_i / N)                         (entropy of a labeling)
    MI(U,V) =   sum_ij (n_ij / N) ln(N n_ij / (a_i b_j))            (mutual information)
    NMI     = MI / mean(H(U), H(V))       mean: arithmetic (default), geometric, min or max
    AMI     = (MI - E[MI]) / (mean(H(U), H(V)) - E[MI])             (adjusted for chance)
    homogeneity  h = MI / H(U)     (each cluster holds one class)
    completeness c = MI / H(V)     (each class sits in one cluster)
    V-measure      = 2 h c / (h + c)

E[MI] is the expected mutual information of random labelings with the same sizes (the
hypergeometric model). Edge cases follow scikit-learn: two labelings that each put every
point in one cluster score 1.0; MI = 0 gives NMI 0.0; results are clamped to [0, 1] where
the score is defined there.

Public functions: entropy, mutual_info_score, normalized_mutual_info_score,
adjusted_mutual_info_score, homogeneity_score, completeness_score, v_measure_score.
Reference: N. X. Vinh, J. Epps and J. Bailey (2010), JMLR 11: 2837-2854;
A. Rosenberg and J. Hirschberg (2007), EMNLP-CoNLL.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Hashable, Sequence

from ..errors import KMeansError
from .contingency import check_labelings, check_labels, table_of

__all__ = ["entropy", "mutual_info_score", "normalized_mutual_info_score",
           "adjusted_mutual_info_score", "homogeneity_score", "completeness_score",
           "v_measure_score"]


def entropy(labels: Sequence[Hashable]) -> float:
    """H = - sum_i p_i ln p_i over the cluster proportions p_i (natural log).

    >>> round(entropy([0, 0, 1, 1]), 6)      # ln 2
    0.693147
    >>> entropy([]), entropy([7, 7])
    (1.0, 0.0)

    No labels give 1.0, scikit-learn's convention: H is undefined there, and its scores
    treat two empty labelings as identical (NMI, homogeneity and V-measure 1.0), which a
    normalizer of 1 keeps consistent. (scikit-learn 1.8 deprecated its public entropy.)
    """
    return _entropy(check_labels(labels, "entropy"))


def _entropy(labels: list) -> float:
    """The entropy of checked labels."""
    n = len(labels)
    if n == 0:
        return 1.0      # scikit-learn's convention (see entropy)
    counts = Counter(labels).values()
    return max(0.0, -math.fsum(c / n * math.log(c / n) for c in counts))


def _mutual_info(table: list[list[int]]) -> float:
    """MI from a contingency table (natural log), clamped at 0 against rounding."""
    n = sum(map(sum, table))
    rows = [sum(row) for row in table]
    columns = [sum(column) for column in zip(*table)]
    terms = (n_ij / n * math.log(n * n_ij / (rows[i] * columns[j]))
             for i, row in enumerate(table) for j, n_ij in enumerate(row) if n_ij)
    return max(0.0, math.fsum(terms))


def mutual_info_score(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]) -> float:
    """MI = sum_ij (n_ij / N) ln(N n_ij / (a_i b_j)), in nats.

    >>> round(mutual_info_score([0, 0, 1, 1], [1, 1, 0, 0]), 6)
    0.693147
    """
    labels_true, labels_pred = check_labelings(labels_true, labels_pred, "mutual_info_score")
    return _mutual_info(table_of(labels_true, labels_pred))


def _generalized_mean(u: float, v: float, average_method: str,
                      caller: str = "normalized_mutual_info_score") -> float:
    """The mean of two entropies named by average_method."""
    if average_method == "arithmetic":
        return (u + v) / 2
    if average_method == "geometric":
        return math.sqrt(u * v)
    if average_method == "min":
        return min(u, v)
    if average_method == "max":
        return max(u, v)
    raise KMeansError(f"{caller} requires average_method in ('arithmetic', "
                      f"'geometric', 'min', 'max'); got average_method={average_method!r}")


def _both_trivial(labels_true: list, labels_pred: list) -> bool:
    """True when both labelings have one cluster each, or no points (scikit-learn's 1.0 case)."""
    k_true, k_pred = len(set(labels_true)), len(set(labels_pred))
    return k_true == k_pred and k_true in (0, 1)


def normalized_mutual_info_score(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable],
                                 *, average_method: str = "arithmetic") -> float:
    """NMI = MI / mean(H(true), H(pred)), between 0 (independent) and 1 (the same partition).

    >>> normalized_mutual_info_score([0, 0, 1, 2], [0, 0, 1, 1])
    0.8
    >>> round(normalized_mutual_info_score([0, 0, 1, 2], [0, 0, 1, 1], average_method="max"), 4)
    0.6667

    Raises KMeansError for an unknown average_method or labelings of unequal length.
    Reference: Vinh, Epps and Bailey (2010).
    """
    labels_true, labels_pred = check_labelings(labels_true, labels_pred, "normalized_mutual_info_score")
    _generalized_mean(0.0, 0.0, average_method)   # validate the name early
    if _both_trivial(labels_true, labels_pred):
        return 1.0
    mi = _mutual_info(table_of(labels_true, labels_pred))
    if mi == 0:
        return 0.0
    normalizer = _generalized_mean(_entropy(labels_true), _entropy(labels_pred), average_method)
    return min(1.0, mi / normalizer)


def expected_mutual_info(table: list[list[int]]) -> float:
    """E[MI] for random labelings with the table's row and column sums (hypergeometric model).

        E[MI] = sum_ij sum_{k=max(1, a_i+b_j-N)}^{min(a_i, b_j)} (k/N) ln(N k / (a_i b_j))
                * a_i! b_j! (N-a_i)! (N-b_j)! / (N! k! (a_i-k)! (b_j-k)! (N-a_i-b_j+k)!)

    The factorials are handled as log-gamma values, ln m! = lgamma(m + 1).
    """
    n = sum(map(sum, table))
    rows = [sum(row) for row in table]
    columns = [sum(column) for column in zip(*table)]
    log_fact = [math.lgamma(m + 1) for m in range(n + 1)]
    terms = []
    for a in rows:
        for b in columns:
            start = log_fact[a] + log_fact[b] + log_fact[n - a] + log_fact[n - b] - log_fact[n]
            for k in range(max(1, a + b - n), min(a, b) + 1):
                log_p = start - (log_fact[k] + log_fact[a - k] + log_fact[b - k]
                                 + log_fact[n - a - b + k])
                terms.append(k / n * math.log(n * k / (a * b)) * math.exp(log_p))
    return math.fsum(terms)


def adjusted_mutual_info_score(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable],
                               *, average_method: str = "arithmetic") -> float:
    """AMI = (MI - E[MI]) / (mean(H(true), H(pred)) - E[MI]): 1 when identical, ~0 by chance.

    >>> round(adjusted_mutual_info_score([0, 0, 1, 1], [0, 0, 1, 1]), 6)
    1.0

    Reference: Vinh, Epps and Bailey (2010).
    """
    labels_true, labels_pred = check_labelings(labels_true, labels_pred, "adjusted_mutual_info_score")
    _generalized_mean(0.0, 0.0, average_method, "adjusted_mutual_info_score")
    if _both_trivial(labels_true, labels_pred):
        return 1.0
    table = table_of(labels_true, labels_pred)
    mi, emi = _mutual_info(table), expected_mutual_info(table)
    normalizer = _generalized_mean(_entropy(labels_true), _entropy(labels_pred), average_method)
    denominator = normalizer - emi
    # keep the sign but stay away from zero, as scikit-learn does
    eps = 2.220446049250313e-16
    denominator = min(denominator, -eps) if denominator < 0 else max(denominator, eps)
    return (mi - emi) / denominator


def _homogeneity_completeness(labels_true, labels_pred, caller: str) -> tuple[float, float]:
    """(MI / H(true), MI / H(pred)), each 1.0 when its entropy is 0."""
    labels_true, labels_pred = check_labelings(labels_true, labels_pred, caller)
    if not labels_true:
        return 1.0, 1.0
    mi = _mutual_info(table_of(labels_true, labels_pred))
    h_true, h_pred = _entropy(labels_true), _entropy(labels_pred)
    return (mi / h_true if h_true else 1.0), (mi / h_pred if h_pred else 1.0)


def homogeneity_score(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]) -> float:
    """h = MI / H(true): 1 when every cluster contains members of a single class.

    >>> homogeneity_score([0, 0, 1, 1], [0, 0, 1, 2])
    1.0
    """
    return _homogeneity_completeness(labels_true, labels_pred, "homogeneity_score")[0]


def completeness_score(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable]) -> float:
    """c = MI / H(pred): 1 when all members of each class are in the same cluster.

    >>> round(completeness_score([0, 0, 1, 1], [0, 0, 1, 2]), 4)
    0.6667
    """
    return _homogeneity_completeness(labels_true, labels_pred, "completeness_score")[1]


def v_measure_score(labels_true: Sequence[Hashable], labels_pred: Sequence[Hashable], *,
                    beta: float = 1.0) -> float:
    """V = (1 + beta) h c / (beta h + c), the harmonic mean of homogeneity and completeness.

    >>> round(v_measure_score([0, 0, 1, 1], [0, 0, 1, 2]), 4)
    0.8
    """
    h, c = _homogeneity_completeness(labels_true, labels_pred, "v_measure_score")
    if h + c == 0:
        return 0.0
    return (1 + beta) * h * c / (beta * h + c)
