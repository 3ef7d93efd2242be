"""Computations whose results must be the same on every Python: CPython, PyPy, Pyodide.

``compute()`` runs them with the package alone; ``tests/data/cross_runtime.json`` holds the
results recorded on CPython 3.11 (``python tests/cross_runtime_cases.py --record``). The
test suite (on each interpreter) and the Pyodide smoke check compare against that file:
labels and counts exactly, floats to 1e-12 relative.
"""

import io
import json
import math
import pathlib
import sys

RECORD = pathlib.Path(__file__).parent / "data" / "cross_runtime.json"


def compute() -> dict:
    from kmeans_scratch import (KMeans, adjusted_rand_score, load_iris, make_blobs, make_moons,
                                normalized_mutual_info_score, silhouette_score)
    from kmeans_scratch.image import quantization_report, quantize, read_ppm, tutorial_image, write_ppm
    X, y = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
    tutorial = KMeans(n_clusters=3, n_init=10, random_state=42).fit(X)
    moons, _ = make_moons(n_samples=200, noise=0.1, random_state=1)
    moon_fit = KMeans(n_clusters=4, init="random", n_init=3, random_state=3).fit(moons)
    many, _ = make_blobs(n_samples=3000, centers=5, random_state=7)
    tree_fit = KMeans(n_clusters=5, n_init=2, random_state=7, algorithm="kdtree").fit(many)
    iris = load_iris()
    iris_fit = KMeans(n_clusters=3, n_init=10, random_state=0).fit(iris.data)
    buffer = io.BytesIO()
    new, palette = quantize(tutorial_image(), 8, random_state=42)
    report = quantization_report(tutorial_image(), new)
    write_ppm(new, buffer)
    round_trip = read_ppm(io.BytesIO(buffer.getvalue())) == new
    return {
        "blobs_first_row": X[0],
        "tutorial": {"labels": tutorial.labels_, "inertia": tutorial.inertia_, "n_iter": tutorial.n_iter_},
        "moons": {"labels": moon_fit.labels_, "inertia": moon_fit.inertia_, "n_iter": moon_fit.n_iter_},
        "iris": {"labels": iris_fit.labels_, "inertia": iris_fit.inertia_},
        "kdtree": {"labels": tree_fit.labels_, "inertia": tree_fit.inertia_,
                   "n_distances": tree_fit.n_distances_},
        "metrics": {"ari": adjusted_rand_score(y, tutorial.labels_),
                    "nmi": normalized_mutual_info_score(iris.target, iris_fit.labels_),
                    "silhouette": silhouette_score(iris.data, iris_fit.labels_)},
        "quantize": {"palette": sorted(palette), "mse": report.mse, "round_trip": round_trip},
    }


def differences(expected, actual, path="") -> list:
    """Where actual differs from expected (floats compared to 1e-12 relative)."""
    if isinstance(expected, float) or isinstance(actual, float):
        if not math.isclose(expected, actual, rel_tol=1e-12, abs_tol=1e-12):
            return [f"{path}: expected {expected!r}, got {actual!r}"]
        return []
    if isinstance(expected, dict):
        return [d for key in expected for d in differences(expected[key], actual[key], f"{path}.{key}")]
    if isinstance(expected, (list, tuple)):
        if len(expected) != len(actual):
            return [f"{path}: length {len(expected)} != {len(actual)}"]
        return [d for i, (e, a) in enumerate(zip(expected, actual)) for d in differences(e, a, f"{path}[{i}]")]
    return [] if expected == actual else [f"{path}: expected {expected!r}, got {actual!r}"]


def check() -> list:
    """Differences between this interpreter's results and the recorded ones (JSON round trip)."""
    return differences(json.loads(RECORD.read_text()), json.loads(json.dumps(compute())))


if __name__ == "__main__":
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
    if "--record" in sys.argv:
        RECORD.write_text(json.dumps(compute(), separators=(",", ":")) + "\n")
        print(f"wrote {RECORD}")
    else:
        problems = check()
        print("\n".join(problems) or "same results as recorded")
        sys.exit(1 if problems else 0)
