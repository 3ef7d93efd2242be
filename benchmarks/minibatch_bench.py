"""Mini-batch or full K-Means? Time and inertia side by side: ours, both, and scikit-learn's.

Run from the repository root (scikit-learn optional; a throwaway venv):

    /tmp/skvenv/bin/python benchmarks/minibatch_bench.py          # 10^4, 10^5, 10^6 rows
    python3 benchmarks/minibatch_bench.py 10000 100000            # chosen sizes, ours only

For 2-D blobs of each size (make_blobs(n, 2, centers=8, random_state=0): ours is
scikit-learn's bit for bit, so every fit sees the same data) it fits, once each with
random_state=0 and n_clusters=8: our MiniBatchKMeans (defaults: batch_size=1024), our
KMeans (algorithm 'auto', n_init 'auto' = 1), and scikit-learn's MiniBatchKMeans if it
imports. It prints each fit's seconds and each inertia_ divided by our KMeans'. Both
MiniBatchKMeans draw the same batches, so their steps and inertia agree; the times show
what pure Python costs.
"""

import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kmeans_scratch import KMeans, make_blobs  # noqa: E402
from kmeans_scratch.minibatch_kmeans import MiniBatchKMeans  # noqa: E402

SIZES = [10_000, 100_000, 1_000_000]
K = 8


def timed_fit(estimator, X):
    """(seconds, fitted estimator)."""
    start = time.perf_counter()
    estimator.fit(X)
    return time.perf_counter() - start, estimator


def main(sizes):
    try:
        import numpy as np
        from sklearn.cluster import MiniBatchKMeans as SkMiniBatchKMeans
    except ImportError:
        SkMiniBatchKMeans = None
    if SkMiniBatchKMeans is not None:     # warm up: its first fit starts its thread pool
        SkMiniBatchKMeans(n_clusters=2, random_state=0).fit(np.arange(20.0).reshape(10, 2))
    print(f"Python {sys.version.split()[0]}; 2-D blobs, k={K}, one fit each, random_state=0")
    header = f"{'rows':>10}{'mini s':>9}{'steps':>7}{'KMeans s':>10}{'mini/KM inertia':>17}"
    if SkMiniBatchKMeans is not None:
        header += f"{'sklearn mini s':>16}{'its steps':>10}{'its/KM inertia':>16}"
    print(header)
    for n in sizes:
        X, _ = make_blobs(n_samples=n, n_features=2, centers=K, random_state=0)
        mini_s, mini = timed_fit(MiniBatchKMeans(n_clusters=K, random_state=0), X)
        full_s, full = timed_fit(KMeans(n_clusters=K, random_state=0), X)
        line = (f"{n:>10,}{mini_s:>9.2f}{mini.n_steps_:>7}{full_s:>10.2f}"
                f"{mini.inertia_ / full.inertia_:>17.5f}")
        if SkMiniBatchKMeans is not None:
            sk_s, sk = timed_fit(SkMiniBatchKMeans(n_clusters=K, random_state=0), np.array(X))
            line += f"{sk_s:>16.3f}{sk.n_steps_:>10}{sk.inertia_ / full.inertia_:>16.5f}"
        print(line, flush=True)


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or SIZES)
