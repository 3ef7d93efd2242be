"""Record scikit-learn's metric and scaling outputs for the parity tests (run by hand only).

Needs a throwaway environment with scikit-learn 1.9.1, NumPy, SciPy and pandas:

    /tmp/skvenv/bin/python tools/record_metrics_reference.py

It writes tests/data/sklearn_metrics.json, read by tests/test_metrics_parity.py. The data
(random labelings, blobs) is stored itself, so the tests need no generator. NaN is stored
as null (JSON has no NaN).
"""

import json
import pathlib
import warnings

import numpy as np
import pandas as pd
import sklearn
from scipy.spatial.distance import cdist
from sklearn import metrics
from sklearn.datasets import make_blobs
from sklearn.preprocessing import StandardScaler, scale

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "sklearn_metrics.json"
METRICS = ["euclidean", "sqeuclidean", "manhattan", "cosine"]
SCIPY_NAMES = {"euclidean": "euclidean", "sqeuclidean": "sqeuclidean",
               "manhattan": "cityblock", "cosine": "cosine"}


def floats(a):
    """A nested list of floats, NaN as None."""
    return [None if v != v else v for v in a] if np.ndim(a) == 1 else [floats(r) for r in a]


def labelings():
    rs = np.random.RandomState(17)
    cases = [([], []), ([0], [0]), ([0, 0, 0, 0], [0, 0, 0, 0]), ([0, 0, 0, 0], [0, 1, 2, 3]),
             ([0, 1, 2, 3], [0, 1, 2, 3]), ([0, 0, 1, 1], [1, 1, 0, 0]), ([0, 0, 1, 2], [0, 0, 1, 1])]
    for n, k_true, k_pred in [(2, 2, 1), (5, 2, 3), (20, 3, 4), (100, 5, 5), (100, 2, 10),
                              (1000, 8, 6), (1000, 50, 40), (5000, 3, 3)]:
        cases.append((rs.randint(0, k_true, n).tolist(), rs.randint(0, k_pred, n).tolist()))
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # entropy is deprecated in 1.8
        for a, b in cases:
            out.append({"a": a, "b": b,
                        "fowlkes_mallows": metrics.fowlkes_mallows_score(a, b),
                        "contingency": metrics.cluster.contingency_matrix(a, b).tolist(),
                        "contingency_eps": floats(metrics.cluster.contingency_matrix(a, b, eps=0.1)),
                        "entropy_a": float(metrics.cluster.entropy(a)),
                        "entropy_b": float(metrics.cluster.entropy(b))})
    return out


def blobs():
    out = []
    for n, n_features, centers, seed in [(30, 2, 3, 0), (80, 3, 4, 1), (150, 5, 3, 2)]:
        X, y = make_blobs(n_samples=n, n_features=n_features, centers=centers, random_state=seed)
        labels = y.tolist()
        labels[0] = centers          # one singleton cluster: its sample scores 0
        record = {"X": X.tolist(), "labels": labels}
        for metric in METRICS:
            record[metric] = floats(metrics.silhouette_samples(X, labels, metric=metric))
            record[metric + "_score"] = float(metrics.silhouette_score(X, labels, metric=metric))
            D = cdist(X, X, SCIPY_NAMES[metric])
            np.fill_diagonal(D, 0.0)
            record[metric + "_precomputed"] = floats(
                metrics.silhouette_samples(D, labels, metric="precomputed"))
        out.append(record)
    return out


def scaler_record(scaler):
    seen = scaler.n_samples_seen_
    return {"mean": None if scaler.mean_ is None else floats(scaler.mean_),
            "var": None if scaler.var_ is None else floats(scaler.var_),
            "scale": None if scaler.scale_ is None else floats(scaler.scale_),
            "n_samples_seen": seen.tolist() if np.ndim(seen) else float(seen)}


def scaling():
    rs = np.random.RandomState(3)
    X = rs.normal(5.0, 3.0, size=(60, 3)) * [1.0, 100.0, 0.01] + [0.0, 1e6, -2.0]
    weights = rs.uniform(0.0, 3.0, size=60)
    with_nan = X.copy()
    with_nan[rs.uniform(size=with_nan.shape) < 0.2] = np.nan
    batches = [(0, 7), (7, 20), (20, 60)]
    out = {"X": X.tolist(), "weights": weights.tolist(), "X_nan": floats(with_nan),
           "batches": batches,
           "fit": scaler_record(StandardScaler().fit(X)),
           "fit_weighted": scaler_record(StandardScaler().fit(X, sample_weight=weights)),
           "fit_nan": scaler_record(StandardScaler().fit(with_nan)),
           "transform_nan": floats(StandardScaler().fit(with_nan).transform(with_nan)),
           "scale": scale(X).tolist(),
           "scale_no_mean": scale(X, with_mean=False).tolist()}
    for name, data, sw in [("partial", X, None), ("partial_weighted", X, weights),
                           ("partial_nan", with_nan, None)]:
        scaler = StandardScaler()
        for start, stop in batches:
            scaler.partial_fit(data[start:stop], sample_weight=None if sw is None else sw[start:stop])
        out[name] = scaler_record(scaler)
    constant = [[683.2155729885787, 0.1, 1e9], [683.2155729885787, 0.1, 1e9 + 1e-7],
                [683.2155729885787, 0.1, 1e9]]
    out["constant_X"] = constant
    out["constant"] = scaler_record(StandardScaler().fit(constant))
    frame = pd.DataFrame(X, columns=["age", "income", "score"])
    out["names_frame"] = StandardScaler().fit(frame).get_feature_names_out().tolist()
    out["names_plain"] = StandardScaler().fit(X).get_feature_names_out().tolist()
    return out


def main():
    reference = {"sklearn_version": sklearn.__version__, "labelings": labelings(),
                 "blobs": blobs(), "scaling": scaling()}
    OUT.write_text(json.dumps(reference, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes) with scikit-learn {sklearn.__version__}")


if __name__ == "__main__":
    main()
