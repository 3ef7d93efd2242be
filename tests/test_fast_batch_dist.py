"""A batch of exact distances (fast.batch_dist) is portable_dist's, bit for bit, row by row.

The kernel PyPy runs (portable_dist's steps inside the loop over rows) is run on every
interpreter here, on the recorded hard cases of tests/data/dist_reference.json and on
Hypothesis' draws of any floats, with centres chosen per row and batches cut short.
"""

import json
import math
import pathlib
import struct

from hypothesis import given, settings, strategies as st

from kmeans_scratch.fast.batch_dist import _each, _portable_batch, batch_dists
from kmeans_scratch.portable_dist import dist
from kmeans_scratch.vectors import dist as vectors_dist

DATA = pathlib.Path(__file__).parent / "data" / "dist_reference.json"
RECORDED = json.loads(DATA.read_text())["cases"]


def bits(values: list) -> list:
    """Each float's eight bytes: equal bits, not just equal values (0.0 and -0.0, NaN)."""
    return [struct.pack("<d", value) for value in values]


def test_the_recorded_hard_cases_are_portable_dists():
    # subnormals, huge values, near ties and the tiny path, grouped by length
    for cases in RECORDED.values():
        pairs = [([float.fromhex(v) for v in p], [float.fromhex(v) for v in q]) for p, q, _ in cases]
        for n_features in {len(p) for p, _ in pairs}:
            X = [p for p, _ in pairs if len(p) == n_features]
            centres = [q for p, q in pairs if len(p) == n_features]
            owners = list(range(len(X)))
            got = _portable_batch(X, None, centres, owners, [0.0] * len(X), len(X))
            assert bits(got) == bits([dist(x, c) for x, c in zip(X, centres)])


any_float = st.floats(allow_nan=True, allow_infinity=True)
scaled = st.builds(lambda m, e: math.ldexp(m, e), st.floats(-1.0, 1.0), st.integers(-1100, 1020))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 20).flatmap(lambda d: st.tuples(
    st.lists(st.lists(st.one_of(any_float, scaled, st.sampled_from([0.0, -0.0, 1.0])),
                      min_size=d, max_size=d), min_size=1, max_size=8),
    st.lists(st.lists(st.one_of(any_float, scaled), min_size=d, max_size=d), min_size=1, max_size=3))),
    st.randoms(use_true_random=False))
def test_any_batch_is_portable_dist_row_by_row(data, rng):
    X, centres = data
    owners = [rng.randrange(len(centres)) for _ in X]
    rows = [rng.randrange(len(X)) for _ in range(rng.randrange(1, 12))]
    count = rng.randrange(len(rows) + 1)
    got = _portable_batch(X, rows, centres, owners, [0.0] * count, count)
    assert bits(got) == bits([dist(X[i], centres[owners[i]]) for i in rows[:count]])
    single = _portable_batch(X, rows, centres, None, [0.0] * count, count)
    assert bits(single) == bits([dist(X[i], centres[0]) for i in rows[:count]])


@given(st.lists(st.lists(st.floats(-1e6, 1e6), min_size=3, max_size=3), min_size=1, max_size=10))
def test_batch_dists_are_vectors_dist_on_this_interpreter(X):
    centres = [X[0], X[-1]]
    owners = [i % 2 for i in range(len(X))]
    expected = [vectors_dist(x, centres[i % 2]) for i, x in enumerate(X)]
    assert batch_dists(X, None, centres, owners, [0.0] * len(X)) == expected
    assert _each(X, None, centres, owners, [0.0] * len(X), len(X)) == expected
