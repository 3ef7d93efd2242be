"""Plain Lloyd, Hamerly's bounds or the k-d tree? The measurements behind algorithm='auto'.

Run from the repository root (standard library only; about five minutes):

    python benchmarks/algorithm_bench.py

For blob data and for uniform data (no clusters at all: the hard case for both fast loops)
of several shapes, each algorithm fits ``KMeans(n_clusters=k, random_state=s)`` with its
defaults (one k-means++ start) for s = 0, 1, 2: three whole fits, set-up and seeding
included, as a user's script would run them. The three give the same results; the table
prints the median time of each (of 3 repeats), what 'auto' picks, and flags the shapes
where the pick was more than 10% slower than the fastest (with the time it lost).
"""

import pathlib
import random
import statistics
import sys
import time
import warnings

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kmeans_scratch import KMeans, make_blobs  # noqa: E402
from kmeans_scratch.fast import choose_algorithm  # noqa: E402

SHAPES = [(150, 4), (300, 2), (1000, 2), (2000, 2), (5000, 2), (20000, 2), (2000, 3),
          (5000, 3), (20000, 3), (1000, 8), (5000, 8), (5000, 16)]
ALGORITHMS = ("lloyd", "hamerly", "kdtree")


def data(kind: str, n: int, d: int) -> list:
    if kind == "blobs":
        X, _ = make_blobs(n_samples=n, n_features=d, centers=8, random_state=1)
        return [tuple(x) for x in X]
    rng = random.Random(0)
    return [tuple(rng.random() for _ in range(d)) for _ in range(n)]


def fit_time(algorithm: str, X: list, k: int) -> float:
    """Median of 3 timings of three default fits (random_state 0, 1, 2)."""
    times = []
    for _ in range(3):
        begin = time.perf_counter()
        for seed in range(3):
            KMeans(n_clusters=k, random_state=seed, algorithm=algorithm).fit(X)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main():
    warnings.simplefilter("ignore")      # (a benchmark: ConvergenceWarnings are not the point)
    print(f"Python {sys.version.split()[0]}; three default fits (seeding included) per cell, ms")
    print(f"{'data':<20}{'k':>4}" + "".join(f"{name:>9}" for name in ALGORITHMS) + "  auto")
    for kind in ("blobs", "uniform"):
        for n, d in SHAPES:
            X = data(kind, n, d)
            for k in (3, 8, 20):
                times = {name: fit_time(name, X, k) for name in ALGORITHMS}
                pick = choose_algorithm(n, d, k)
                best = min(times.values())
                lost = times[pick] - best
                flag = f"  <- slower pick (+{lost * 1e3:.1f} ms)" if times[pick] > 1.1 * best else ""
                print(f"{f'{kind} {n}x{d}':<20}{k:>4}"
                      + "".join(f"{times[name] * 1e3:>9.1f}" for name in ALGORITHMS)
                      + f"  {pick}{flag}", flush=True)


if __name__ == "__main__":
    main()
