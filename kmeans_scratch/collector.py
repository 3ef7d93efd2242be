"""Python's cycle collector held off while a fit builds and walks millions of objects.

Not part of the algorithm: a setting of the Python running it.

CPython frees an object as soon as nothing refers to it (reference counting); its cycle
collector exists only for groups of objects that refer to each other. It runs a full
collection whenever the objects that outlived younger collections have grown by a quarter,
and a full collection visits every container in the process: the caller's rows, the centred
copy, the k-d tree, the lists of distances. A fit makes no reference cycles, so those visits
free nothing, and on a million rows they were most of the fit's time
(``benchmarks/scaling_bench.py``). ``paused()`` turns the collector off for the fit and back
on afterwards -- only if it was on, and whatever happens in between. Used as a decorator on
the estimators' ``fit`` (KMeans, MiniBatchKMeans, BisectingKMeans) and ``partial_fit``, and
around every command-line command but the playground's server.

Only on CPython (and Pyodide, which is CPython): PyPy has no reference counting, and its
collector is what frees everything there, so it is left alone.

Public function: paused.
"""

from __future__ import annotations

import gc
import sys
from contextlib import contextmanager
from typing import Iterator

__all__ = ["paused"]


@contextmanager
def paused() -> Iterator[None]:
    """Within the ``with`` block, no cycle collection (CPython); as it was, after.

    >>> import gc
    >>> with paused():                              # or @paused() on a function
    ...     inside = gc.isenabled()
    >>> inside == (sys.implementation.name != "cpython"), gc.isenabled()
    (True, True)
    """
    pause = sys.implementation.name == "cpython" and gc.isenabled()
    if pause:
        gc.disable()
    try:
        yield
    finally:
        if pause:
            gc.enable()
