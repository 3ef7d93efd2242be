import math
import random

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import (KMeans, KMeansError, choose_k, cluster_profile, find_knee, format_table,
                            make_blobs, silhouette_search)
from kmeans_scratch.selection import _jacobi_eigenvectors, gap_statistic, within_cluster_sum_of_squares
from strategies import datasets


@given(st.integers(4, 20), st.data())
def test_knee_of_a_piecewise_linear_curve_is_its_bend(n, data):
    bend = data.draw(st.integers(2, n - 1))
    steep = data.draw(st.floats(1.0, 1e4))
    # shallow enough that the bend is the farthest point below the chord
    shallow = data.draw(st.floats(0.0, steep * 0.5 * (bend - 1) / (n - 1)))
    top = steep * (bend - 1) + shallow * (n - bend) + data.draw(st.floats(0.0, 100.0))
    ks = list(range(1, n + 1))
    values = [top - steep * (k - 1) if k <= bend else top - steep * (bend - 1) - shallow * (k - bend)
              for k in ks]
    assert find_knee(ks, values) == bend


def test_knee_errors():
    with pytest.raises(KMeansError, match="at least 3 points"):
        find_knee([1, 2], [3, 1])


def test_three_blobs_elbow_and_silhouette_agree_on_3():
    X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
    choice = choose_k(X, k_max=10, random_state=42, n_init=10)
    assert (choice.knee, choice.silhouette_best, choice.k, choice.agree) == (3, 3, 3, True)
    assert len(choice.inertia) == 10 and len(choice.silhouette) == 9


def test_silhouette_search_range_is_checked():
    with pytest.raises(KMeansError, match="2 <= K <= n_samples - 1"):
        silhouette_search([[0], [1], [2]], ks=[1, 2])


def test_cluster_profile_means_sizes_and_table():
    profile = cluster_profile([[20, 100], [40, 300], [70, 50]], ["b", "b", "a"], ["age", "spend"])
    assert profile == [{"cluster": "a", "size": 1, "age": 70.0, "spend": 50.0},
                       {"cluster": "b", "size": 2, "age": 30.0, "spend": 200.0}]
    text = format_table(profile)
    assert text.splitlines()[0].split() == ["cluster", "size", "age", "spend"]
    assert "200.0" in text
    with pytest.raises(KMeansError, match="one name per column"):
        cluster_profile([[1, 2]], [0], ["only"])


# -- the gap statistic ---------------------------------------------------------------------

CORNERS = [[0, 0], [20, 0], [0, 20], [20, 20]]


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("n_centres", [2, 4])
def test_gap_statistic_picks_the_number_of_far_apart_blobs(seed, n_centres):
    X, _ = make_blobs(n_samples=200, centers=CORNERS[:n_centres], cluster_std=1.0, random_state=seed)
    result = gap_statistic(X, range(1, 8), n_refs=5, random_state=seed)
    assert result.k == n_centres
    assert result.ks == list(range(1, 8)) and len(result.gaps) == len(result.standard_errors) == 7


def test_gap_statistic_picks_one_on_uniform_noise():
    rng = random.Random(3)
    X = [(rng.random(), rng.random()) for _ in range(200)]
    assert gap_statistic(X, range(1, 6), n_refs=10, random_state=3).k == 1


@pytest.mark.parametrize("reference", ["box", "pca"])
def test_gap_fields_follow_the_formula_and_the_one_se_rule(reference):
    X, _ = make_blobs(n_samples=120, centers=3, cluster_std=1.5, random_state=7)
    result = gap_statistic(X, [1, 2, 3, 4, 5], n_refs=4, reference=reference, random_state=0)
    for gap, expected, log_w in zip(result.gaps, result.expected_log_w, result.log_w):
        assert gap == expected - log_w
    rule = [k for i, k in enumerate(result.ks[:-1])
            if result.gaps[i] >= result.gaps[i + 1] - result.standard_errors[i + 1]]
    assert result.k == (rule[0] if rule else result.ks[-1])
    assert all(s >= 0 for s in result.standard_errors)


def test_the_standard_error_is_the_population_sd_times_sqrt_one_plus_one_over_b(monkeypatch):
    # every reference fit returns W* = e**1, e**2, e**3 in turn: sd = sqrt(2/3), B = 3
    import kmeans_scratch.selection as selection
    values = iter([1.0, 2.0, 3.0] * 2)
    monkeypatch.setattr(selection, "within_cluster_sum_of_squares", lambda X, labels: math.exp(next(values)))
    result = selection._gap([(0.0,), (1.0,)], [1, 2], [0.5, 0.0], 3, "box", selection.check_random_state(0),
                            {"random_state": 0, "n_init": 1})
    assert result.expected_log_w == [2.0, 2.0] and result.gaps == [1.5, 2.0]
    assert math.isclose(result.standard_errors[0], math.sqrt(2 / 3) * math.sqrt(4 / 3), rel_tol=1e-12)
    assert result.k == 1                         # 1.5 >= 2.0 - 0.89


@settings(deadline=None, max_examples=30)
@given(datasets(min_samples=2, max_samples=15), st.data())
def test_w_k_is_sum_of_pair_distances_over_twice_the_size(X, data):
    labels = data.draw(st.lists(st.integers(0, 2), min_size=len(X), max_size=len(X)))
    pairs = 0.0
    for cluster in set(labels):
        members = [x for x, label in zip(X, labels) if label == cluster]
        d_r = math.fsum(sum((a - b) ** 2 for a, b in zip(x, y)) for x in members for y in members)
        pairs += d_r / (2 * len(members))
    assert math.isclose(within_cluster_sum_of_squares(X, labels), pairs, rel_tol=1e-9, abs_tol=1e-6)


def test_w_k_equals_the_inertia_of_a_converged_fit():
    X, _ = make_blobs(n_samples=150, centers=4, random_state=1)
    for k in (1, 2, 4, 7):
        model = KMeans(n_clusters=k, n_init=3, random_state=0).fit(X)
        assert math.isclose(within_cluster_sum_of_squares(X, model.labels_), model.inertia_, rel_tol=1e-9)


def test_gap_statistic_same_random_state_same_result():
    X, _ = make_blobs(n_samples=60, centers=2, random_state=0)
    first = gap_statistic(X, [1, 2, 3], n_refs=3, random_state=5, reference="pca")
    random.seed(99)
    assert gap_statistic(X, [1, 2, 3], n_refs=3, random_state=5, reference="pca") == first


def test_pca_references_follow_the_data_and_box_references_fill_the_square():
    from kmeans_scratch.randomness import check_random_state
    from kmeans_scratch.selection import _reference_set
    rng = random.Random(0)
    X = [(t + rng.gauss(0, 0.01), t + rng.gauss(0, 0.01)) for t in (rng.random() * 10 for _ in range(100))]
    along = _reference_set(X, "pca", check_random_state(0))
    boxed = _reference_set(X, "box", check_random_state(0))
    assert max(abs(x - y) for x, y in along) < 0.2           # a thin band along the diagonal
    assert max(abs(x - y) for x, y in boxed) > 5              # the whole 10 x 10 square


@settings(deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=6, max_size=6))
def test_jacobi_eigenvectors_diagonalise_a_symmetric_matrix(values):
    a, b, c, d, e, f = values
    A = [[a, b, c], [b, d, e], [c, e, f]]
    V = _jacobi_eigenvectors(A)
    rotated = [[math.fsum(V[i][p] * A[i][j] * V[j][q] for i in range(3) for j in range(3))
                for q in range(3)] for p in range(3)]
    size = max(1.0, max(abs(v) for v in values))
    for p in range(3):
        for q in range(3):
            if p != q:
                assert abs(rotated[p][q]) <= 1e-9 * size
        assert math.isclose(math.fsum(V[i][p] ** 2 for i in range(3)), 1.0, rel_tol=1e-12)


def test_gap_statistic_errors():
    X = [[0.0], [1.0], [5.0], [6.0]]
    with pytest.raises(KMeansError, match="gap_statistic requires reference='box' or 'pca'; got reference='ball'"):
        gap_statistic(X, [1, 2], reference="ball")
    with pytest.raises(KMeansError, match="gap_statistic requires n_refs >= 1; got n_refs=0"):
        gap_statistic(X, [1, 2], n_refs=0)
    with pytest.raises(KMeansError, match=r"gap_statistic requires rising Ks within 1..n_samples; got ks=\[2, 1\]"):
        gap_statistic(X, [2, 1])
    with pytest.raises(KMeansError, match="rising Ks within 1..n_samples; got ks=\\[1, 5\\], n_samples=4"):
        gap_statistic(X, [1, 5])
    with pytest.raises(KMeansError, match="gap_statistic requires W_k > 0 .*; got W_k=0 at K=4"):
        gap_statistic(X, [1, 4], random_state=0)


def test_choose_k_reports_the_gap_beside_the_elbow_and_silhouette():
    X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
    choice = choose_k(X, k_max=10, random_state=42, n_init=10, n_refs=5)
    assert choice[:7] == choose_k(X, k_max=10, random_state=42, n_init=10, n_refs=0)[:7]  # unchanged
    assert choice.gap_best == 3 and choice.gap.ks == list(range(1, 11))
    assert choice.verdict == "The elbow, the silhouette and the gap statistic agree: K=3."
    assert choice.explanation == "The elbow and the silhouette agree: K=3."


def test_choose_k_says_which_one_disagrees():
    from kmeans_scratch.selection import _verdict
    assert _verdict(2, 3, 3) == "The silhouette and the gap statistic say K=3, the elbow K=2."
    assert _verdict(3, 3, 1) == "The elbow and the silhouette say K=3, the gap statistic K=1."
    assert _verdict(4, 3, 4) == "The elbow and the gap statistic say K=4, the silhouette K=3."
    assert "all three disagree" in _verdict(1, 2, 3)
    assert "no gap statistic" in _verdict(2, 2, None)


def test_choose_k_without_the_gap_and_on_few_distinct_points():
    assert choose_k([[0], [1], [2], [10], [11]], k_max=4, random_state=0, n_refs=0).gap is None
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")    # K above the 3 distinct points warns, as it should
        choice = choose_k([[0.0], [0.0], [5.0], [5.0], [9.0], [9.0]], k_max=5, random_state=0, n_refs=3)
    assert choice.gap.ks == [1, 2]         # W_3 = 0: the gap stops before it
