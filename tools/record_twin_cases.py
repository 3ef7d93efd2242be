"""Record scikit-learn's fits for the centred-fit twin cases (run by hand; never by CI or tests).

Needs the throwaway environment of tools/make_sklearn_reference.py (scikit-learn 1.9.1):

    /tmp/skvenv/bin/python tools/record_twin_cases.py

It writes tests/data/sklearn_twin_centred.json:
  fits      duplicate-heavy data (make_blobs rows, each repeated) with init='random'. On the
            first two, fitting uncentred data put a near-tied point in the wrong empty cluster
            (labels permuted against scikit-learn's); scikit-learn fits X minus its column means.
  callable  init given as a callable, called as scikit-learn calls it
  k_means   the function k_means, with and without return_n_iter
  elkan     algorithm='elkan' (Lloyd's result, computed with Elkan's bounds)
  means     X.mean(axis=0) as NumPy rounds it, for one and for several columns
  tolerances  scikit-learn's _tolerance(X, tol) (tol * mean(np.var(X, axis=0))), for
            one column, several, and more than 8 and 128 (NumPy's pairwise sums)
Data sets are described by the arguments that make them; the tests rebuild them with our
make_blobs (bit-identical to scikit-learn's: tests/test_sklearn_twin.py).
"""

import json
import pathlib
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans, k_means
from sklearn.cluster._kmeans import _tolerance
from sklearn.datasets import make_blobs

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "sklearn_twin_centred.json"

DATA = {   # name: (make_blobs arguments, times each row is repeated)
    "dup30x4": (dict(n_samples=30, centers=3, cluster_std=0.8, random_state=100), 4),
    "dup25x3": (dict(n_samples=25, centers=4, n_features=3, cluster_std=1.0, random_state=1), 3),
    "dup40x5": (dict(n_samples=40, centers=5, cluster_std=1.5, random_state=7), 5),
    "blobs300": (dict(n_samples=300, centers=3, cluster_std=0.8, random_state=42), 1),
    "wide1d": (dict(n_samples=150, centers=3, n_features=1, cluster_std=2.0,
                    center_box=(1000.0, 1010.0), random_state=5), 1),
    "wide9": (dict(n_samples=200, centers=3, n_features=9, center_box=(-50.0, 900.0),
                   random_state=11), 1),
    "wide130": (dict(n_samples=40, centers=2, n_features=130, random_state=12), 1),
}

FITS = [dict(data="dup30x4", n_clusters=18, init="random", n_init=1, random_state=3),
        dict(data="dup25x3", n_clusters=20, init="random", n_init=1, random_state=1)]
FITS += [dict(data="dup40x5", n_clusters=k, init="random", n_init=n_init, random_state=seed)
         for k in (6, 12) for n_init in (1, 5) for seed in (0, 1)]
FITS += [dict(data="wide1d", n_clusters=k, init=init, n_init=3, random_state=2)
         for k in (3, 7) for init in ("random", "k-means++")]


def make_data(name):
    args, times = DATA[name]
    return np.repeat(make_blobs(**args)[0], times, axis=0)


def floats(a):
    return np.asarray(a, dtype=float).tolist()


def record(model):
    return {"labels": model.labels_.tolist(), "n_iter": int(model.n_iter_),
            "inertia": float(model.inertia_), "centers": floats(model.cluster_centers_)}


def pick_rows(X, n_clusters, random_state):
    """The callable init of the tests: k rows in the order of a random permutation."""
    return X[random_state.permutation(len(X))[:n_clusters]]


def main():
    out = {"sklearn_version": sklearn.__version__, "numpy_version": np.__version__,
           "data": {name: {"make_blobs": args, "repeat": times}
                    for name, (args, times) in DATA.items()},
           "fits": [], "callable": [], "k_means": [], "elkan": [], "means": {},
           "tolerances": {}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for spec in FITS:
            args = {k: v for k, v in spec.items() if k != "data"}
            out["fits"].append({**spec, **record(KMeans(**args).fit(make_data(spec["data"])))})
        for data, k, n_init in [("blobs300", 3, 1), ("dup40x5", 6, 3), ("blobs300", 4, "auto")]:
            model = KMeans(n_clusters=k, init=pick_rows, n_init=n_init, random_state=0)
            out["callable"].append({"data": data, "n_clusters": k, "n_init": n_init,
                                    "random_state": 0, **record(model.fit(make_data(data)))})
        for data, k, seed in [("blobs300", 3, 42), ("dup40x5", 6, 1)]:
            centers, labels, inertia, n_iter = k_means(make_data(data), k, random_state=seed,
                                                       return_n_iter=True)
            out["k_means"].append({"data": data, "n_clusters": k, "random_state": seed,
                                   "centers": floats(centers), "labels": labels.tolist(),
                                   "inertia": float(inertia), "n_iter": int(n_iter)})
        for data, k, init in [("blobs300", 3, "k-means++"), ("dup40x5", 6, "random")]:
            model = KMeans(n_clusters=k, init=init, algorithm="elkan", random_state=0)
            out["elkan"].append({"data": data, "n_clusters": k, "init": init, "random_state": 0,
                                 **record(model.fit(make_data(data)))})
    out["means"] = {name: floats(make_data(name).mean(axis=0)) for name in DATA}
    out["tolerances"] = {name: {str(tol): float(_tolerance(make_data(name), tol))
                                for tol in (1e-4, 0.37)} for name in DATA}
    OUT.write_text(json.dumps(out, separators=(",", ":")) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
