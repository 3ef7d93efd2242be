"""The tree's k-means++ (fast/tree_seeding.py) against an earlier version of it, interleaved.

    python benchmarks/tree_seeding_bench.py [n ...] [--old REV] [--repeats R] [--plain] [--fit]

For each n: 2-D blobs (8 centres, random_state=0), centred as KMeans.fit centres them, one
PointTree; then R rounds, each timing the old version (the file at git revision REV) and the
current one on the same tree, in alternating order. Prints the CPU seconds of each, their
medians and the ratio, and checks both chose the same rows (and, with --plain, the plain
``seeding.plusplus_indices`` too). With --fit, whole default fits instead,
``KMeans(n_clusters=k, random_state=0).fit(X)``, the old version swapped in for the fast
runner's k-means++: CPU seconds of each fit, and the inertia (the same under both).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kmeans_scratch import KMeans, make_blobs                  # noqa: E402
from kmeans_scratch.fast import runner                         # noqa: E402
from kmeans_scratch.fast import tree_seeding                   # noqa: E402
from kmeans_scratch.fast.kdtree import PointTree               # noqa: E402
from kmeans_scratch.numpy_means import centre, column_means    # noqa: E402
from kmeans_scratch.randomness import check_random_state       # noqa: E402
from kmeans_scratch.seeding import plusplus_indices            # noqa: E402
from kmeans_scratch.validation import check_array              # noqa: E402


def old_module(revision: str) -> types.ModuleType:
    """tree_seeding.py as it was at this git revision, loaded beside the current one."""
    source = subprocess.run(["git", "show", f"{revision}:kmeans_scratch/fast/tree_seeding.py"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    module = types.ModuleType("kmeans_scratch.fast.old_tree_seeding")
    module.__package__ = "kmeans_scratch.fast"
    sys.modules[module.__name__] = module
    exec(compile(source, f"{revision}:tree_seeding.py", "exec"), module.__dict__)
    return module


def timed(module, tree, X, k, weights) -> tuple[float, list]:
    """(CPU seconds, indices) of one call of module.tree_plusplus_indices, seed 0."""
    start = time.process_time()
    indices = module.tree_plusplus_indices(tree, X, k, check_random_state(0), weights)
    return time.process_time() - start, indices


def fitted(module, X, k) -> tuple[float, float]:
    """(CPU seconds, inertia) of one default fit with module's tree_plusplus_indices."""
    runner.tree_plusplus_indices = module.tree_plusplus_indices
    start = time.process_time()
    inertia = KMeans(n_clusters=k, random_state=0).fit(X).inertia_
    return time.process_time() - start, inertia


def compare_fits(old, n: int, k: int, repeats: int) -> None:
    """Print the CPU seconds of default fits on n rows, old and new interleaved."""
    X, _ = make_blobs(n_samples=n, n_features=2, centers=8, random_state=0)
    times: dict = {"old": [], "new": []}
    for repeat in range(repeats):
        pair = [("old", old), ("new", tree_seeding)]
        for name, module in pair[::-1] if repeat % 2 else pair:
            seconds, inertia = fitted(module, X, k)
            times[name].append(seconds)
            assert times.setdefault("inertia", inertia) == inertia
    runner.tree_plusplus_indices = tree_seeding.tree_plusplus_indices
    old_median, new_median = map(statistics.median, (times["old"], times["new"]))
    print(f"fit n={n:>9,}  old {' '.join(f'{t:.3f}' for t in times['old'])}"
          f"  new {' '.join(f'{t:.3f}' for t in times['new'])}"
          f"  medians {old_median:.3f} -> {new_median:.3f} s ({old_median / new_median:.2f}x)"
          f"  inertia {times['inertia']!r}")


def compare_seeding(old, n: int, k: int, repeats: int, plain: bool) -> None:
    """Print the CPU seconds of k-means++ on one tree of n rows, old and new interleaved."""
    X, _ = make_blobs(n_samples=n, n_features=2, centers=8, random_state=0)
    X = check_array(X)
    centre(X, column_means(X))
    weights = [1.0] * n
    tree = PointTree(X, weights)
    times: dict = {"old": [], "new": []}
    for repeat in range(repeats):
        pair = [("old", old), ("new", tree_seeding)]
        for name, module in pair[::-1] if repeat % 2 else pair:
            seconds, indices = timed(module, tree, X, k, weights)
            times[name].append(seconds)
            assert times.setdefault("rows", indices) == indices
    if plain:
        assert plusplus_indices(X, k, check_random_state(0), weights) == times["rows"]
    old_median, new_median = map(statistics.median, (times["old"], times["new"]))
    print(f"n={n:>9,}  old {' '.join(f'{t:.3f}' for t in times['old'])}"
          f"  new {' '.join(f'{t:.3f}' for t in times['new'])}"
          f"  medians {old_median:.3f} -> {new_median:.3f} s ({old_median / new_median:.2f}x)"
          f"  same rows{' as plain' if plain else ''}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 1_000_000])
    parser.add_argument("--old", default="7a96ad5")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--fit", action="store_true")
    args = parser.parse_args()
    old = old_module(args.old)
    print(f"Python {sys.version.split()[0]}; 2-D blobs, k={args.k}; CPU seconds, old = {args.old}")
    for n in args.sizes:
        if args.fit:
            compare_fits(old, n, args.k, args.repeats)
        else:
            compare_seeding(old, n, args.k, args.repeats, args.plain)


if __name__ == "__main__":
    main()
