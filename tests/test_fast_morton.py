"""Morton keys (fast.morton): the C-level passes give each row the interleaved bits of its
slices, as a plain loop over the rows computes them, and its index in the low bits."""

import math
from array import array

import pytest
from hypothesis import assume, given, settings

from kmeans_scratch.fast.morton import KEY_BITS, morton_keys
from strategies import datasets


def _plain_keys(X, row_bits):
    """The keys one row at a time: slices q_f = trunc((x_f - low_f) * 2**(bits - e_f)) of
    the widest features, their bits interleaved from the top (the widest first in a group)."""
    bounds = [(min(column), max(column)) for column in zip(*X)]
    widths = [high - low for low, high in bounds]
    used = sorted(range(len(bounds)), key=widths.__getitem__, reverse=True)
    used = [f for f in used[:max(1, KEY_BITS - row_bits)] if widths[f] > 0]
    bits = max(1, min((KEY_BITS - row_bits) // len(used), (row_bits + 7) // len(used) + 3,
                      16 if len(used) > 1 else KEY_BITS))
    keys = []
    for index, x in enumerate(X):
        slices = []
        for f in used:
            low, high = bounds[f]
            value, low, width = x[f], low, high - low
            if width == math.inf:                   # (as morton: everything halved)
                value, low, width = value * 0.5, low * 0.5, high * 0.5 - low * 0.5
            slices.append(math.trunc(math.ldexp(value - low, bits - math.frexp(width)[1])))
        key = 0
        for bit in range(bits - 1, -1, -1):
            for q in slices:
                key = 2 * key + (q >> bit & 1)
        keys.append((key << row_bits) + index)
    return keys


def _keys(X, row_bits):
    columns = [array("d", column) for column in zip(*X)]
    bounds = [(min(column), max(column)) for column in columns]
    return list(morton_keys(columns, bounds, row_bits))


@settings(max_examples=150, deadline=None)
@given(datasets(max_samples=40, max_features=4))
def test_the_keys_are_the_plain_loops(X):
    assume(len(set(X)) > 1)         # (identical points get no keys: the tree's leaf)
    row_bits = (len(X) - 1).bit_length()
    keys = _keys(X, row_bits)
    assert all(key == int(key) < 2 ** KEY_BITS for key in keys)
    assert [int(key) for key in keys] == _plain_keys(X, row_bits)
    assert [int(key) % 2 ** row_bits for key in keys] == list(range(len(X)))


@pytest.mark.parametrize("X", [
    [(1e308, -1e300), (-1e308, 1e300), (0.0, 2.0)],                 # a width beyond the floats
    [(5e-324,), (0.0,), (1e-320,), (-5e-324,)],                     # subnormal widths
    [(i * 2.0 ** -1010, (i % 5) * 2.0 ** -1012) for i in range(20)],  # 2**shift near its largest
    [(i * 2.0 ** -1060, (i % 5) * 1e300) for i in range(20)],       # one tiny, one huge width
    [(3.0, -1.0)] * 5 + [(3.0, 2.0)],                               # one feature constant
    [(float(i), float(-i)) for i in range(300)],                    # more rows than a key holds
    [tuple(float((i * 7 + f) % 11) for f in range(60)) for i in range(40)],     # 60 features
])
def test_extreme_keys_are_the_plain_loops(X):
    row_bits = (len(X) - 1).bit_length()
    assert [int(key) for key in _keys(X, row_bits)] == _plain_keys(X, row_bits)


def test_a_point_below_another_in_every_feature_comes_first():
    # Z-order is monotone: no coordinate larger, no key larger
    X = [(float(i % 13), float(i % 7), float(i % 5)) for i in range(200)]
    keys = [int(key) >> 8 for key in _keys(X, 8)]
    for a, b in zip(range(200), range(1, 200)):
        if all(p <= q for p, q in zip(X[a], X[b])):
            assert keys[a] <= keys[b]
