"""The KMeans estimator: scikit-learn's interface around seeding and Lloyd's loop.

K-Means looks for k centroids that minimise the inertia

    J = sum_i w[i] * min_j ||X[i] - centroids[j]||**2.

Lloyd's loop only finds a local minimum, so ``fit`` runs it ``n_init`` times from different
starts (all drawn from one generator, in order) and keeps the best run: the first run, then
any later run whose inertia is strictly lower and whose clustering is not the same one
relabelled (scikit-learn's rule).

Public names: KMeans, k_means, inertia.
Reference: scikit-learn's ``sklearn.cluster.KMeans`` (same parameters, attributes, methods).
"""

from __future__ import annotations

import math
import numbers
from functools import partial
from operator import add, sub
from typing import Iterable, Sequence

from . import fast          # the same results with fewer distances; see fit's one branch
from . import collector                # Python's cycle collector paused while fitting
from . import persistence, progress   # to_dict and from_dict; verbose and callback
from .numpy_means import centre, column_means, tolerance   # as NumPy rounds them (scikit-learn's)
from .params import Params                # get_params, set_params, the repr
from .errors import ConvergenceWarning, KMeansError, NotFittedError, warn
from .lloyd import KMeansResult, lloyd
from .randomness import check_random_state
from .seeding import plusplus_indices, random_indices
from .validation import (check_array, check_centres, check_columns, check_init, check_magnitude,
                         check_n_clusters, check_sample_weight, check_sequence,
                         check_weighted_squares, feature_bounds, feature_names)
from .vectors import Labels, Vector, assign, dist, weighted_inertia

__all__ = ["KMeans", "k_means", "inertia", "ALGORITHMS"]

ALGORITHMS = ("lloyd", "hamerly", "kdtree", "auto", "elkan")


def inertia(X: Iterable, labels: Sequence[int], centers: Iterable,
            sample_weight: Iterable | None = None) -> float:
    """Weighted sum of squared distances from each row to its cluster's centre.

        inertia = sum_i w[i] * ||X[i] - centers[labels[i]]||**2

    >>> inertia([[0, 0], [0, 2], [5, 5]], [0, 0, 1], [[0, 1], [5, 5]])
    2.0

    Raises KMeansError if the lengths disagree, a label names no centre, or (as ``fit``)
    values or weighted squares are too large for a float.
    """
    X = check_array(X, caller="inertia")
    centers = check_array(centers, caller="inertia", n_features=len(X[0]))
    check_magnitude(X + centers, caller="inertia")       # squares must fit, as in fit
    weights = check_sample_weight(sample_weight, len(X), caller="inertia")
    check_weighted_squares(X + centers, weights, caller="inertia")
    labels = check_sequence(labels, "labels", "inertia", "a sequence of labels")
    if len(labels) != len(X):
        raise KMeansError(f"inertia requires one label per row; got len(labels)={len(labels)}, "
                          f"n_samples={len(X)}")
    for index, label in enumerate(labels):
        if not (isinstance(label, numbers.Integral) and 0 <= int(label) < len(centers)):
            raise KMeansError(f"inertia requires labels in 0..{len(centers) - 1}; got "
                              f"labels[{index}]={label!r}")
    return weighted_inertia(X, labels, centers, weights)


class KMeans(Params, persistence.DictMixin):
    """K-Means clustering, with scikit-learn's parameters, attributes and methods.

    Parameters (scikit-learn's names and defaults):
      n_clusters   k, the number of clusters (default 8)
      init         'k-means++' (default), 'random', k starting centres, or a callable
                   init(X, n_clusters, random_state=rng) returning k centres for the X it gets
      n_init       number of runs from different starts; 'auto' is 1 for 'k-means++' and given
                   centres, else 10 (scikit-learn >= 1.4; the tutorial says 10)
      max_iter     the most Lloyd steps per run (default 300)
      tol          stop when the centres move less than tol * mean feature variance (1e-4)
      random_state None (fresh randomness), an int (scikit-learn's own draws) or a generator
      algorithm    'lloyd' (the plain loop), 'hamerly' (triangle-inequality bounds) or
                   'kdtree' (boxes of points): the same result with far fewer distances (the
                   ``fast`` package); 'auto' (default; scikit-learn's is 'lloyd') picks one for
                   the data's shape, and so does 'elkan' (its result is Lloyd's).
      verbose      0 (default) or 1: print scikit-learn's lines for every step of every run
      callback     None (default) or callback(step), called with every Lloyd step (a LloydStep)
                   of every run, whatever the algorithm; False ends that run (see ``progress``)

    Fitted attributes: cluster_centers_, labels_, inertia_, n_iter_, n_features_in_,
    feature_names_in_ (when X was a table, such as a DataFrame, with string column names),
    n_distances_ (point-centre distances computed by the best run: Lloyd's n_samples * k a step;
    on PyPy, 'auto' and 'hamerly' count cheap sums of squares too).
    ``to_dict()`` gives them as plain JSON-able data, ``KMeans.from_dict(data)`` the model back.

    >>> km = KMeans(n_clusters=2, random_state=0, n_init=10)
    >>> km.fit([[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]]).labels_
    [1, 1, 1, 0, 0, 0]
    >>> km.cluster_centers_, km.inertia_, km.predict([[0, 0], [12, 3]])
    ([(10.0, 2.0), (1.0, 2.0)], 16.0, [1, 0])

    As scikit-learn, fit subtracts X's column means (as NumPy rounds them), so distances round
    as scikit-learn's do, and adds them back to the centres. Same ``random_state``, same
    result on CPython 3.10+, PyPy and Pyodide (``vectors.dist``; CPython 3.9's ``math.dist``
    may round a last bit otherwise, which only an exact near-tie would show). Fewer
    distinct points than n_clusters, or a kept run that hits ``max_iter`` or was stopped by
    the callback, gives a ConvergenceWarning.
    Reference: scikit-learn's KMeans; Lloyd (1982); Arthur and Vassilvitskii (2007).
    """

    def __init__(self, n_clusters: int = 8, *, init="k-means++", n_init="auto",
                 max_iter: int = 300, tol: float = 1e-4, verbose: int = 0, random_state=None,
                 algorithm: str = "auto", callback=None):
        self.n_clusters, self.init, self.n_init, self.max_iter = n_clusters, init, n_init, max_iter
        self.tol, self.verbose, self.random_state = tol, verbose, random_state
        self.algorithm, self.callback = algorithm, callback

    # scikit-learn's estimator conventions (get_params, set_params, repr) come from Params
    _defaults = {"n_clusters": 8, "init": "k-means++", "n_init": "auto", "max_iter": 300, "tol": 1e-4,
                 "verbose": 0, "random_state": None, "algorithm": "auto", "callback": None}  # as __init__

    # -- fitting ----------------------------------------------------------------------
    @collector.paused()     # a fit makes no reference cycles: Python need not look for any
    def fit(self, X: Iterable, y=None, sample_weight: Iterable | None = None) -> "KMeans":
        """Cluster X: run ``n_init`` seeded Lloyd runs and keep the best. Returns self."""
        names = feature_names(X)        # a DataFrame's column names, kept as scikit-learn does
        X = check_columns(X, caller="KMeans.fit")     # checked rows, held as columns
        bounds = feature_bounds(X)      # each feature's lowest and highest, for both checks
        check_magnitude(X, caller="KMeans.fit", bounds=bounds)
        weights = check_sample_weight(sample_weight, len(X), caller="KMeans.fit")
        check_weighted_squares(X, weights, caller="KMeans.fit", bounds=bounds)   # inertia stays finite
        k = check_n_clusters(self.n_clusters, len(X), caller="KMeans.fit")
        starts, n_init = check_init(self.init, self.n_init, len(X[0]), k,
                                    caller="KMeans.fit", random_runs=10)
        self._check_parameters()
        rng = check_random_state(self.random_state)   # one generator for all runs, in order
        means = column_means(X)     # centre X as scikit-learn does, so near-ties go its way
        centre(X, means)            # X - means (in place: X is our own copy)
        scaled_tol = tolerance(X, self.tol, centred=True)  # scikit-learn's float: np.var's rounding
        algorithm = (fast.choose_algorithm(len(X), len(X[0]), k)
                     if self.algorithm in ("auto", "elkan") else self.algorithm)
        if algorithm != "kdtree" or k == 1 or callable(self.init):   # X read row by row
            # (only the k-d tree reads it by columns; a callable init gets tuples, always)
            X = list(X) if k == 1 or callable(self.init) else fast.fit_rows(X, algorithm)
        watch = progress.watcher(self.callback, self.verbose, X, weights, scaled_tol, means)
        if algorithm == "lloyd" or k == 1:      # the plain loop and seeding: the lesson
            run_lloyd = lloyd if watch is None else partial(lloyd, callback=watch)
            plusplus = plusplus_indices
        else:                                   # the same results, fewer distances
            run_lloyd, plusplus = fast.prepare(algorithm, X, weights, callback=watch)
        best = None
        for _ in range(n_init):                 # every start is drawn from rng, in order
            if starts is None:
                centroids = self._seed(X, k, rng, weights, plusplus)
            else:                               # given centres (one run), centred as X
                centroids = [tuple(map(sub, c, means)) for c in starts]
            run = run_lloyd(X, centroids, weights, max_iter=self.max_iter, tol=scaled_tol)
            best = run if best is None else _better(best, run)
        assert best is not None                 # n_init >= 1
        self._store(best, X, k, means, names)
        return self

    def _seed(self, X, k, rng, weights, plusplus) -> list:
        """Starting centroids for one run, drawn from rng (``plusplus``: k-means++'s indices)."""
        if callable(self.init):     # scikit-learn's call: the (centred) X, k and the generator
            return check_centres(self.init(X, k, random_state=rng), len(X[0]), k,
                                 caller="KMeans.fit")
        if self.init == "k-means++":
            return [X[i] for i in plusplus(X, k, rng, weights)]
        return [X[i] for i in random_indices(len(X), k, rng, weights)]

    def _check_parameters(self) -> None:
        """Raise for a bad max_iter, tol or algorithm."""
        if isinstance(self.max_iter, bool) or not isinstance(self.max_iter, numbers.Integral) \
                or self.max_iter < 1:
            raise KMeansError(f"KMeans.fit requires max_iter >= 1; got max_iter={self.max_iter!r}")
        if not isinstance(self.tol, numbers.Real) or not 0 <= self.tol < math.inf:
            raise KMeansError(f"KMeans.fit requires 0 <= tol < inf; got tol={self.tol!r}")
        if self.algorithm not in ALGORITHMS:
            raise KMeansError(f"KMeans.fit requires algorithm in {ALGORITHMS}; got "
                              f"algorithm={self.algorithm!r}")

    def _store(self, best: KMeansResult, X, k, means, names) -> None:
        """Keep the best run's results as scikit-learn's fitted attributes, and warn if odd."""
        self.cluster_centers_ = [tuple(map(add, c, means)) for c in best.centroids]  # uncentred
        self.__dict__.pop("feature_names_in_", None)      # (a refit on plain rows has none)
        if names is not None:
            self.feature_names_in_ = list(names)
        self.labels_, self.inertia_, self.n_iter_ = best.labels, best.inertia, best.n_iter
        self.n_distances_, self.n_features_in_ = best.n_distances, len(X[0])
        distinct = len(set(best.labels))
        if distinct < k:
            warn(f"Number of distinct clusters ({distinct}) found smaller than n_clusters "
                 f"({k}). Possibly due to duplicate points in X.", ConvergenceWarning)
        if not best.converged:      # max_iter reached, or the callback stopped it
            warn(progress.stop_message(best.n_iter, self.max_iter), ConvergenceWarning)

    # -- using a fitted model -----------------------------------------------------------
    def _checked(self, X: Iterable, caller: str) -> list[Vector]:
        """X checked against the fitted model's number of features (and names, if both have)."""
        if not hasattr(self, "cluster_centers_"):
            raise NotFittedError(f"This KMeans instance is not fitted yet; call 'fit' before "
                                 f"'{caller}'")
        names, fitted = feature_names(X), getattr(self, "feature_names_in_", None)
        if names is not None and fitted is not None and list(names) != fitted:
            raise KMeansError(f"KMeans.{caller} requires the columns it was fitted on, in order; "
                              f"got {list(names)}, fitted on {fitted}")
        return check_array(X, caller=f"KMeans.{caller}", n_features=self.n_features_in_)

    def predict(self, X: Iterable) -> Labels:
        """The index of the nearest fitted centre for every row of X."""
        return assign(self._checked(X, "predict"), self.cluster_centers_)[0]

    def fit_predict(self, X: Iterable, y=None, sample_weight: Iterable | None = None) -> Labels:
        """Fit, then return ``labels_``."""
        return self.fit(X, sample_weight=sample_weight).labels_

    def transform(self, X: Iterable) -> list[list[float]]:
        """For every row, its Euclidean distance to each fitted centre (cluster-distance space)."""
        X = self._checked(X, "transform")
        check_magnitude(X, caller="KMeans.transform")    # distances must fit, as in fit
        return [[dist(x, c) for c in self.cluster_centers_] for x in X]

    def fit_transform(self, X: Iterable, y=None, sample_weight=None) -> list[list[float]]:
        """Fit, then transform X (read once, so a generator of rows works too)."""
        if feature_names(X) is None:           # (a table is read twice, keeping its names)
            X = check_array(X, caller="KMeans.fit_transform")
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def score(self, X: Iterable, y=None, sample_weight: Iterable | None = None) -> float:
        """Minus the inertia of X against the fitted centres (higher is better, as sklearn)."""
        X = self._checked(X, "score")
        check_magnitude(X, caller="KMeans.score")        # squares must fit, as in fit
        weights = check_sample_weight(sample_weight, len(X), caller="KMeans.score")
        check_weighted_squares(X + self.cluster_centers_, weights, caller="KMeans.score")
        labels, _ = assign(X, self.cluster_centers_)
        return -weighted_inertia(X, labels, self.cluster_centers_, weights)


def k_means(X: Iterable, n_clusters: int, *, sample_weight: Iterable | None = None,
            init="k-means++", n_init="auto", max_iter: int = 300, tol: float = 1e-4,
            random_state=None, algorithm: str = "auto", return_n_iter: bool = False) -> tuple:
    """(centers, labels, inertia), and n_iter with ``return_n_iter``, of KMeans(...).fit(X).

    >>> k_means([[0, 0], [0, 2], [9, 9]], 2, random_state=0)      # scikit-learn's k_means
    ([(0.0, 1.0), (9.0, 9.0)], [0, 0, 1], 2.0)
    """
    model = KMeans(n_clusters, init=init, n_init=n_init, max_iter=max_iter, tol=tol,
                   random_state=random_state, algorithm=algorithm).fit(X, sample_weight=sample_weight)
    result = (model.cluster_centers_, model.labels_, model.inertia_)
    return result + (model.n_iter_,) if return_n_iter else result


def _better(best: KMeansResult, run: KMeansResult) -> KMeansResult:
    """run if its inertia is strictly lower and its labels are not best's renamed, else best."""
    if run.inertia >= best.inertia:
        return best
    mapping: dict = {}      # run's label -> best's: one partition renamed if it never clashes
    return best if all(mapping.setdefault(x, y) == y for x, y in zip(run.labels, best.labels)) else run
