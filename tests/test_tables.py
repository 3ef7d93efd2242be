"""Table-like input (pandas and polars DataFrames) without importing either: a stand-in.

A DataFrame iterates over its column *names*; its rows come from ``to_numpy()``. The
stand-in below does the same, so every entry point must read it through ``to_numpy`` and
keep its string column names as scikit-learn's ``feature_names_in_``.
"""

import xml.etree.ElementTree as ET

import pytest

from kmeans_scratch import (KMeans, KMeansError, StandardScaler, calinski_harabasz_score,
                            choose_k, cluster_profile, inertia_curve, kmeans_plusplus, make_blobs,
                            silhouette_score)
from kmeans_scratch.plot import scatter_plot
from kmeans_scratch.validation import feature_names


class FrameLike:
    """What pandas and polars offer, in miniature: columns, iteration over names, to_numpy."""

    def __init__(self, columns, rows):
        self.columns, self._rows = list(columns), [list(row) for row in rows]

    def __iter__(self):                  # as pandas: iterating gives the column names
        return iter(self.columns)

    def __len__(self):
        return len(self._rows)

    def to_numpy(self):
        return [list(row) for row in self._rows]


X, _ = make_blobs(n_samples=120, n_features=2, centers=3, random_state=5)
FRAME = FrameLike(["alcohol", "malic_acid"], X)


def test_kmeans_reads_a_frame_as_its_rows_and_keeps_the_column_names():
    on_rows = KMeans(n_clusters=3, random_state=0).fit(X)
    on_frame = KMeans(n_clusters=3, random_state=0).fit(FRAME)
    assert on_frame.labels_ == on_rows.labels_ and on_frame.inertia_ == on_rows.inertia_
    assert on_frame.feature_names_in_ == ["alcohol", "malic_acid"]
    assert not hasattr(on_rows, "feature_names_in_")
    assert on_frame.predict(FRAME) == on_frame.predict(X) == on_rows.labels_
    assert KMeans(n_clusters=3, random_state=0).fit_transform(FRAME) == on_rows.transform(X)
    refit = on_frame.fit(X)                              # refitted on plain rows: names gone
    assert not hasattr(refit, "feature_names_in_")


def test_predict_refuses_a_frame_whose_columns_differ_from_the_fitted_ones():
    model = KMeans(n_clusters=3, random_state=0).fit(FRAME)
    swapped = FrameLike(["malic_acid", "alcohol"], [row[::-1] for row in X])
    with pytest.raises(KMeansError, match=r"KMeans.predict requires the columns it was fitted "
                                          r"on, in order; got \['malic_acid', 'alcohol'\]"):
        model.predict(swapped)


def test_numbered_columns_are_not_feature_names():
    numbered = FrameLike([0, 1], X)
    assert feature_names(numbered) is None
    assert not hasattr(KMeans(n_clusters=2, random_state=0).fit(numbered), "feature_names_in_")


def test_the_scaler_metrics_and_selection_helpers_read_frames():
    scaler = StandardScaler().fit(FRAME)
    assert scaler.feature_names_in_ == ["alcohol", "malic_acid"]
    assert StandardScaler().fit_transform(FRAME) == StandardScaler().fit_transform(X)
    labels = KMeans(n_clusters=3, random_state=0).fit(X).labels_
    assert silhouette_score(FRAME, labels) == silhouette_score(X, labels)
    assert calinski_harabasz_score(FRAME, labels) == calinski_harabasz_score(X, labels)
    assert kmeans_plusplus(FRAME, 3, random_state=1) == kmeans_plusplus(X, 3, random_state=1)
    assert inertia_curve(FRAME, range(1, 4), random_state=0) == inertia_curve(X, range(1, 4), random_state=0)
    assert choose_k(FRAME, k_max=4, random_state=0) == choose_k(X, k_max=4, random_state=0)


def test_profiles_and_plots_use_the_column_names():
    labels = KMeans(n_clusters=3, random_state=0).fit(X).labels_
    profile = cluster_profile(FRAME, labels)
    assert list(profile[0]) == ["cluster", "size", "alcohol", "malic_acid"]
    assert list(cluster_profile(X, labels)[0])[2:] == ["feature_1", "feature_2"]
    texts = [t.text for t in ET.fromstring(scatter_plot(FRAME, labels)).iter("{http://www.w3.org/2000/svg}text")]
    assert "alcohol" in texts and "malic_acid" in texts
    plain = [t.text for t in ET.fromstring(scatter_plot(X, labels)).iter("{http://www.w3.org/2000/svg}text")]
    assert "feature 1" in plain and "feature 2" in plain
