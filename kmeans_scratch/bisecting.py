"""Bisecting K-Means: divisive clustering, one cluster split in two at a time.

Start with every point in one cluster. Then, until there are n_clusters of them, pick a
cluster and split it in two with K-Means (K = 2, ``n_init`` runs of seeding and Lloyd's
loop on that cluster's points alone, keeping the best run). The cluster picked is the one
with the biggest inertia (``bisecting_strategy='biggest_inertia'``, the default)

    I(cluster) = sum_{i in cluster} w[i] * ||X[i] - centre(cluster)||**2

or the one with the most points (``'largest_cluster'``); the first in the tree's order wins
a tie. The splits form a binary tree: its leaves are the clusters, numbered left to right,
and ``inertia_`` is the sum of the leaves' I. New points are labelled by walking down the
tree, at each split towards the nearer of the two halves' centres, so a point can land in
a leaf whose centre is not its nearest of all.

As scikit-learn does, for its numbers: X is centred first (its column means subtracted,
and added back to the centres); one generator serves every split and every run, in order;
a later run replaces the best only if its inertia is lower by more than a millionth; and
``tol`` is compared with the centres' total squared shift as it is (unlike ``KMeans``,
which scales it by the data's variance).

Public names: BisectingKMeans, BisectingNode.
Reference: M. Steinbach, G. Karypis and V. Kumar (2000), "A comparison of document
clustering techniques", KDD Workshop on Text Mining; scikit-learn's ``BisectingKMeans``.
"""

from __future__ import annotations

import math
import numbers
from operator import mul
from typing import Iterable, Iterator, Optional, Sequence

from .collector import paused
from .errors import KMeansError, NotFittedError
from .params import Params
from .lloyd import KMeansResult, lloyd
from .randomness import RandomState, check_random_state
from .seeding import plusplus_indices, random_indices
from .validation import (check_array, check_magnitude, check_n_clusters, check_sample_weight,
                         check_weighted_squares, feature_names)
from .vectors import Labels, Vector, dist, nearest, squared_distance, weighted_inertia
from .numpy_means import column_means

__all__ = ["BisectingKMeans", "BisectingNode"]

STRATEGIES = ("biggest_inertia", "largest_cluster")


class BisectingNode:
    """One cluster of the tree: its centre, size and inertia, and the two halves it was split
    into (``children``, empty for a leaf).

    ``indices`` are its rows of X; ``label`` is a leaf's cluster number (None above the
    leaves); ``split`` numbers the bisections 1, 2, ... in the order they were made (None
    for a leaf).

    >>> root = BisectingKMeans(n_clusters=2, random_state=0).fit([[0], [1], [9], [10]]).tree_
    >>> root.size, root.inertia, root.split       # 5**2 + 4**2 + 4**2 + 5**2 about 5
    (4, 82.0, 1)
    >>> root.children[0]
    BisectingNode(size=2, center=(9.5,), inertia=0.5, label=0, split=None)
    >>> [(leaf.label, leaf.indices) for leaf in root.leaves()]
    [(0, [2, 3]), (1, [0, 1])]
    """

    __slots__ = ("center", "size", "inertia", "indices", "children", "label", "split")

    def __init__(self, center: Vector, indices: list[int], inertia: float):
        self.center = center
        self.indices = indices
        self.size = len(indices)
        self.inertia = inertia
        self.children: tuple = ()
        self.label: Optional[int] = None
        self.split: Optional[int] = None

    def leaves(self) -> Iterator["BisectingNode"]:
        """The leaves below this node (itself, if a leaf), left to right."""
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()

    def __repr__(self) -> str:
        return (f"BisectingNode(size={self.size}, center={self.center}, "
                f"inertia={self.inertia}, label={self.label}, split={self.split})")


class BisectingKMeans(Params):
    """Bisecting K-Means, with scikit-learn's parameters, attributes and methods.

    Parameters (scikit-learn's names and defaults):
      n_clusters          the number of leaves to split down to (default 8)
      init                'random' (default) or 'k-means++': how each split's run starts
      n_init              runs per split, the best kept (default 1)
      random_state        None, an int (scikit-learn's own draws) or a generator
      max_iter            the most Lloyd steps per run (default 300)
      tol                 stop a run when the centres' total squared shift is <= tol (1e-4)
      bisecting_strategy  'biggest_inertia' (default) or 'largest_cluster'
      verbose, copy_x     accepted for scikit-learn's sake; they change nothing here
      algorithm           'lloyd' (the only one)
    Unlike scikit-learn: verbose prints nothing (read ``tree_text()`` after fitting); X is
    never modified, whatever copy_x says; init cannot be a callable; 'elkan' is not offered;
    and where init='random' must split a cluster of one point (all clusters have inertia 0:
    fewer distinct points than n_clusters), scikit-learn fails to draw two distinct rows,
    while here both halves start on that point, drawing nothing, as k-means++ would: the
    point stays, and the other half is empty.

    Fitted attributes: cluster_centers_, labels_, inertia_, n_features_in_,
    feature_names_in_ (for a table with string column names), and tree_, the root
    ``BisectingNode`` (scikit-learn keeps it private, as ``_bisecting_tree``).

    >>> X = [[1], [2], [3], [11], [12], [13], [30], [31], [32]]
    >>> model = BisectingKMeans(n_clusters=3, random_state=0).fit(X)
    >>> model.labels_
    [1, 1, 1, 0, 0, 0, 2, 2, 2]
    >>> model.cluster_centers_, model.inertia_
    ([(12.0,), (2.0,), (31.0,)], 6.0)
    >>> print(model.tree_text())
    9 points, centre (15), inertia 1308: split 1
      6 points, centre (7), inertia 154: split 2
        cluster 0: 3 points, centre (12), inertia 2
        cluster 1: 3 points, centre (2), inertia 2
      cluster 2: 3 points, centre (31), inertia 2
    >>> model.predict([[0], [8], [25]])
    [1, 0, 2]

    Same ``random_state`` and Python version, same result.
    Reference: Steinbach, Karypis and Kumar (2000); scikit-learn's BisectingKMeans.
    """

    _defaults = {"n_clusters": 8, "init": "random", "n_init": 1, "random_state": None,
                 "max_iter": 300, "verbose": 0, "tol": 1e-4, "copy_x": True,
                 "algorithm": "lloyd", "bisecting_strategy": "biggest_inertia"}

    def __init__(self, n_clusters: int = 8, *, init: str = "random", n_init: int = 1,
                 random_state=None, max_iter: int = 300, verbose: int = 0, tol: float = 1e-4,
                 copy_x: bool = True, algorithm: str = "lloyd",
                 bisecting_strategy: str = "biggest_inertia"):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.random_state = random_state
        self.max_iter = max_iter
        self.verbose = verbose
        self.tol = tol
        self.copy_x = copy_x
        self.algorithm = algorithm
        self.bisecting_strategy = bisecting_strategy

    # -- fitting ----------------------------------------------------------------------
    @paused()       # no reference cycles made: Python's cycle collector need not look
    def fit(self, X: Iterable, y=None, sample_weight: Iterable | None = None) -> "BisectingKMeans":
        """Split X into n_clusters clusters, one bisection at a time. Returns self."""
        names = feature_names(X)
        X = check_array(X, caller="BisectingKMeans.fit")
        check_magnitude(X, caller="BisectingKMeans.fit")
        weights = check_sample_weight(sample_weight, len(X), caller="BisectingKMeans.fit")
        check_weighted_squares(X, weights, caller="BisectingKMeans.fit")
        k = check_n_clusters(self.n_clusters, len(X), caller="BisectingKMeans.fit")
        self._check_parameters()
        rng = check_random_state(self.random_state)     # one generator for every split
        # centred, as scikit-learn does: its sums and distances are then smaller numbers
        X_mean = column_means(X)
        centred = [tuple(v - m for v, m in zip(x, X_mean)) for x in X]
        everything = list(range(len(X)))
        root_centre = column_means(centred)
        root = BisectingNode(_shifted(root_centre, X_mean), everything,
                             _cluster_inertia(centred, everything, root_centre, weights))
        for number in range(1, k):
            node = max(root.leaves(), key=self._score)   # the first of equal scores
            self._bisect(node, centred, weights, rng, X_mean)
            node.split = number
        self._store(root, X, weights, names)
        return self

    def _score(self, node: BisectingNode) -> float:
        """What decides which leaf is split next: its inertia, or its number of points."""
        return node.inertia if self.bisecting_strategy == "biggest_inertia" else node.size

    def _bisect(self, node: BisectingNode, centred: list[Vector], weights: list[float],
                rng: RandomState, X_mean: Vector) -> None:
        """Split node in two: the best of n_init K-Means runs (K=2) on its points alone."""
        points = [centred[i] for i in node.indices]
        point_weights = [weights[i] for i in node.indices]
        best: Optional[KMeansResult] = None
        for _ in range(self.n_init):
            if self.init == "k-means++":
                seeds = plusplus_indices(points, 2, rng, point_weights)
            elif sum(w > 0 for w in point_weights) < 2:   # one point: nothing to draw
                seeds = [point_weights.index(max(point_weights))] * 2
            else:
                seeds = random_indices(len(points), 2, rng, point_weights)
            run = lloyd(points, [points[i] for i in seeds], point_weights,
                        max_iter=self.max_iter, tol=self.tol)   # tol as it is, not scaled
            # scikit-learn's margin: a run must be better by more than rounding noise
            if best is None or run.inertia < best.inertia * (1 - 1e-6):
                best = run
        assert best is not None         # n_init >= 1
        halves = []
        for half in (0, 1):
            rows = [i for i, label in zip(node.indices, best.labels) if label == half]
            centre = best.centroids[half]
            halves.append(BisectingNode(_shifted(centre, X_mean), rows,
                                        _cluster_inertia(centred, rows, centre, weights)))
        node.children = tuple(halves)

    def _check_parameters(self) -> None:
        """Raise KMeansError for a parameter scikit-learn would refuse."""
        checks = [("init", "init in ('k-means++', 'random')", self.init in ("k-means++", "random")),
                  ("n_init", "n_init >= 1", _is_int(self.n_init) and self.n_init >= 1),
                  ("max_iter", "max_iter >= 1", _is_int(self.max_iter) and self.max_iter >= 1),
                  ("tol", "0 <= tol < inf", isinstance(self.tol, numbers.Real)
                   and 0 <= self.tol < math.inf),
                  ("algorithm", "algorithm='lloyd'", self.algorithm == "lloyd"),
                  ("bisecting_strategy", f"bisecting_strategy in {STRATEGIES}",
                   self.bisecting_strategy in STRATEGIES)]
        for name, condition, holds in checks:
            if not holds:
                raise KMeansError(f"BisectingKMeans requires {condition}; got "
                                  f"{name}={getattr(self, name)!r}")

    def _store(self, root: BisectingNode, X: list[Vector], weights: list[float],
               names) -> None:
        """Number the leaves left to right and keep scikit-learn's fitted attributes."""
        labels = [0] * len(X)
        for label, leaf in enumerate(root.leaves()):
            leaf.label = label
            for i in leaf.indices:
                labels[i] = label
        self.tree_ = root
        self.labels_ = labels
        self.cluster_centers_ = [leaf.center for leaf in root.leaves()]
        self.inertia_ = weighted_inertia(X, labels, self.cluster_centers_, weights)
        self.n_features_in_ = len(X[0])
        self.__dict__.pop("feature_names_in_", None)
        if names is not None:
            self.feature_names_in_ = list(names)

    # -- using a fitted model -----------------------------------------------------------
    def _checked(self, X: Iterable, caller: str) -> list[Vector]:
        """X checked against the fitted model's number of features."""
        if not hasattr(self, "tree_"):
            raise NotFittedError(f"This BisectingKMeans instance is not fitted yet; call "
                                 f"'fit' before '{caller}'")
        return check_array(X, caller=f"BisectingKMeans.{caller}",
                           n_features=self.n_features_in_)

    def predict(self, X: Iterable) -> Labels:
        """The leaf every row of X reaches by walking down the tree (scikit-learn's rule).

        At each split the row goes to the half whose centre is nearer (the first on a tie);
        the leaf it ends in need not have the nearest centre of all.
        """
        labels: Labels = []
        for x in self._checked(X, "predict"):
            node = self.tree_
            while node.children:
                node = node.children[nearest(x, [child.center for child in node.children])]
            assert node.label is not None       # fit numbered every leaf
            labels.append(node.label)
        return labels

    def fit_predict(self, X: Iterable, y=None, sample_weight: Iterable | None = None) -> Labels:
        """Fit, then return ``labels_``."""
        return self.fit(X, sample_weight=sample_weight).labels_

    def transform(self, X: Iterable) -> list[list[float]]:
        """For every row, its Euclidean distance to each cluster centre."""
        X = self._checked(X, "transform")
        check_magnitude(X, caller="BisectingKMeans.transform")
        return [[dist(x, c) for c in self.cluster_centers_] for x in X]

    def fit_transform(self, X: Iterable, y=None, sample_weight=None) -> list[list[float]]:
        """Fit, then transform X."""
        X = check_array(X, caller="BisectingKMeans.fit_transform")
        return self.fit(X, sample_weight=sample_weight).transform(X)

    def score(self, X: Iterable, y=None, sample_weight: Iterable | None = None) -> float:
        """Minus the inertia of X against the nearest centres (as scikit-learn: no tree walk)."""
        X = self._checked(X, "score")
        check_magnitude(X, caller="BisectingKMeans.score")
        weights = check_sample_weight(sample_weight, len(X), caller="BisectingKMeans.score")
        check_weighted_squares(X + self.cluster_centers_, weights, caller="BisectingKMeans.score")
        labels = [nearest(x, self.cluster_centers_) for x in X]
        return -weighted_inertia(X, labels, self.cluster_centers_, weights)

    def tree_text(self, digits: int = 4) -> str:
        """The tree of splits as an indented outline, one node a line, children indented.

        Each line: a leaf's cluster number, the size, the centre and the inertia (to
        ``digits`` significant digits), and for a split node which bisection split it.
        """
        if not hasattr(self, "tree_"):
            raise NotFittedError("This BisectingKMeans instance is not fitted yet; call "
                                 "'fit' before 'tree_text'")
        return "\n".join(_outline(self.tree_, 0, digits))


def _outline(node: BisectingNode, depth: int, digits: int) -> Iterator[str]:
    """The lines of ``tree_text`` for node and everything below it."""
    centre = ", ".join(f"{v:.{digits}g}" for v in node.center)
    line = f"{node.size} points, centre ({centre}), inertia {node.inertia:.{digits}g}"
    if node.children:
        yield f"{'  ' * depth}{line}: split {node.split}"
    else:
        yield f"{'  ' * depth}cluster {node.label}: {line}"
    for child in node.children:
        yield from _outline(child, depth + 1, digits)


def _shifted(centre: Vector, X_mean: Vector) -> Vector:
    """A centre of the centred data moved back among the data: centre + X_mean."""
    return tuple(c + m for c, m in zip(centre, X_mean))


def _cluster_inertia(X: Sequence[Vector], rows: list[int], centre: Vector,
                     weights: Sequence[float]) -> float:
    """I = sum over the rows of w[i] * ||X[i] - centre||**2."""
    return math.fsum(map(mul, (weights[i] for i in rows),
                         (squared_distance(X[i], centre) for i in rows)))


def _is_int(value) -> bool:
    """True for an integer that is not a bool."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)
