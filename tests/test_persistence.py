"""KMeans.to_dict / from_dict: plain JSON data, exact round trips, and every refusal."""

import copy
import json
import math
import random
import warnings

import pytest
from hypothesis import given, settings, strategies as st

from kmeans_scratch import ConvergenceWarning, KMeans, KMeansError, NotFittedError
from kmeans_scratch.persistence import (FILE_FORMAT, FORMAT, VERSION, model_file_text,
                                        read_model_file)
from kmeans_scratch.preprocessing import StandardScaler
from strategies import datasets_with_k

SIX = [[1, 2], [1, 4], [1, 0], [10, 2], [10, 4], [10, 0]]


def fitted(X=SIX, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return KMeans(**dict({"n_clusters": 2, "random_state": 0}, **params)).fit(X)


def through_json(model):
    return KMeans.from_dict(json.loads(json.dumps(model.to_dict(), allow_nan=False)))


def test_to_dict_is_plain_data_naming_format_and_version():
    data = fitted().to_dict()
    assert data["format"] == FORMAT == "kmeans_scratch.KMeans" and data["version"] == VERSION == 1
    assert data["params"] == {"n_clusters": 2, "init": "k-means++", "n_init": "auto",
                              "max_iter": 300, "tol": 1e-4, "verbose": 0, "random_state": 0,
                              "algorithm": "auto"}
    assert data["n_features_in_"] == 2 and data["inertia_"] == 16.0 and data["n_iter_"] >= 1
    assert "feature_names_in_" not in data
    assert json.loads(json.dumps(data, allow_nan=False)) == data     # plain, no NaN anywhere


@settings(deadline=None, max_examples=60)
@given(datasets_with_k(), st.sampled_from(["lloyd", "hamerly", "kdtree"]),
       st.lists(st.tuples(st.floats(-2e3, 2e3), st.floats(-2e3, 2e3), st.floats(-2e3, 2e3)),
                min_size=1, max_size=8), st.integers(0, 3))
def test_json_round_trip_predicts_transforms_and_scores_identically(data, algorithm, rows, seed):
    X, k = data
    model = fitted(X, n_clusters=k, algorithm=algorithm, random_state=seed)
    again = through_json(model)
    new = [row[:len(X[0])] for row in rows]
    assert again.cluster_centers_ == model.cluster_centers_      # float for float
    assert again.predict(new) == model.predict(new)
    assert again.transform(new) == model.transform(new)
    assert again.score(new) == model.score(new)
    assert (again.inertia_, again.n_iter_, again.n_features_in_) == \
        (model.inertia_, model.n_iter_, model.n_features_in_)
    assert again.get_params() == dict(model.get_params())


def test_floats_survive_to_the_last_bit():
    X = [(0.1, 1 / 3), (math.pi, 2 ** -40), (1e-300, 7e15 + 1)]
    model = fitted(X, n_clusters=3)
    text = json.dumps(model.to_dict())
    assert KMeans.from_dict(json.loads(text)).cluster_centers_ == model.cluster_centers_


class Frame:
    """A stand-in for a DataFrame: string column names and to_numpy()."""
    def __init__(self, rows, columns):
        self.rows, self.columns = rows, columns

    def to_numpy(self):
        return self.rows


def test_feature_names_are_kept_and_still_checked():
    model = fitted(Frame(SIX, ["a", "b"]))
    again = through_json(model)
    assert again.to_dict()["feature_names_in_"] == again.feature_names_in_ == ["a", "b"]
    with pytest.raises(KMeansError, match="columns it was fitted on"):
        again.predict(Frame([[0, 0]], ["b", "a"]))


def test_parameters_that_are_not_plain_data_are_left_out():
    model = fitted(random_state=random.Random(1), init=lambda X, k, random_state: X[:k],
                   callback=lambda step: None)
    params = model.to_dict()["params"]
    assert "random_state" not in params and "init" not in params and "callback" not in params
    assert KMeans.from_dict(model.to_dict()).init == "k-means++"
    given_centres = fitted(init=[[1, 2], [10, 2]])
    assert through_json(given_centres).init == [[1.0, 2.0], [10.0, 2.0]]


def test_the_loaded_model_refits_with_its_parameters():
    model = fitted(n_init=3, tol=0.0, algorithm="hamerly")
    again = through_json(model).fit(SIX)
    assert again.cluster_centers_ == model.cluster_centers_ and again.labels_ == model.labels_


def test_an_unfitted_model_has_no_dict():
    with pytest.raises(NotFittedError, match="call 'fit' before 'to_dict'"):
        KMeans().to_dict()


def test_labels_are_not_kept():
    assert not hasattr(through_json(fitted()), "labels_")


GOOD = fitted().to_dict()


def broken(**changes):
    data = copy.deepcopy(GOOD)
    for key, value in changes.items():
        if value is None:
            del data[key]
        else:
            data[key] = value
    return data


@pytest.mark.parametrize("data, got", [
    ([1, 2], "got a list"),
    ("{}", "got a str"),
    (broken(format="sklearn.KMeans"), "got format='sklearn.KMeans', version=1"),
    (broken(version=2), "got format='kmeans_scratch.KMeans', version=2"),
    (broken(version="1"), "got format='kmeans_scratch.KMeans', version='1'"),
    (broken(version=True), "got format='kmeans_scratch.KMeans', version=True"),
    (broken(version=None), "got format='kmeans_scratch.KMeans', version=None"),
])
def test_data_that_is_not_ours_or_newer_is_refused(data, got):
    with pytest.raises(KMeansError, match=r"KMeans.from_dict requires format "
                                          r"'kmeans_scratch.KMeans' version <= 1; " + got):
        KMeans.from_dict(data)


@pytest.mark.parametrize("changes, error, message", [
    ({"cluster_centers_": None}, KMeansError, "a field 'cluster_centers_'"),
    ({"cluster_centers_": []}, KMeansError, "at least one row in cluster_centers_"),
    ({"cluster_centers_": [[1.0, 2.0], [3.0]]}, KMeansError,
     r"2 values in cluster_centers_\[1\] \(n_features_in_=2\); got 1"),
    ({"cluster_centers_": [[1.0, 2.0], [3.0, "x"]]}, TypeError,
     r"cluster_centers_\[1\]\[1\] to be a number; got cluster_centers_\[1\]\[1\]='x'"),
    ({"cluster_centers_": [[1.0, 2.0], [3.0, True]]}, TypeError, r"cluster_centers_\[1\]\[1\]"),
    ({"cluster_centers_": [[1.0, 2.0], [3.0, float("nan")]]}, KMeansError,
     r"cluster_centers_\[1\]\[1\] to be a finite float; got cluster_centers_\[1\]\[1\]=nan"),
    ({"cluster_centers_": [[1.0, 2.0], [3.0, 10 ** 400]]}, KMeansError,
     r"cluster_centers_\[1\]\[1\] to be a finite float; got .*=an int of about 401 digits"),
    ({"cluster_centers_": "[[1, 2]]"}, TypeError, "cluster_centers_ as a list of rows"),
    ({"cluster_centers_": [[1.0, 2.0]]}, KMeansError,
     "params n_clusters equal to the number of cluster_centers_; got n_clusters=2, 1 centres"),
    ({"n_features_in_": 0}, KMeansError, "n_features_in_ >= 1; got n_features_in_=0"),
    ({"n_features_in_": 2.0}, TypeError, "n_features_in_ as a whole number"),
    ({"n_features_in_": 3}, KMeansError, r"3 values in cluster_centers_\[0\]"),
    ({"inertia_": -1.0}, KMeansError, "inertia_ >= 0; got inertia_=-1.0"),
    ({"inertia_": "16"}, TypeError, "inertia_ to be a number; got inertia_='16'"),
    ({"inertia_": float("inf")}, KMeansError, "inertia_ to be a finite float"),
    ({"inertia_": None}, KMeansError, "a field 'inertia_'"),
    ({"n_iter_": 0}, KMeansError, "n_iter_ >= 1"),
    ({"params": [2]}, TypeError, "params as a dict of parameters"),
    ({"params": {"n_clusters": 2, "copy_x": True}}, KMeansError,
     "params among n_clusters, .*; got 'copy_x'"),
    ({"feature_names_in_": ["a"]}, KMeansError, "2 values in feature_names_in_; got 1"),
    ({"feature_names_in_": ["a", 1]}, TypeError, r"feature_names_in_ to be text; got feature_names_in_\[1\]=1"),
    ({"feature_names_in_": ["a", "a"]}, KMeansError, "distinct feature_names_in_"),
])
def test_malformed_content_is_refused_naming_the_field(changes, error, message):
    with pytest.raises(error, match="KMeans.from_dict requires " + message):
        KMeans.from_dict(broken(**changes))


# -- the command line's model file ---------------------------------------------------------
def test_model_file_holds_model_columns_and_scaler():
    scaler = StandardScaler().fit(SIX)
    text = model_file_text(GOOD, ["a", "b"], scaler)
    model, columns, means, scales = read_model_file(text)
    assert json.loads(text)["format"] == FILE_FORMAT
    assert model == GOOD and columns == ["a", "b"]
    assert means == list(scaler.mean_) and scales == list(scaler.scale_)


@pytest.mark.parametrize("text, error, message", [
    ("not json", KMeansError, "a JSON model file; got text that is not JSON"),
    (json.dumps(GOOD), KMeansError, "format 'kmeans_scratch.cluster-model' version <= 1; got "
                                    "format='kmeans_scratch.KMeans'"),
    (model_file_text(GOOD, []), KMeansError, r"columns as a list of column names; got columns=\[\]"),
    (model_file_text(GOOD, ["a", 2]), TypeError, "columns to be text"),
    (model_file_text(GOOD, ["a", "b"]).replace('"scaler": null', '"scaler": {"mean": [0, 0]}'),
     TypeError, "scaler.scale as a list; got scaler.scale=None"),
    (model_file_text(GOOD, ["a", "b"]).replace('"scaler": null',
                                               '"scaler": {"mean": [0, 0], "scale": [1, 0]}'),
     KMeansError, r"scaler.scale > 0; got scaler.scale=\[1.0, 0.0\]"),
    (model_file_text(GOOD, ["a", "b"]).replace('"scaler": null',
                                               '"scaler": {"mean": [0], "scale": [1, 1]}'),
     KMeansError, "2 values in scaler.mean; got 1"),
])
def test_a_bad_model_file_is_refused_naming_the_field(text, error, message):
    with pytest.raises(error, match="predict requires " + message):
        read_model_file(text, caller="predict")
