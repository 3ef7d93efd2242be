import math

import pytest
from hypothesis import given

from kmeans_scratch.numpy_means import column_means as _column_means
from kmeans_scratch import KMeans, lloyd, lloyd_steps
from kmeans_scratch.lloyd import tolerance, update_centroids
from kmeans_scratch.vectors import squared_distance
from strategies import datasets_with_k


def test_hand_worked_four_points_and_a_local_minimum():
    # The corners of a 3 x 1 rectangle. Started from the two left corners, Lloyd splits the
    # rectangle into bottom and top: inertia 4 * 1.5**2 = 9, a local minimum. Started from
    # a bottom-left and a bottom-right corner it splits left and right: 4 * 0.5**2 = 1.
    X = [(1.0, 1.0), (1.0, 2.0), (4.0, 1.0), (4.0, 2.0)]
    stuck = lloyd(X, [X[0], X[1]], [1.0] * 4)
    assert stuck.centroids == [(2.5, 1.0), (2.5, 2.0)] and stuck.inertia == 9.0
    best = lloyd(X, [X[0], X[2]], [1.0] * 4)
    assert best.centroids == [(1.0, 1.5), (4.0, 1.5)] and best.inertia == 1.0


def test_sklearn_weighted_four_points_inertia_0_375():
    # scikit-learn's test_kmeans_results case. By hand: cluster 0 = (0,0) w3 and (.5,0) w1,
    # mean (0.125, 0); inertia 3 * 0.125**2 + 0.375**2 = 0.1875, the same for cluster 1.
    X = [(0.0, 0.0), (0.5, 0.0), (0.5, 1.0), (1.0, 1.0)]
    result = lloyd(X, [(0.0, 0.0), (1.0, 1.0)], [3.0, 1.0, 1.0, 3.0])
    assert result.labels == [0, 0, 1, 1]
    assert result.centroids == [(0.125, 0.0), (0.875, 1.0)]
    assert result.inertia == 0.375 and result.n_iter == 2


def test_six_points_two_columns_of_three():
    X = [(0.0,), (0.5,), (1.0,), (10.0,), (10.5,), (11.0,)]
    result = lloyd(X, [X[0], X[3]], [1.0] * 6)
    # each cluster: mean in the middle, squared deviations 0.25 + 0 + 0.25
    assert result.inertia == 1.0
    assert result.labels == [0, 0, 0, 1, 1, 1]


def test_stops_when_labels_do_not_change_and_counts_that_step():
    X = [(0.0,), (1.0,), (9.0,), (10.0,)]
    steps = list(lloyd_steps(X, [(0.0,), (1.0,)], [1.0] * 4))
    assert [s.stop for s in steps] == [None, None, "labels unchanged"]
    assert lloyd(X, [(0.0,), (1.0,)], [1.0] * 4).n_iter == 3


def test_tol_stops_before_labels_settle():
    X = [(0.0,), (1.0,), (9.0,), (10.0,)]
    steps = list(lloyd_steps(X, [(0.0,), (1.0,)], [1.0] * 4, tol=1e9))
    assert [s.stop for s in steps] == ["tol"]
    result = lloyd(X, [(0.0,), (1.0,)], [1.0] * 4, tol=1e9)
    # one extra assignment step after the tol stop: labels match the moved centroids
    assert result.labels == [0, 0, 1, 1] and result.n_iter == 1


def test_max_iter_is_reported_as_not_converged():
    X = [(0.0,), (1.0,), (9.0,), (10.0,)]
    result = lloyd(X, [(0.0,), (1.0,)], [1.0] * 4, max_iter=1)
    assert result.n_iter == 1 and not result.converged


def test_tolerance_is_tol_times_mean_feature_variance():
    X = [(0.0, 0.0), (2.0, 4.0), (4.0, 8.0)]
    # variances 8/3 and 32/3, mean 20/3
    assert math.isclose(tolerance(X, 1e-4), 20 / 3 * 1e-4, rel_tol=1e-15)
    assert tolerance(X, 0) == 0.0


def test_empty_cluster_moves_to_farthest_point():
    X = [(0.0,), (1.0,), (2.0,), (10.0,)]
    # every point is nearest to centroid 0; centroid 1 is far away and gets nobody
    labels = [0, 0, 0, 0]
    centroids = update_centroids(X, labels, [1.0] * 4, [(1.0,), (100.0,)])
    # the point farthest from its own centroid (10 from 1) founds cluster 1
    assert centroids == [(1.0,), (10.0,)]


def test_clusters_of_zero_weight_count_as_empty_without_failing():
    # clusters 0 (four points of weight 0) and 2 (none) are both empty by weight; the two
    # farthest points, 1 and 3, both belong to cluster 0 (it used to fail: list.remove).
    X = [(0.0, 0.0, 0.0), (0.0, 0.0, 1.5), (0.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.0, 0.0, 1.0)]
    weights = [0.0, 0.0, 0.0, 0.0, 0.5]
    old = [(0.0, 0.0, 0.0), (0.0, 0.0, 1.0), (0.0, 0.0, 2.0)]
    # each still weighs 0 after the move, so each copies the heaviest cluster's mean: point 4
    assert update_centroids(X, [0, 0, 0, 0, 1], weights, old) == [(0.0, 0.0, 1.0)] * 3


def test_weights_pull_the_mean():
    X = [(0.0,), (4.0,)]
    assert update_centroids(X, [0, 0], [3.0, 1.0], [(0.0,)]) == [(1.0,)]


@given(datasets_with_k())
def test_inertia_never_rises_between_steps(data):
    X, k = data
    steps = list(lloyd_steps(X, X[:k], [1.0] * len(X), max_iter=50))
    inertias = [s.inertia for s in steps]
    for before, after in zip(inertias, inertias[1:]):
        assert after <= before * (1 + 1e-9) + 1e-9


@pytest.mark.filterwarnings("ignore::kmeans_scratch.ConvergenceWarning")
@given(datasets_with_k())
def test_after_fit_labels_are_nearest_and_centres_are_means(data):
    X, k = data
    means = _column_means(X)       # fit sees X minus these (as scikit-learn): rows may meet there
    if len({tuple(v - m for v, m in zip(x, means)) for x in X}) < k:
        return   # duplicates: a relocated empty cluster may keep no member (warned; as sklearn)
    model = KMeans(n_clusters=k, n_init=1, random_state=0, tol=0.0).fit(X)
    centres = model.cluster_centers_
    for x, label in zip(X, model.labels_):
        distances = [squared_distance(x, c) for c in centres]
        assert distances[label] <= min(distances) * (1 + 1e-9) + 1e-9
    for j, centre in enumerate(centres):
        members = [x for x, label in zip(X, model.labels_) if label == j]
        if members and model.n_iter_ < model.max_iter:
            for f, value in enumerate(centre):
                expected = math.fsum(m[f] for m in members) / len(members)
                assert math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-9)


def test_update_centroids_gives_the_vectors_mean_of_each_cluster():
    from kmeans_scratch.vectors import mean
    X = [(0.1,), (0.2,), (0.7,), (5.0,), (6.0,)]
    weights = [1.0, 3.0, 0.5, 2.0, 1.0]
    assert update_centroids(X, [0, 0, 0, 1, 1], weights, [(0.0,), (5.0,)]) == [
        mean(X[:3], weights[:3]), mean(X[3:], weights[3:])]


def test_tolerance_and_the_scaler_share_one_variance():
    from kmeans_scratch import StandardScaler
    X = [(1.0, 10.0), (2.0, 30.0), (4.0, 20.0)]
    variances = StandardScaler().fit(X).var_
    assert tolerance(X, 1.0) == math.fsum(variances) / 2
