"""Whole-process cost: importing the package, and "import, fit the tutorial's blobs".

Run from the repository root with a Python that also has scikit-learn (optional):

    python benchmarks/process_bench.py

Each figure is the median wall time of 7 fresh processes, ours and scikit-learn's measured
side by side in one run.
"""

import pathlib
import statistics
import subprocess
import sys
import time

ROOT = str(pathlib.Path(__file__).resolve().parent.parent)

OURS_IMPORT = "import kmeans_scratch"
SK_IMPORT = "import sklearn.cluster"
OURS_FIT = """
from kmeans_scratch import KMeans, make_blobs
X, y = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
print(KMeans(n_clusters=3, n_init=10, random_state=42).fit(X).inertia_)
"""
SK_FIT = """
from sklearn.cluster import KMeans
from sklearn.datasets import make_blobs
X, y = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
print(KMeans(n_clusters=3, n_init=10, random_state=42).fit(X).inertia_)
"""


def median_seconds(code: str, repeats: int = 7) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def import_seconds(module: str) -> float:
    """Import time alone, measured inside the process (-X importtime's total, in seconds)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    last = [line for line in result.stderr.splitlines() if line.rstrip().endswith(f"| {module}")][-1]
    return int(last.split("|")[1]) / 1e6


def main():
    print(f"Python {sys.version.split()[0]}; medians of 7 fresh processes")
    empty = median_seconds("pass")
    print(f"empty interpreter start: {empty * 1e3:.0f} ms")
    ours_import = statistics.median(import_seconds("kmeans_scratch") for _ in range(7))
    ours_fit = median_seconds(OURS_FIT)
    print(f"import kmeans_scratch (cumulative, -X importtime): {ours_import * 1e3:.1f} ms")
    print(f"process: import + fit tutorial blobs, n_init=10: {ours_fit * 1e3:.0f} ms")
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("(scikit-learn not importable: its side skipped)")
        return
    sk_import = statistics.median(import_seconds("sklearn.cluster") for _ in range(7))
    sk_fit = median_seconds(SK_FIT)
    print(f"import sklearn.cluster: {sk_import * 1e3:.1f} ms  -> ours is 1/{sk_import / ours_import:.0f} of it")
    print(f"scikit-learn process: {sk_fit * 1e3:.0f} ms  -> ours is {sk_fit / ours_fit:.1f}x faster")


if __name__ == "__main__":
    main()
