"""Reading a CSV file of measurements: find the header and the numeric columns.

A CSV from the wild may or may not have a header row, and may mix numbers with text
(iris' species column). The rules, in order:

    1. blank lines are skipped; every other line must have as many cells as the first
    2. the first line is a header if one of its cells is text where the next line has a number
    3. a column is numeric if its first data cell is a number; text columns are ignored
       (and reported), but text, NaN, infinity or |value| > 1e150 *later* in a numeric
       column is an error naming the line and column

The file is read as a stream: each line is split off the bytes, decoded as UTF-8, parsed by
the csv module and turned into floats as it comes, so a file that goes wrong on line 3 fails
at line 3, in memory that does not grow with the file (beyond the rows kept). A line (or a
row spanning lines) longer than MAX_LINE_BYTES is refused. Every error is one line naming the
file, the physical line (a quoted cell may span lines: the row's first line), the column and
what was expected; encoding errors and NUL bytes also give the file's byte offset.

Public names: CsvTable, read_csv_table, MAX_LINE_BYTES.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
from itertools import chain
from typing import IO, Iterator, NamedTuple, Optional, Sequence

from .errors import KMeansError
from .validation import MAX_MAGNITUDE

__all__ = ["CsvTable", "read_csv_table", "MAX_LINE_BYTES"]

MAX_LINE_BYTES = 1 << 23   # 8 MiB: a longer line or row is not a table of measurements
_CHUNK = 1 << 16
# one cell of the excel dialect: quoted (quotes doubled inside, maybe unclosed), then any
# text up to the next comma, as the csv module reads it when not strict
_CELL = re.compile(r'(?:"(?:[^"]|"")*"?)?[^,]*')


class CsvTable(NamedTuple):
    """The numeric part of a CSV file."""
    columns: list          # names of the numeric columns used
    rows: list             # one tuple of floats per data line
    ignored: list          # names of the text columns left out
    lines: list            # the file line number of each row (1-based; a row's first line)


def read_csv_table(path: str, *, columns: Optional[Sequence[str]] = None,
                   caller: str = "read_csv_table") -> CsvTable:
    """The numeric columns of the CSV file at path (or just ``columns``, by name).

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("a,b,kind\\n1,2,x\\n3,4,y\\n")
    >>> read_csv_table(path)
    CsvTable(columns=['a', 'b'], rows=[(1.0, 2.0), (3.0, 4.0)], ignored=['kind'], lines=[2, 3])
    >>> _ = path.write_text('a,b,kind\\n1,2,"two\\nlines"\\n3,x,y\\n')
    >>> read_csv_table(path)
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: ...t.csv: line 4, column 'b': 'x' is not a finite number; expected a number (column 2 is numeric from line 2)

    Raises KMeansError for an empty file, text that is not UTF-8, a NUL byte, an overlong
    line or cell, ragged lines, a bad cell or an unknown column name (``caller`` names the
    command in the messages that have no line); OSError if the file cannot be read.
    """
    with open(path, "rb") as handle:
        lines = _Lines(handle, str(path))
        records = _records(lines)
        first, second = next(records, None), next(records, None)
        if first is None:
            raise KMeansError(f"{caller} requires a CSV file with data; got an empty file {str(path)!r}")
        header = _is_header(first[1], second[1] if second else None)
        width = len(first[1])
        names = [c.strip() for c in first[1]] if header else [f"column{j + 1}" for j in range(width)]
        lines.names = names
        data = chain([] if header else [first], [second] if second else [], records)
        start = next(data, None)
        if start is None:
            raise KMeansError(f"{caller} requires at least one data line; got only a header in {str(path)!r}")
        _check_width(start, first, lines)
        numeric = [j for j in range(width) if _number(start[1][j]) is not None]
        chosen = _choose(names, numeric, columns, f"{caller} requires", str(path))
        rows, numbers = _convert(chain([start], data), first, _Converter(lines, chosen, start[0]))
    return CsvTable([names[j] for j in chosen], rows,
                    [names[j] for j in range(width) if j not in numeric], numbers)


def _convert(records: Iterator[tuple], first: tuple, convert: _Converter) -> tuple:
    """(rows of floats, their first lines) of the data records, each checked as it is read."""
    rows, numbers = [], []
    for line, cells in records:
        _check_width((line, cells), first, convert.lines)
        rows.append(convert(cells, line))
        numbers.append(line)
    return rows, numbers


def _number(cell: str) -> Optional[float]:
    """The cell as a float, or None if it is not a number."""
    try:
        return float(cell)
    except ValueError:
        return None


def _is_header(first: list, second: Optional[list]) -> bool:
    """True if some cell of the first line is text where the second line has a number."""
    if second is None:
        return all(_number(cell) is None for cell in first)
    return any(_number(a) is None and _number(b) is not None for a, b in zip(first, second))


def _choose(names: list, numeric: list, columns: Optional[Sequence[str]], requires: str,
            path: str) -> list:
    """Indices of the columns to use: the named ones, or every numeric one."""
    if columns is not None and not columns:
        raise KMeansError(f"{requires} at least one column name; got columns={list(columns)!r}")
    if columns is None:
        if not numeric:
            raise KMeansError(f"{requires} at least one numeric column in {path!r}; got none "
                              f"among {', '.join(names)}")
        return numeric
    chosen = []
    for name in columns:
        if name not in names:
            raise KMeansError(f"{requires} known column names in {path!r}; got {name!r}, the "
                              f"file has {', '.join(names)}")
        if names.index(name) not in numeric:
            raise KMeansError(f"{requires} numeric columns in {path!r}; got text column {name!r}")
        chosen.append(names.index(name))
    return chosen


def _check_width(record: tuple, first: tuple, lines: _Lines) -> None:
    """Raise KMeansError unless the record has as many cells as the first line."""
    line, cells = record
    width = len(first[1])
    if len(cells) != width:
        j = min(len(cells), width)
        name = f" ({lines.names[j]!r})" if lines.names and j < len(lines.names) else ""
        what = "missing" if len(cells) < width else "extra"
        raise KMeansError(f"{lines.path}: line {line} has {len(cells)} cells; expected {width} like "
                          f"line {first[0]}: column {j + 1}{name} is {what} (a comma too few or too "
                          "many, or an unclosed quote?)")


class _Converter:
    """Turns the chosen cells of a row into a tuple of finite, not too large floats."""

    def __init__(self, lines: _Lines, chosen: list, start_line: int):
        self.lines, self.chosen, self.start_line = lines, chosen, start_line

    def __call__(self, cells: list, line: int) -> tuple:
        """The row's floats, or KMeansError naming the line and column of a bad cell."""
        try:
            values: Optional[tuple] = tuple([float(cells[j]) for j in self.chosen])
        except ValueError:
            values = None
        # the comparisons are False for NaN, so this also rejects NaN and infinity
        if values is not None and all(-MAX_MAGNITUDE <= value <= MAX_MAGNITUDE for value in values):
            return values
        raise self._error(cells, line)

    def _error(self, cells: list, line: int) -> KMeansError:
        """The error for the first bad chosen cell of the row."""
        names: list = self.lines.names or []
        for j in self.chosen:
            value, where = _number(cells[j]), f"{self.lines.path}: line {line}, column {names[j]!r}"
            if value is None or not math.isfinite(value):
                return KMeansError(f"{where}: {_shown(cells[j])} is not a finite number; expected "
                                   f"a number (column {j + 1} is numeric from line {self.start_line})")
            if abs(value) > MAX_MAGNITUDE:
                return KMeansError(f"{where}: {value!r} is too large; expected |value| <= "
                                   f"{MAX_MAGNITUDE:g} in column {j + 1} (K-Means squares values)")
        raise AssertionError("no bad cell in a row that failed to convert")


def _shown(cell: str) -> str:
    """repr(cell), cut short if long, so that a message stays one readable line."""
    return repr(cell) if len(cell) <= 40 else f"{cell[:40]!r}... ({len(cell)} characters)"


def _records(lines: _Lines) -> Iterator[tuple]:
    """(first line, cells) of each non-blank row of the file, csv errors translated."""
    reader = csv.reader(lines)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise lines.csv_error(error) from None
        start = lines.row_done()
        if any(cell.strip() for cell in cells):
            yield start, cells


class _Lines:
    """The file's lines as text, for csv.reader, remembering where the current row began."""

    def __init__(self, handle: IO[bytes], path: str):
        self.path = path
        self.names: Optional[list] = None     # the column names, once known
        self.number = 0                        # the physical line last read
        self._raw = _raw_lines(handle)
        self._row: list = []                   # the text of the current row's lines
        self._row_bytes, self._row_start = 0, 1

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        offset, raw = next(self._raw)
        self.number += 1
        self._row_bytes += len(raw)
        if len(raw) > MAX_LINE_BYTES or self._row_bytes > MAX_LINE_BYTES:
            raise self._too_long(offset)
        skip = len(codecs.BOM_UTF8) if self.number == 1 and raw.startswith(codecs.BOM_UTF8) else 0
        try:
            text = raw[skip:].decode("utf-8")
        except UnicodeDecodeError as error:
            raise self._not_utf8(raw[skip:], offset + skip, error) from None
        if "\0" in text:
            at = text.index("\0")
            raise self.error(text[:at], "a NUL byte; expected text (is this a binary file?)",
                             offset + skip + len(text[:at].encode()))
        self._row.append(text)
        return text

    def row_done(self) -> int:
        """The first line of the row csv.reader just returned; the next row starts after it."""
        start, self._row_start, self._row, self._row_bytes = self._row_start, self.number + 1, [], 0
        return start

    def error(self, text_before: str, problem: str, byte: Optional[int] = None) -> KMeansError:
        """KMeansError naming the file, line and the column in which text_before ends."""
        return self._at(_cell_spans("".join(self._row) + text_before)[-1][0], problem, byte)

    def csv_error(self, error: csv.Error) -> KMeansError:
        """The csv module's error as ours: file, line, column and what was expected."""
        limit = csv.field_size_limit()
        if "field limit" not in str(error):
            return self.error("", f"{error}; expected CSV text")
        spans = _cell_spans("".join(self._row))
        # the csv module counts a cell's characters without its quotes: take the first
        # cell over the limit as written, or the longest if the quotes hide it
        j = next((j for j, start, end in spans if end - start > limit),
                 max(spans, key=lambda span: span[2] - span[1])[0])
        since = "" if self._row_start == self.number else f" (its row starts on line {self._row_start})"
        return self._at(j, f"a cell longer than {limit} characters, the csv module's limit{since}; "
                        "expected a short cell (is a closing quote missing?)")

    def _at(self, j: int, problem: str, byte: Optional[int] = None) -> KMeansError:
        """KMeansError naming the file, the line just read, column j (0-based), maybe a byte."""
        name = f" ({self.names[j]!r})" if self.names and j < len(self.names) else ""
        at = "" if byte is None else f", byte {byte}"
        return KMeansError(f"{self.path}: line {self.number}, column {j + 1}{name}{at}: {problem}")

    def _not_utf8(self, raw: bytes, offset: int, error: UnicodeDecodeError) -> KMeansError:
        """The decoding error with the file's byte offset, line and column."""
        bad = bytes(raw[error.start:error.end])
        return self.error(raw[:error.start].decode("utf-8"), f"{bad!r} is not UTF-8; expected "
                          "UTF-8 text (save the file as UTF-8)", offset + error.start)

    def _too_long(self, offset: int) -> KMeansError:
        """The error for a line, or a row spanning lines, over MAX_LINE_BYTES."""
        if self._row_start == self.number:
            return KMeansError(f"{self.path}: line {self.number}, byte {offset}: a line longer than "
                               f"{MAX_LINE_BYTES} bytes; expected lines of a CSV table")
        return KMeansError(f"{self.path}: line {self._row_start}: a row running past line "
                           f"{self.number} and {MAX_LINE_BYTES} bytes; expected rows of a CSV "
                           "table (is a closing quote missing?)")


def _cell_spans(text: str) -> list:
    """(index, start, end) of each cell of one row's text, as the csv module splits it."""
    spans: list = []
    position = 0
    while True:
        match = _CELL.match(text, position)
        assert match is not None      # the pattern matches the empty string
        end = match.end()
        spans.append((len(spans), position, end))
        if end >= len(text):
            return spans
        position = end + 1


def _raw_lines(handle: IO[bytes]) -> Iterator[tuple]:
    """(byte offset, bytes) of each line, its end included: \\n, \\r\\n or \\r ends a line.

    A line longer than MAX_LINE_BYTES is given as soon as it is that long, unfinished.
    """
    offset, pending = 0, bytearray()
    while len(pending) <= MAX_LINE_BYTES:
        data = handle.read(_CHUNK)
        if not data:
            break
        if b"\n" not in data and b"\r" not in data:
            pending += data            # still inside one line; grows in place
            continue
        # the last piece may be unfinished, or a \r whose \n is in the next chunk
        *lines, pending = (pending + data).splitlines(keepends=True)
        for line in lines:
            yield offset, line
            offset += len(line)
    if pending:
        yield offset, pending
