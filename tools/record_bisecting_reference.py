"""Record scikit-learn's BisectingKMeans and kmeans_plusplus(n_local_trials=...) as JSON.

Run by hand, never by CI or the tests, in a throwaway environment with scikit-learn 1.9.1:

    python -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install scikit-learn==1.9.1
    /tmp/skvenv/bin/python tools/record_bisecting_reference.py

It writes tests/data/sklearn_bisecting.json, read by tests/test_bisecting.py and
tests/test_seeding.py. Data sets are described by the make_blobs arguments that make them
(our make_blobs is scikit-learn's bit for bit, see tests/test_sklearn_twin.py); the points
each model predicts are stored as they are. OMP_NUM_THREADS is recorded: scikit-learn's sums
(and so the last bits of its centres and inertia) depend on it, its labels do not.
"""

import json
import os
import pathlib

import numpy as np
import sklearn
from sklearn.cluster import BisectingKMeans, kmeans_plusplus
from sklearn.datasets import make_blobs

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "sklearn_bisecting.json"

DATA = {
    "tiny": None,       # scikit-learn's own docstring example, stored as it is
    "blobs60": dict(n_samples=60, centers=4, cluster_std=1.0, random_state=3),
    "blobs300": dict(n_samples=300, centers=3, cluster_std=0.8, random_state=42),
    "blobs500": dict(n_samples=500, centers=6, cluster_std=1.2, random_state=1),
    "blobs3d": dict(n_samples=301, centers=5, n_features=3, cluster_std=2.0, random_state=1),
    "blobs_many": dict(n_samples=400, centers=8, cluster_std=1.5, random_state=9),
}
TINY = [[1, 1], [10, 1], [3, 1], [10, 0], [2, 1], [10, 2], [10, 8], [10, 9], [10, 10]]


def make_data(name):
    if name == "tiny":
        return np.array(TINY, dtype=float)
    return make_blobs(**DATA[name])[0]


def tree(node):
    """A node as nested dicts: its centre (centred coordinates, as scikit-learn keeps it),
    its score, its leaf label, and its two children."""
    record = {"center": node.center.tolist(), "score": float(node.score)}
    if node.left is None:
        record["label"] = int(node.label)
    else:
        record["children"] = [tree(node.left), tree(node.right)]
    return record


def bisecting_cases():
    cases = []
    plan = [("tiny", 3, {}), ("blobs60", 4, {}), ("blobs60", 6, {"init": "k-means++"}),
            ("blobs300", 3, {}), ("blobs300", 5, {"n_init": 3}),
            ("blobs500", 6, {}), ("blobs500", 8, {"init": "k-means++", "n_init": 2}),
            ("blobs3d", 5, {}), ("blobs3d", 7, {"tol": 0.0}),
            ("blobs_many", 8, {}), ("blobs_many", 12, {"init": "k-means++"})]
    probe = np.random.RandomState(0)
    for data, k, options in plan:
        X = make_data(data)
        low, high = X.min(axis=0) - 1, X.max(axis=0) + 1
        points = probe.uniform(low, high, size=(25, X.shape[1]))
        for strategy in ["biggest_inertia", "largest_cluster"]:
            for seed in [0, 1, 42]:
                model = BisectingKMeans(n_clusters=k, random_state=seed,
                                        bisecting_strategy=strategy, **options).fit(X)
                cases.append({"data": data, "n_clusters": k, "random_state": seed,
                              "bisecting_strategy": strategy, "options": options,
                              "labels": model.labels_.tolist(),
                              "centers": model.cluster_centers_.tolist(),
                              "inertia": float(model.inertia_),
                              "X_mean": model._X_mean.tolist(),
                              "tree": tree(model._bisecting_tree),
                              "points": points.tolist(),
                              "predict": model.predict(points).tolist(),
                              "score": float(model.score(points)),
                              "transform": model.transform(points[:3]).tolist()})
    return cases


def plusplus_cases():
    cases = []
    for data, k in [("blobs300", 3), ("blobs500", 6), ("blobs_many", 8), ("blobs3d", 5)]:
        X = make_data(data)
        for trials in [1, 3, 7, None]:
            for seed in [0, 1, 42]:
                _, indices = kmeans_plusplus(X, k, random_state=seed, n_local_trials=trials)
                cases.append({"data": data, "n_clusters": k, "n_local_trials": trials,
                              "random_state": seed, "indices": indices.tolist()})
    return cases


def main():
    record = {"sklearn": sklearn.__version__, "numpy": np.__version__,
              "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS"), "cpu_count": os.cpu_count(),
              "data": DATA, "tiny": TINY,
              "kmeans_plusplus": plusplus_cases(), "bisecting": bisecting_cases()}
    OUT.write_text(json.dumps(record) + "\n")
    print(f"wrote {OUT} ({len(record['bisecting'])} bisecting fits, "
          f"{len(record['kmeans_plusplus'])} k-means++ draws)")


if __name__ == "__main__":
    main()
