"""The same default fits on CPython and on PyPy: run this script under each, side by side.

    python3 benchmarks/pypy_bench.py && pypy3 benchmarks/pypy_bench.py

For 20,000 x 2-D (k=8) and 5,000 x 16-D (k=10) blobs, a default KMeans(n_clusters=k,
random_state=0) fit, timed eleven times; prints the first fit (PyPy compiles its loops
then), the mean of the ten after it, and the inertia (which must be the same, to the last
bit, under both interpreters). The mean, not a median: on PyPy the warm fits alternate
between two times as its collector's major collections fall in every other fit, and a
median of a few lands on either one depending on what ran before. With ``--cpu`` the fits
are timed by ``time.process_time`` (this process's CPU time: steadier on a shared machine).
"""

import pathlib
import statistics
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from kmeans_scratch import KMeans, make_blobs  # noqa: E402


def main():
    clock = time.process_time if "--cpu" in sys.argv else time.perf_counter
    for n, d, k in [(20000, 2, 8), (5000, 16, 10)]:
        X, _ = make_blobs(n_samples=n, n_features=d, centers=k, random_state=0)
        times = []
        for _ in range(11):
            start = clock()
            model = KMeans(n_clusters=k, random_state=0).fit(X)
            times.append(clock() - start)
        unit = " CPU" if clock is time.process_time else ""
        print(f"{sys.implementation.name} {n}x{d} k={k}: mean {statistics.mean(times[1:]) * 1e3:.1f} ms"
              f"{unit} (first fit {times[0] * 1e3:.0f} ms), inertia {model.inertia_!r}", flush=True)


if __name__ == "__main__":
    main()
