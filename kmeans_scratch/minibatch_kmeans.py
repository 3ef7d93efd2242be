"""``MiniBatchKMeans``: the mini-batch algorithm (``minibatch``) as scikit-learn's estimator.

``fit`` seeds ``n_init`` starts, each on ``init_size`` random rows
(``minibatch.initial_centroids``), keeps the one with the lowest inertia on ``init_size``
random rows drawn for the comparison, then runs ``minibatch.minibatch_steps`` until
``minibatch.EarlyStop`` or ``max_iter`` passes end it; ``partial_fit`` takes one step per
chunk it is given, seeding on the first. Arguments are checked before any work, each error
naming the method and the argument; the fitted attributes are scikit-learn's.

Public names: MiniBatchKMeans.
Reference: D. Sculley (2010), "Web-scale k-means clustering", WWW 2010: 1177-1178;
scikit-learn's ``sklearn.cluster.MiniBatchKMeans`` (same parameters, attributes, methods).
"""

from __future__ import annotations

import math
import numbers
from typing import Iterable

from .collector import paused
from .errors import KMeansError, NotFittedError, warn
from .minibatch import EarlyStop, initial_centroids, minibatch_step, minibatch_steps, reassign_due
from .numpy_means import tolerance          # tol's scale as scikit-learn rounds it
from .params import Params
from .randomness import check_random_state
from .validation import (check_array, check_init, check_magnitude, check_n_clusters,
                         check_sample_weight, check_weighted_squares, feature_names)
from .vectors import Labels, Vector, assign, dist, weighted_inertia

__all__ = ["MiniBatchKMeans"]


class MiniBatchKMeans(Params):
    """Mini-batch K-Means, with scikit-learn's parameters, attributes and methods.

    Parameters (scikit-learn's names and defaults):
      n_clusters          k (default 8)
      init                'k-means++' (default), 'random', a sequence of k centres, or a
                          callable init(rows, k, random_state=rng) returning k centres for
                          the init_size rows it is given
      max_iter            passes over the data at most: max_iter * n_samples // batch_size steps
      batch_size          rows per step (1024; at most n_samples)
      verbose             0; above 0, print the steps as scikit-learn does
      compute_labels      True: label all of X after fit (each chunk after partial_fit),
                          giving labels_ and the exact inertia_; False: no labels_, and
                          inertia_ is the EWA of the batch inertia times the total weight
      random_state        None, an int (scikit-learn's own draws) or a generator
      tol                 0.0; stop when the centres move less than tol * mean feature variance
      max_no_improvement  10; stop after this many steps without a new EWA minimum (None: never)
      init_size           rows to seed on (None: 3 * batch_size, at least 3 * k; at most n)
      n_init              starts to try; 'auto' is 1 for 'k-means++' and given centres, 3 for
                          'random' and a callable; the one with the lowest inertia on init_size other rows wins
      reassignment_ratio  0.01; centres with less than this share of the largest count jump
                          to random batch rows

    Fitted attributes: cluster_centers_, labels_, inertia_, n_iter_ (passes over the data,
    rounded up; fit only), n_steps_ (batches), n_features_in_, feature_names_in_ (tables with
    string column names), and counts_: the weight each centre has absorbed (scikit-learn
    keeps it private, as ``_counts``).

    >>> X = [[0, 0], [0, 1], [1, 0], [1, 1], [10, 10], [10, 11], [11, 10], [11, 11]]
    >>> model = MiniBatchKMeans(n_clusters=2, batch_size=4, random_state=0).fit(X)
    >>> model.labels_, model.counts_, model.n_steps_
    ([0, 0, 0, 0, 1, 1, 1, 1], [27.0, 29.0], 14)
    >>> [(round(a * 27), round(b * 27)) for a, b in model.cluster_centers_[:1]]
    [(12, 14)]

    (14 batches of 4 rows: 27 draws fell near the origin, their coordinates summing to
    (12, 14), so centre 0 is their mean (12/27, 14/27), as scikit-learn's.)

    ``partial_fit(chunk)`` learns from one chunk at a time: the first call seeds on it.
    Same ``random_state`` and Python version, same result.
    Reference: Sculley (2010); scikit-learn's MiniBatchKMeans.
    """

    _defaults = {"n_clusters": 8, "init": "k-means++", "max_iter": 100, "batch_size": 1024,
                 "verbose": 0, "compute_labels": True, "random_state": None, "tol": 0.0,
                 "max_no_improvement": 10, "init_size": None, "n_init": "auto",
                 "reassignment_ratio": 0.01}

    def __init__(self, n_clusters: int = 8, *, init="k-means++", max_iter: int = 100,
                 batch_size: int = 1024, verbose: int = 0, compute_labels: bool = True,
                 random_state=None, tol: float = 0.0, max_no_improvement: int | None = 10,
                 init_size: int | None = None, n_init="auto", reassignment_ratio: float = 0.01):
        self.n_clusters, self.init, self.max_iter = n_clusters, init, max_iter
        self.batch_size, self.verbose, self.compute_labels = batch_size, verbose, compute_labels
        self.random_state, self.tol = random_state, tol
        self.max_no_improvement, self.init_size = max_no_improvement, init_size
        self.n_init, self.reassignment_ratio = n_init, reassignment_ratio

    # -- fitting ----------------------------------------------------------------------
    @paused()       # no reference cycles made: Python's cycle collector need not look
    def fit(self, X: Iterable, y=None, sample_weight: Iterable | None = None) -> "MiniBatchKMeans":
        """Cluster X by mini-batch steps from the best of ``n_init`` starts. Returns self."""
        rows, weights, names = self._data(X, sample_weight, "fit", None)
        k, given, n_init = self._check(rows, "fit")
        batch_size, init_size = self._sizes(len(rows), k)
        rng = check_random_state(self.random_state)
        centroids = self._best_start(rows, weights, k, given, n_init, init_size, rng)
        n_steps = self.max_iter * len(rows) // batch_size
        stop = EarlyStop(batch_size, len(rows), tolerance(rows, self.tol),
                          self.max_no_improvement)
        for state in minibatch_steps(rows, centroids, weights, rng, batch_size=batch_size,
                                     n_steps=n_steps, reassignment_ratio=self.reassignment_ratio):
            if self.verbose:
                print(f"Minibatch step {state.step}/{n_steps}: mean batch inertia: "
                      f"{state.inertia / batch_size}, ewa inertia: {stop.ewa}")
            if stop(state.step, state.inertia, state.shift):
                break
        self.cluster_centers_, self.counts_ = state.centroids, state.counts
        self.n_steps_ = state.step
        self.n_iter_ = -(-state.step * batch_size // len(rows))      # ceil: passes over the data
        self._batch_size, self._seen = batch_size, 0
        self._label(rows, weights, names)
        if not self.compute_labels:     # scikit-learn's estimate (one step: that batch's)
            ewa = stop.ewa if stop.ewa is not None else state.inertia / batch_size
            self.inertia_ = ewa * math.fsum(weights)
        return self

    @paused()
    def partial_fit(self, X: Iterable, y=None,
                    sample_weight: Iterable | None = None) -> "MiniBatchKMeans":
        """One step on the chunk X (its rows are the batch); the first call seeds on it."""
        fitted = hasattr(self, "cluster_centers_")
        n_features = self.n_features_in_ if fitted else None
        rows, weights, names = self._data(X, sample_weight, "partial_fit", n_features)
        if not hasattr(self, "_rng"):  # one generator for all calls, as scikit-learn's
            self._rng = check_random_state(self.random_state)
        if not fitted:
            k, given, _ = self._check(rows, "partial_fit")    # one start: n_init is not used
            self._batch_size, init_size = self._sizes(len(rows), k)
            self.cluster_centers_, _ = initial_centroids(rows, weights, k, self._rng,
                                                         init=given or self.init,
                                                         init_size=init_size,
                                                         caller="MiniBatchKMeans.partial_fit")
            self.counts_, self._seen, self.n_steps_ = [0.0] * k, 0, 0
        reassign, self._seen = reassign_due(self.counts_, self._seen, self._batch_size)
        _, self.cluster_centers_, self.counts_, _ = minibatch_step(
            rows, weights, self.cluster_centers_, self.counts_, self._rng, reassign=reassign,
            reassignment_ratio=self.reassignment_ratio)
        self.n_steps_ += 1
        if self.compute_labels:
            self._label(rows, weights, names if not fitted else None)
        elif not fitted:            # the width (and names) are known from the first chunk on
            self.n_features_in_: int = len(rows[0])
            if names is not None:
                self.feature_names_in_ = list(names)
        return self

    def _data(self, X, sample_weight, method: str, n_features) -> tuple:
        """(checked rows, checked weights, column names or None) for ``method``."""
        caller = f"MiniBatchKMeans.{method}"
        names = feature_names(X)
        X = check_array(X, caller=caller, n_features=n_features)
        check_magnitude(X, caller=caller)
        weights = check_sample_weight(sample_weight, len(X), caller=caller)
        check_weighted_squares(X, weights, caller=caller)     # so inertia stays finite
        return X, weights, names

    def _check(self, X, method: str) -> tuple:
        """(k, given centres or None, n_init) after checking every parameter."""
        caller = f"MiniBatchKMeans.{method}"
        k = check_n_clusters(self.n_clusters, len(X), caller=caller)
        for name, low in (("max_iter", 1), ("batch_size", 1), ("max_no_improvement", 0),
                          ("init_size", 1)):
            value = getattr(self, name)
            if (value is not None or name in ("max_iter", "batch_size")) \
                    and not _is_int_at_least(value, low):
                none = " or None" if name in ("max_no_improvement", "init_size") else ""
                raise KMeansError(f"{caller} requires an integer {name} >= {low}{none}; got "
                                  f"{name}={value!r}")
        for name in ("tol", "reassignment_ratio"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, numbers.Real) \
                    or not 0 <= float(value) < math.inf:
                raise KMeansError(f"{caller} requires 0 <= {name} < inf; got {name}={value!r}")
        given, n_init = check_init(self.init, self.n_init, len(X[0]), k, caller=caller,
                                   random_runs=3)      # scikit-learn's 'auto' for "random"
        return k, given, n_init

    def _sizes(self, n_samples: int, k: int) -> tuple[int, int]:
        """(batch size, init size) for this data, by scikit-learn's rules."""
        batch_size = min(self.batch_size, n_samples)
        init_size = self.init_size
        if init_size is None:
            init_size = 3 * batch_size if 3 * batch_size >= k else 3 * k
        elif init_size < k:
            warn(f"init_size={init_size} should be larger than n_clusters={k}. Setting it "
                 f"to min(3*n_clusters, n_samples)", RuntimeWarning)
            init_size = 3 * k
        return batch_size, min(init_size, n_samples)

    def _best_start(self, X, weights, k, given, n_init, init_size, rng) -> list:
        """The start, of n_init, with the lowest inertia on init_size random rows (the first on ties)."""
        validation = rng.randint(0, len(X), init_size)
        rows, row_weights = [X[i] for i in validation], [weights[i] for i in validation]
        best, best_inertia = None, math.inf
        for _ in range(n_init):
            centroids, _ = initial_centroids(X, weights, k, rng, init=given or self.init,
                                             init_size=init_size)
            labels, _ = assign(rows, centroids)
            inertia = weighted_inertia(rows, labels, centroids, row_weights)
            if best is None or inertia < best_inertia:
                best, best_inertia = centroids, inertia
        assert best is not None     # n_init >= 1
        return best

    def _label(self, X, weights, names) -> None:
        """Set labels_ and inertia_ (if compute_labels), n_features_in_ and feature names."""
        self.n_features_in_ = len(X[0])
        if names is not None:
            self.feature_names_in_ = list(names)
        if self.compute_labels:
            self.labels_ = assign(X, self.cluster_centers_)[0]
            self.inertia_ = weighted_inertia(X, self.labels_, self.cluster_centers_, weights)

    # -- using a fitted model -----------------------------------------------------------
    def _checked(self, X: Iterable, method: str) -> list[Vector]:
        """X checked against the fitted model's number of features (and names, if both have)."""
        if not hasattr(self, "cluster_centers_"):
            raise NotFittedError(f"This MiniBatchKMeans instance is not fitted yet; call 'fit' "
                                 f"or 'partial_fit' before '{method}'")
        names, fitted = feature_names(X), getattr(self, "feature_names_in_", None)
        if names is not None and fitted is not None and list(names) != fitted:
            raise KMeansError(f"MiniBatchKMeans.{method} requires the columns it was fitted "
                              f"on, in order; got {list(names)}, fitted on {fitted}")
        X = check_array(X, caller=f"MiniBatchKMeans.{method}", n_features=self.n_features_in_)
        check_magnitude(X, caller=f"MiniBatchKMeans.{method}")
        return X

    def predict(self, X: Iterable) -> Labels:
        """The index of the nearest fitted centre for every row of X."""
        return assign(self._checked(X, "predict"), self.cluster_centers_)[0]

    def fit_predict(self, X: Iterable, y=None, sample_weight: Iterable | None = None) -> Labels:
        """Fit, then return the labels of X (``labels_``, or ``predict(X)`` without them)."""
        if feature_names(X) is None:
            X = check_array(X, caller="MiniBatchKMeans.fit_predict")
        self.fit(X, sample_weight=sample_weight)
        return self.labels_ if self.compute_labels else self.predict(X)

    def transform(self, X: Iterable) -> list[list[float]]:
        """For every row, its Euclidean distance to each fitted centre."""
        X = self._checked(X, "transform")
        return [[dist(x, c) for c in self.cluster_centers_] for x in X]

    def fit_transform(self, X: Iterable, y=None, sample_weight=None) -> list[list[float]]:
        """Fit, then transform X (read once, so a generator of rows works too)."""
        if feature_names(X) is None:
            X = check_array(X, caller="MiniBatchKMeans.fit_transform")
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def score(self, X: Iterable, y=None, sample_weight: Iterable | None = None) -> float:
        """Minus the inertia of X against the fitted centres (higher is better)."""
        X = self._checked(X, "score")
        weights = check_sample_weight(sample_weight, len(X), caller="MiniBatchKMeans.score")
        check_weighted_squares(X + list(self.cluster_centers_), weights,
                               caller="MiniBatchKMeans.score")
        labels, _ = assign(X, self.cluster_centers_)
        return -weighted_inertia(X, labels, self.cluster_centers_, weights)


def _is_int_at_least(value, low: int) -> bool:
    """True for an int (not a bool) >= low."""
    return not isinstance(value, bool) and isinstance(value, numbers.Integral) and int(value) >= low
