"""Record scikit-learn's outputs as JSON for the tests (run by hand; never by CI or tests).

Needs a throwaway environment with scikit-learn 1.9.1 (and NumPy):

    python -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install scikit-learn==1.9.1
    /tmp/skvenv/bin/python tools/make_sklearn_reference.py

It writes tests/data/sklearn_reference.json. Data sets are described by the arguments that
make them, so the tests rebuild them with our own generators (which the same file checks).
"""

import json
import pathlib
import sys

import numpy as np
import sklearn
from sklearn import datasets, metrics
from sklearn.cluster import KMeans, kmeans_plusplus
from sklearn.preprocessing import StandardScaler

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "sklearn_reference.json"
IRIS = pathlib.Path(__file__).resolve().parent.parent / "kmeans_scratch" / "datasets" / "iris.csv"


def floats(a):
    return np.asarray(a, dtype=float).tolist()


def streams():
    out = []
    for seed in [0, 1, 42, 12345, 2**32 - 1]:
        rs = np.random.RandomState(seed)
        record = {"seed": seed,
                  "words": rs.randint(0, 2**32, size=20, dtype=np.uint64).tolist(),
                  "random_sample": floats(rs.random_sample(10)),
                  "standard_normal": floats(rs.standard_normal(11)),
                  "normal": floats(rs.normal(2.0, 3.0, 5)),
                  "uniform": floats(rs.uniform(-10, 10, 6)),
                  "randint_300": rs.randint(0, 300, 10).tolist(),
                  "randint_big": [int(v) for v in rs.randint(-5, 2**40, 5, dtype=np.int64)],
                  "permutation_20": rs.permutation(20).tolist(),
                  "choice_p": rs.choice(10, 5, p=[.05, .1, .15, .2, .1, .1, .1, .1, .05, .05]).tolist(),
                  "choice_no_replace_p": rs.choice(4, 4, replace=False, p=[.1, .2, .3, .4]).tolist(),
                  "choice_no_replace": rs.choice(50, 3, replace=False).tolist(),
                  "after_normal_cache": floats(rs.random_sample(2))}
        out.append(record)
    return out


GENERATORS = [
    ("make_blobs", dict(n_samples=300, centers=3, cluster_std=0.8, random_state=42)),
    ("make_blobs", dict(n_samples=301, centers=3, n_features=3, cluster_std=[0.5, 1.0, 1.5],
                        random_state=0, return_centers=True)),
    ("make_blobs", dict(n_samples=[10, 25, 4], random_state=7)),
    ("make_blobs", dict(n_samples=57, centers=[[0, 0], [5, 5], [-3, 4], [2, -6]], cluster_std=0.5,
                        shuffle=False, random_state=3)),
    ("make_blobs", dict(n_samples=40, n_features=5, centers=4, center_box=(0.0, 1.0), random_state=11)),
    ("make_moons", dict(n_samples=300, noise=0.1, random_state=42)),
    ("make_moons", dict(n_samples=301, noise=0.05, random_state=0)),
    ("make_moons", dict(n_samples=(4, 9), shuffle=False)),
    ("make_circles", dict(n_samples=300, noise=0.05, factor=0.5, random_state=42)),
    ("make_circles", dict(n_samples=301, noise=0.05, random_state=0)),
    ("make_circles", dict(n_samples=9, shuffle=True, random_state=5)),
]


def generators():
    out = []
    for name, args in GENERATORS:
        result = getattr(datasets, name)(**args)
        out.append({"name": name, "args": args, "X": floats(result[0]),
                    "y": np.asarray(result[1]).tolist(),
                    "centers": floats(result[2]) if len(result) > 2 else None})
    return out


def iris():
    rows = [line.split(",") for line in IRIS.read_text().splitlines()[1:] if line]
    return np.array([[float(v) for v in r[:4]] for r in rows]), [r[4] for r in rows]


DATA = {
    "blobs300": ("make_blobs", dict(n_samples=300, centers=3, cluster_std=0.8, random_state=42)),
    "blobs3d": ("make_blobs", dict(n_samples=301, centers=5, n_features=3, cluster_std=2.0, random_state=1)),
    "moons": ("make_moons", dict(n_samples=200, noise=0.1, random_state=42)),
    "circles": ("make_circles", dict(n_samples=150, noise=0.05, factor=0.5, random_state=3)),
    "blobs_many": ("make_blobs", dict(n_samples=400, centers=8, cluster_std=1.5, random_state=9)),
}


def make_data(name):
    if name == "iris":
        return iris()[0]
    if name == "duplicates":   # 40 distinct blob points, each repeated 5 times
        return np.repeat(make_data("blobs300")[:40], 5, axis=0)
    generator, args = DATA[name]
    return getattr(datasets, generator)(**args)[0]


FITS = []
# iris is left out: its 0.1 cm grid makes exact distance ties, which scikit-learn breaks by
# the rounding of its own arithmetic (||c||^2 - 2 x.c on centred data), not by index.
for data in ["blobs300", "blobs3d", "moons", "circles", "blobs_many", "duplicates"]:
    for k in [2, 3, 5, 8]:
        for init, n_init in [("k-means++", 1), ("k-means++", 3), ("random", 1), ("random", 10)]:
            FITS.append(dict(data=data, n_clusters=k, init=init, n_init=n_init,
                             random_state=(k * 7 + n_init) % 50))
FITS += [dict(data="duplicates", n_clusters=k, init=init, n_init=10, random_state=s)
         for k in (12, 20) for s in (0, 1) for init in ("random", "k-means++")]
FITS += [dict(data="blobs_many", n_clusters=8, init="k-means++", n_init=2, random_state=4,
              max_iter=3), dict(data="blobs3d", n_clusters=4, init="random", n_init=1,
                                random_state=0, tol=0.0)]


def fits():
    out = []
    import warnings
    for spec in FITS:
        args = {k: v for k, v in spec.items() if k != "data"}
        X = make_data(spec["data"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = KMeans(**args).fit(X)
        out.append({**spec, "labels": model.labels_.tolist(), "n_iter": int(model.n_iter_),
                    "inertia": float(model.inertia_), "centers": floats(model.cluster_centers_)})
    return out


def plusplus():
    out = []
    for data, k, seed in [("blobs300", 3, 42), ("iris", 5, 0), ("blobs_many", 8, 1), ("moons", 21, 2)]:
        centers, indices = kmeans_plusplus(make_data(data), k, random_state=seed)
        out.append({"data": data, "n_clusters": k, "random_state": seed,
                    "indices": indices.tolist(), "centers": floats(centers)})
    return out


def tutorial():
    X, y = datasets.make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
    elbow = {k: float(KMeans(n_clusters=k, random_state=42, n_init=10).fit(X).inertia_)
             for k in range(1, 11)}
    silhouette = {}
    for k in range(2, 11):
        labels = KMeans(n_clusters=k, random_state=42, n_init=10).fit_predict(X)
        silhouette[k] = float(metrics.silhouette_score(X, labels))
    random_init = KMeans(n_clusters=3, init="random", n_init=1, random_state=0).fit(X)
    plus_init = KMeans(n_clusters=3, init="k-means++", n_init=1, random_state=0).fit(X)
    return {"elbow": elbow, "silhouette": silhouette,
            "random_init_inertia": float(random_init.inertia_),
            "plusplus_init_inertia": float(plus_init.inertia_)}


def iris_values():
    X, species = iris()
    y = [sorted(set(species)).index(s) for s in species]
    out = {"silhouette_species": float(metrics.silhouette_score(X, y)),
           "inertia_by_k": {k: float(KMeans(n_clusters=k, n_init=10, random_state=0).fit(X).inertia_)
                            for k in (2, 3, 4, 5)}}
    labels = KMeans(n_clusters=3, n_init=10, random_state=0).fit_predict(X)
    out["k3_silhouette"] = float(metrics.silhouette_score(X, labels))
    out["k3_ari"] = float(metrics.adjusted_rand_score(y, labels))
    out["k3_nmi"] = float(metrics.normalized_mutual_info_score(y, labels))
    Xs = StandardScaler().fit_transform(X)
    model = KMeans(n_clusters=3, n_init=10, random_state=0).fit(Xs)
    out["scaled_k3_inertia"] = float(model.inertia_)
    out["scaled_k3_ari"] = float(metrics.adjusted_rand_score(y, model.labels_))
    out["scaler_mean"] = floats(StandardScaler().fit(X).mean_)
    out["scaler_scale"] = floats(StandardScaler().fit(X).scale_)
    out["calinski_harabasz_species"] = float(metrics.calinski_harabasz_score(X, y))
    out["davies_bouldin_species"] = float(metrics.davies_bouldin_score(X, y))
    out["silhouette_samples_species_first5"] = floats(metrics.silhouette_samples(X, y)[:5])
    return out


def label_metrics():
    rng = np.random.RandomState(0)
    cases = [([0, 0, 1, 2], [0, 0, 1, 1]), ([0, 0, 1, 1], [0, 0, 1, 1]), ([0, 0, 0, 0], [0, 0, 0, 0]),
             ([0, 1, 2, 3], [0, 1, 2, 3]), ([0, 0, 0, 0], [0, 1, 2, 3]), ([0, 0, 1, 1], [1, 1, 0, 0]),
             ([0, 1, 0, 1], [0, 0, 1, 1])]
    for n, ka, kb in [(20, 3, 4), (50, 5, 2), (100, 4, 4), (37, 7, 3), (200, 10, 12)]:
        cases.append((rng.randint(0, ka, n).tolist(), rng.randint(0, kb, n).tolist()))
    out = []
    for a, b in cases:
        record = {"a": a, "b": b,
                  "ari": metrics.adjusted_rand_score(a, b), "ri": metrics.rand_score(a, b),
                  "ami": metrics.adjusted_mutual_info_score(a, b),
                  "homogeneity": metrics.homogeneity_score(a, b),
                  "completeness": metrics.completeness_score(a, b),
                  "v_measure": metrics.v_measure_score(a, b),
                  "mi": metrics.mutual_info_score(a, b)}
        for method in ("arithmetic", "geometric", "min", "max"):
            record["nmi_" + method] = metrics.normalized_mutual_info_score(a, b, average_method=method)
        out.append({k: (float(v) if isinstance(v, (float, np.floating)) else v)
                    for k, v in record.items()})
    return out


def point_metrics():
    out = []
    for name, k, seed in [("blobs300", 3, 0), ("blobs3d", 5, 1), ("moons", 4, 2), ("duplicates", 6, 3)]:
        X = make_data(name)
        labels = KMeans(n_clusters=k, n_init=1, random_state=seed).fit_predict(X)
        out.append({"data": name, "labels": labels.tolist(),
                    "silhouette_samples": floats(metrics.silhouette_samples(X, labels)),
                    "silhouette": float(metrics.silhouette_score(X, labels)),
                    "calinski_harabasz": float(metrics.calinski_harabasz_score(X, labels)),
                    "davies_bouldin": float(metrics.davies_bouldin_score(X, labels))})
    return out


if __name__ == "__main__":
    reference = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__,
                 "python": sys.version.split()[0], "streams": streams(),
                 "generators": generators(), "fits": fits(), "kmeans_plusplus": plusplus(),
                 "tutorial": tutorial(), "iris": iris_values(), "label_metrics": label_metrics(),
                 "point_metrics": point_metrics()}
    OUT.write_text(json.dumps(reference, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
