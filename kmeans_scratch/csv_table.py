"""Reading a CSV file of measurements: find the delimiter, the header and the numeric columns.

A CSV from the wild may or may not have a header row, may mix numbers with text (iris'
species column), and may be a spreadsheet's export: cells split by ``;``, tab or ``|``, and
numbers written ``"1,065.0"`` or ``1.065,5`` (see ``csv_formats``). The rules, in order:

    1. the delimiter is sniffed from the first lines (``csv_formats.sniff_delimiter``)
    2. blank lines are skipped; every other line must have as many cells as the first
    3. the first line is a header if one of its cells is text where the next line has a number
    4. a column's type is decided by every row: it is numeric if every cell is a number, text
       if no cell is (text columns are left out and reported); a column mixing the two is an
       error naming the line and column, as are NaN, infinity and |value| > 1e150
    5. a numeric column is read in one number format (``1,234.5`` or ``1.234,5``) that fits
       all its cells; a cell that fits neither the format of the cells above is an error. If
       both fit every cell (``1.500``, ``2,250``), a ';' file is read as ``1.234,5`` (as
       spreadsheets in decimal-comma locales write it), any other as ``1,234.5``

The file is read as a stream: each line is split off the bytes, decoded as UTF-8, parsed by
the csv module and turned into floats as it comes, so a file that goes wrong on line 3 fails
at line 3, in memory that does not grow with the file (beyond the rows kept, and the second
reading of cells that fit both number formats until a cell settles which). A line (or a
row spanning lines) longer than MAX_LINE_BYTES is refused. Every error is one line naming the
file, the physical line (a quoted cell may span lines: the row's first line), the column and
what was expected; encoding errors and NUL bytes also give the file's byte offset.

``iter_csv_chunks`` reads the same table a chunk of rows at a time, holding one chunk, for
files larger than memory. It cannot look ahead, so rule 5 is decided sooner: a column's
number format is settled at the end of the first chunk (its cells read apart there are
rewritten, as ``read_csv_table`` does for the whole file), or, for a column whose first
chunk reads the same either way, at the first later cell that reads apart (by the ';'
rule above). A later cell that does not fit the settled format is the usual one-line error
naming its line. Rules 1-4 are decided as ``read_csv_table`` decides them (rule 3 and the
text columns by the first lines), so both readers accept the same files but for that case.

The file's rows come from ``csv_lines`` (lines from bytes, every error located), their cells
become floats in ``csv_cells`` (the width of rule 2, the cells of rules 4 and 5).

Public names: CsvTable, read_csv_table, CsvChunks, iter_csv_chunks, MAX_LINE_BYTES, CHUNK_ROWS.
"""

from __future__ import annotations

from array import array
from itertools import chain, islice
from typing import IO, Iterator, NamedTuple, Optional, Sequence

from .csv_cells import Converter, check_width
from .csv_formats import number_readings
from .csv_lines import DELIMITER_NAMES, MAX_LINE_BYTES, Lines, records_of
from .errors import KMeansError

__all__ = ["CsvTable", "read_csv_table", "CsvChunks", "iter_csv_chunks", "MAX_LINE_BYTES", "CHUNK_ROWS"]

CHUNK_ROWS = 1024          # iter_csv_chunks' default: scikit-learn's MiniBatchKMeans batch_size


class CsvTable(NamedTuple):
    """The numeric part of a CSV file."""
    columns: list          # names of the numeric columns used
    rows: list             # one tuple of floats per data line
    ignored: list          # names of the columns left out: text ones (with columns=, the unnamed)
    lines: array           # the file line number of each row (1-based; a row's first line),
                           # packed: 8 bytes a row
    delimiter: str = ","   # the cell separator found: ',', ';', '\t' or '|'
    number_formats: tuple = ()   # (column, '1,234.5' or '1.234,5', assumed) for each column


def read_csv_table(path: str, *, columns: Optional[Sequence[str]] = None,
                   caller: str = "read_csv_table") -> CsvTable:
    """The numeric columns of the CSV file at path (or just ``columns``, by name).

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("a,b,kind\\n1,2,x\\n3,4,y\\n")
    >>> read_csv_table(path)
    CsvTable(columns=['a', 'b'], rows=[(1.0, 2.0), (3.0, 4.0)], ignored=['kind'], lines=array('q', [2, 3]), delimiter=',', number_formats=())
    >>> _ = path.write_text("Income (k$);kind\\n1.065,5;x\\n15;y\\n")
    >>> read_csv_table(path)
    CsvTable(columns=['Income (k$)'], rows=[(1065.5,), (15.0,)], ignored=['kind'], lines=array('q', [2, 3]), delimiter=';', number_formats=(('Income (k$)', '1.234,5', False),))
    >>> _ = path.write_text('a,b,kind\\n1,2,"two\\nlines"\\n3,x,y\\n')
    >>> read_csv_table(path)
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: ...t.csv: line 4, column 'b': 'x' is not a finite number; expected a number (column 2 is numeric from line 2)

    Raises KMeansError for an empty file, text that is not UTF-8, a NUL byte, an overlong
    line or cell, ragged lines, a bad cell, a column mixing text and numbers or number
    formats, or an unknown column name (``caller`` names the command in the messages that
    have no line); OSError if the file cannot be read.
    """
    with open(path, "rb") as handle:
        lines, names, chosen, start, data, convert = _open_table(handle, path, columns, caller)
        rows, numbers = _convert(chain([start], data), convert)
    return CsvTable([names[j] for j in chosen], rows, [names[j] for j in range(len(names)) if j not in chosen],
                    numbers, lines.delimiter, convert.finish(rows))


def _open_table(handle: IO[bytes], path, columns: Optional[Sequence[str]], caller: str) -> tuple:
    """(lines, names, chosen columns, first data record, the other records, converter)."""
    lines = Lines(handle, str(path))
    records = records_of(lines)
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
    check_width(start, first, lines)
    numeric = [j for j in range(width) if number_readings(start[1][j])]
    chosen = _choose(names, numeric, columns, f"{caller} requires", lines)
    text = [j for j in range(width) if j not in numeric] if columns is None else []
    option = "--columns" if caller not in ("read_csv_table", "iter_csv_chunks") else "columns="
    return lines, names, chosen, start, data, Converter(lines, chosen, text, start, first, option)


class CsvChunks:
    """The numeric part of a CSV file, a list of up to chunk_size row tuples at a time.

    Made by ``iter_csv_chunks``, which has read the first chunk, so ``columns``, ``ignored``
    and ``delimiter`` are known before the first chunk is taken. ``n_rows`` counts the rows
    given so far and ``number_formats`` the formats settled so far (final once the stream
    is exhausted). Use it in a ``with`` block, or exhaust it, to close the file.
    """

    def __init__(self, path, columns: Optional[Sequence[str]], chunk_size: int, caller: str):
        self._handle = open(path, "rb")
        try:
            lines, names, chosen, start, data, self._convert = _open_table(
                self._handle, path, columns, caller)
            self.columns = [names[j] for j in chosen]
            self.ignored = [names[j] for j in range(len(names)) if j not in chosen]
            self.delimiter: str = lines.delimiter
            self.n_rows, self._size = 0, chunk_size
            self._records: Iterator[tuple] = chain([start], data)
            self._first: Optional[list] = self._read()
            self._convert.finish(self._first)       # the first chunk settles the formats
            self._convert.streaming = True
        except BaseException:
            self.close()
            raise

    @property
    def number_formats(self) -> tuple:
        """(column, '1,234.5' or '1.234,5', assumed) for each column whose cells needed it."""
        return self._convert.formats()

    def _read(self) -> list:
        """The next chunk of rows (an empty list at the end)."""
        rows = [self._convert(cells, line, index)
                for index, (line, cells) in enumerate(islice(self._records, self._size))]
        self.n_rows += len(rows)
        return rows

    def __iter__(self) -> CsvChunks:
        return self

    def __next__(self) -> list:
        rows, self._first = (self._first, None) if self._first is not None else (None, None)
        try:
            rows = rows if rows is not None else self._read()
        except BaseException:
            self.close()
            raise
        if not rows:
            self.close()
            raise StopIteration
        return rows

    def close(self) -> None:
        """Close the file (a closed stream gives no more chunks)."""
        self._records = iter(())
        self._handle.close()

    def __enter__(self) -> CsvChunks:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()


def iter_csv_chunks(path: str, *, columns: Optional[Sequence[str]] = None,
                    chunk_size: int = CHUNK_ROWS, caller: str = "iter_csv_chunks") -> CsvChunks:
    """The numeric columns of the CSV file at path, as chunks of at most chunk_size rows.

    The rows, chunk after chunk, are ``read_csv_table``'s, and only one chunk is held at a
    time; the difference is when a number format is settled (module docstring, end).

    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = path.write_text("a,b,kind\\n1,2,x\\n3,4,y\\n5,6,z\\n")
    >>> with iter_csv_chunks(path, chunk_size=2) as chunks:
    ...     print(chunks.columns, chunks.ignored, list(chunks), chunks.n_rows)
    ['a', 'b'] ['kind'] [[(1.0, 2.0), (3.0, 4.0)], [(5.0, 6.0)]] 3
    >>> _ = path.write_text("a;b\\n1;1.500\\n2;1.5\\n")
    >>> list(iter_csv_chunks(path, chunk_size=1))
    Traceback (most recent call last):
    ...
    kmeans_scratch.errors.KMeansError: ...t.csv: line 3, column 'b': '1.5' has '.' as the decimal mark (1,234.5), but line 2 ('1.500') has ',' as the decimal mark (1.234,5) (it fits both; a stream settles a column's format there, without looking ahead); expected one number format in a column

    Raises what ``read_csv_table`` raises (the first chunk's errors at once, a later
    chunk's when it is read), and KMeansError unless chunk_size is an integer >= 1.
    """
    if isinstance(chunk_size, bool) or not isinstance(chunk_size, int) or chunk_size < 1:
        raise KMeansError(f"{caller} requires an integer chunk_size >= 1; got chunk_size={chunk_size!r}")
    return CsvChunks(path, columns, chunk_size, caller)


def _convert(records: Iterator[tuple], convert: Converter) -> tuple:
    """(rows of floats, their first lines) of the data records, each checked as it is read."""
    rows: list = []
    numbers = array("q")
    for line, cells in records:
        rows.append(convert(cells, line, len(rows)))
        numbers.append(line)
    return rows, numbers


def _is_header(first: list, second: Optional[list]) -> bool:
    """True if some cell of the first line is text where the second line has a number."""
    if second is None:
        return not any(number_readings(cell) for cell in first)
    return any(not number_readings(a) and number_readings(b) for a, b in zip(first, second))


def _choose(names: list, numeric: list, columns: Optional[Sequence[str]], requires: str,
            lines: Lines) -> list:
    """Indices of the columns to use: the named ones, or every numeric one."""
    path = lines.path
    if columns is not None and not columns:
        raise KMeansError(f"{requires} at least one column name; got columns={list(columns)!r}")
    if columns is None:
        if not numeric:
            raise KMeansError(f"{requires} at least one numeric column in {path!r}; got none "
                              f"among {', '.join(names)} (cells split at each "
                              f"{DELIMITER_NAMES[lines.delimiter]})")
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
