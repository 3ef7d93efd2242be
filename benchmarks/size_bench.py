"""When is scikit-learn the better tool? Whole fits side by side, ours and scikit-learn's.

Run from the repository root, with scikit-learn importable (a throwaway venv):

    python -m venv /tmp/skvenv && /tmp/skvenv/bin/pip install scikit-learn==1.9.1
    /tmp/skvenv/bin/python benchmarks/size_bench.py

For blobs of several sizes (make_blobs(n, d, centers=k, random_state=0), the same data for
both: ours bit for bit scikit-learn's), each library fits KMeans(n_clusters=k,
n_init=..., random_state=0) once; the table prints both times and their ratio. Without
scikit-learn only our times are printed.
"""

import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kmeans_scratch import KMeans, make_blobs  # noqa: E402

SIZES = [(1_000, 2, 3, 10), (10_000, 2, 8, 10), (10_000, 10, 8, 10), (100_000, 2, 8, 1),
         (100_000, 10, 8, 1), (100_000, 10, 8, 10)]


def seconds(estimator, X) -> float:
    start = time.perf_counter()
    estimator.fit(X)
    return time.perf_counter() - start


def main():
    try:
        import numpy as np
        from sklearn.cluster import KMeans as SkKMeans
    except ImportError:
        SkKMeans = None
    if SkKMeans is not None:      # warm up: its first fit starts its thread pool
        SkKMeans(n_clusters=2, n_init=1, random_state=0).fit(np.zeros((10, 2)) + np.arange(10)[:, None])
    print(f"Python {sys.version.split()[0]}; one fit each, seconds")
    print(f"{'n x d, k, n_init':<26}{'ours':>9}{'scikit-learn':>14}{'ratio':>8}")
    for n, d, k, n_init in SIZES:
        X, _ = make_blobs(n_samples=n, n_features=d, centers=k, random_state=0)
        ours = seconds(KMeans(n_clusters=k, n_init=n_init, random_state=0), X)
        line = f"{f'{n:,} x {d}, k={k}, n_init={n_init}':<26}{ours:>9.2f}"
        if SkKMeans is not None:
            theirs = seconds(SkKMeans(n_clusters=k, n_init=n_init, random_state=0), np.array(X))
            line += f"{theirs:>14.3f}{ours / theirs:>8.1f}x"
        print(line, flush=True)


if __name__ == "__main__":
    main()
