"""Explaining clusters: which features set each cluster apart, and a tree of thresholds.

``explain_clusters`` ranks, for each cluster, the features by how far the cluster's mean sits
from the overall mean, in units of the overall (population) standard deviation:

    z[c][f] = (mean_c[f] - mean[f]) / sd[f]          (a constant feature, sd[f] = 0: z = 0)

Weighted by the clusters' sizes, the z-scores of a feature sum to zero: sum_c n_c z[c][f] = 0.

``threshold_tree`` gives a rule for every cluster: a binary tree of cuts ``x[f] <= theta``,
one leaf per cluster, grown by IMM (Iterative Mistake Minimization). Each node holds the
cluster centres (the clusters' means) that reach it and the points still beside their own
centre; among the cuts that separate at least two of those centres it takes the one with
the fewest mistakes

    mistakes(f, theta) = #{points x at the node : x[f] <= theta < c[f] or c[f] <= theta < x[f]}

(c the point's own centre), drops the points it separates from their centres, and recurses
until every leaf holds one centre. A point the tree sends to another cluster's leaf is one
of those mistakes, so the tree's disagreement with the labels is their total.

Public names: explain_clusters, format_explanation, FeatureEffect, threshold_tree,
ThresholdTree, ThresholdNode.
Reference: S. Dasgupta, N. Frost, M. Moshkovitz and C. Rashtchian (2020), "Explainable
k-means and k-medians clustering", ICML (PMLR 119: 7055-7065).
"""

from __future__ import annotations

import math
import statistics
from bisect import bisect_right
from typing import Hashable, Iterable, NamedTuple, Optional, Sequence

from .errors import KMeansError
from .metrics.contingency import distinct_labels
from .validation import check_array, check_columns, feature_names as table_feature_names
from .vectors import Vector, columns, mean

__all__ = ["explain_clusters", "format_explanation", "FeatureEffect", "threshold_tree",
           "ThresholdTree", "ThresholdNode"]


class FeatureEffect(NamedTuple):
    """One feature of one cluster: its name, z-score, the cluster's mean and the overall mean."""
    feature: str
    z: float
    mean: float
    overall_mean: float


def explain_clusters(X: Iterable, labels: Sequence[Hashable],
                     feature_names: Optional[Sequence[str]] = None) -> dict:
    """{cluster: [FeatureEffect, ...]}: each cluster's features, largest |z| first.

        z = (mean_c - mean) / sd      (overall mean, population sd; 0 for a constant feature)

    Ties keep the features' order. Names default to a table's column names, else
    feature_1, feature_2, ...; clusters come sorted, as in ``cluster_profile``.

    >>> X = [[1.0, 5.0], [3.0, 5.0], [5.0, 6.0], [7.0, 4.0]]    # overall means 4 and 5
    >>> explanation = explain_clusters(X, [0, 0, 1, 1], ["size", "price"])
    >>> explanation[0]                    # sd of size: sqrt(5); (2 - 4) / sqrt(5) = -0.894
    [FeatureEffect(feature='size', z=-0.894..., mean=2.0, overall_mean=4.0), FeatureEffect(feature='price', z=0.0, mean=5.0, overall_mean=5.0)]

    Raises KMeansError unless there is one label per row and one name per column.
    Reference: the z-score; Dasgupta et al. (2020) for the tree beside it.
    """
    names = _names(X, feature_names, "explain_clusters")
    X = check_columns(X, caller="explain_clusters")      # (a big X costs 8 bytes a value)
    labels = _check_labels(X, labels, names, "explain_clusters")
    centre = mean(X)
    spread = [statistics.pstdev(column) for column in columns(X)]    # the stdlib's exact mean inside
    explanation = {}
    for cluster, cluster_mean in _cluster_means(X, labels).items():
        effects = [FeatureEffect(name, (m - mu) / sd if sd else 0.0, m, mu)
                   for name, m, mu, sd in zip(names, cluster_mean, centre, spread)]
        explanation[cluster] = sorted(effects, key=lambda effect: -abs(effect.z))
    return explanation


def format_explanation(explanation: dict, *, top: int = 3, digits: int = 2) -> list[str]:
    """One line per cluster: its ``top`` features, with the cluster's mean and z in sd units.

    >>> format_explanation({0: [FeatureEffect("income", 1.5, 80.0, 50.0)]})
    ['cluster 0: income 80 (+1.50 sd)']
    """
    return [f"cluster {cluster}: " + ", ".join(f"{e.feature} {e.mean:.{digits + 2}g} ({e.z:+.{digits}f} sd)"
                                               for e in effects[:top])
            for cluster, effects in explanation.items()]


def _names(X, feature_names: Optional[Sequence[str]], caller: str) -> list[str]:
    """The feature names given, a table's column names, or feature_1, ... (width unchecked)."""
    if feature_names is not None:
        return list(feature_names)
    names = table_feature_names(X)
    if names:
        return list(names)
    return [f"feature_{f + 1}" for f in range(len(check_array(X, caller=caller)[0]))]


def _check_labels(X: Sequence[Vector], labels: Sequence[Hashable], names: list, caller: str) -> list:
    """labels as a list, after checking one label per row and one name per column."""
    labels = list(labels)
    if len(labels) != len(X) or len(names) != len(X[0]):
        raise KMeansError(f"{caller} requires one label per row and one name per column; got "
                          f"{len(X)} rows, {len(labels)} labels, {len(names)} names for {len(X[0])} columns")
    return labels


def _cluster_means(X: Sequence[Vector], labels: list) -> dict:
    """{cluster: the mean of its rows}, clusters sorted as ``distinct_labels`` sorts them."""
    return {cluster: mean([x for x, label in zip(X, labels) if label == cluster])
            for cluster in distinct_labels(labels)}


class ThresholdNode:
    """A node of a threshold tree: a cut ``x[feature] <= threshold`` (left) or a leaf's label."""

    def __init__(self, label: Hashable = None, feature: Optional[int] = None, threshold: float = 0.0,
                 left: Optional[ThresholdNode] = None, right: Optional[ThresholdNode] = None,
                 mistakes: int = 0):
        self.label, self.feature, self.threshold = label, feature, threshold
        self.left, self.right, self.mistakes = left, right, mistakes

    def is_leaf(self) -> bool:
        """True for a leaf (no cut)."""
        return self.feature is None

    def __repr__(self) -> str:
        if self.is_leaf():
            return f"ThresholdNode(label={self.label!r})"
        return f"ThresholdNode(feature={self.feature}, threshold={self.threshold!r}, mistakes={self.mistakes})"


class ThresholdTree:
    """A fitted threshold tree: ``predict``, ``score``, ``rules`` and ``leaf_rules``.

    Attributes: root (a ThresholdNode), feature_names, n_mistakes (points of the fitting
    data sent to another cluster's leaf) and agreement (the fraction sent to their own).
    """

    def __init__(self, root: ThresholdNode, feature_names: list, n_features: int,
                 n_mistakes: int, n_samples: int):
        self.root, self.feature_names, self.n_features = root, feature_names, n_features
        self.n_mistakes, self.agreement = n_mistakes, (n_samples - n_mistakes) / n_samples

    def predict(self, X: Iterable) -> list:
        """The leaf's cluster for every row: left while x[feature] <= threshold, else right."""
        return [self._leaf(x).label
                for x in check_array(X, caller="ThresholdTree.predict", n_features=self.n_features)]

    def _leaf(self, x: Vector) -> ThresholdNode:
        """The leaf that x reaches."""
        node = self.root
        while not node.is_leaf():
            assert node.left is not None and node.right is not None and node.feature is not None
            node = node.left if x[node.feature] <= node.threshold else node.right
        return node

    def score(self, X: Iterable, labels: Sequence[Hashable]) -> float:
        """The fraction of rows whose leaf is their label."""
        predicted = self.predict(X)
        return sum(p == label for p, label in zip(predicted, labels)) / len(predicted)

    def rules(self) -> str:
        """The tree as nested if/else lines, a leaf on its condition's line."""
        return "\n".join(self._lines(self.root, 0))

    def leaf_rules(self) -> list[tuple]:
        """(cluster, its rule) for every leaf, left to right: the cuts on its path, joined by 'and'."""
        return self._paths(self.root, [])

    def _paths(self, node: ThresholdNode, conditions: list) -> list[tuple]:
        """(label, rule) for the leaves under node, reached through ``conditions``."""
        if node.is_leaf():
            return [(node.label, " and ".join(conditions) or "always")]
        assert node.left is not None and node.right is not None and node.feature is not None
        name, theta = self.feature_names[node.feature], f"{node.threshold:.6g}"
        return (self._paths(node.left, conditions + [f"{name} <= {theta}"])
                + self._paths(node.right, conditions + [f"{name} > {theta}"]))

    def _lines(self, node: ThresholdNode, depth: int) -> list[str]:
        """The rules under node, indented four spaces per level."""
        pad = "    " * depth
        if node.is_leaf():
            return [f"{pad}cluster {node.label}"]
        assert node.left is not None and node.right is not None and node.feature is not None
        lines = []
        for head, child in ((f"if {self.feature_names[node.feature]} <= {node.threshold:.6g}:", node.left),
                            ("else:", node.right)):
            if child.is_leaf():
                lines.append(f"{pad}{head} cluster {child.label}")
            else:
                lines += [pad + head] + self._lines(child, depth + 1)
        return lines


def threshold_tree(X: Iterable, labels: Sequence[Hashable],
                   feature_names: Optional[Sequence[str]] = None) -> ThresholdTree:
    """A tree of axis-aligned cuts with one leaf per cluster, grown by IMM.

    At each node, among cuts x[f] <= theta that separate at least two of the centres there,
    take the one with the fewest mistakes (points put on the other side from their own
    centre; ties: the first feature, then the lowest theta), drop those points, recurse.
    Thresholds sit halfway between neighbouring values, as in scikit-learn's trees.

    >>> X = [[1.0, 0.0], [2.0, 0.0], [8.0, 0.0], [7.0, 5.0], [9.0, 6.0]]   # centres (1.5, 0),
    >>> tree = threshold_tree(X, [0, 0, 1, 2, 2], ["width", "height"])     # (8, 0), (8, 5.5)
    >>> print(tree.rules())
    if width <= 4.5: cluster 0
    else:
        if height <= 2.5: cluster 1
        else: cluster 2
    >>> tree.predict([[0.0, 9.0], [10.0, 1.0]]), tree.agreement
    ([0, 1], 1.0)
    >>> tree.leaf_rules()[2]
    (2, 'width > 4.5 and height > 2.5')

    Raises KMeansError unless there is one label per row and one name per column, or if two
    clusters have the same mean (no cut can part them).
    Reference: Dasgupta, Frost, Moshkovitz and Rashtchian (2020), ICML, algorithm IMM.
    """
    names = _names(X, feature_names, "threshold_tree")
    X = check_array(X, caller="threshold_tree")
    labels = _check_labels(X, labels, names, "threshold_tree")
    means = _cluster_means(X, labels)
    clusters = list(means)
    centres = [means[cluster] for cluster in clusters]
    if len(set(centres)) < len(centres):
        raise KMeansError("threshold_tree requires clusters with different means; got "
                          f"{len(centres)} clusters and {len(set(centres))} distinct means")
    index = {cluster: j for j, cluster in enumerate(clusters)}
    owner = [index[label] for label in labels]
    root = _grow(X, owner, centres, clusters, list(range(len(X))), list(range(len(clusters))))
    return ThresholdTree(root, names, len(X[0]), _count_mistakes(root), len(X))


def _grow(X: list, owner: list, centres: list, clusters: list, points: list, at: list) -> ThresholdNode:
    """The IMM subtree for the centres ``at`` and the points still beside their centres."""
    if len(at) == 1:
        return ThresholdNode(label=clusters[at[0]])
    mistakes, f, theta = _best_cut(X, owner, centres, points, at)
    kept = [i for i in points if (X[i][f] <= theta) == (centres[owner[i]][f] <= theta)]
    sides = [[i for i in kept if (X[i][f] <= theta) == left] for left in (True, False)]
    centre_sides = [[j for j in at if (centres[j][f] <= theta) == left] for left in (True, False)]
    return ThresholdNode(feature=f, threshold=theta, mistakes=mistakes,
                         left=_grow(X, owner, centres, clusters, sides[0], centre_sides[0]),
                         right=_grow(X, owner, centres, clusters, sides[1], centre_sides[1]))


def _best_cut(X: list, owner: list, centres: list, points: list, at: list) -> tuple:
    """(mistakes, feature, theta) of the best cut separating two or more of the centres ``at``.

    A point x with centre c is a mistake for every theta in [min(x[f], c[f]), max(x[f], c[f])),
    so with those interval ends sorted, mistakes(theta) = #starts <= theta - #ends <= theta.
    """
    best: Optional[tuple] = None
    for f in range(len(X[0])):
        low, high = min(centres[j][f] for j in at), max(centres[j][f] for j in at)
        if low == high:
            continue
        starts = sorted(min(X[i][f], centres[owner[i]][f]) for i in points)
        ends = sorted(max(X[i][f], centres[owner[i]][f]) for i in points)
        values = sorted({X[i][f] for i in points} | {centres[j][f] for j in at})
        for value, following in zip(values, values[1:]):
            if low <= value < high:
                mistakes = bisect_right(starts, value) - bisect_right(ends, value)
                cut = (mistakes, f, _halfway(value, following))
                best = cut if best is None or cut < best else best
    assert best is not None, "two distinct centres differ in some feature"
    return best


def _halfway(value: float, following: float) -> float:
    """A threshold between two neighbouring values: their midpoint, or value itself should the
    midpoint round onto ``following`` (adjacent floats), so the cut still parts them."""
    middle = value + (following - value) / 2
    return middle if value <= middle < following and math.isfinite(middle) else value


def _count_mistakes(node: ThresholdNode) -> int:
    """The mistakes of every cut in the subtree."""
    if node.is_leaf():
        return 0
    assert node.left is not None and node.right is not None
    return node.mistakes + _count_mistakes(node.left) + _count_mistakes(node.right)
