"""New metrics against scikit-learn 1.9.1's numbers (tools/record_metrics_reference.py).

Exact where the computation is (contingency tables, with and without eps); otherwise
math.isclose(rel_tol=1e-12). Per-sample silhouettes near 0 carry the rounding of b - a, so
they also get abs_tol=1e-14 (the recorded worst is 1e-14 absolute, 5e-13 relative).
"""

import json
import math
import pathlib

import pytest

from kmeans_scratch.metrics import contingency_matrix, entropy
from kmeans_scratch.metrics.fowlkes_mallows import fowlkes_mallows_score
from kmeans_scratch.metrics.pairwise import distance_function
from kmeans_scratch.metrics.silhouette import silhouette_samples, silhouette_score

REFERENCE = json.loads((pathlib.Path(__file__).parent / "data" / "sklearn_metrics.json")
                       .read_text())
LABELINGS = REFERENCE["labelings"]
BLOBS = REFERENCE["blobs"]
METRICS = ["euclidean", "sqeuclidean", "manhattan", "cosine"]


def case_id(case):
    return f"n={len(case['a'])}"


def test_the_reference_is_scikit_learn_1_9_1():
    assert REFERENCE["sklearn_version"] == "1.9.1"


@pytest.mark.parametrize("case", LABELINGS, ids=case_id)
def test_fowlkes_mallows_matches_sklearn(case):
    assert math.isclose(fowlkes_mallows_score(case["a"], case["b"]), case["fowlkes_mallows"],
                        rel_tol=1e-12)


@pytest.mark.parametrize("case", LABELINGS, ids=case_id)
def test_contingency_matrix_matches_sklearn_exactly_with_and_without_eps(case):
    assert contingency_matrix(case["a"], case["b"]) == case["contingency"]
    assert contingency_matrix(case["a"], case["b"], eps=0.1) == case["contingency_eps"]


@pytest.mark.parametrize("case", LABELINGS, ids=case_id)
def test_entropy_matches_sklearn_including_no_labels(case):
    for name in "ab":
        assert math.isclose(entropy(case[name]), case["entropy_" + name], rel_tol=1e-12)


def close_samples(ours, theirs):
    return len(ours) == len(theirs) and all(
        math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-14) for a, b in zip(ours, theirs))


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("blobs", BLOBS, ids=lambda b: f"n={len(b['X'])}")
def test_silhouette_by_metric_name_matches_sklearn(blobs, metric):
    X, labels = blobs["X"], blobs["labels"]
    assert close_samples(silhouette_samples(X, labels, metric=metric), blobs[metric])
    assert math.isclose(silhouette_score(X, labels, metric=metric), blobs[metric + "_score"],
                        rel_tol=1e-12)


@pytest.mark.parametrize("metric", METRICS)
@pytest.mark.parametrize("blobs", BLOBS, ids=lambda b: f"n={len(b['X'])}")
def test_silhouette_of_a_precomputed_matrix_matches_sklearn(blobs, metric):
    # scikit-learn was given scipy's cdist matrix; ours is built with our own distances
    X, labels = blobs["X"], blobs["labels"]
    prepare, distance = distance_function(metric, "test")
    points = [prepare(x) for x in X]
    D = [[0.0 if i == j else distance(x, y) for j, y in enumerate(points)]
         for i, x in enumerate(points)]
    assert close_samples(silhouette_samples(D, labels, metric="precomputed"),
                         blobs[metric + "_precomputed"])
    assert math.isclose(silhouette_score(D, labels, metric="precomputed"),
                        silhouette_score(X, labels, metric=metric), rel_tol=1e-12)
