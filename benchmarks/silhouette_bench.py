"""Silhouette: our each-pair-once version against a straightforward double loop.

Run from the repository root:   python benchmarks/silhouette_bench.py [n ...]
Prints seconds for each and the ratio, measured side by side in one run (median of 3).
"""

import math
import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kmeans_scratch import KMeans, make_blobs, silhouette_samples  # noqa: E402


def textbook_silhouette(X, labels):
    """For each point, a and b from a full pass over all other points."""
    scores = []
    for i, x in enumerate(X):
        totals, counts = {}, {}
        for j, y in enumerate(X):
            if i != j:
                d = math.sqrt(sum((p - q) ** 2 for p, q in zip(x, y)))
                totals[labels[j]] = totals.get(labels[j], 0.0) + d
                counts[labels[j]] = counts.get(labels[j], 0) + 1
        own = labels[i]
        if counts.get(own, 0) == 0:
            scores.append(0.0)
            continue
        a = totals[own] / counts[own]
        b = min(totals[c] / counts[c] for c in totals if c != own)
        scores.append((b - a) / max(a, b) if max(a, b) > 0 else 0.0)
    return scores


def timed(function, *args, repeats=3):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [2000, 5000]
    print(f"Python {sys.version.split()[0]} ({sys.implementation.name})")
    print(f"{'n':>6} {'ours (s)':>10} {'double loop (s)':>16} {'ratio':>7}")
    for n in sizes:
        X, _ = make_blobs(n_samples=n, centers=4, random_state=0)
        labels = KMeans(n_clusters=4, random_state=0).fit_predict(X)
        ours, fast = timed(silhouette_samples, X, labels)
        plain, slow = timed(textbook_silhouette, X, labels, repeats=1 if n > 3000 else 3)
        assert all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(fast, slow))
        print(f"{n:>6} {ours:>10.2f} {plain:>16.2f} {plain / ours:>6.1f}x")
