"""Where a default fit's time goes, phase by phase, at one size (CPU seconds, one fit).

Run from the repository root:

    python benchmarks/fit_phases.py             # 10^6 rows
    python benchmarks/fit_phases.py 100000      # another size

The phases of KMeans(n_clusters=8, random_state=0).fit on make_blobs(n, 2, centers=8,
random_state=0), each timed by ``time.process_time`` as KMeans.fit runs them (with the
cycle collector off, as the fit has it): the checks of X (``check_columns``), each feature's
bounds, the value checks (magnitude and weighted squares, from those bounds), the
centring, the tolerance (from the centred X), the k-d tree's build ('auto' picks the tree
here), its k-means++ and Lloyd's iterations by filtering. The last line is the inertia,
which must not change from one version to the next.
"""

import gc
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kmeans_scratch import fast, make_blobs  # noqa: E402
from kmeans_scratch.numpy_means import centre, column_means, tolerance  # noqa: E402
from kmeans_scratch.randomness import check_random_state  # noqa: E402
from kmeans_scratch.validation import (check_columns, check_magnitude,  # noqa: E402
                                       check_sample_weight, check_weighted_squares,
                                       feature_bounds)

K = 8


def timed(name: str, work):
    """work(), after printing its CPU seconds under name."""
    start = time.process_time()
    result = work()
    print(f"{name:>12} {time.process_time() - start:6.2f}", flush=True)
    return result


def main(n: int) -> None:
    rows = make_blobs(n_samples=n, n_features=2, centers=K, random_state=0)[0]
    gc.disable()
    print(f"Python {sys.version.split()[0]}; {n:,} x 2-D blobs, k={K}; CPU seconds")
    X = timed("checks", lambda: check_columns(rows))
    weights = check_sample_weight(None, n)
    bounds = timed("bounds", lambda: feature_bounds(X))
    timed("values", lambda: (check_magnitude(X, bounds=bounds),
                             check_weighted_squares(X, weights, bounds=bounds)))
    timed("centring", lambda: centre(X, column_means(X)))
    tol = timed("tolerance", lambda: tolerance(X, 1e-4, centred=True))
    run, plusplus = timed("tree build", lambda: fast.prepare("kdtree", X, weights))
    seeds = timed("k-means++", lambda: plusplus(X, K, check_random_state(0), weights))
    result = timed("Lloyd", lambda: run(X, [X[i] for i in seeds], weights, max_iter=300, tol=tol))
    print(f"inertia {result.inertia!r}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
