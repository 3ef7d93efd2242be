"""Rows held as columns: the same list of points, in an eighth of the memory.

A fit's rows are a list of tuples of floats; that costs, per 2-D row, an 8-byte list slot,
a 56-byte tuple and two 24-byte float objects: 112 bytes for 16 bytes of numbers. A million
rows is a tenth of a gigabyte before the fit has done anything. ``ColumnRows`` keeps them as
one ``array('d')`` per feature instead, 8 bytes a value, and still reads as the list of rows:

    X[i] = (columns[0][i], columns[1][i], ..., columns[n_features - 1][i])

A learner can skip this module: ``KMeans.fit`` checks X into it (so the checks hold no
tuples), and keeps it so when the k-d tree (``fast.kdtree``) reads it column by column;
the other loops (and a callable init) get the list of tuples they always had. The command line holds a CSV
file's rows this way too.

Public: ColumnRows.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Iterable, Iterator, Tuple

__all__ = ["ColumnRows"]


class ColumnRows(Sequence):
    """Rows held as columns: row i is the tuple (columns[0][i], ..., columns[-1][i]).

    Read as a list of tuples is read (``len``, ``X[i]``, slices, iteration); each ``X[i]``
    makes a new tuple, and iteration makes them at C speed (``zip``).

    >>> X = ColumnRows([array("d", [1.0, 3.0]), array("d", [2.0, 4.0])])
    >>> len(X), X[1], list(X), X[:1]
    (2, (3.0, 4.0), [(1.0, 2.0), (3.0, 4.0)], [(1.0, 2.0)])
    """
    __slots__ = ("columns",)

    def __init__(self, columns: Iterable[array]):
        self.columns = list(columns)
        if not self.columns or len(set(map(len, self.columns))) != 1:
            raise ValueError(f"ColumnRows requires one or more columns of one length; got "
                             f"lengths {[len(column) for column in self.columns]}")

    def __len__(self) -> int:
        return len(self.columns[0])

    def __iter__(self) -> Iterator[Tuple[float, ...]]:
        return zip(*self.columns)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(zip(*[column[index] for column in self.columns]))
        return tuple([column[index] for column in self.columns])

    def __repr__(self) -> str:
        return f"ColumnRows({len(self)} rows of {len(self.columns)} features)"
