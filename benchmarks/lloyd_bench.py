"""Time per Lloyd iteration and ns per point-centre distance, side by side in one run.

Run from the repository root (NumPy and scikit-learn are used only if importable):

    python benchmarks/lloyd_bench.py            # CPython
    pypy3 benchmarks/lloyd_bench.py             # PyPy (NumPy rows are skipped there)

For each data set (blobs: 2,000 x 2-D k=8, 20,000 x 2-D k=8, 5,000 x 16-D k=10) every
contender starts from the same k rows and runs to the same stop (tol = 1e-4 x mean
variance); the figures are the median of 3 runs, divided by the number of iterations.
"ns/dist" divides by n*k distances per iteration for every contender, so it is the
time a plain Lloyd loop would need per distance. For ours, the number of distances
actually computed is shown too.

Our accelerated runs include their one-off set-up (Hamerly's exact-sum table, the k-d
tree), as a single fit pays it. "kdtree, tree built" times the run alone, with the tree
built beforehand, as ``KMeans`` does once for all its ``n_init`` restarts; the build time
is printed below each data set.
"""

import math
from functools import partial
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kmeans_scratch import make_blobs  # noqa: E402
from kmeans_scratch.fast.bounds import hamerly  # noqa: E402
from kmeans_scratch.fast.filtering import kdtree_lloyd  # noqa: E402
from kmeans_scratch.fast.kdtree import PointTree  # noqa: E402
from kmeans_scratch.lloyd import lloyd, tolerance  # noqa: E402


def textbook(X, centroids, max_iter, tol):
    """The loop a first course writes: lists, explicit loops, sqrt, re-scanning for means."""
    X = [list(x) for x in X]
    centroids = [list(c) for c in centroids]
    k, d = len(centroids), len(X[0])
    previous = None
    for iteration in range(1, max_iter + 1):
        labels = []
        for x in X:
            best, best_distance = 0, float("inf")
            for j in range(k):
                distance = math.sqrt(sum((x[f] - centroids[j][f]) ** 2 for f in range(d)))
                if distance < best_distance:
                    best, best_distance = j, distance
            labels.append(best)
        new = []
        for j in range(k):
            members = [x for x, label in zip(X, labels) if label == j]
            new.append([sum(m[f] for m in members) / len(members) for f in range(d)] if members else centroids[j])
        shift = sum((a - b) ** 2 for c, e in zip(new, centroids) for a, b in zip(c, e))
        centroids = new
        if labels == previous or shift <= tol:
            return iteration
        previous = labels
    return max_iter


def numpy_lloyd(X, centroids, max_iter, tol):
    """A plain NumPy Lloyd loop: all distances as one array, argmin, means with bincount."""
    import numpy as np
    X, centroids = np.asarray(X), np.array(centroids)
    previous = None
    for iteration in range(1, max_iter + 1):
        distances = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
        labels = distances.argmin(axis=1)
        counts = np.bincount(labels, minlength=len(centroids))
        new = np.stack([np.bincount(labels, weights=X[:, f], minlength=len(centroids))
                        for f in range(X.shape[1])], axis=1) / np.maximum(counts, 1)[:, None]
        shift = ((new - centroids) ** 2).sum()
        centroids = new
        if previous is not None and (labels == previous).all() or shift <= tol:
            return iteration
        previous = labels
    return max_iter


def sklearn_lloyd(X, centroids, max_iter, tol):
    from sklearn.cluster import KMeans
    import numpy as np
    model = KMeans(n_clusters=len(centroids), init=np.array(centroids), n_init=1,
                   max_iter=max_iter, tol=1e-4).fit(np.asarray(X))
    return model.n_iter_


def median_time(function, *args, repeats=3):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    print(f"Python {sys.version.split()[0]} ({sys.implementation.name}); median of 3 runs")
    header = f"{'data':<16}{'contender':<26}{'iters':>6}{'ms/iter':>10}{'ns/dist':>9}{'vs textbook':>12}{'distances':>11}"
    print(header)
    for n, d, k in [(2000, 2, 8), (20000, 2, 8), (5000, 16, 10)]:
        X, _ = make_blobs(n_samples=n, n_features=d, centers=k, random_state=0)
        X = [tuple(x) for x in X]
        start = X[:k]
        tol = tolerance(X, 1e-4)
        weights = [1.0] * n
        rows = []
        seconds, iters = median_time(textbook, X, start, 300, tol, repeats=1 if n > 3000 else 3)
        rows.append(("textbook loop", iters, seconds, None))
        seconds, result = median_time(partial(lloyd, X, start, weights, tol=tol))
        rows.append(("ours: lloyd", result.n_iter, seconds, result.n_distances))
        lloyd_result = result
        seconds, result = median_time(partial(hamerly, X, start, weights, tol=tol))
        assert result[:5] == lloyd_result[:5]
        rows.append(("ours: hamerly", result.n_iter, seconds, result.n_distances))
        seconds, result = median_time(partial(kdtree_lloyd, X, start, weights, tol=tol))
        assert result[:5] == lloyd_result[:5]
        rows.append(("ours: kdtree", result.n_iter, seconds, result.n_distances))
        build, tree = median_time(PointTree, X, weights)
        seconds, result = median_time(partial(kdtree_lloyd, X, start, weights, tol=tol, tree=tree))
        rows.append(("ours: kdtree, tree built", result.n_iter, seconds, result.n_distances))
        for name, function in (("numpy plain loop", numpy_lloyd), ("scikit-learn lloyd", sklearn_lloyd)):
            try:
                seconds, iters = median_time(function, X, start, 300, tol)
            except ImportError:
                continue
            rows.append((name, iters, seconds, None))
        base = rows[0][2] / rows[0][1]
        for name, iters, seconds, distances in rows:
            per_iteration = seconds / iters
            counted = f"{distances / lloyd_result.n_distances:.0%}" if distances else ""
            print(f"{f'{n}x{d}, k={k}':<16}{name:<26}{iters:>6}{per_iteration * 1e3:>10.2f}"
                  f"{per_iteration / (n * k) * 1e9:>9.0f}{base / per_iteration:>11.1f}x{counted:>11}")
        print(f"{'':<16}(building the k-d tree: {build * 1e3:.1f} ms, once per data set)")


if __name__ == "__main__":
    main()
