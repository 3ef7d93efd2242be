"""Which loop for which data, and the loop ``KMeans`` runs: the fast half's one entrance.

``KMeans.fit`` asks ``choose_algorithm`` what its ``algorithm='auto'`` means for the data's
shape, and ``prepare`` for the two functions it then calls, in place of the plain ones:

    run(X, centroids, weights, *, max_iter, tol)   like lloyd.lloyd: the same KMeansResult
    plusplus(X, k, rng, weights)                   like seeding.plusplus_indices: the same rows

What they need from X (Hamerly's exact rows, or the k-d tree) is built once by ``prepare``
and shared by every restart, and the tree by k-means++ too (without a tree, k-means++
skips the clusters a candidate cannot reach: ``cluster_seeding``). On PyPy, whose JIT
compiles plain loops over floats, 'hamerly' runs as such loops on screened distances
(``hamerly_loops``, ``screened_seeding``) instead: the same results. Given a ``callback`` (KMeans's
verbose or callback), ``run`` shows it every step, as ``lloyd.lloyd(..., callback=)`` does;
without one, ``run`` is ``hamerly`` or ``kdtree_lloyd`` itself.

Public functions: choose_algorithm, prepare.
"""

from __future__ import annotations

import platform
from functools import partial
from typing import Callable, Optional, Sequence

from ..lloyd import KMeansResult
from ..vectors import Vector
from .bounds import _Run, hamerly          # (_Run, _Filter: the runs driver drives)
from .cluster_sums import exact_rows
from .cluster_seeding import cluster_plusplus_indices
from .driver import incremental_lloyd
from .filtering import _Filter, kdtree_lloyd
from .hamerly_loops import LoopRun, loop_hamerly
from .kdtree import PointTree
from .screened_seeding import screened_plusplus_indices
from .screening import feature_lists, screens
from .tree_seeding import tree_plusplus_indices

__all__ = ["choose_algorithm", "prepare", "fit_rows"]

PLAIN_WORK = 5_000      # n_samples * n_clusters * n_features up to which 'auto' stays plain
# PyPy's JIT compiles plain loops over floats: there Hamerly's bounds run as such loops on
# screened distances (``hamerly_loops``, ``screened_seeding``), and beat the k-d tree
LOOPS = platform.python_implementation() == "PyPy"


def choose_algorithm(n_samples: int, n_features: int, n_clusters: int, *,
                     loops: bool = LOOPS) -> str:
    """The exact Lloyd variant ``algorithm='auto'`` uses for data of this shape.

    Small data -- at most PLAIN_WORK coordinate differences per assignment step: the
    tutorial's 300 points and iris, up to K = 8 -- stays on the plain loop, the one a
    learner reads: there the fast ones save nothing a person would notice. The k-d tree
    needs many points in few dimensions to fill its boxes (2,000 in one or two, 20,000 in
    three, and at least 100 or 1,000 per cluster); everywhere else Hamerly's bounds are the
    safer choice. The thresholds come from ``benchmarks/algorithm_bench.py``
    (benchmarks/README.md). With ``loops`` (the default on PyPy, where ``prepare`` runs
    Hamerly's bounds as plain loops on screened distances) Hamerly's is the choice for every
    shape it can screen: there it beats the tree's build as well.

    >>> choose_algorithm(300, 2, 3), choose_algorithm(20000, 2, 8, loops=False), choose_algorithm(
    ...     5000, 16, 10, loops=False), choose_algorithm(20000, 2, 8, loops=True)
    ('lloyd', 'kdtree', 'hamerly', 'hamerly')
    """
    if n_clusters == 1 or n_samples * n_clusters * n_features <= PLAIN_WORK:
        return "lloyd"
    if loops and screens(n_features):
        return "hamerly"
    if n_features <= 2 and n_samples >= max(2000, 100 * n_clusters):
        return "kdtree"
    if n_features == 3 and n_samples >= max(20000, 1000 * n_clusters):
        return "kdtree"
    return "hamerly"


def prepare(algorithm: str, X: Sequence[Vector], weights: Sequence[float],
            callback: Optional[Callable] = None) -> tuple[Callable, Callable]:
    """(run, plusplus) for 'hamerly' or 'kdtree', built once for X and its weights.

    ``run`` gives what ``lloyd.lloyd`` gives (with ``callback``: what
    ``lloyd.lloyd(..., callback=callback)`` gives) and ``plusplus`` what
    ``seeding.plusplus_indices`` gives, for the same arguments.

    >>> from kmeans_scratch.lloyd import lloyd
    >>> X, w = [(0.0,), (1.0,), (9.0,), (10.0,)], [1.0] * 4
    >>> run, plusplus = prepare("kdtree", X, w)
    >>> run(X, [(0.0,), (1.0,)], w, max_iter=300, tol=0.0)[:4] == lloyd(X, [(0.0,), (1.0,)], w)[:4]
    True
    """
    if algorithm == "kdtree":
        tree = PointTree(X, weights)
        run = partial(kdtree_lloyd, tree=tree) if callback is None else \
            partial(_watched, lambda centroids: _Filter(tree, centroids), callback)
        return run, partial(tree_plusplus_indices, tree)
    if algorithm == "hamerly" and LOOPS and screens(len(X[0])):
        return _loops(X, weights, callback)
    if algorithm == "hamerly":
        exact = exact_rows(X, weights)
        run = partial(hamerly, exact=exact) if callback is None else \
            partial(_watched, lambda centroids: _Run(X, centroids, weights, exact), callback)
        return run, cluster_plusplus_indices
    raise ValueError(f"prepare requires algorithm in ('hamerly', 'kdtree'); got {algorithm!r}")


def fit_rows(X: Sequence[Vector], algorithm: str) -> list:
    """X's rows as ``prepare``'s run for ``algorithm`` reads them best: ``list(X)``, tuples,
    except for PyPy's loops on three features or more, which get lists of floats (PyPy
    stores a list's floats in one object, a tuple's one object each).

    >>> fit_rows([(1.0, 2.0, 3.0)], "lloyd")
    [(1.0, 2.0, 3.0)]
    """
    if LOOPS and algorithm == "hamerly" and 2 < len(X[0]) and screens(len(X[0])):
        return [list(x) for x in X]
    return list(X)


def _watched(start: Callable, callback: Callable, X: Sequence[Vector], centroids: Sequence[Vector],
             weights: Sequence[float], *, max_iter: int, tol: float) -> KMeansResult:
    """``incremental_lloyd`` on the run ``start(centroids)`` builds, showing callback every step."""
    return incremental_lloyd(X, weights, start(centroids), max_iter=max_iter, tol=tol,
                             callback=callback)


def _loops(X: Sequence[Vector], weights: Sequence[float],
           callback: Optional[Callable]) -> tuple[Callable, Callable]:
    """``prepare``'s pair for Hamerly's bounds as plain loops on screened distances (PyPy)."""
    features = feature_lists(X)
    exact = exact_rows(X, weights, features)
    run = partial(loop_hamerly, exact=exact, columns=features) if callback is None else \
        partial(_watched, lambda centroids: LoopRun(X, centroids, weights, exact, features), callback)
    return run, partial(_screened_plusplus, features)


def _screened_plusplus(features: list, X: Sequence[Vector], k: int, rng,
                       weights: Sequence[float]) -> list:
    """``screened_plusplus_indices`` with X's columns made once (``prepare``)."""
    return screened_plusplus_indices(X, k, rng, weights, features)
