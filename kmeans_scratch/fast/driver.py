"""The loop around the fast assignments: Lloyd's steps for a run that keeps its own state.

Hamerly's bounds (``bounds``) and the k-d tree (``filtering``) differ from the plain loop
(``lloyd``) only in *how* they assign points to centres; the loop around the assignment --
update the centres, measure the shift, apply scikit-learn's stopping rules, one last
assignment after a stop on ``tol`` -- is the plain loop's, written once here for both.

A *run* keeps labels and exact cluster sums itself and offers

    centroids                   where it started
    labels                      the nearest centre of each row (already assigned)
    totals                      the weight of each cluster, exactly
    means()                     each cluster's mean from its exact sums
    reassign(centroids, moves)  bring labels and sums up to date after centre j moved by moves[j]
    n_distances                 the point-centre distances it has computed

and may offer ``n_changed``, how many labels its last ``reassign`` changed: then a run to a stop
with no callback watching (``incremental_lloyd``) needs no copy of the labels each step.

Public functions: incremental_steps, incremental_lloyd.
"""

from __future__ import annotations

import math
import sys
from itertools import tee
from operator import mul
from typing import Callable, Iterator, Optional, Sequence

from ..lloyd import KMeansResult, LloydStep, stop_reason, update_centroids
from ..validation import unit_weights
from ..vectors import Vector, dist, squared_distance, weighted_inertia
from .batch_dist import batch_dists

__all__ = ["incremental_steps", "incremental_lloyd"]


def incremental_steps(X: Sequence[Vector], weights: Sequence[float], run, *,
                      max_iter: int = 300, tol: float = 0.0,
                      shared: bool = False) -> Iterator[LloydStep]:
    """The steps of ``lloyd.lloyd_steps``, for a ``run`` that keeps labels and cluster sums.

    ``inertia`` is None in these steps: it would need every distance. With ``shared`` (for a
    run that counts ``n_changed``), every step's labels are the run's own list, which the next
    step changes: for a caller that reads only the last step.
    """
    centroids, previous_labels = run.centroids, None
    shared = shared and hasattr(run, "n_changed")
    for iteration in range(1, max_iter + 1):
        labels = run.labels if shared else list(run.labels)
        if all(run.totals):
            new_centroids = run.means()
        else:   # an empty cluster: the reference update relocates it (labels unchanged)
            new_centroids = update_centroids(X, labels, weights, centroids)
        shift = math.fsum(squared_distance(a, b) for a, b in zip(new_centroids, centroids))
        if shared and previous_labels is not None:   # (the same list: equal if none moved)
            previous_labels = labels if run.n_changed == 0 else None
        stop = stop_reason(labels, previous_labels, shift, tol, iteration, max_iter)
        yield LloydStep(iteration, labels, centroids, new_centroids, None, shift, stop)
        if stop:
            return
        run.reassign(new_centroids, list(map(dist, new_centroids, centroids)))
        centroids, previous_labels = new_centroids, labels


def incremental_lloyd(X: Sequence[Vector], weights: Sequence[float], run, *,
                      max_iter: int = 300, tol: float = 0.0,
                      callback: Optional[Callable] = None) -> KMeansResult:
    """``lloyd.lloyd`` for a ``run`` as in ``incremental_steps``: the same result, counted.

    ``callback(step)`` sees every step, as in ``lloyd.lloyd``; False from it ends the run.
    """
    for step in incremental_steps(X, weights, run, max_iter=max_iter, tol=tol,
                                  shared=callback is None):
        if (callback is not None and callback(step) is False) or step.stop:
            break           # (after a step with a stop, the generator ends anyway)
    centroids = step.new_centroids
    if step.stop == "labels unchanged":     # the means did not move: the labels still hold
        labels = step.labels
    else:                                   # one more assignment, with the run's shortcuts
        run.reassign(centroids, list(map(dist, centroids, step.centroids)))
        labels = run.labels
    inertia = _inertia(X, labels, centroids, weights)
    return KMeansResult(centroids, labels, inertia, step.iteration,
                        step.stop in ("labels unchanged", "tol"), run.n_distances + len(X))   # + the inertia's


def _inertia_loop(X: Sequence[Vector], labels: list, centroids: Sequence[Vector],
                  weights: Sequence[float]) -> float:
    """``vectors.weighted_inertia`` as plain loops: the same terms w * d**2, the same fsum.

    PyPy's JIT runs the loops, and the distances in one batch (``batch_dist``), faster than
    ``map`` with a bound method.
    """
    terms = batch_dists(X, None, centroids, labels, [0.0] * len(X))
    for i in range(len(X)):     # (the list made at its size: PyPy's collector sees one list)
        terms[i] = weights[i] * (terms[i] * terms[i])
    return math.fsum(terms)


def _inertia_maps(X: Sequence[Vector], labels: list, centroids: Sequence[Vector],
                  weights: Sequence[float]) -> float:
    """``vectors.weighted_inertia``, sparing the products when every weight is 1.0 (the
    default: 1.0 * d**2 is d**2, so the terms and their fsum are the same)."""
    if not unit_weights(weights):
        return weighted_inertia(X, labels, centroids, weights)
    distances = map(dist, X, map(centroids.__getitem__, labels))
    return math.fsum(map(mul, *tee(distances)))


# the inertia for this interpreter (CPython's maps run in C; PyPy's loop is compiled)
_inertia = _inertia_loop if sys.implementation.name == "pypy" else _inertia_maps
