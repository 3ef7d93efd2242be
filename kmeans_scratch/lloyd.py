"""Lloyd's algorithm: alternate two steps until nothing changes.

    assignment   labels[i] = argmin_j ||X[i] - centroids[j]||          (nearest centroid)
    update       centroids[j] = sum_{i: labels[i]=j} w[i] X[i] / sum_{i: labels[i]=j} w[i]

Each step can only lower the objective (the inertia)

    J(labels, centroids) = sum_i w[i] * ||X[i] - centroids[labels[i]]||**2

so the loop must settle. It stops, checked in this order as scikit-learn does, when
  1. the labels did not change since the previous step (strict convergence), or
  2. the centroids moved by a total squared distance of at most ``tolerance``, where
     tolerance = tol * (mean over features of the variance of X)  (scikit-learn's ``tol``), or
  3. ``max_iter`` steps have run.
After a stop of kind 2 or 3, one more assignment step makes the labels match the centroids.

An empty cluster (no points assigned) takes the point farthest from its own centroid, so
every cluster keeps a member whenever there are enough distinct points. (With fewer
distinct points than clusters, as in scikit-learn, a relocated centroid can end on a point
whose label stays elsewhere; KMeans warns about that case.)

This is the reference loop: every distance, every step. The ``fast`` package gives the very
same result with far fewer distances; it can be skipped on a first read.

Public functions: lloyd (the whole run), lloyd_steps (a generator, one state per step),
tolerance, stop_reason, update_centroids.
Reference: S. P. Lloyd (1982), IEEE Trans. Inf. Theory 28(2): 129-137.
"""

from __future__ import annotations

import math
from operator import mul
from typing import Callable, Iterator, NamedTuple, Optional, Sequence

from .vectors import Labels, Vector, assign, feature_variances, mean, squared_distance, weighted_inertia

__all__ = ["KMeansResult", "LloydStep", "lloyd", "lloyd_steps", "tolerance", "stop_reason",
           "update_centroids"]


class KMeansResult(NamedTuple):
    """The outcome of one Lloyd run."""
    centroids: list
    labels: Labels
    inertia: float
    n_iter: int
    converged: bool
    n_distances: int = 0         # point-centre distances computed (for comparing algorithms)


class LloydStep(NamedTuple):
    """One step: the labels given by ``centroids``, and where the update moved them."""
    iteration: int               # 1, 2, ...
    labels: Labels               # nearest of ``centroids`` for every point
    centroids: list              # the centroids the labels were computed from
    new_centroids: list          # the means of the labelled points (after the update)
    inertia: Optional[float]     # J(labels, centroids), or None where not computed
    shift: float                 # sum_j ||new_centroids[j] - centroids[j]||**2
    stop: Optional[str]          # None, "labels unchanged", "tol" or "max_iter"


def tolerance(X: Sequence[Vector], tol: float) -> float:
    """tol times the mean per-feature (population) variance of X: scikit-learn's stopping scale
    (``KMeans.fit`` rounds the sums as NumPy does, for its very float: ``numpy_means.tolerance``).

    >>> tolerance([(0.0, 0.0), (2.0, 4.0)], 0.1)      # variances 1 and 4, mean 2.5
    0.25
    """
    if tol == 0:
        return 0.0
    _, variances = feature_variances(X)
    return math.fsum(variances) / len(variances) * tol


def lloyd_steps(X: Sequence[Vector], centroids: Sequence[Vector], weights: Sequence[float], *,
                max_iter: int = 300, tol: float = 0.0) -> Iterator[LloydStep]:
    """Yield the state after each assignment + update step, until one of the stopping rules.

    ``tol`` here is already scaled (see ``tolerance``). Input is assumed valid.

    >>> X = [(0.0,), (1.0,), (9.0,), (10.0,)]
    >>> [(s.labels, s.new_centroids, s.stop) for s in lloyd_steps(X, [(0.0,), (1.0,)], [1.0] * 4)]
    ... # doctest: +NORMALIZE_WHITESPACE
    [([0, 1, 1, 1], [(0.0,), (6.666666666666666,)], None),
     ([0, 0, 1, 1], [(0.5,), (9.5,)], None),
     ([0, 0, 1, 1], [(0.5,), (9.5,)], 'labels unchanged')]
    """
    centroids = list(centroids)
    previous_labels = None
    for iteration in range(1, max_iter + 1):
        labels, squared = assign(X, centroids)
        new_centroids = update_centroids(X, labels, weights, centroids)
        shift = math.fsum(squared_distance(a, b) for a, b in zip(new_centroids, centroids))
        inertia = math.fsum(map(mul, weights, squared))
        stop = stop_reason(labels, previous_labels, shift, tol, iteration, max_iter)
        yield LloydStep(iteration, labels, centroids, new_centroids, inertia, shift, stop)
        if stop:
            return
        centroids, previous_labels = new_centroids, labels


def stop_reason(labels: Labels, previous_labels: Optional[Labels], shift: float, tol: float,
                iteration: int, max_iter: int) -> Optional[str]:
    """Why the loop stops after this step, or None: the three rules, in scikit-learn's order.

    >>> stop_reason([0, 1], [0, 1], shift=5.0, tol=0.1, iteration=3, max_iter=300)
    'labels unchanged'
    >>> stop_reason([0, 1], [1, 1], shift=0.01, tol=0.1, iteration=3, max_iter=300)
    'tol'
    """
    if labels == previous_labels:
        return "labels unchanged"    # checked first, as scikit-learn does
    if shift <= tol:
        return "tol"
    if iteration == max_iter:
        return "max_iter"
    return None


def lloyd(X: Sequence[Vector], centroids: Sequence[Vector], weights: Sequence[float], *,
          max_iter: int = 300, tol: float = 0.0, callback: Optional[Callable] = None) -> KMeansResult:
    """Run Lloyd's algorithm from ``centroids`` to a stop; the final labels match the centroids.

    ``callback(step)``, if given, sees every step; False from it ends the run as max_iter would.

    >>> lloyd([(0.0,), (1.0,), (9.0,), (10.0,)], [(0.0,), (1.0,)], [1.0] * 4)
    KMeansResult(centroids=[(0.5,), (9.5,)], labels=[0, 0, 1, 1], inertia=1.0, n_iter=3, converged=True, n_distances=28)
    """
    for step in lloyd_steps(X, centroids, weights, max_iter=max_iter, tol=tol):
        if (callback is not None and callback(step) is False) or step.stop:
            break           # (after a step with a stop, the generator ends anyway)
    centroids = step.new_centroids
    if step.stop == "labels unchanged":   # the means did not move, so the labels still hold
        labels = step.labels
    else:                                 # one more assignment step, as scikit-learn does
        labels = assign(X, centroids)[0]
    inertia = weighted_inertia(X, labels, centroids, weights)
    assignments = step.iteration + (step.stop != "labels unchanged")
    n_distances = assignments * len(X) * len(centroids) + len(X)   # + the inertia's
    return KMeansResult(centroids, labels, inertia, step.iteration,
                        step.stop in ("labels unchanged", "tol"), n_distances)


def update_centroids(X: Sequence[Vector], labels: Labels, weights: Sequence[float],
                     old_centroids: Sequence[Vector]) -> list:
    """The weighted mean of each cluster's points; an empty cluster takes a far point.

    Each centroid is ``vectors.mean`` of its members (fsum, then times 1/weight, as
    scikit-learn does). Empty clusters are handled by ``_relocate_empty``.

    >>> update_centroids([(0.0,), (2.0,), (9.0,)], [0, 0, 0], [1.0] * 3, [(1.0,), (50.0,)])
    [(1.0,), (9.0,)]
    """
    k = len(old_centroids)
    members: list[list[int]] = [[] for _ in range(k)]
    for index, label in enumerate(labels):
        members[label].append(index)
    cluster_weight = [math.fsum(weights[i] for i in rows) for rows in members]
    if not all(cluster_weight):
        _relocate_empty(X, labels, weights, old_centroids, members, cluster_weight)
    largest = members[cluster_weight.index(max(cluster_weight))]
    # a cluster still empty (every point sits on its centroid: duplicates) copies the largest
    chosen = [rows if total else largest for rows, total in zip(members, cluster_weight)]
    return [mean([X[i] for i in rows], [weights[i] for i in rows]) for rows in chosen]


def _relocate_empty(X, labels, weights, old_centroids, members, cluster_weight) -> None:
    """Give each empty cluster one of the points farthest from their own centroids (in place).

    As scikit-learn: distances are to each point's current (old) centroid, the farthest go
    first (larger index first on ties), and empty clusters are served in ascending order.
    Labels are not changed; the point only counts towards its new cluster's mean.
    """
    empty = [j for j, total in enumerate(cluster_weight) if total == 0]
    distances = [squared_distance(x, old_centroids[j]) for x, j in zip(X, labels)]
    if max(distances) == 0:
        return
    farthest = sorted(range(len(X)), key=lambda i: (distances[i], i), reverse=True)
    for cluster, index in zip(empty, farthest):
        donor = labels[index]
        if index in members[donor]:     # (else donor was an empty cluster served already:
            members[donor].remove(index)    # the point weighs 0 and leaves nothing behind)
        cluster_weight[donor] = math.fsum(weights[i] for i in members[donor])
        members[cluster] = [index]
        cluster_weight[cluster] = weights[index]
