"""BisectingKMeans: hand-checked examples, scikit-learn 1.9.1's recorded fits, invariants.

The recorded fits (tests/data/sklearn_bisecting.json, made by
tools/record_bisecting_reference.py) must agree on labels_, the tree's shape and predict
exactly; on centres to 8 units in the last place of the larger of the centre and the
data's mean (the centres are computed on centred data, then shifted back, as scikit-learn
does: its sums run in another order); on inertia to 1e-12 relative.
"""

import json
import math
import pathlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kmeans_scratch import KMeansError, NotFittedError, make_blobs
from kmeans_scratch.bisecting import BisectingKMeans
from kmeans_scratch.vectors import dist, mean, nearest
from strategies import datasets

REFERENCE = json.loads((pathlib.Path(__file__).parent / "data" / "sklearn_bisecting.json")
                       .read_text())
NINE = [[1], [2], [3], [11], [12], [13], [30], [31], [32]]


def reference_data(name):
    """The named data set of the reference file: stored as it is, or made by our make_blobs."""
    if name == "tiny":
        return [tuple(map(float, row)) for row in REFERENCE["tiny"]]
    return make_blobs(**REFERENCE["data"][name])[0]


def case_id(case):
    options = ",".join(f"{key}={value}" for key, value in case["options"].items())
    return (f"{case['data']}-k{case['n_clusters']}-{case['bisecting_strategy']}-"
            f"seed{case['random_state']}{'-' + options if options else ''}")


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


# -- scikit-learn's recorded fits ----------------------------------------------------------

@pytest.mark.parametrize("case", REFERENCE["bisecting"], ids=case_id)
def test_matches_sklearn(case):
    X = reference_data(case["data"])
    model = BisectingKMeans(case["n_clusters"], random_state=case["random_state"],
                            bisecting_strategy=case["bisecting_strategy"],
                            **case["options"]).fit(X)
    assert model.labels_ == case["labels"]
    assert model.predict(case["points"]) == case["predict"]
    scale = max(abs(v) for v in case["X_mean"])
    for ours, theirs in zip(model.cluster_centers_, case["centers"]):
        for a, b in zip(ours, theirs):
            assert abs(a - b) <= 8 * math.ulp(max(scale, abs(b))), (ours, theirs)
    assert close(model.inertia_, case["inertia"])
    assert close(model.score(case["points"]), case["score"])
    for ours, theirs in zip(model.transform(case["points"][:3]), case["transform"]):
        assert all(close(a, b) for a, b in zip(ours, theirs))
    assert_same_tree(model.tree_, case["tree"], case["bisecting_strategy"], case["X_mean"])


def assert_same_tree(node, recorded, strategy, X_mean):
    """Same shape, same leaf labels, the same scores (sizes or inertias) and centres."""
    assert len(node.children) == len(recorded.get("children", []))
    assert node.label == recorded.get("label")
    centre = [c + m for c, m in zip(recorded["center"], X_mean)]
    assert all(math.isclose(a, b, rel_tol=1e-14, abs_tol=1e-14 * max(map(abs, X_mean)))
               for a, b in zip(node.center, centre))
    if recorded["score"]:          # (scikit-learn gives the root a score of 0)
        score = node.inertia if strategy == "biggest_inertia" else node.size
        assert close(score, recorded["score"])
    for child, recorded_child in zip(node.children, recorded.get("children", [])):
        assert_same_tree(child, recorded_child, strategy, X_mean)


def test_recorded_predictions_include_points_whose_leaf_is_not_the_nearest_centre():
    # so test_matches_sklearn shows that predict walks the tree, as scikit-learn's does
    differ = sum(nearest(point, case["centers"]) != label
                 for case in REFERENCE["bisecting"]
                 for point, label in zip(case["points"], case["predict"]))
    assert differ > 100


# -- hand-checked examples -----------------------------------------------------------------

def test_three_groups_on_a_line_split_twice():
    model = BisectingKMeans(n_clusters=3, random_state=0).fit(NINE)
    # mean 15; squares 14**2 + 13**2 + 12**2 + 4**2 + 3**2 + 2**2 + 15**2 + 16**2 + 17**2
    assert (model.tree_.size, model.tree_.inertia) == (9, 1308.0)
    first, last = model.tree_.children
    assert (first.center, first.inertia, first.split) == ((7.0,), 154.0, 2)   # 5**2 + ... + 5**2
    assert (last.center, last.label, last.split) == ((31.0,), 2, None)
    assert [leaf.center for leaf in model.tree_.leaves()] == model.cluster_centers_
    assert model.inertia_ == 6.0


def test_predict_walks_down_the_tree_and_score_uses_the_nearest_centre():
    model = BisectingKMeans(n_clusters=3, random_state=0).fit(NINE)
    # 20 is nearer 31 (11) than 7 (13) at the first split, so it ends in cluster 2 (31),
    # though the centre nearest to it is 12 (cluster 0, 8 away); scikit-learn agrees.
    assert model.predict([[20]]) == [2]
    assert nearest((20.0,), model.cluster_centers_) == 0
    assert model.score([[20]]) == -64.0


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_the_strategies_split_different_clusters(seed):
    X = [[0], [0.1], [0.2], [1], [1.1], [1.2], [50], [60]]
    # the first split separates 50 and 60 from the six small values; then the pair has the
    # bigger inertia (50 against 1.48), the six are the larger cluster
    by_inertia = BisectingKMeans(3, random_state=seed).fit(X)
    by_size = BisectingKMeans(3, random_state=seed, bisecting_strategy="largest_cluster").fit(X)
    assert sorted(round(c[0], 9) for c in by_inertia.cluster_centers_) == [0.6, 50, 60]
    assert sorted(round(c[0], 9) for c in by_size.cluster_centers_) == [0.1, 1.1, 55]


def test_one_cluster_is_the_root():
    model = BisectingKMeans(n_clusters=1).fit([[0, 0], [2, 4]])
    assert model.labels_ == [0, 0] and model.cluster_centers_ == [(1.0, 2.0)]
    assert round(model.inertia_, 12) == 10.0 and model.tree_.children == ()
    assert model.tree_text() == "cluster 0: 2 points, centre (1, 2), inertia 10"


def test_tree_text_indents_each_level_by_two_spaces():
    text = BisectingKMeans(n_clusters=3, random_state=0).fit(NINE).tree_text(digits=2)
    assert text.splitlines() == ["9 points, centre (15), inertia 1.3e+03: split 1",
                                 "  6 points, centre (7), inertia 1.5e+02: split 2",
                                 "    cluster 0: 3 points, centre (12), inertia 2",
                                 "    cluster 1: 3 points, centre (2), inertia 2",
                                 "  cluster 2: 3 points, centre (31), inertia 2"]


def test_duplicates_leave_an_empty_leaf_as_scikit_learn_does():
    # four equal points cannot be split: one half keeps them all (scikit-learn: the same)
    model = BisectingKMeans(n_clusters=3, bisecting_strategy="largest_cluster",
                            random_state=0).fit([[0.0]] * 4)
    assert model.labels_ == [0, 0, 0, 0]
    assert [leaf.size for leaf in model.tree_.leaves()] == [4, 0, 0]


@pytest.mark.parametrize("init", ["random", "k-means++"])
def test_a_cluster_of_one_point_splits_into_itself_and_an_empty_half(init):
    # 0 and three 2s: after the first split both leaves have inertia 0 and {0} comes first;
    # scikit-learn's init='random' stops there with a ValueError, k-means++ gives this
    model = BisectingKMeans(n_clusters=3, init=init, random_state=5).fit([[0], [2], [2], [2]])
    assert model.labels_ == [0, 2, 2, 2]
    assert [leaf.size for leaf in model.tree_.leaves()] == [1, 0, 3]
    assert model.cluster_centers_ == [(0.0,), (0.0,), (2.0,)]


def test_sample_weight_moves_the_centres():
    model = BisectingKMeans(n_clusters=2, random_state=0).fit(
        [[0], [1], [10], [11]], sample_weight=[3, 1, 1, 1])
    assert sorted(model.cluster_centers_) == [(0.25,), (10.5,)]
    assert model.inertia_ == 0.75 + 0.5


def test_the_callers_data_is_not_modified():
    X = [[1.0, 2.0], [3.0, 5.0], [8.0, 1.0]]
    BisectingKMeans(n_clusters=2, random_state=0).fit(X)
    assert X == [[1.0, 2.0], [3.0, 5.0], [8.0, 1.0]]


def test_the_same_random_state_gives_the_same_tree():
    X = make_blobs(n_samples=80, centers=5, random_state=4)[0]
    a = BisectingKMeans(5, random_state=7, n_init=2, init="k-means++").fit(X)
    b = BisectingKMeans(5, random_state=7, n_init=2, init="k-means++").fit(X)
    assert a.tree_text(digits=17) == b.tree_text(digits=17) and a.labels_ == b.labels_


def test_parameters_as_scikit_learn():
    model = BisectingKMeans(4, init="k-means++")
    assert model.get_params()["bisecting_strategy"] == "biggest_inertia"
    assert repr(model) == "BisectingKMeans(n_clusters=4, init='k-means++')"
    assert model.set_params(n_init=3) is model and model.n_init == 3
    assert BisectingKMeans(3, random_state=0).fit_predict(NINE) == [1, 1, 1, 0, 0, 0, 2, 2, 2]
    assert len(BisectingKMeans(3, random_state=0).fit_transform(NINE)[0]) == 3


# -- errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize("options, message", [
    ({"init": "kmeans++"}, r"init in \('k-means\+\+', 'random'\); got init='kmeans\+\+'"),
    ({"n_init": 0}, "n_init >= 1; got n_init=0"),
    ({"max_iter": 2.5}, "max_iter >= 1; got max_iter=2.5"),
    ({"tol": -1}, "0 <= tol < inf; got tol=-1"),
    ({"algorithm": "elkan"}, "algorithm='lloyd'; got algorithm='elkan'"),
    ({"bisecting_strategy": "largest"}, "bisecting_strategy in .*; got bisecting_strategy='largest'"),
    ({"n_clusters": 10}, "1 <= n_clusters <= n_samples; got n_clusters=10, n_samples=9"),
])
def test_bad_parameters_are_reported(options, message):
    with pytest.raises(KMeansError, match="BisectingKMeans.* requires " + message):
        BisectingKMeans(**options).fit(NINE)


def test_an_unfitted_model_says_so():
    for method in ("predict", "transform", "score"):
        with pytest.raises(NotFittedError, match=f"call 'fit' before '{method}'"):
            getattr(BisectingKMeans(), method)(NINE)
    with pytest.raises(NotFittedError, match="before 'tree_text'"):
        BisectingKMeans().tree_text()


def test_predict_requires_the_fitted_number_of_features():
    model = BisectingKMeans(2, random_state=0).fit(NINE)
    with pytest.raises(KMeansError, match="BisectingKMeans.predict"):
        model.predict([[1, 2]])


def test_set_params_refuses_unknown_names():
    with pytest.raises(KMeansError, match="requires a known parameter; got 'k'"):
        BisectingKMeans().set_params(k=3)


# -- invariants ------------------------------------------------------------------------------

@st.composite
def fits(draw):
    """A model fitted with tol=0 (each split runs until its labels stop changing), and X."""
    X = draw(datasets(min_samples=2, max_samples=30))
    k = draw(st.integers(1, min(len(X), 6)))
    model = BisectingKMeans(k, tol=0.0, init=draw(st.sampled_from(["random", "k-means++"])),
                            bisecting_strategy=draw(st.sampled_from(["biggest_inertia",
                                                                     "largest_cluster"])),
                            n_init=draw(st.integers(1, 2)),
                            random_state=draw(st.integers(0, 2**32 - 1))).fit(X)
    return model, X


def near(a, b, X):
    """Equal up to rounding on the scale of the data (centres are shifted by X's mean)."""
    scale = max(1.0, max(abs(v) for x in X for v in x))
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9 * scale)


@settings(deadline=None)
@given(fits())
def test_there_are_n_clusters_leaves_numbered_left_to_right(fit):
    model, X = fit
    leaves = list(model.tree_.leaves())
    assert len(leaves) == model.n_clusters == len(model.cluster_centers_)
    assert [leaf.label for leaf in leaves] == list(range(model.n_clusters))
    assert [leaf.center for leaf in leaves] == model.cluster_centers_
    assert [model.labels_[i] for leaf in leaves for i in leaf.indices] == \
        [leaf.label for leaf in leaves for _ in leaf.indices]
    assert sorted(i for leaf in leaves for i in leaf.indices) == list(range(len(X)))


@settings(deadline=None)
@given(fits())
def test_every_split_divides_its_points_between_its_two_halves(fit):
    model, _ = fit
    splits = []
    stack = [model.tree_]
    while stack:
        node = stack.pop()
        if node.children:
            left, right = node.children
            assert sorted(left.indices + right.indices) == sorted(node.indices)
            assert left.size + right.size == node.size
            splits.append(node.split)
            stack += node.children
    assert sorted(splits) == list(range(1, model.n_clusters))


@settings(deadline=None)
@given(fits())
def test_every_leaf_centre_is_the_mean_of_its_points(fit):
    model, X = fit
    for leaf in model.tree_.leaves():
        if leaf.size:
            centre = mean([tuple(X[i]) for i in leaf.indices])
            assert all(near(a, b, X) for a, b in zip(leaf.center, centre))


@settings(deadline=None)
@given(fits())
def test_inertia_is_the_sum_of_the_leaf_inertias(fit):
    model, X = fit
    total = math.fsum(leaf.inertia for leaf in model.tree_.leaves())
    scale = max(1.0, max(abs(v) for x in X for v in x))
    assert math.isclose(model.inertia_, total, rel_tol=1e-9, abs_tol=1e-9 * scale * scale)


@settings(deadline=None)
@given(fits())
def test_predict_gives_each_training_point_its_leaf_but_on_a_near_tie(fit):
    # with tol=0 every split ran until its labels held still, so at every split each point
    # is nearest the centre of its own half: walking down the tree finds its leaf, unless
    # the two halves are equally near up to rounding (the split saw centred data)
    model, X = fit
    for i, predicted in enumerate(model.predict(X)):
        node = model.tree_
        while node.children:
            left, right = node.children
            own = left if i in left.indices else right
            if predicted not in [leaf.label for leaf in own.leaves()]:    # the paths part
                assert near(dist(X[i], left.center), dist(X[i], right.center), X)
                break
            node = own
        else:
            assert predicted == model.labels_[i]


@settings(deadline=None)
@given(fits(), st.lists(st.tuples(st.floats(-2e3, 2e3)), min_size=1, max_size=5))
def test_predict_takes_the_nearer_half_at_every_split(fit, points):
    model, X = fit
    points = [p * len(X[0]) for p in points]
    for point, label in zip(points, model.predict(points)):
        node = model.tree_
        while node.children:
            left, right = node.children
            node = left if dist(point, left.center) <= dist(point, right.center) \
                else right
        assert node.label == label
