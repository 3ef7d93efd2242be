"""Hamerly's bounds or the k-d tree? The measurements behind KMeans(algorithm='auto').

Run from the repository root (standard library only; about four minutes):

    python benchmarks/algorithm_bench.py

For blob data and for uniform data (no clusters at all: the hard case for both) of several
shapes, each exact algorithm runs from the same three k-means++ starts, its one-off set-up
included (Hamerly's exact-sum table, the k-d tree), as one ``KMeans(n_init=3)`` fit would.
Prints the time of each, their ratio (above 1: the tree is faster), what 'auto' picks, and
flags the shapes where the pick was more than 10% slower than the other.
"""

import pathlib
import random
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kmeans_scratch import make_blobs  # noqa: E402
from kmeans_scratch.accelerated import exact_rows, hamerly  # noqa: E402
from kmeans_scratch.filtering import kdtree_lloyd  # noqa: E402
from kmeans_scratch.kdtree import PointTree  # noqa: E402
from kmeans_scratch.kmeans import choose_algorithm  # noqa: E402
from kmeans_scratch.lloyd import tolerance  # noqa: E402
from kmeans_scratch.seeding import kmeans_plusplus  # noqa: E402

SHAPES = [(1000, 2), (2000, 2), (5000, 2), (20000, 2), (5000, 3), (20000, 3), (5000, 8),
          (5000, 16)]


def data(kind: str, n: int, d: int) -> list:
    if kind == "blobs":
        X, _ = make_blobs(n_samples=n, n_features=d, centers=8, random_state=1)
        return [tuple(x) for x in X]
    rng = random.Random(0)
    return [tuple(rng.random() for _ in range(d)) for _ in range(n)]


def fit_time(algorithm: str, X: list, starts: list, tol: float) -> float:
    """Median of 3 timings of: set-up once, then one run from each start."""
    weights = [1.0] * len(X)
    times = []
    for _ in range(3):
        begin = time.perf_counter()
        if algorithm == "hamerly":
            exact = exact_rows(X, weights)
            for start in starts:
                hamerly(X, start, weights, tol=tol, exact=exact)
        else:
            tree = PointTree(X, weights)
            for start in starts:
                kdtree_lloyd(X, start, weights, tol=tol, tree=tree)
        times.append(time.perf_counter() - begin)
    return statistics.median(times)


def main():
    print(f"Python {sys.version.split()[0]}; three k-means++ starts per fit, set-up included")
    print(f"{'data':<22}{'k':>4}{'hamerly ms':>12}{'kdtree ms':>11}{'ratio':>7}  auto")
    for kind in ("blobs", "uniform"):
        for n, d in SHAPES:
            X = data(kind, n, d)
            tol = tolerance(X, 1e-4)
            for k in (3, 8, 20):
                starts = [[tuple(c) for c in kmeans_plusplus(X, k, random_state=s)[0]]
                          for s in range(3)]
                hamerly_time = fit_time("hamerly", X, starts, tol)
                tree_time = fit_time("kdtree", X, starts, tol)
                pick = choose_algorithm(n, d, k)
                chosen, other = ((tree_time, hamerly_time) if pick == "kdtree"
                                 else (hamerly_time, tree_time))
                flag = "  <- slower pick" if chosen > 1.1 * other else ""
                print(f"{f'{kind} {n}x{d}':<22}{k:>4}{hamerly_time * 1e3:>12.0f}"
                      f"{tree_time * 1e3:>11.0f}{hamerly_time / tree_time:>7.2f}  {pick}{flag}",
                      flush=True)


if __name__ == "__main__":
    main()
