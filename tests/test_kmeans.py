import math
import sys
import operator
import random

import pytest
from hypothesis import given, strategies as st

from kmeans_scratch import ConvergenceWarning, KMeans, KMeansError, NotFittedError, fast, inertia, make_blobs
from kmeans_scratch.vectors import dist
from kmeans_scratch.kmeans import k_means
from kmeans_scratch.numpy_means import column_means as _column_means
from strategies import datasets_with_k

SIX = [[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]]


def test_sklearn_docs_example():
    model = KMeans(n_clusters=2, random_state=0, n_init="auto").fit(SIX)
    assert sorted(model.cluster_centers_) == [(1.0, 2.0), (10.0, 2.0)]
    assert model.inertia_ == 16.0 and model.n_features_in_ == 2
    assert model.predict([[0, 0], [12, 3]]) == [model.labels_[0], model.labels_[3]]


def test_transform_gives_distances_to_each_centre_and_score_is_minus_inertia():
    model = KMeans(n_clusters=2, init=[[1, 2], [10, 2]]).fit(SIX)
    # sqrt(52) is 7.211102550927978 to the last bit on CPython 3.10+ (and PyPy, through
    # portable_dist); CPython 3.9's math.dist rounds it up one unit (README, "Where it runs")
    distances = model.transform([[1, 2], [4, 6]])
    assert distances == [[0.0, 9.0], [5.0, dist((4.0, 6.0), (10.0, 2.0))]]
    assert math.isclose(distances[1][1], math.sqrt(52.0), rel_tol=2 ** -52)
    if sys.version_info >= (3, 10):
        assert distances[1][1] == math.sqrt(52.0)
    assert model.score(SIX) == -16.0
    assert model.fit_transform(SIX)[0] == [0.0, 9.0]
    assert model.fit_predict(SIX) == [0, 0, 0, 1, 1, 1]


def test_n_init_auto_means_one_run_for_plusplus_and_ten_for_random():
    X = [[float(i), float(i % 7)] for i in range(40)]
    auto = KMeans(n_clusters=3, init="random", random_state=5).fit(X)
    ten = KMeans(n_clusters=3, init="random", n_init=10, random_state=5).fit(X)
    assert auto.labels_ == ten.labels_ and auto.inertia_ == ten.inertia_
    one = KMeans(n_clusters=3, random_state=5).fit(X)
    assert one.labels_ == KMeans(n_clusters=3, n_init=1, random_state=5).fit(X).labels_


def test_explicit_init_runs_once_and_says_so():
    with pytest.warns(RuntimeWarning, match="running once"):
        model = KMeans(n_clusters=2, init=[[0, 0], [9, 9]], n_init=5).fit(SIX)
    assert model.inertia_ == 16.0


def test_sample_weight_moves_the_centre():
    model = KMeans(n_clusters=1).fit([[0.0], [4.0]], sample_weight=[3, 1])
    assert model.cluster_centers_ == [(1.0,)]
    assert model.inertia_ == 3 * 1.0 + 1 * 9.0


def test_params_and_repr():
    model = KMeans(n_clusters=3, random_state=42)
    assert repr(model) == "KMeans(n_clusters=3, random_state=42)"
    assert model.get_params()["n_init"] == "auto"
    assert model.set_params(n_clusters=4) is model and model.n_clusters == 4
    with pytest.raises(KMeansError, match="known parameter"):
        model.set_params(bogus=1)
    assert repr(KMeans()) == "KMeans()"


def test_predict_before_fit_says_to_fit_first():
    with pytest.raises(NotFittedError, match="call 'fit' before 'predict'"):
        KMeans().predict([[1, 2]])
    with pytest.raises(NotFittedError, match="'transform'"):
        KMeans().transform([[1, 2]])


@pytest.mark.parametrize("params, message", [
    (dict(n_clusters=5), "1 <= n_clusters <= n_samples; got n_clusters=5, n_samples=3"),
    (dict(n_clusters=2, init="kmeans++"), "init in"),
    (dict(n_clusters=2, init=[[0, 0]]), r"init with n_clusters=2 rows of n_features=2; got 1 rows"),
    (dict(n_clusters=2, init=[[0, 0, 0], [1, 1, 1]]), r"KMeans.fit requires init .* n_features=2; got 2 rows of 3"),
    (dict(n_clusters=2, n_init=0), "n_init >= 1"),
    (dict(n_clusters=2, max_iter=0), "max_iter >= 1"),
    (dict(n_clusters=2, tol=-1.0), "0 <= tol"),
    (dict(n_clusters=2, algorithm="fast"), "algorithm="),
    (dict(n_clusters=2, random_state=-3), "random_state=-3"),
])
def test_bad_parameters_are_named(params, message):
    with pytest.raises(KMeansError, match=message):
        KMeans(**params).fit([[0, 0], [1, 1], [2, 2]])


def test_fewer_distinct_points_than_clusters_warns():
    with pytest.warns(ConvergenceWarning, match=r"distinct clusters \(2\) found smaller than n_clusters \(3\)"):
        model = KMeans(n_clusters=3, random_state=0).fit([[1, 1], [1, 1], [2, 2], [2, 2]])
    assert model.inertia_ == 0.0


def test_hitting_max_iter_warns():
    X = [[float(i * i % 17), float(i)] for i in range(30)]
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        KMeans(n_clusters=4, max_iter=1, tol=0.0, random_state=0).fit(X)


def test_inertia_function_and_its_errors():
    assert inertia([[0, 0], [0, 2], [5, 5]], [0, 0, 1], [[0, 1], [5, 5]]) == 2.0
    assert inertia([[0, 0], [0, 2]], [0, 0], [[0, 1]], sample_weight=[2, 0]) == 2.0
    with pytest.raises(KMeansError, match="one label per row"):
        inertia([[0, 0]], [0, 0], [[0, 0]])
    with pytest.raises(KMeansError, match=r"labels\[0\]=3"):
        inertia([[0, 0]], [3], [[0, 0]])


def test_k_equals_n_gives_zero_inertia_and_k_one_gives_the_mean():
    X = [[0.0, 1.0], [2.0, 3.0], [4.0, 8.0]]
    assert KMeans(n_clusters=3, random_state=0).fit(X).inertia_ == 0.0
    assert KMeans(n_clusters=1).fit(X).cluster_centers_ == [(2.0, 4.0)]


def test_random_random_instance_is_accepted_and_advanced():
    rng = random.Random(1)
    first = KMeans(n_clusters=2, random_state=rng).fit(SIX).labels_
    assert sorted(set(first)) == [0, 1]
    assert rng.getstate() != random.Random(1).getstate()


@pytest.mark.filterwarnings("ignore::kmeans_scratch.ConvergenceWarning")
@given(datasets_with_k(), st.randoms(use_true_random=False))
def test_permuting_rows_permutes_labels_and_keeps_inertia(data, shuffler):
    X, k = data
    means = _column_means(X)      # fit works on X minus these; rows may meet there (1e-277 - 1.75)
    if len({tuple(map(operator.sub, x, means)) for x in X}) < len(X):
        return   # with duplicates, the same seed may start from a different point
    order = list(range(len(X)))
    shuffler.shuffle(order)
    init = X[:k]
    a = KMeans(n_clusters=k, init=init).fit(X)
    b = KMeans(n_clusters=k, init=init).fit([X[i] for i in order])
    assert [a.labels_[i] for i in order] == b.labels_
    assert math.isclose(a.inertia_, b.inertia_, rel_tol=1e-9, abs_tol=1e-9)


@pytest.mark.filterwarnings("ignore::kmeans_scratch.ConvergenceWarning")
@given(datasets_with_k(), st.floats(-100, 100), st.floats(-100, 100))
def test_translating_points_translates_centres(data, dx, dy):
    X, k = data
    if len(X[0]) != 2:
        return
    a = KMeans(n_clusters=k, random_state=0).fit(X)
    if _has_near_tie(X, a.cluster_centers_):
        return   # rounding after the shift may send a tied point the other way
    moved = [(x + dx, y + dy) for x, y in X]
    b = KMeans(n_clusters=k, init=[(x + dx, y + dy) for x, y in a.cluster_centers_], n_init=1).fit(moved)
    assert b.labels_ == a.labels_
    for (x, y), (u, v) in zip(a.cluster_centers_, b.cluster_centers_):
        assert math.isclose(x + dx, u, abs_tol=1e-6) and math.isclose(y + dy, v, abs_tol=1e-6)


@pytest.mark.filterwarnings("ignore::kmeans_scratch.ConvergenceWarning")
@given(datasets_with_k(), st.integers(0, 2**32 - 1))
def test_same_random_state_same_result(data, seed):
    X, k = data
    a = KMeans(n_clusters=k, random_state=seed, n_init=2).fit(X)
    random.seed(12345)
    b = KMeans(n_clusters=k, random_state=seed, n_init=2).fit(X)
    assert (a.labels_, a.cluster_centers_, a.inertia_, a.n_iter_) == \
           (b.labels_, b.cluster_centers_, b.inertia_, b.n_iter_)


def _has_near_tie(X, centres):
    for x in X:
        distances = sorted(dist(x, c) for c in centres)
        if len(distances) > 1 and distances[1] - distances[0] <= 1e-6 * (1 + distances[1]):
            return True
    return False


def test_get_params_defaults_match_the_constructor():
    import inspect
    signature = inspect.signature(KMeans.__init__).parameters
    assert KMeans._defaults == {name: p.default for name, p in signature.items() if name != "self"}


def test_fit_transform_reads_a_generator_of_rows_once():
    distances = KMeans(n_clusters=2, init=[[1, 2], [10, 2]]).fit_transform(iter(SIX))
    assert len(distances) == 6 and distances[0] == [0.0, 9.0]


class ArrayLikeCentres:
    """Iterates like a NumPy array; comparing it with a string gives no usable truth value."""
    def __init__(self, rows):
        self.rows = rows

    def __iter__(self):
        return iter(self.rows)

    def __eq__(self, other):
        raise ValueError("The truth value of an array with more than one element is ambiguous")


def test_array_like_init_with_n_init_auto_runs_once():
    model = KMeans(n_clusters=2, init=ArrayLikeCentres([[1, 2], [10, 2]])).fit(SIX)
    assert model.inertia_ == 16.0


def test_small_data_runs_the_plain_loop_under_auto(monkeypatch):
    # the tutorial's fit, iris and the elbow on them up to K = 8: a learner stepping into fit
    # sees only lloyd.lloyd and seeding.plusplus_indices; the fast half is not even prepared
    from kmeans_scratch import fast, load_iris

    def refuse(*args, **kwargs):
        raise AssertionError("the fast half was used")
    monkeypatch.setattr(fast, "prepare", refuse)
    X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
    model = KMeans(n_clusters=3, n_init=10, random_state=42).fit(X)
    assert model.n_iter_ == 2 and round(model.inertia_, 6) == 362.790113
    # the plain count: n * k distances in each of the 2 steps (stopped on unchanged labels,
    # so no extra assignment), + n for the inertia
    assert model.n_distances_ == 2 * 300 * 3 + 300
    for k in range(1, 9):
        KMeans(n_clusters=k, n_init=10, random_state=42).fit(X)
        KMeans(n_clusters=k, n_init=10, random_state=42).fit(load_iris().data)


def test_auto_runs_what_choose_algorithm_picks():
    from kmeans_scratch.fast import choose_algorithm
    for n, d, k in [(300, 2, 3), (1500, 2, 5), (2500, 2, 5), (900, 5, 4)]:
        X, _ = make_blobs(n_samples=n, n_features=d, centers=k, random_state=1)
        fits = {algorithm: KMeans(n_clusters=k, random_state=2, algorithm=algorithm).fit(X)
                for algorithm in ("auto", choose_algorithm(n, d, k))}
        assert len({fit.n_distances_ for fit in fits.values()}) == 1, (n, d, k)
        assert len({tuple(fit.labels_) for fit in fits.values()}) == 1


def test_every_parameter_message_names_kmeans_fit():
    for params in [dict(init="kmeans++"), dict(n_init=0), dict(max_iter=0), dict(tol=-1.0),
                   dict(algorithm="fast"), dict(init=[[0, 0, 0], [1, 1, 1]])]:
        with pytest.raises(KMeansError, match=r"^KMeans\.fit requires"):
            KMeans(n_clusters=2, **params).fit([[0, 0], [1, 1], [2, 2]])


def test_init_of_the_wrong_width_names_n_features_not_equal_rows():
    with pytest.raises(KMeansError, match=r"n_features=2; got 2 rows of 1") as caught:
        KMeans(n_clusters=2, init=[[0], [1]]).fit(SIX)
    assert "equal length" not in str(caught.value)


def test_fit_centres_x_and_gives_the_centres_back_in_its_coordinates():
    # X's column means (5.5, 2.0) come off before seeding and go back on the centres
    model = KMeans(n_clusters=2, init=[[1, 2], [10, 2]]).fit(SIX)
    assert model.cluster_centers_ == [(1.0, 2.0), (10.0, 2.0)] and model.inertia_ == 16.0


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_accelerated_paths_are_bit_identical_on_centred_data(seed):
    X, _ = make_blobs(n_samples=400, centers=4, center_box=(1e6, 1e6 + 20), random_state=seed)
    runs = [KMeans(n_clusters=4, n_init=3, random_state=seed, algorithm=algorithm).fit(X)
            for algorithm in ("lloyd", "hamerly", "kdtree", "elkan")]
    for run in runs[1:]:
        assert (run.labels_, run.cluster_centers_, run.inertia_, run.n_iter_) == \
            (runs[0].labels_, runs[0].cluster_centers_, runs[0].inertia_, runs[0].n_iter_)


def test_elkan_runs_what_auto_runs(monkeypatch):
    X, _ = make_blobs(n_samples=3000, centers=5, random_state=3)
    picked = []
    real = fast.prepare
    monkeypatch.setattr(fast, "prepare", lambda name, *args, **options: picked.append(name)
                        or real(name, *args, **options))
    KMeans(n_clusters=5, algorithm="elkan", random_state=0).fit(X)
    assert picked == [fast.choose_algorithm(3000, 2, 5)]


def test_callable_init_gets_centred_x_k_and_the_generator():
    calls = []

    def first_rows(X, n_clusters, random_state):
        calls.append((X[:2], n_clusters, random_state))
        return [X[0], X[3]]

    model = KMeans(n_clusters=2, init=first_rows, random_state=0).fit(SIX)
    assert len(calls) == 10                      # n_init='auto' is 10 for a callable
    assert calls[0][:2] == ([(-4.5, 0.0), (-4.5, 2.0)], 2)     # X minus (5.5, 2.0)
    assert all(call[2] is calls[0][2] for call in calls)       # one generator, in order
    assert model.cluster_centers_ == [(1.0, 2.0), (10.0, 2.0)]


def test_callable_init_result_is_checked():
    with pytest.raises(KMeansError, match="n_clusters=2 rows of n_features=2; got 1 rows"):
        KMeans(n_clusters=2, init=lambda X, k, random_state: X[:1]).fit(SIX)


def test_k_means_returns_what_kmeans_fit_gives():
    centers, labels, inertia = k_means(SIX, 2, random_state=0)
    model = KMeans(n_clusters=2, random_state=0).fit(SIX)
    assert (centers, labels, inertia) == (model.cluster_centers_, model.labels_, model.inertia_)
    result = k_means(SIX, 2, sample_weight=[1] * 6, random_state=0, return_n_iter=True)
    assert result == (centers, labels, inertia, model.n_iter_)
    with pytest.raises(KMeansError, match="KMeans.fit requires 1 <= n_clusters"):
        k_means(SIX, 7)
