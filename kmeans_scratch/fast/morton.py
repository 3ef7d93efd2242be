"""Morton (Z-order) keys: points sorted along a curve that visits each cell before the next.

Cut each feature's range low..high into 2**bits equal slices, and give every point the
Morton key of its cell: the bits of its slice numbers interleaved, the top bit of every
feature first,

    key = q0[b] q1[b] ... q0[b-1] q1[b-1] ... q0[0] q1[0] ...   (q_f[i]: bit i of the point's
                                                                 slice of the f-th widest feature)
    q_f = trunc((x_f - low_f) * 2**(bits - e_f)),   2**(e_f - 1) <= high_f - low_f < 2**e_f

Points sorted by key lie along the Z-order curve: those whose keys share their first bits
fill one cell, a run of positions, and the next bit that differs within a run halves that
cell at its middle along one feature, the features taking turns. The k-d tree (``kdtree``)
is built on this. To sort once with no key function, each key is a float holding the key
and, in its low row_bits bits, the row's index: below 2**KEY_BITS, so exact.

Public: morton_keys, KEY_BITS.
Reference: G. M. Morton (1966), "A computer oriented geodetic data base and a new technique
in file sequencing", IBM.
"""

from __future__ import annotations

import math
from array import array
from functools import partial, reduce
from itertools import repeat
from operator import add, mul, sub
from typing import Iterator, Sequence

__all__ = ["morton_keys", "KEY_BITS"]

KEY_BITS = 53          # a key and a row number together: exact in a float


def morton_keys(columns: list, bounds: list, row_bits: int) -> Iterator[float]:
    """Each row's Morton key times 2**row_bits, plus the row's index, as floats.

    ``columns``: one sequence per feature, a value per row; ``bounds``: each feature's
    (low, high), low < high for one at least (identical points need no key); every row's
    index below 2**row_bits. The features used are the widest that
    fit in KEY_BITS, each cut into 2**bits slices: enough to part the points, few enough
    for small tables (one slice per entry). Made in C-level passes, no loop per row.

    >>> from array import array
    >>> square = [array("d", [0.0, 1.0, 0.0, 1.0]), array("d", [0.0, 0.0, 1.0, 1.0])]
    >>> [int(key) % 4 for key in sorted(morton_keys(square, [(0.0, 1.0)] * 2, 2))]
    [0, 2, 1, 3]
    """
    widths = [high - low for low, high in bounds]
    used = sorted(range(len(columns)), key=widths.__getitem__, reverse=True)
    used = [f for f in used[:max(1, KEY_BITS - row_bits)] if widths[f] > 0]
    table_bits = 16 if len(used) > 1 else KEY_BITS          # one feature needs no table
    bits = max(1, min((KEY_BITS - row_bits) // len(used), (row_bits + 7) // len(used) + 3,
                      table_bits))
    slices = [_slices(columns[f], bounds[f], bits) for f in used]
    top = len(used) - 1          # the widest feature's bit leads each group: cut first
    # floats: every key is below 2**KEY_BITS, so the sums are exact and the sort is faster
    if len(used) == 1:
        keys = map(math.ldexp, slices[0], repeat(row_bits))
    else:               # each table puts the bits above the row's number at once
        tables = [_spread(bits, len(used), top - rank + row_bits) for rank in range(len(used))]
        keys = reduce(partial(map, add), [map(table.__getitem__, q)
                                          for table, q in zip(tables, slices)])
    return map(add, keys, range(len(columns[0])))


def _slices(values: Sequence[float], bounds: tuple, bits: int) -> Iterator[int]:
    """Each value's slice of low..high (``bounds``), of 2**bits: trunc((x - low) * 2**(bits - e)),
    where 2**(e-1) <= high - low < 2**e, so every slice number is below 2**bits."""
    low, high = bounds
    if high - low == math.inf:              # a width beyond the floats: halve everything
        halves = map(mul, values, repeat(0.5))
        return _slices(array("d", halves), (low * 0.5, high * 0.5), bits)
    shift = bits - math.frexp(high - low)[1]
    differences = map(sub, values, repeat(low))
    if shift > 1023:                        # 2**shift is past the floats (a subnormal width)
        return map(math.trunc, map(math.ldexp, differences, repeat(shift)))
    # times the float 2**shift: ldexp's value wherever it is 1 or more (both exact there),
    # and below 1 either way truncates to slice 0
    return map(math.trunc, map(mul, differences, repeat(2.0 ** shift)))


def _spread(bits: int, step: int, offset: int) -> list:
    """table[q]: the bits of q moved to places offset, offset + step, offset + 2 * step, ...
    (as floats)."""
    table = [0.0]
    for bit in range(bits):
        place = float(1 << (offset + bit * step))
        table += [entry + place for entry in table]
    return table
