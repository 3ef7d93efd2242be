"""Metrics against scikit-learn 1.9.1's recorded values (1e-9), hand-worked cases and errors."""

import math

import pytest
from hypothesis import given, strategies as st

from kmeans_scratch import (KMeans, KMeansError, StandardScaler, adjusted_mutual_info_score,
                            adjusted_rand_score, calinski_harabasz_score, completeness_score,
                            contingency_matrix, davies_bouldin_score, homogeneity_score,
                            load_iris, mutual_info_score, normalized_mutual_info_score,
                            rand_score, silhouette_samples, silhouette_score, v_measure_score)
from strategies import datasets, labelings
from test_sklearn_twin import make_data


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def test_label_metrics_match_sklearn(reference):
    for case in reference["label_metrics"]:
        a, b = case["a"], case["b"]
        assert close(adjusted_rand_score(a, b), case["ari"]), case
        assert close(rand_score(a, b), case["ri"])
        assert close(mutual_info_score(a, b), case["mi"])
        assert close(adjusted_mutual_info_score(a, b), case["ami"]), (a, b)
        assert close(homogeneity_score(a, b), case["homogeneity"])
        assert close(completeness_score(a, b), case["completeness"])
        assert close(v_measure_score(a, b), case["v_measure"])
        for method in ("arithmetic", "geometric", "min", "max"):
            assert close(normalized_mutual_info_score(a, b, average_method=method),
                         case["nmi_" + method]), (method, a, b)


def test_point_metrics_match_sklearn(reference):
    for case in reference["point_metrics"]:
        X, labels = make_data(case["data"]), case["labels"]
        # scikit-learn's distances come from ||x||^2 - 2 x.y + ||y||^2, which leaves ~1e-8
        # instead of 0 between duplicate points; ours are exact, so allow that much there.
        tolerance = 1e-7 if case["data"] == "duplicates" else 1e-9
        samples = silhouette_samples(X, labels)
        assert all(math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)
                   for a, b in zip(samples, case["silhouette_samples"])), case["data"]
        assert math.isclose(silhouette_score(X, labels), case["silhouette"], rel_tol=tolerance)
        assert close(calinski_harabasz_score(X, labels), case["calinski_harabasz"])
        assert close(davies_bouldin_score(X, labels), case["davies_bouldin"])


def test_tutorial_silhouette_table(reference):
    X = make_data("blobs300")
    for k, value in reference["tutorial"]["silhouette"].items():
        labels = KMeans(n_clusters=int(k), random_state=42, n_init=10).fit_predict(X)
        assert close(silhouette_score(X, labels), value), k


def test_iris_published_values(reference):
    iris = load_iris()
    X, species = iris.data, iris.target
    assert round(silhouette_score(X, species), 4) == 0.5035
    labels = KMeans(n_clusters=3, n_init=10, random_state=0).fit_predict(X)
    assert round(silhouette_score(X, labels), 4) == 0.5528
    assert round(adjusted_rand_score(species, labels), 4) == 0.7302
    assert round(normalized_mutual_info_score(species, labels), 4) == 0.7582
    scaled = StandardScaler().fit_transform(X)
    model = KMeans(n_clusters=3, n_init=10, random_state=0).fit(scaled)
    assert round(model.inertia_, 4) == 139.8205
    assert round(adjusted_rand_score(species, model.labels_), 4) == 0.6201
    ref = reference["iris"]
    assert close(calinski_harabasz_score(X, species), ref["calinski_harabasz_species"])
    assert close(davies_bouldin_score(X, species), ref["davies_bouldin_species"])
    assert all(close(a, b) for a, b in zip(silhouette_samples(X, species), ref["silhouette_samples_species_first5"]))


def test_hand_worked_values():
    assert round(adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]), 4) == 0.5714   # 4/7
    assert normalized_mutual_info_score([0, 0, 1, 2], [0, 0, 1, 1]) == pytest.approx(0.8, abs=1e-15)
    assert contingency_matrix(["b", "a", "a"], [1, 1, 0]) == [[1, 1], [0, 1]]


def test_edge_cases_follow_sklearn():
    one = [0, 0, 0, 0]
    assert adjusted_rand_score(one, one) == 1.0
    assert normalized_mutual_info_score(one, one) == 1.0
    assert normalized_mutual_info_score([0, 1, 2, 3], [0, 1, 2, 3]) == 1.0
    assert normalized_mutual_info_score(one, [0, 1, 2, 3]) == 0.0      # MI = 0
    assert adjusted_rand_score([], []) == 1.0 and normalized_mutual_info_score([], []) == 1.0
    assert homogeneity_score([], []) == 1.0
    # a singleton cluster's sample scores 0
    assert silhouette_samples([[0.0], [0.2], [5.0]], [0, 0, 1])[2] == 0.0


def test_labels_may_be_strings():
    assert adjusted_rand_score(["cat", "cat", "dog"], ["x", "x", "y"]) == 1.0
    assert silhouette_score([[0.0], [0.1], [5.0], [5.1]], ["a", "a", "b", "b"]) > 0.9


@pytest.mark.parametrize("call, message", [
    (lambda: silhouette_score([[0], [1], [2]], [0, 0, 0]), "2 <= number of distinct labels <= n_samples - 1; got 1"),
    (lambda: silhouette_score([[0], [1], [2]], [0, 1, 2]), "got 3 labels, n_samples=3"),
    (lambda: silhouette_score([[0], [1]], [0]), "one label per row"),
    (lambda: silhouette_score([], []), "at least one row"),
    (lambda: silhouette_score([[0], [1], [2], [3]], [0, 0, 1, 1], sample_size=9), "sample_size"),
    (lambda: adjusted_rand_score([0, 1], [0]), "equal length"),
    (lambda: normalized_mutual_info_score([0, 1], [0, 1], average_method="median"), "average_method"),
    (lambda: calinski_harabasz_score([[0], [1]], [0, 0]), "distinct labels"),
])
def test_metric_errors(call, message):
    with pytest.raises(KMeansError, match=message):
        call()


def test_silhouette_sample_size_uses_sklearns_subset():
    X = make_data("blobs300")
    labels = KMeans(n_clusters=3, random_state=0, n_init=1).fit_predict(X)
    full = silhouette_score(X, labels)
    part = silhouette_score(X, labels, sample_size=100, random_state=0)
    assert part != full and abs(part - full) < 0.05
    assert part == silhouette_score(X, labels, sample_size=100, random_state=0)


# ---- properties -------------------------------------------------------------------------

def renamed(labels, shift=7):
    return [f"c{(label * 3 + shift)}" for label in labels]


@given(labelings())
def test_ari_and_nmi_symmetric_bounded_and_blind_to_names(pair):
    a, b = pair
    ari, nmi = adjusted_rand_score(a, b), normalized_mutual_info_score(a, b)
    assert close(ari, adjusted_rand_score(b, a)) and close(nmi, normalized_mutual_info_score(b, a))
    assert ari <= 1.0 + 1e-12 and 0.0 <= nmi <= 1.0
    assert close(ari, adjusted_rand_score(renamed(a), b))
    assert close(nmi, normalized_mutual_info_score(a, renamed(b)))
    assert adjusted_rand_score(a, renamed(a)) == 1.0
    assert normalized_mutual_info_score(a, renamed(a)) == pytest.approx(1.0, abs=1e-12)


@given(datasets(min_samples=3, max_samples=20), st.randoms(use_true_random=False),
       st.floats(-50, 50), st.floats(0.5, 4))
def test_silhouette_bounded_and_invariant(X, rng, offset, factor):
    # a shift of 1.0 erases a difference of 1e-38: keep coordinates the shift cannot swallow
    if any(0 < abs(v) < 1e-6 for row in X for v in row):
        return
    labels = [rng.randrange(3) for _ in X]
    if not 2 <= len(set(labels)) <= len(X) - 1:
        return
    scores = silhouette_samples(X, labels)
    assert all(-1 - 1e-12 <= s <= 1 + 1e-12 for s in scores)
    score = silhouette_score(X, labels)
    assert close(score, silhouette_score(X, renamed(labels)))
    moved = [[(v + offset) * factor for v in row] for row in X]
    assert math.isclose(score, silhouette_score(moved, labels), abs_tol=1e-6)


@given(datasets(min_samples=2, max_samples=20, max_features=3))
def test_silhouette_each_pair_once_matches_a_plain_double_loop(X):
    labels = [i % 2 for i in range(len(X))]
    if len(X) < 3:
        return
    plain = []
    for i, x in enumerate(X):
        own = [math.dist(x, y) for j, y in enumerate(X) if labels[j] == labels[i] and j != i]
        other = [math.dist(x, y) for j, y in enumerate(X) if labels[j] != labels[i]]
        a = sum(own) / len(own) if own else 0.0
        b = sum(other) / len(other)
        plain.append(0.0 if not own or max(a, b) == 0 else (b - a) / max(a, b))
    assert all(math.isclose(p, q, abs_tol=1e-9) for p, q in zip(plain, silhouette_samples(X, labels)))


# ---- issue 15: labels checked where they enter; scores on large and tiny data ---------------

from decimal import Decimal                                        # noqa: E402

from kmeans_scratch import entropy, inertia                        # noqa: E402
from kmeans_scratch.metrics import pair_confusion_matrix           # noqa: E402

LABEL_METRICS = [adjusted_rand_score, rand_score, normalized_mutual_info_score,
                 adjusted_mutual_info_score, mutual_info_score, homogeneity_score,
                 completeness_score, v_measure_score, contingency_matrix, pair_confusion_matrix]
POINT_METRICS = [silhouette_score, silhouette_samples, calinski_harabasz_score,
                 davies_bouldin_score]
NAN = float("nan")


@pytest.mark.parametrize("metric", LABEL_METRICS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("nan", [NAN, float("nan"), Decimal("NaN"), Decimal("sNaN"),
                                 float("inf")], ids=["nan", "another-nan", "decimal-nan",
                                                     "decimal-snan", "inf"])
def test_nan_labels_are_refused_naming_the_index_whichever_object(metric, nan):
    # a NaN is not equal to itself: one object or two would count as one label or two
    with pytest.raises(KMeansError, match=rf"{metric.__name__} requires labels that are not "
                                          rf"NaN or infinite \(as scikit-learn\); got "
                                          rf"labels_pred\[1\]="):
        metric([0, 0, 1], [0, nan, NAN])


@pytest.mark.parametrize("metric", POINT_METRICS, ids=lambda f: f.__name__)
def test_nan_labels_are_refused_by_the_point_metrics(metric):
    with pytest.raises(KMeansError, match=rf"{metric.__name__} requires labels that are not "
                                          rf"NaN .* got labels\[2\]=nan"):
        metric([[0], [1], [2], [3]], [0, 1, NAN, 1])


@pytest.mark.parametrize("metric", LABEL_METRICS, ids=lambda f: f.__name__)
def test_unhashable_labels_name_the_function_and_index(metric):
    with pytest.raises(TypeError, match=rf"{metric.__name__} requires hashable labels \(numbers, "
                                        rf"strings, tuples\); got labels_true\[2\]=\[1\] of "
                                        rf"type list"):
        metric([0, 1, [1]], [0, 0, 1])


@pytest.mark.parametrize("metric", POINT_METRICS, ids=lambda f: f.__name__)
def test_unhashable_labels_name_the_point_metric(metric):
    with pytest.raises(TypeError, match=rf"{metric.__name__} requires hashable labels .* "
                                        rf"got labels\[0\]=\{{\}} of type dict"):
        metric([[0], [1], [2]], [{}, 0, 1])


@pytest.mark.parametrize("labels, kind", [({0, 1, 2}, "set"), ({0: 1, 1: 1, 2: 2}, "dict")])
def test_a_set_or_dict_of_labels_is_a_type_error(labels, kind):
    with pytest.raises(TypeError, match=rf"adjusted_rand_score requires a sequence of labels in "
                                        rf"a fixed order .* got labels_true of type {kind}"):
        adjusted_rand_score(labels, [0, 0, 1])
    with pytest.raises(TypeError, match=rf"silhouette_score requires .* got labels of type {kind}"):
        silhouette_score([[0], [1], [2]], labels)


def test_text_and_non_iterables_are_not_labelings():
    with pytest.raises(TypeError, match="entropy requires a sequence of labels; got labels of "
                                        "type str"):
        entropy("aab")
    with pytest.raises(TypeError, match="normalized_mutual_info_score requires a sequence of "
                                        "labels; got labels_true of type NoneType"):
        normalized_mutual_info_score(None, [0])


def test_ami_names_itself_for_a_bad_average_method():
    with pytest.raises(KMeansError, match="adjusted_mutual_info_score requires average_method"):
        adjusted_mutual_info_score([0, 1], [0, 1], average_method="median")


def test_labels_that_python_calls_equal_are_one_label():
    # 1, 1.0 and True are one label, as in numpy.unique([1, 1.0, True])
    assert adjusted_rand_score([1, 1.0, True, 2], [0, 0, 0, 1]) == 1.0


def test_inertia_still_names_a_nan_label():
    with pytest.raises(KMeansError, match=r"inertia requires labels in 0..0; got labels\[0\]=nan"):
        inertia([[0.0]], [NAN], [[0.0]])


SMALL = [[1.0, 0.5], [1.1, 0.25], [-1.0, 2.0], [-1.1, 1.5], [3.0, -1.0]]
SMALL_LABELS = [0, 0, 1, 1, 2]


@pytest.mark.parametrize("metric", [silhouette_score, calinski_harabasz_score,
                                    davies_bouldin_score], ids=lambda f: f.__name__)
@pytest.mark.parametrize("factor", [2.0 ** 600, 2.0 ** -600, 2.0 ** 1000, 2.0 ** -1000])
def test_scale_free_scores_are_the_same_on_huge_and_tiny_data(metric, factor):
    # powers of two scale exactly, so the scaled data's score must be the very same
    scaled = [[v * factor for v in row] for row in SMALL]
    assert metric(scaled, SMALL_LABELS) == metric(SMALL, SMALL_LABELS)


def test_calinski_harabasz_near_1e200_is_finite_not_nan():
    score = calinski_harabasz_score([[1e200], [1.1e200], [-1e200], [-1.1e200]], [0, 0, 1, 1])
    assert math.isclose(score, calinski_harabasz_score([[1], [1.1], [-1], [-1.1]], [0, 0, 1, 1]),
                        rel_tol=1e-12)


@pytest.mark.parametrize("metric, X", [
    # clusters 1 apart, one with a spread of 1e-160: CH is about 1e320
    (calinski_harabasz_score, [[0.0], [1e-160], [1.0], [1.0]]),
    # centres 5e-324 apart, one cluster with a spread of 0.5: DB is about 1e323
    (davies_bouldin_score, [[-0.5], [0.5], [5e-324], [5e-324]]),
], ids=["calinski_harabasz", "davies_bouldin"])
def test_scores_no_float_can_hold_are_refused_not_inf(metric, X):
    with pytest.raises(KMeansError, match=f"{metric.__name__} requires a score a float can hold"):
        metric(X, [0, 0, 1, 1])


# ---- issue 17: scikit-learn parity (numbers in test_metrics_parity.py) ----------------------

from kmeans_scratch.metrics.fowlkes_mallows import fowlkes_mallows_score   # noqa: E402


def test_entropy_of_no_labels_is_one_as_sklearn():
    assert entropy([]) == 1.0 and entropy(()) == 1.0 and entropy([3]) == 0.0


def test_fowlkes_mallows_hand_worked_and_edge_cases():
    # TP = 1 pair together in both; P_true = 1, P_pred = 2
    assert fowlkes_mallows_score([0, 0, 1, 2], [0, 0, 1, 1]) == 1 / math.sqrt(2)
    assert fowlkes_mallows_score([], []) == 0.0 and fowlkes_mallows_score([5], [5]) == 0.0
    assert fowlkes_mallows_score([0, 1, 2], [0, 1, 2]) == 0.0      # all singletons: TP = 0
    assert fowlkes_mallows_score([1, 1, 1], ["a", "a", "a"]) == 1.0


@given(labelings())
def test_fowlkes_mallows_symmetric_bounded_and_blind_to_names(pair):
    a, b = pair
    score = fowlkes_mallows_score(a, b)
    assert 0.0 <= score <= 1.0 and close(score, fowlkes_mallows_score(b, a))
    assert close(score, fowlkes_mallows_score(renamed(a), b))


def test_contingency_matrix_eps_gives_floats_in_every_cell():
    assert contingency_matrix([0, 0, 1], [0, 1, 1], eps=0.5) == [[1.5, 1.5], [0.5, 1.5]]
    table = contingency_matrix([0, 1], [0, 1], eps=0)
    assert table == [[1.0, 0.0], [0.0, 1.0]] and all(type(v) is float for row in table for v in row)


@pytest.mark.parametrize("eps, error, message", [
    (-1.0, KMeansError, r"contingency_matrix requires 0 <= eps < inf; got eps=-1.0"),
    (float("nan"), KMeansError, r"contingency_matrix requires 0 <= eps < inf; got eps=nan"),
    (float("inf"), KMeansError, r"contingency_matrix requires 0 <= eps < inf; got eps=inf"),
    ("0.1", TypeError, r"contingency_matrix requires a number or None for eps; got eps='0.1' "
                       r"of type str"),
])
def test_contingency_matrix_refuses_a_bad_eps(eps, error, message):
    with pytest.raises(error, match=message):
        contingency_matrix([0], [0], eps=eps)


FOUR = [[0.0], [0.1], [5.0], [5.1]]


def distances(X):
    return [[math.dist(x, y) for y in X] for x in X]


def test_precomputed_euclidean_distances_give_the_default_silhouette():
    labels = [0, 0, 1, 1]
    assert silhouette_samples(distances(FOUR), labels, metric="precomputed") == \
        pytest.approx(silhouette_samples(FOUR, labels), rel=1e-12)
    assert silhouette_samples(FOUR, labels, metric="euclidean") == silhouette_samples(FOUR, labels)
    assert silhouette_samples(FOUR, labels, metric="l2") == silhouette_samples(FOUR, labels)


def test_hand_worked_silhouettes_by_metric():
    # 1-D: manhattan is euclidean; sqeuclidean: a(0) = 0.01, b(0) = (25 + 26.01) / 2
    assert silhouette_samples(FOUR, [0, 0, 1, 1], metric="manhattan") == \
        pytest.approx(silhouette_samples(FOUR, [0, 0, 1, 1]), rel=1e-12)
    assert silhouette_samples(FOUR, [0, 0, 1, 1], metric="sqeuclidean")[0] == \
        pytest.approx(1 - 0.01 / 25.505, rel=1e-12)
    # cosine: directions only; (1, 0) and (2, 0) coincide, (0, 1) is 1 away from both
    X = [[1.0, 0.0], [2.0, 0.0], [0.0, 1.0], [0.0, 3.0]]
    assert silhouette_samples(X, [0, 0, 1, 1], metric="cosine") == [1.0, 1.0, 1.0, 1.0]
    # a zero vector is 1 away from everything (scikit-learn normalizes it to itself)
    assert silhouette_samples([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]], [0, 0, 1],
                              metric="cosine")[0] == 0.0


def test_precomputed_sample_size_takes_sklearns_rows_and_columns():
    X = make_data("blobs300")[:60]
    labels = KMeans(n_clusters=3, random_state=0, n_init=1).fit_predict(X)
    plain = silhouette_score(X, labels, sample_size=30, random_state=4)
    assert math.isclose(silhouette_score(distances(X), labels, metric="precomputed",
                                         sample_size=30, random_state=4), plain, rel_tol=1e-12)


@given(datasets(min_samples=3, max_samples=15, max_features=3), st.randoms(use_true_random=False))
def test_precomputed_matches_each_metric_by_name(X, rng):
    labels = [rng.randrange(3) for _ in X]
    if not 2 <= len(set(labels)) <= len(X) - 1:
        return
    for metric in ("manhattan", "sqeuclidean"):
        samples = silhouette_samples(X, labels, metric=metric)
        assert all(-1 - 1e-12 <= s <= 1 + 1e-12 for s in samples)
    ours = silhouette_samples(X, labels)
    given_matrix = silhouette_samples(distances(X), labels, metric="precomputed")
    assert all(math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9) for a, b in zip(ours, given_matrix))


@pytest.mark.parametrize("metric", [silhouette_samples, silhouette_score], ids=lambda f: f.__name__)
@pytest.mark.parametrize("D, message", [
    ([[0, 1, 2], [1, 0, 1]], r"requires a square distance matrix with metric='precomputed'; "
                             r"got 2 rows of 3 values"),
    ([[0, 1, 2], [1, 0, -1], [2, -1, 0]], r"requires non-negative distances .* got X\[1\]\[2\]=-1.0"),
    ([[0, 1, 2], [1, 1e-13, 1], [2, 1, 0]], r"requires zeros on the diagonal .* got X\[1\]\[1\]=1e-13"),
    ([[0, 1, 2], [1, 0, 1], [2.1, 1, 0]], r"requires a symmetric distance matrix .* got "
                                          r"X\[0\]\[2\]=2.0, X\[2\]\[0\]=2.1"),
])
def test_a_precomputed_matrix_is_checked_as_sklearn_checks_it(metric, D, message):
    with pytest.raises(KMeansError, match=rf"{metric.__name__} {message}"):
        metric(D, [0, 0, 1], metric="precomputed")


def test_tiny_asymmetry_and_diagonal_rounding_are_accepted():
    D = [[1e-15, 1.0, 2.0], [1.0 + 1e-11, 0.0, 1.0], [2.0, 1.0, 0.0]]
    assert len(silhouette_samples(D, [0, 0, 1], metric="precomputed")) == 3


ALL_METRICS = [(f, "labels") for f in LABEL_METRICS + [fowlkes_mallows_score]] + \
    [(f, "points") for f in POINT_METRICS] + [(entropy, "one")]


@pytest.mark.parametrize("metric, kind", ALL_METRICS, ids=lambda f: getattr(f, "__name__", ""))
@pytest.mark.parametrize("mistake", ["length", "nan", "unhashable", "set", "text"])
def test_every_metric_names_itself_in_every_message(metric, kind, mistake):
    bad = {"length": [0, 1], "nan": [0, NAN, 1], "unhashable": [0, [1], 1], "set": {0, 1, 2},
           "text": "abc"}[mistake]
    if kind == "one" and mistake == "length":
        bad = None
    with pytest.raises((KMeansError, TypeError), match=rf"^{metric.__name__} requires "):
        if kind == "labels":
            metric([0, 0, 1], bad)
        elif kind == "points":
            metric([[0.0], [1.0], [2.0]], bad)
        else:
            metric(bad)


@pytest.mark.parametrize("metric", [silhouette_samples, silhouette_score], ids=lambda f: f.__name__)
def test_an_unknown_silhouette_metric_is_named(metric):
    with pytest.raises(KMeansError, match=rf"^{metric.__name__} requires metric in \('euclidean', "
                                          rf"'sqeuclidean', 'manhattan', 'cosine', "
                                          rf"'precomputed'\); got metric='chebyshev'"):
        metric(FOUR, [0, 0, 1, 1], metric="chebyshev")
