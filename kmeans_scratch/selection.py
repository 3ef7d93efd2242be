"""Choosing K: the elbow of the inertia curve (Kneedle), the silhouette peak and the gap statistic.

Inertia always falls as K grows, so its minimum says nothing; the *elbow*, where the fall
slows down, does. Kneedle finds it without eyeballing (Satopaa et al., 2011):

    1. normalise:  x' = (K - K_min) / (K_max - K_min),  y' = (J - J_min) / (J_max - J_min)
    2. flip the falling convex curve into a rising concave one:  y'' = 1 - y'
    3. difference from the diagonal:  d = y'' - x'
    4. the knee is the K where d is largest (the first one on ties).

The silhouette search fits K-Means for each K and takes the K with the highest mean
silhouette. The gap statistic (Tibshirani, Walther and Hastie, 2001) compares log W_k, the
log of the pooled within-cluster sum of squares, with its mean over B reference data sets
drawn uniformly in the data's bounding box (or in the box of its principal components),
where there are no clusters:

    W_k         = sum_r D_r / (2 n_r),  D_r = sum of squared distances over pairs i, i' in cluster r
                = sum_r sum_{i in r} ||x_i - mean_r||**2     (so W_k is K-Means' inertia)
    gap(k)      = (1/B) sum_b log W*_kb  -  log W_k
    s_k         = sd_k * sqrt(1 + 1/B),  sd_k the population sd of the B values log W*_kb
    chosen K    = the smallest k with gap(k) >= gap(k+1) - s_(k+1)     (the 1-SE rule)

``choose_k`` runs all three and says whether they agree, as the tutorial advises.

Public functions: inertia_curve, find_knee, silhouette_search, gap_statistic, choose_k.
Reference: V. Satopaa, J. Albrecht, D. Irwin and B. Raghavan (2011), "Finding a 'Kneedle'
in a Haystack", ICDCS Workshops; Rousseeuw (1987) for the silhouette; R. Tibshirani,
G. Walther and T. Hastie (2001), "Estimating the number of clusters in a data set via the
gap statistic", J. R. Statist. Soc. B 63(2): 411-423.
"""

from __future__ import annotations

import math
import statistics
from typing import Callable, Iterable, NamedTuple, Optional, Sequence

from .errors import KMeansError
from .kmeans import KMeans
from .metrics.silhouette import silhouette_score
from .randomness import RandomState, check_random_state
from .validation import check_array
from .vectors import Labels, Vector, columns, mean, squared_distance

__all__ = ["inertia_curve", "find_knee", "silhouette_search", "choose_k", "KChoice", "gap_statistic",
           "GapStatistic", "within_cluster_sum_of_squares"]


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


class GapStatistic(NamedTuple):
    """What ``gap_statistic`` found: the chosen K and, per K, the gap and its standard error."""
    k: int
    ks: list
    gaps: list
    standard_errors: list
    log_w: list             # log W_k of the data
    expected_log_w: list    # the mean of log W*_k over the reference data sets


def within_cluster_sum_of_squares(X: Sequence[Vector], labels: Labels) -> float:
    """W_k: the pooled within-cluster sum of squares, sum_r D_r / (2 n_r), about the means.

    D_r sums the squared distances over all ordered pairs in cluster r, and D_r / (2 n_r) is
    the cluster's sum of squared distances to its mean: two points 2 apart give D = 2 * 4 = 8,
    and 8 / (2 * 2) = 2 = 1**2 + 1**2.

    >>> within_cluster_sum_of_squares([(0.0,), (2.0,), (10.0,)], [0, 0, 1])
    2.0
    """
    clusters: dict = {}
    for x, label in zip(X, labels):
        clusters.setdefault(label, []).append(x)
    return math.fsum(squared_distance(x, centre) for members in clusters.values()
                     for centre in [mean(members)] for x in members)


def gap_statistic(X: Iterable, ks: Sequence[int] = range(1, 11), *, n_refs: int = 10,
                  reference: str = "box", random_state=None, n_init: int = 10,
                  n_init_refs: int = 1, **kmeans_params) -> GapStatistic:
    """The gap statistic for each K, and the K it picks by the 1-SE rule.

    For each K, KMeans clusters X and each of ``n_refs`` (B) reference data sets, drawn
    uniformly in X's bounding box ('box') or in the box of its principal components
    ('pca', Tibshirani's method b, which follows the data's shape). Then

        gap(k) = (1/B) sum_b log W*_kb - log W_k,     s_k = sd_k * sqrt(1 + 1/B)

    and the choice is the smallest k with gap(k) >= gap(k+1) - s_(k+1) (the last K when
    none has). W_k is computed about the cluster means from the labels: KMeans' inertia.
    The reference fits use ``n_init_refs`` starts each (default 1: uniform data has no
    clusters to miss, and the B of them average out the luck of a start).

    >>> X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0],
    ...      [9.0, 9.0], [9.0, 10.0], [10.0, 9.0], [10.0, 10.0]]
    >>> result = gap_statistic(X, [1, 2, 3], n_refs=5, random_state=0)
    >>> result.k, result.ks, round(math.exp(result.log_w[1]), 6)   # W_2 = 4 * 0.5 + 4 * 0.5
    (2, [1, 2, 3], 4.0)

    One generator (from ``random_state``) draws everything in order: the fits of X, then
    the B reference sets, then their fits; the same ``random_state`` gives the same result.
    Raises KMeansError for an unknown reference, n_refs < 1, Ks that do not rise within
    1..n_samples, or W_k = 0 (as many clusters as distinct points: log W_k is -inf).
    Reference: Tibshirani, Walther and Hastie (2001), J. R. Statist. Soc. B 63(2): 411-423.
    """
    X = check_array(X, caller="gap_statistic")
    ks = _check_gap_options(ks, len(X), n_refs, reference)
    rng = check_random_state(random_state)
    log_w = [_log_w(X, KMeans(n_clusters=k, n_init=n_init, random_state=rng, **kmeans_params)
                    .fit(X).labels_, k) for k in ks]
    return _gap(X, ks, log_w, n_refs, reference, rng,
                dict(kmeans_params, n_init=n_init_refs, random_state=rng))


def _check_gap_options(ks: Sequence[int], n_samples: int, n_refs: int, reference: str) -> list:
    """ks as a list, after checking them, n_refs and the reference's name."""
    ks = list(ks)
    if reference not in ("box", "pca"):
        raise KMeansError(f"gap_statistic requires reference='box' or 'pca'; got reference={reference!r}")
    if isinstance(n_refs, bool) or not isinstance(n_refs, int) or n_refs < 1:
        raise KMeansError(f"gap_statistic requires n_refs >= 1; got n_refs={n_refs!r}")
    if not ks or ks[0] < 1 or ks[-1] > n_samples or any(a >= b for a, b in zip(ks, ks[1:])):
        raise KMeansError(f"gap_statistic requires rising Ks within 1..n_samples; got ks={ks}, "
                          f"n_samples={n_samples}")
    return ks


def _log_w(X: Sequence[Vector], labels: Labels, k: int) -> float:
    """log W_k, refusing W_k = 0 (whose log is -inf)."""
    w = within_cluster_sum_of_squares(X, labels)
    if w <= 0.0:
        raise KMeansError(f"gap_statistic requires W_k > 0 (fewer clusters than distinct points); "
                          f"got W_k=0 at K={k}")
    return math.log(w)


def _gap(X: list, ks: list, log_w: list, n_refs: int, reference: str, rng: RandomState,
         kmeans_params: dict) -> GapStatistic:
    """The gap statistic from log W_k of the data: B reference sets drawn, then fitted
    (``kmeans_params`` holds the reference fits' random_state: rng)."""
    refs = [_reference_set(X, reference, rng) for _ in range(n_refs)]
    gaps, errors, expected = [], [], []
    for k, log_wk in zip(ks, log_w):
        logs = [math.log(within_cluster_sum_of_squares(
            ref, KMeans(n_clusters=k, **kmeans_params).fit(ref).labels_)) for ref in refs]
        expected.append(math.fsum(logs) / n_refs)
        gaps.append(expected[-1] - log_wk)
        errors.append(statistics.pstdev(logs) * math.sqrt(1 + 1 / n_refs))
    chosen = next((k for i, k in enumerate(ks[:-1]) if gaps[i] >= gaps[i + 1] - errors[i + 1]), ks[-1])
    return GapStatistic(chosen, ks, gaps, errors, log_w, expected)


def _reference_set(X: list, reference: str, rng: RandomState) -> list[Vector]:
    """len(X) points drawn uniformly in X's box, or in the box of its principal components."""
    if reference == "box":
        return _uniform_in_box(X, rng)
    centre = mean(X)
    axes = _jacobi_eigenvectors(_covariance(X, centre))       # columns: principal axes
    d = len(centre)
    rotated = [tuple(math.fsum((x[f] - centre[f]) * axes[f][j] for f in range(d)) for j in range(d))
               for x in X]
    return [tuple(centre[f] + math.fsum(z[j] * axes[f][j] for j in range(d)) for f in range(d))
            for z in _uniform_in_box(rotated, rng)]


def _uniform_in_box(X: list, rng: RandomState) -> list[Vector]:
    """len(X) points uniform in the box [min_f, max_f] of every feature, drawn row by row."""
    box = [(min(column), max(column)) for column in columns(X)]
    return [tuple(rng.uniform(low, high) for low, high in box) for _ in X]


def _covariance(X: list, centre: Vector) -> list[list[float]]:
    """The population covariance matrix (1/n) sum_i (x_i - centre)(x_i - centre)^T."""
    d = len(centre)
    return [[math.fsum((x[a] - centre[a]) * (x[b] - centre[b]) for x in X) / len(X) for b in range(d)]
            for a in range(d)]


def _jacobi_eigenvectors(A: list[list[float]]) -> list[list[float]]:
    """The eigenvectors of a symmetric matrix, as the columns of V, by cyclic Jacobi rotations.

    Each rotation in the plane (p, q) zeroes A[p][q] (Numerical Recipes, section 11.1):
    theta = (A[q][q] - A[p][p]) / (2 A[p][q]), t = sign(theta) / (|theta| + sqrt(theta**2 + 1)),
    c = 1 / sqrt(t**2 + 1), s = t c; then A <- J^T A J and V <- V J. Sweeps repeat until the
    off-diagonal part is negligible; V^T A V is then diagonal.

    >>> V = _jacobi_eigenvectors([[2.0, 1.0], [1.0, 2.0]])
    >>> [[round(v, 6) for v in row] for row in V]        # columns (1, -1)/sqrt2 and (1, 1)/sqrt2
    [[0.707107, 0.707107], [-0.707107, 0.707107]]
    """
    d = len(A)
    A = [list(row) for row in A]
    V = [[float(i == j) for j in range(d)] for i in range(d)]
    for _ in range(50):                                   # converges quadratically: a few sweeps
        scale = math.fsum(A[i][i] ** 2 for i in range(d)) or 1.0
        if math.fsum(A[p][q] ** 2 for p in range(d) for q in range(p + 1, d)) <= 1e-30 * scale:
            break
        for p in range(d - 1):
            for q in range(p + 1, d):
                if A[p][q] != 0.0:
                    _rotate(A, V, p, q)
    return V


def _rotate(A: list[list[float]], V: list[list[float]], p: int, q: int) -> None:
    """One Jacobi rotation in the plane (p, q), zeroing A[p][q]: A <- J^T A J, V <- V J."""
    theta = (A[q][q] - A[p][p]) / (2 * A[p][q])
    t = math.copysign(1.0, theta) / (abs(theta) + math.sqrt(theta * theta + 1))
    c = 1 / math.sqrt(t * t + 1)
    s = t * c
    for M in (A, V):                                      # columns p and q
        for row in M:
            row[p], row[q] = c * row[p] - s * row[q], s * row[p] + c * row[q]
    A[p], A[q] = [c * a - s * b for a, b in zip(A[p], A[q])], [s * a + c * b for a, b in zip(A[p], A[q])]


class KChoice(NamedTuple):
    """What ``choose_k`` found: the suggestions, their tables, and sentences about them."""
    k: int
    knee: int
    silhouette_best: int
    inertia: list
    silhouette: list
    agree: bool
    explanation: str
    gap_best: Optional[int] = None          # the gap statistic's K (None when n_refs=0)
    gap: Optional[GapStatistic] = None
    verdict: str = ""                        # the three suggestions together, in one sentence


def choose_k(X: Iterable, k_max: int = 10, *, progress: Optional[Callable] = None,
             n_refs: int = 10, reference: str = "box", n_init_refs: int = 1,
             **kmeans_params) -> KChoice:
    """Pick K by the elbow (Kneedle on K = 1..k_max) and by the silhouette (K = 2..k_max).

    When they agree, that K. When they disagree the silhouette's choice is returned, and the
    explanation says so: look at the clusters before trusting either. The gap statistic
    (K = 1..k_max, ``n_refs`` reference sets; ``n_refs=0`` leaves it out) is reported beside
    them as ``gap_best``, and ``verdict`` says whether all three agree. It reuses the fits
    of X; its reference sets are drawn from ``random_state``'s generator after them.

    >>> X = [[0], [1], [2], [10], [11], [12], [20], [21], [22]]
    >>> choice = choose_k(X, k_max=5, random_state=0)
    >>> choice.k, choice.knee, choice.agree     # on 9 points K=1..5, the elbow is unsure
    (3, 2, False)
    >>> choice.gap_best    # the 1-SE rule stops at K=1: K=2 halves a group, so the gap dips
    1
    >>> choice.verdict
    'The elbow says K=2, the silhouette K=3, the gap statistic K=1: all three disagree, so look at the clusters before trusting any.'
    """
    X = check_array(X, caller="choose_k")
    k_max = min(k_max, len(X) - 1)
    if k_max < 3:
        raise KMeansError(f"choose_k requires k_max >= 3 and n_samples >= 4; got k_max={k_max}")
    curve, table, log_w = [], [], []
    for k, model in _fits(X, range(1, k_max + 1), kmeans_params, progress):   # one fit per K
        curve.append((k, model.inertia_))
        log_w.append(within_cluster_sum_of_squares(X, model.labels_))
        if k >= 2:
            table.append((k, silhouette_score(X, model.labels_)))
    knee = int(find_knee([k for k, _ in curve], [j for _, j in curve]))   # one of the Ks
    best = max(table, key=lambda row: row[1])[0]    # first K on ties
    if knee == best:
        text = f"The elbow and the silhouette agree: K={best}."
    else:
        text = (f"The elbow suggests K={knee}, the silhouette K={best}; using K={best}. "
                "They disagree, so look at the clusters before trusting either.")
    gap = _choice_gap(X, log_w, n_refs, reference, n_init_refs, kmeans_params)
    return KChoice(best, knee, best, curve, table, knee == best, text,
                   gap and gap.k, gap, _verdict(knee, best, gap and gap.k))


def _choice_gap(X: list, w: list, n_refs: int, reference: str, n_init_refs: int,
                kmeans_params: dict) -> Optional[GapStatistic]:
    """choose_k's gap statistic over the Ks before the first W_k = 0, or None if it has none."""
    if n_refs == 0:
        return None
    ks = _check_gap_options(range(1, len(w) + 1), len(X), n_refs, reference)
    positive = next((i for i, wk in enumerate(w) if wk <= 0.0), len(w))   # log 0 is -inf
    if positive == 0:
        return None
    rng = check_random_state(kmeans_params.get("random_state"))
    params = dict(kmeans_params, n_init=n_init_refs, random_state=rng)
    return _gap(X, ks[:positive], [math.log(wk) for wk in w[:positive]], n_refs, reference, rng, params)


def _verdict(knee: int, best: int, gap_best: Optional[int]) -> str:
    """One sentence on the elbow's, the silhouette's and the gap statistic's Ks."""
    if gap_best is None:
        return f"The elbow says K={knee}, the silhouette K={best} (no gap statistic)."
    if knee == best == gap_best:
        return f"The elbow, the silhouette and the gap statistic agree: K={best}."
    said = {"the elbow": knee, "the silhouette": best, "the gap statistic": gap_best}
    for name, k in said.items():
        others = [other for other in said if other != name]
        if said[others[0]] == said[others[1]]:
            return (f"{others[0].capitalize()} and {others[1]} say K={said[others[0]]}, "
                    f"{name} K={k}.")
    return (f"The elbow says K={knee}, the silhouette K={best}, the gap statistic K={gap_best}: "
            "all three disagree, so look at the clusters before trusting any.")
