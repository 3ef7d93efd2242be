"""Does a whole fit cost in proportion to the data? Time, slope and memory, 10^4 to 10^6 rows.

Run from the repository root (scikit-learn and NumPy rows appear when importable):

    python benchmarks/scaling_bench.py                   # 10^4 .. 10^6 rows
    /tmp/skvenv/bin/python benchmarks/scaling_bench.py   # ... with scikit-learn and NumPy
    python benchmarks/scaling_bench.py 10000 100000      # chosen sizes only
    python benchmarks/scaling_bench.py --no-memory       # skip the (slower) memory runs
    python benchmarks/scaling_bench.py --scattered       # the rows scattered in memory
    python benchmarks/scaling_bench.py --repeats 3       # medians of 3 timed fits each

For each size n: make_blobs(n, 2, centers=8, random_state=0), and one default fit,
KMeans(n_clusters=8, random_state=0).fit(X) (what 'auto' picks: the k-d tree), timed in a
fresh process. The table prints seconds, the log-log slope from the previous size
(log(t2 / t1) / log(n2 / n1): 1.0 is linear; 4x the rows at slope 1.1 costs 4.6x), the
ratio to scikit-learn's default fit of the same rows (same k-means++ start, same
iterations), and to a plain NumPy Lloyd loop from that start (its seeding not timed).
Memory: the peak that tracemalloc sees during a second fit in another fresh process, less
nothing -- the rows are built before tracing starts -- divided by n: the fit's own bytes
per point on top of the rows (labels_ included). Tracing slows Python down, so it is kept
out of the timed fit.

``--scattered`` times the same rows, in the same order, each made anew in a shuffled order:
the layout of a list of rows shuffled after they were made (make_blobs' own rows lay so until
it made them in their final order). The first pass over rows scattered in memory misses the
cache at almost every value; the difference is what that costs.
"""

import json
import math
import pathlib
import statistics
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kmeans_scratch import KMeans, kmeans_plusplus, make_blobs  # noqa: E402
from lloyd_bench import numpy_lloyd  # noqa: E402  (the same NumPy loop as lloyd_bench's)

SIZES = [10_000, 30_000, 100_000, 300_000, 1_000_000]
K = 8


def blobs(n: int) -> list:
    return make_blobs(n_samples=n, n_features=2, centers=K, random_state=0)[0]


def scattered(X: list) -> list:
    """The same rows in the same order, made anew in a shuffled order (new floats too)."""
    import random
    made = [None] * len(X)
    order = list(range(len(X)))
    random.Random(0).shuffle(order)
    for i in order:
        made[i] = [value * 1.0 for value in X[i]]
    return made


def child(n: int, memory: bool, scatter: bool = False) -> dict:
    """One fit of n rows in this (fresh) process: its seconds, or its peak traced bytes."""
    import gc
    X = scattered(blobs(n)) if scatter else blobs(n)
    gc.collect()
    if not memory:
        start = time.perf_counter()
        model = KMeans(n_clusters=K, random_state=0).fit(X)
        return {"seconds": time.perf_counter() - start, "n_iter": model.n_iter_}
    import tracemalloc
    tracemalloc.start()
    KMeans(n_clusters=K, random_state=0).fit(X)
    return {"peak": tracemalloc.get_traced_memory()[1]}


def in_subprocess(n: int, memory: bool, scatter: bool = False) -> dict:
    command = [sys.executable, __file__, "--child", str(n)] + (["--memory"] if memory else []) \
        + (["--scattered"] if scatter else [])
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.splitlines()[-1])


def references(n: int, repeats: int = 1) -> tuple:
    """(scikit-learn's seconds, the median of ``repeats`` fits; NumPy loop's seconds, one
    run), None where not importable."""
    try:
        import numpy as np
    except ImportError:
        return None, None
    X = blobs(n)
    array = np.array(X)
    sklearn_seconds = None
    try:
        from sklearn.cluster import KMeans as SkKMeans
    except ImportError:
        pass
    else:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            SkKMeans(n_clusters=K, random_state=0).fit(array)
            times.append(time.perf_counter() - start)
        sklearn_seconds = statistics.median(times)
    centres = np.array(kmeans_plusplus(X, K, random_state=0)[0])
    tol = 1e-4 * float(array.var(axis=0).mean())
    start = time.perf_counter()
    numpy_lloyd(array, centres, 300, tol)
    return sklearn_seconds, time.perf_counter() - start


def main(arguments: list) -> None:
    memory, scatter = "--no-memory" not in arguments, "--scattered" in arguments
    repeats = 1
    if "--repeats" in arguments:
        at = arguments.index("--repeats")
        if at + 1 == len(arguments) or not arguments[at + 1].isdigit() or int(arguments[at + 1]) < 1:
            sys.exit("scaling_bench.py: --repeats needs a whole number >= 1 after it")
        repeats, arguments = int(arguments[at + 1]), arguments[:at] + arguments[at + 2:]
    sizes = [int(a) for a in arguments if not a.startswith("--")] or SIZES
    try:        # warm up: scikit-learn's first fit starts its thread pool
        import numpy as np
        from sklearn.cluster import KMeans as SkKMeans
        SkKMeans(n_clusters=2, n_init=1, random_state=0).fit(np.arange(20.0).reshape(10, 2))
    except ImportError:
        pass
    print(f"Python {sys.version.split()[0]}; 2-D blobs, k={K}, "
          f"{'one default fit' if repeats == 1 else f'the median of {repeats} default fits'} per size"
          + ("; rows scattered in memory" if scatter else ""))
    print(f"{'n':>10}{'seconds':>9}{'slope':>7}{'iters':>6}{'vs sklearn':>12}"
          f"{'vs NumPy':>10}{'bytes/pt':>10}")
    previous = None
    for n in sizes:
        runs = [in_subprocess(n, memory=False, scatter=scatter) for _ in range(repeats)]
        ours = runs[0]
        seconds = statistics.median(run["seconds"] for run in runs)
        slope = (f"{math.log(seconds / previous[1]) / math.log(n / previous[0]):.2f}"
                 if previous else "")
        sklearn_seconds, numpy_seconds = references(n, repeats)
        line = f"{n:>10,}{seconds:>9.2f}{slope:>7}{ours['n_iter']:>6}"
        line += f"{seconds / sklearn_seconds:>11.1f}x" if sklearn_seconds else f"{'':>12}"
        line += f"{seconds / numpy_seconds:>9.1f}x" if numpy_seconds else f"{'':>10}"
        if memory:
            line += f"{in_subprocess(n, memory=True, scatter=scatter)['peak'] / n:>10.0f}"
        print(line, flush=True)
        previous = n, seconds


if __name__ == "__main__":
    if "--child" in sys.argv:
        n = int(sys.argv[sys.argv.index("--child") + 1])
        print(json.dumps(child(n, "--memory" in sys.argv, "--scattered" in sys.argv)))
    else:
        main(sys.argv[1:])
