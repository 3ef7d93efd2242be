"""Choosing K: the elbow of the inertia curve (found by Kneedle) and the silhouette peak.

Inertia always falls as K grows, so its minimum says nothing; the *elbow*, where the fall
slows down, does. Kneedle finds it without eyeballing (Satopaa et al., 2011):

    1. normalise:  x' = (K - K_min) / (K_max - K_min),  y' = (J - J_min) / (J_max - J_min)
    2. flip the falling convex curve into a rising concave one:  y'' = 1 - y'
    3. difference from the diagonal:  d = y'' - x'
    4. the knee is the K where d is largest (the first one on ties).

The silhouette search fits K-Means for each K and takes the K with the highest mean
silhouette. ``choose_k`` runs both and says whether they agree, as the tutorial advises.

Public functions: inertia_curve, find_knee, silhouette_search, choose_k.
Reference: V. Satopaa, J. Albrecht, D. Irwin and B. Raghavan (2011), "Finding a 'Kneedle'
in a Haystack", ICDCS Workshops; Rousseeuw (1987) for the silhouette.
"""

from __future__ import annotations

from typing import Callable, Iterable, NamedTuple, Optional, Sequence

from .errors import KMeansError
from .kmeans import KMeans
from .metrics.silhouette import silhouette_score
from .validation import check_array

__all__ = ["inertia_curve", "find_knee", "silhouette_search", "choose_k", "KChoice"]


def _fits(X, ks, kmeans_params, progress) -> Iterable:
    """(k, fitted KMeans) for every k, reporting progress if asked."""
    for k in ks:
        model = KMeans(n_clusters=k, **kmeans_params).fit(X)
        if progress:
            progress(k, model)
        yield k, model


def inertia_curve(X: Iterable, ks: Sequence[int] = range(1, 11), *, progress: Optional[Callable] = None,
                  **kmeans_params) -> list[tuple[int, float]]:
    """(K, inertia) for every K: the elbow method's table.

    >>> curve = inertia_curve([[0], [1], [10], [11]], ks=[1, 2, 3], random_state=0)
    >>> [(k, round(j, 2)) for k, j in curve]
    [(1, 101.0), (2, 1.0), (3, 0.5)]
    """
    X = check_array(X, caller="inertia_curve")
    return [(k, model.inertia_) for k, model in _fits(X, ks, kmeans_params, progress)]


def find_knee(ks: Sequence[float], values: Sequence[float]) -> float:
    """The K at the knee of a falling convex curve, by Kneedle (largest gap below the chord).

    >>> find_knee([1, 2, 3, 4, 5], [100, 50, 10, 8, 6])
    3

    Raises KMeansError for fewer than three points or lengths that differ.
    Reference: Satopaa et al. (2011).
    """
    ks, values = list(ks), list(values)
    if len(ks) != len(values) or len(ks) < 3:
        raise KMeansError(f"find_knee requires at least 3 points of equal length; got "
                          f"{len(ks)} ks and {len(values)} values")
    k_span, low, high = ks[-1] - ks[0], min(values), max(values)
    if k_span == 0 or high == low:
        return ks[0]
    gaps = [(1 - (v - low) / (high - low)) - (k - ks[0]) / k_span for k, v in zip(ks, values)]
    return ks[gaps.index(max(gaps))]


def silhouette_search(X: Iterable, ks: Sequence[int] = range(2, 11), *,
                      progress: Optional[Callable] = None, **kmeans_params
                      ) -> tuple[int, list[tuple[int, float]]]:
    """(best K, [(K, silhouette score), ...]): the K whose clustering has the highest silhouette.

    >>> best, table = silhouette_search([[0], [1], [10], [11], [20], [21]], ks=[2, 3], random_state=0)
    >>> best, [(k, round(s, 3)) for k, s in table]
    (3, [(2, 0.627), (3, 0.898)])
    """
    X = check_array(X, caller="silhouette_search")
    if any(k < 2 or k > len(X) - 1 for k in ks):
        raise KMeansError(f"silhouette_search requires 2 <= K <= n_samples - 1; got ks={list(ks)}")
    table = [(k, silhouette_score(X, model.labels_))
             for k, model in _fits(X, ks, kmeans_params, progress)]
    best = max(table, key=lambda row: row[1])[0]    # first K on ties
    return best, table


class KChoice(NamedTuple):
    """What ``choose_k`` found: both suggestions, their tables, and a sentence about them."""
    k: int
    knee: int
    silhouette_best: int
    inertia: list
    silhouette: list
    agree: bool
    explanation: str


def choose_k(X: Iterable, k_max: int = 10, *, progress: Optional[Callable] = None,
             **kmeans_params) -> KChoice:
    """Pick K by the elbow (Kneedle on K = 1..k_max) and by the silhouette (K = 2..k_max).

    When they agree, that K. When they disagree the silhouette's choice is returned, and the
    explanation says so: look at the clusters before trusting either.

    >>> X = [[0], [1], [2], [10], [11], [12], [20], [21], [22]]
    >>> choice = choose_k(X, k_max=5, random_state=0)
    >>> choice.k, choice.knee, choice.agree     # on 9 points K=1..5, the elbow is unsure
    (3, 2, False)
    """
    X = check_array(X, caller="choose_k")
    k_max = min(k_max, len(X) - 1)
    if k_max < 3:
        raise KMeansError(f"choose_k requires k_max >= 3 and n_samples >= 4; got k_max={k_max}")
    curve, table = [], []
    for k, model in _fits(X, range(1, k_max + 1), kmeans_params, progress):   # one fit per K
        curve.append((k, model.inertia_))
        if k >= 2:
            table.append((k, silhouette_score(X, model.labels_)))
    knee = int(find_knee([k for k, _ in curve], [j for _, j in curve]))   # one of the Ks
    best = max(table, key=lambda row: row[1])[0]    # first K on ties
    if knee == best:
        text = f"The elbow and the silhouette agree: K={best}."
    else:
        text = (f"The elbow suggests K={knee}, the silhouette K={best}; using K={best}. "
                "They disagree, so look at the clusters before trusting either.")
    return KChoice(best, knee, best, curve, table, knee == best, text)
