"""explain_clusters (z-scores per cluster) and threshold_tree (IMM): examples and invariants."""

import math

import pytest
from hypothesis import assume, given, settings, strategies as st

from kmeans_scratch import KMeans, KMeansError, load_iris
from kmeans_scratch.explain import (FeatureEffect, explain_clusters, format_explanation,
                                    threshold_tree)
from kmeans_scratch.vectors import mean
from strategies import datasets


class Frame:
    """What pandas and polars offer, in miniature."""
    columns = ["age", "income"]

    def to_numpy(self):
        return [[20.0, 1.0], [30.0, 3.0], [60.0, 2.0]]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_setosa_cluster_is_explained_first_by_a_petal_measurement(seed):
    iris = load_iris()
    labels = KMeans(n_clusters=3, random_state=seed, n_init=10).fit_predict(iris.data)
    setosa = max(set(labels), key=lambda c: sum(1 for label, t in zip(labels, iris.target)
                                                  if label == c and t == 0))
    first = explain_clusters(iris.data, labels, iris.feature_names)[setosa][0]
    assert first.feature.startswith("petal") and first.z < -1.0     # small petals


def test_z_is_the_distance_from_the_overall_mean_in_population_sds():
    X = [[1.0, 5.0], [3.0, 5.0], [5.0, 6.0], [7.0, 4.0]]
    explanation = explain_clusters(X, ["a", "a", "b", "b"])
    # size: mean 4, pstdev sqrt(5); price: mean 5, pstdev sqrt(0.5); cluster b's price mean is 5
    assert explanation["b"] == [FeatureEffect("feature_1", 2 / math.sqrt(5), 6.0, 4.0),
                                FeatureEffect("feature_2", 0.0, 5.0, 5.0)]


def test_a_constant_feature_has_z_zero_and_ties_keep_the_feature_order():
    explanation = explain_clusters([[1.0, 7.0, 0.0], [3.0, 7.0, 2.0]], [0, 1], ["x", "c", "y"])
    assert [(e.feature, e.z) for e in explanation[0]] == [("x", -1.0), ("y", -1.0), ("c", 0.0)]
    # fsum(3 x) / 3 can miss x by an ulp: the z of a constant column is still exactly 0
    x = 682.6934599015292
    assert [e.z for e in explain_clusters([[x], [x], [x]], [0, 0, 1])[1]] == [0.0]


def test_names_come_from_a_table_then_default_to_feature_n():
    assert explain_clusters(Frame(), [0, 0, 1])[1][0].feature == "age"
    assert threshold_tree(Frame(), [0, 0, 1]).rules() == "if age <= 45: cluster 0\nelse: cluster 1"
    assert {e.feature for e in explain_clusters([[1.0, 2.0], [3.0, 1.0]], [0, 1])[0]} == {"feature_1", "feature_2"}


def test_format_explanation_names_the_top_features():
    explanation = {1: [FeatureEffect("income", -1.25, 20.0, 50.0), FeatureEffect("age", 0.5, 40.0, 35.0)]}
    assert format_explanation(explanation, top=1) == ["cluster 1: income 20 (-1.25 sd)"]
    assert format_explanation(explanation) == ["cluster 1: income 20 (-1.25 sd), age 40 (+0.50 sd)"]


@settings(deadline=None)
@given(datasets(min_samples=2, max_samples=20), st.data())
def test_size_weighted_z_scores_sum_to_zero_per_feature(X, data):
    labels = data.draw(st.lists(st.integers(0, 3), min_size=len(X), max_size=len(X)))
    explanation = explain_clusters(X, labels)
    sizes = {c: labels.count(c) for c in explanation}
    for f in range(len(X[0])):
        name = f"feature_{f + 1}"
        weighted = [sizes[c] * e.z for c, effects in explanation.items() for e in effects if e.feature == name]
        assert abs(math.fsum(weighted)) <= 1e-9 * len(X) * max(1.0, max(abs(w) for w in weighted))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_tree_agrees_with_kmeans_on_at_least_90_percent_of_iris(seed):
    iris = load_iris()
    labels = KMeans(n_clusters=3, random_state=seed, n_init=10).fit_predict(iris.data)
    tree = threshold_tree(iris.data, labels, iris.feature_names)
    assert tree.agreement >= 0.9 and tree.score(iris.data, labels) == tree.agreement
    assert tree.rules().startswith("if petal_")


def test_imm_takes_the_cut_with_fewest_mistakes():
    # centres (0.5, 0.5) and (3.75, 0.5): on x, the point (4, 1) of cluster 0 would sit with
    # cluster 1's centre (one mistake); on y... both centres are 0.5, no cut. So x it is:
    X = [[0.0, 0.0], [1.0, 0.0], [-3.0, 1.0], [4.0, 1.0], [3.0, 0.0], [4.0, 0.0], [4.0, 2.0]]
    labels = [0, 0, 0, 0, 1, 1, 1]
    tree = threshold_tree(X, labels, ["x", "y"])
    assert tree.root.feature == 0 and tree.n_mistakes == 1
    assert tree.predict(X) == [0, 0, 0, 1, 1, 1, 1]
    assert tree.agreement == 6 / 7


def test_imm_prefers_the_feature_whose_cut_keeps_every_point_with_its_centre():
    X = [[0.0, 0.0], [2.0, 0.0], [5.0, 0.0], [1.0, 10.0], [3.0, 10.0], [6.0, 10.0]]
    tree = threshold_tree(X, [0, 0, 0, 1, 1, 1], ["x", "y"])
    assert (tree.root.feature, tree.root.threshold, tree.n_mistakes) == (1, 5.0, 0)


@settings(deadline=None)
@given(datasets(min_samples=2, max_samples=20), st.data())
def test_the_tree_predicts_labels_and_renaming_labels_renames_its_leaves(X, data):
    labels = data.draw(st.lists(st.integers(0, 3), min_size=len(X), max_size=len(X)))
    means = [mean([x for x, label in zip(X, labels) if label == c]) for c in set(labels)]
    assume(len(set(means)) == len(means))
    tree = threshold_tree(X, labels)
    predicted = tree.predict(X)
    assert set(predicted) <= set(labels)
    assert tree.agreement == (len(X) - tree.n_mistakes) / len(X)
    assert tree.score(X, labels) == tree.agreement
    names = {0: "d", 1: "c", 2: "b", 3: "a"}                   # reverses the sorted order
    renamed = threshold_tree(X, [names[label] for label in labels])
    assert renamed.predict(X) == [names[p] for p in predicted]
    assert renamed.n_mistakes == tree.n_mistakes
    text = tree.rules()
    for old, new in names.items():
        text = text.replace(f"cluster {old}", f"cluster {new}")
    assert renamed.rules() == text


def test_one_cluster_is_a_single_leaf():
    tree = threshold_tree([[1.0], [2.0]], ["only", "only"])
    assert tree.rules() == "cluster only" and tree.predict([[9.0]]) == ["only"]
    assert tree.leaf_rules() == [("only", "always")]


def test_leaf_rules_are_the_paths_and_predict_follows_them():
    iris = load_iris()
    labels = KMeans(n_clusters=3, random_state=0, n_init=10).fit_predict(iris.data)
    tree = threshold_tree(iris.data, labels, iris.feature_names)
    rules = tree.leaf_rules()
    assert sorted(label for label, _ in rules) == [0, 1, 2]
    names = {name: f for f, name in enumerate(iris.feature_names)}
    for x, predicted in zip(iris.data, tree.predict(iris.data)):
        holds = [label for label, rule in rules
                 if all(x[names[c.split()[0]]] <= float(c.split()[2]) if c.split()[1] == "<="
                        else x[names[c.split()[0]]] > float(c.split()[2]) for c in rule.split(" and "))]
        assert holds == [predicted]


def test_explain_and_tree_errors():
    with pytest.raises(KMeansError, match="explain_clusters requires one label per row and one name per "
                                          "column; got 2 rows, 1 labels, 1 names for 1 columns"):
        explain_clusters([[1.0], [2.0]], [0])
    with pytest.raises(KMeansError, match="threshold_tree requires one label per row and one name per column; "
                                          "got 2 rows, 2 labels, 2 names for 1 columns"):
        threshold_tree([[1.0], [2.0]], [0, 1], ["a", "b"])
    with pytest.raises(KMeansError, match="threshold_tree requires clusters with different means; got 2 "
                                          "clusters and 1 distinct means"):
        threshold_tree([[0.0], [2.0], [1.0]], [0, 0, 1])
    tree = threshold_tree([[0.0], [2.0]], [0, 1])
    with pytest.raises(KMeansError, match="ThresholdTree.predict requires rows of equal length"):
        tree.predict([[1.0, 2.0]])
