"""Reading a CSV file of measurements: find the header and the numeric columns.

A CSV from the wild may or may not have a header row, and may mix numbers with text
(iris' species column). The rules, in order:

    1. blank lines are skipped; every other line must have as many cells as the first
    2. the first line is a header if one of its cells is text where the next line has a number
    3. a column is numeric if its first data cell is a number; text columns are ignored
       (and reported), but text, NaN or infinity *later* in a numeric column is an error
       naming the line and column

Public names: CsvTable, read_csv_table.
"""

from __future__ import annotations

import csv
import math
from typing import NamedTuple, Optional, Sequence

from .errors import KMeansError

__all__ = ["CsvTable", "read_csv_table"]


class CsvTable(NamedTuple):
    """The numeric part of a CSV file."""
    columns: list          # names of the numeric columns used
    rows: list             # one tuple of floats per data line
    ignored: list          # names of the text columns left out
    lines: list            # the file line number of each row (1-based)


def _number(cell: str) -> Optional[float]:
    """The cell as a float, or None if it is not a number."""
    try:
        return float(cell)
    except ValueError:
        return None


def read_csv_table(path: str, *, columns: Optional[Sequence[str]] = None) -> CsvTable:
    """The numeric columns of the CSV file at path (or just ``columns``, by name).

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("a,b,kind\\n1,2,x\\n3,4,y\\n")
    >>> read_csv_table(path)
    CsvTable(columns=['a', 'b'], rows=[(1.0, 2.0), (3.0, 4.0)], ignored=['kind'], lines=[2, 3])

    Raises KMeansError for an empty file, ragged lines, a bad cell (with its line number and
    column) or an unknown column name; OSError if the file cannot be read.
    """
    with open(path, newline="", encoding="utf-8-sig") as handle:
        lines = [(number, row) for number, row in enumerate(csv.reader(handle), start=1)
                 if any(cell.strip() for cell in row)]
    if not lines:
        raise KMeansError(f"cluster requires a CSV file with data; got an empty file {path!r}")
    width = len(lines[0][1])
    for number, row in lines:
        if len(row) != width:
            raise KMeansError(f"{path}: line {number} has {len(row)} cells; expected {width} "
                              f"like line {lines[0][0]}")
    header = _is_header(lines)
    names = [c.strip() for c in lines[0][1]] if header else [f"column{j + 1}" for j in range(width)]
    data = lines[1:] if header else lines
    if not data:
        raise KMeansError(f"cluster requires at least one data line; got only a header in {path!r}")
    numeric = [j for j in range(width) if _number(data[0][1][j]) is not None]
    chosen = _choose(names, numeric, columns, path)
    rows = [tuple(_cell(row, j, number, names, path) for j in chosen) for number, row in data]
    return CsvTable([names[j] for j in chosen], rows,
                    [names[j] for j in range(width) if j not in numeric], [n for n, _ in data])


def _is_header(lines: list) -> bool:
    """True if some cell of the first line is text where the second line has a number."""
    if len(lines) < 2:
        return all(_number(cell) is None for cell in lines[0][1])
    first, second = lines[0][1], lines[1][1]
    return any(_number(a) is None and _number(b) is not None for a, b in zip(first, second))


def _choose(names: list, numeric: list, columns: Optional[Sequence[str]], path: str) -> list:
    """Indices of the columns to use: the named ones, or every numeric one."""
    if columns is None:
        if not numeric:
            raise KMeansError(f"cluster requires at least one numeric column; got none in {path!r}")
        return numeric
    chosen = []
    for name in columns:
        if name not in names:
            raise KMeansError(f"cluster requires known column names; got {name!r}, the file "
                              f"has {', '.join(names)}")
        if names.index(name) not in numeric:
            raise KMeansError(f"cluster requires numeric columns; got text column {name!r}")
        chosen.append(names.index(name))
    return chosen


def _cell(row: list, j: int, number: int, names: list, path: str) -> float:
    """The cell as a finite float, or an error naming the line and column."""
    value = _number(row[j])
    if value is None or not math.isfinite(value):
        raise KMeansError(f"{path}: line {number}, column {names[j]!r}: {row[j]!r} is not a "
                          "finite number")
    return value
