import pytest
from hypothesis import given, strategies as st

from kmeans_scratch import (KMeansError, choose_k, cluster_profile, find_knee, format_table,
                            make_blobs, silhouette_search)


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
