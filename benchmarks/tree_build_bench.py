"""The k-d tree's build, alone: seconds and peak bytes per point, against another version.

Run from the repository root:

    python benchmarks/tree_build_bench.py                        # 10^5, 3x10^5, 10^6 rows
    git show 7a96ad5:kmeans_scratch/fast/kdtree.py > /tmp/old_kdtree.py
    python benchmarks/tree_build_bench.py --against /tmp/old_kdtree.py 100000 1000000
    python benchmarks/tree_build_bench.py --against /tmp/old_kdtree.py --runs 1000000
    python benchmarks/tree_build_bench.py --runs --leaf-sizes 64,96,192 --features 3 -k 20 100000

For each size n: make_blobs(n, FEATURES, centers=8, random_state=0) as tuples, then
``PointTree(X, [1.0] * n)`` built REPEATS times, the versions interleaved (the machine's
noise then falls on both alike); the median CPU seconds, and the tracemalloc peak of one more
build over n. ``--against FILE``: another kdtree.py, loaded in this package's place, and the
ratio new / old. ``--runs``: also time, on each version's tree, the tree's k-means++
(``tree_plusplus_indices``, k=8 or -k) and the Lloyd run from its centres (``kdtree_lloyd``),
and check that every tree gives the same indices, labels and inertia. ``--leaf-sizes
64,128``: this checkout's tree with those leaf sizes too. ``--features``: FEATURES (2).
"""

import argparse
import importlib.util
import pathlib
import statistics
import sys
import time
import tracemalloc
from functools import partial

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kmeans_scratch import make_blobs  # noqa: E402
from kmeans_scratch.fast import filtering, kdtree, tree_seeding  # noqa: E402
from kmeans_scratch.randomness import RandomState  # noqa: E402

REPEATS = 5


def load(path: str):
    """A kdtree.py file as a module of this package (its relative imports then resolve)."""
    spec = importlib.util.spec_from_file_location("kmeans_scratch.fast._other_kdtree", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timed(function, *args):
    start = time.process_time()       # CPU seconds: less noise from other processes
    result = function(*args)
    return time.process_time() - start, result


def peak(build, X, weights) -> int:
    tracemalloc.start()
    build(X, weights)
    result = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result


def runs(build, X, weights, k) -> tuple:
    """(k-means++ seconds, Lloyd seconds, (indices, labels, inertia)) on this version's tree."""
    tree = build(X, weights)
    seeding, indices = timed(tree_seeding.tree_plusplus_indices, tree, X, k, RandomState(0),
                             weights)
    start = [X[i] for i in indices]
    lloyd, result = timed(lambda: filtering.kdtree_lloyd(X, start, weights, tree=tree))
    return seeding, lloyd, (indices, result.labels, result.inertia)


def report(n, found, seconds):
    """Print the runs' medians: k-means++, Lloyd, and build + both."""
    for name, results in found.items():
        seeding = statistics.median(r[0] for r in results)
        lloyd = statistics.median(r[1] for r in results)
        total = statistics.median(b + r[0] + r[1] for b, r in zip(seconds[name], results))
        print(f"{n:>9,} {name}: k-means++ {seeding:.3f} s, Lloyd {lloyd:.3f} s, "
              f"build + both {total:.3f} s", flush=True)
    assert len({repr(results[0][2]) for results in found.values()}) == 1, "results differ"


def versions(options) -> dict:
    """name -> a function building the tree: this checkout's, per leaf size, and --against's."""
    found = {"new": kdtree.PointTree}
    for size in options.leaf_sizes:
        found[f"new/{size}"] = partial(kdtree.PointTree, leaf_size=size)
    if options.against:
        found["old"] = load(options.against).PointTree
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("sizes", nargs="*", type=int, default=[100_000, 300_000, 1_000_000])
    parser.add_argument("--against")
    parser.add_argument("--runs", action="store_true")
    parser.add_argument("--leaf-sizes", type=lambda text: [int(s) for s in text.split(",")],
                        default=[])
    parser.add_argument("--features", type=int, default=2)
    parser.add_argument("-k", type=int, default=8)
    options = parser.parse_args()
    builders = versions(options)
    for n in options.sizes:
        X = [tuple(x) for x in make_blobs(n_samples=n, n_features=options.features, centers=8,
                                          random_state=0)[0]]
        weights = [1.0] * n
        seconds: dict = {name: [] for name in builders}
        for _ in range(REPEATS):
            for name, build in builders.items():
                seconds[name].append(timed(build, X, weights)[0])
        for name, build in builders.items():
            print(f"{n:>9,} {name}: build {statistics.median(seconds[name]):.3f} s "
                  f"(min {min(seconds[name]):.3f}), peak {peak(build, X, weights) / n:.0f} bytes/pt",
                  flush=True)
        if "old" in builders:
            ratio = statistics.median(seconds["new"]) / statistics.median(seconds["old"])
            print(f"{n:>9,} new / old build: {ratio:.2f}", flush=True)
        if options.runs:
            found: dict = {name: [] for name in builders}
            for _ in range(REPEATS):                # interleaved, as the builds
                for name, build in builders.items():
                    found[name].append(runs(build, X, weights, options.k))
            report(n, found, seconds)


if __name__ == "__main__":
    main()
