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

Public names: CsvTable, read_csv_table, CsvChunks, iter_csv_chunks, MAX_LINE_BYTES, CHUNK_ROWS.
"""

from __future__ import annotations

import codecs
import csv
import math
import re
from array import array
from itertools import chain, islice
from typing import IO, Iterator, NamedTuple, Optional, Sequence

from .csv_formats import COMMA, POINT, number_readings, sniff_delimiter
from .errors import KMeansError
from .validation import MAX_MAGNITUDE

__all__ = ["CsvTable", "read_csv_table", "CsvChunks", "iter_csv_chunks", "MAX_LINE_BYTES", "CHUNK_ROWS"]

MAX_LINE_BYTES = 1 << 23   # 8 MiB: a longer line or row is not a table of measurements
CHUNK_ROWS = 1024          # iter_csv_chunks' default: scikit-learn's MiniBatchKMeans batch_size
SNIFF_LINES, SNIFF_BYTES = 20, 1 << 16    # the sample the delimiter is sniffed from
_CHUNK = 1 << 16
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "'|'"}
# one cell of the excel dialect: quoted (quotes doubled inside, maybe unclosed), then any
# text up to the next delimiter, as the csv module reads it when not strict
_CELLS = {d: re.compile(r'(?:"(?:[^"]|"")*"?)?[^' + re.escape(d) + ']*') for d in _DELIMITER_NAMES}
_MARKS = {POINT: "'.' as the decimal mark (1,234.5)", COMMA: "',' as the decimal mark (1.234,5)"}


class CsvTable(NamedTuple):
    """The numeric part of a CSV file."""
    columns: list          # names of the numeric columns used
    rows: list             # one tuple of floats per data line
    ignored: list          # names of the columns left out: text ones (with columns=, the unnamed)
    lines: array           # the file line number of each row (1-based; a row's first line),
                           # packed: 8 bytes a row
    delimiter: str = ","   # the cell separator found: ',', ';', '\t' or '|'
    number_formats: tuple = ()   # (column, '1,234.5' or '1.234,5', assumed) for each column
                                 # whose cells needed it; assumed: both formats fit every cell


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
    numeric = [j for j in range(width) if number_readings(start[1][j])]
    chosen = _choose(names, numeric, columns, f"{caller} requires", lines)
    text = [j for j in range(width) if j not in numeric] if columns is None else []
    option = "--columns" if caller not in ("read_csv_table", "iter_csv_chunks") else "columns="
    return lines, names, chosen, start, data, _Converter(lines, chosen, text, start, first, option)


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


def _convert(records: Iterator[tuple], convert: _Converter) -> tuple:
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
            lines: _Lines) -> list:
    """Indices of the columns to use: the named ones, or every numeric one."""
    path = lines.path
    if columns is not None and not columns:
        raise KMeansError(f"{requires} at least one column name; got columns={list(columns)!r}")
    if columns is None:
        if not numeric:
            raise KMeansError(f"{requires} at least one numeric column in {path!r}; got none "
                              f"among {', '.join(names)} (cells split at each "
                              f"{_DELIMITER_NAMES[lines.delimiter]})")
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
                          f"line {first[0]}: column {j + 1}{name} is {what} (a "
                          f"{_DELIMITER_NAMES[lines.delimiter]} too few or too many, or an unclosed quote?)")


class _Column:
    """One numeric column: the number formats its cells still fit, and the cells they read apart."""

    def __init__(self, j: int, position: int):
        self.j, self.position = j, position
        self.formats = {POINT, COMMA}
        self.ruled_out: dict = {}       # format -> (line, cell) of the first cell it did not fit
        self.apart: list = []           # (row index, COMMA value) of cells read apart (1.065)
        self.marked: set = set()        # the formats some cell needed separators for
        self.assumed: Optional[tuple] = None   # (line, cell) that settled an assumed format


class _Converter:
    """Turns the chosen cells of a row into a tuple of finite, not too large floats."""

    def __init__(self, lines: _Lines, chosen: list, text: list, start: tuple, first: tuple,
                 option: str):
        self.lines, self.start_line, self.first, self.option = lines, start[0], first, option
        self.streaming = False      # True once a stream's first chunk is settled
        self.numeric = [_Column(j, position) for position, j in enumerate(chosen)]
        self.text = [(j, start[1][j]) for j in text]    # text columns and their first cell

    def __call__(self, cells: list, line: int, index: int) -> tuple:
        """The row's floats, or KMeansError naming the line and column of a bad cell."""
        _check_width((line, cells), self.first, self.lines)
        for j, first in self.text:
            if number_readings(cells[j]):
                raise KMeansError(f"{self._where(line, j)}: {_shown(cells[j])} is a number, but line "
                                  f"{self.start_line} has text ({_shown(first)}) in this column; "
                                  f"expected numbers throughout or text throughout (fix the cell, "
                                  f"or leave the column out by naming the others with {self.option})")
        return tuple([self._value(column, cells[column.j], line, index) for column in self.numeric])

    def _value(self, column: _Column, cell: str, line: int, index: int) -> float:
        """The cell's value in the column's number format (the POINT one while both fit)."""
        readings = number_readings(cell)
        fits = column.formats & readings.keys()
        if not fits:
            raise self._error(column, cell, line, readings)
        for value in readings.values():
            if not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:    # False for NaN too
                raise self._error(column, cell, line, readings)
        if len(fits) == 2 and readings[POINT] != readings[COMMA] and self.streaming:
            fits = {self._assumed_format()}     # rows already given read the same either way
            column.assumed = (line, cell)
        for ruled_out in column.formats - fits:
            column.ruled_out[ruled_out] = (line, cell)
            if ruled_out == COMMA:
                column.apart.clear()          # kept only while COMMA may yet be the format
        column.formats = fits
        column.marked |= {f for f in fits if _needs_separators(cell, f)}
        if len(fits) == 2 and readings[POINT] != readings[COMMA]:
            column.apart.append((index, readings[COMMA]))
            column.assumed = column.assumed or (line, cell)
        return readings[POINT] if POINT in fits else readings[COMMA]

    def finish(self, rows: list) -> tuple:
        """Settle each column's number format, rewriting cells read apart; the formats used."""
        for column in self.numeric:
            if len(column.formats) == 2 and column.apart:
                column.formats = {self._assumed_format()}
                column.ruled_out[({POINT, COMMA} - column.formats).pop()] = column.assumed
            if column.formats == {COMMA}:
                for index, value in column.apart:
                    row, at = rows[index], column.position
                    rows[index] = row[:at] + (value,) + row[at + 1:]
            column.apart = []
        return self.formats()

    def formats(self) -> tuple:
        """(column, format, assumed) for each column whose cells needed their format."""
        formats = []
        for column in self.numeric:
            chosen = min(column.formats, key=[POINT, COMMA].index)
            if chosen in column.marked:
                assumed = column.assumed in column.ruled_out.values()
                formats.append(((self.lines.names or [])[column.j], chosen, assumed))
        return tuple(formats)

    def _assumed_format(self) -> str:
        """The format of a cell that fits both: a ';' file's is 1.234,5, any other's 1,234.5."""
        return COMMA if self.lines.delimiter == ";" else POINT

    def _where(self, line: int, j: int) -> str:
        return f"{self.lines.path}: line {line}, column {(self.lines.names or [])[j]!r}"

    def _error(self, column: _Column, cell: str, line: int, readings: dict) -> KMeansError:
        """The error for a cell that is no number, no finite one, too large, or in another format."""
        j, where = column.j, self._where(line, column.j)
        if not readings or not all(map(math.isfinite, readings.values())):
            return KMeansError(f"{where}: {_shown(cell)} is not a finite number; expected "
                               f"a number (column {j + 1} is numeric from line {self.start_line})")
        if not column.formats & readings.keys():
            mine = next(iter(readings))
            other_line, other = column.ruled_out[mine]
            theirs = next(iter(column.formats))
            why = (" (it fits both; a stream settles a column's format there, without looking "
                   "ahead)") if column.ruled_out[mine] == column.assumed else ""
            return KMeansError(f"{where}: {_shown(cell)} has {_MARKS[mine]}, but line {other_line} "
                               f"({_shown(other)}) has {_MARKS[theirs]}{why}; expected one number "
                               f"format in a column")
        value = max(readings.values(), key=abs)
        return KMeansError(f"{where}: {value!r} is too large; expected |value| <= "
                           f"{MAX_MAGNITUDE:g} in column {j + 1} (K-Means squares values)")


def _needs_separators(cell: str, number_format: str) -> bool:
    """True if reading the cell in this format takes more than float() does."""
    return "," in cell or (number_format == COMMA and "." in cell)


def _shown(cell: str) -> str:
    """repr(cell), cut short if long, so that a message stays one readable line."""
    return repr(cell) if len(cell) <= 40 else f"{cell[:40]!r}... ({len(cell)} characters)"


def _records(lines: _Lines) -> Iterator[tuple]:
    """(first line, cells) of each non-blank row of the file, csv errors translated."""
    reader = csv.reader(lines, delimiter=lines.delimiter)
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
        self._sample: list = []                # raw lines read ahead to sniff the delimiter
        self.delimiter = self._sniff()

    def _sniff(self) -> str:
        """The delimiter of the first lines, read ahead (leniently decoded, checked later)."""
        size = 0
        for offset, raw in self._raw:
            self._sample.append((offset, raw))
            size += len(raw)
            if len(self._sample) >= SNIFF_LINES or size >= SNIFF_BYTES:
                break
        complete = len(self._sample) < SNIFF_LINES and size < SNIFF_BYTES
        text = [raw.decode("utf-8", "replace") for _, raw in self._sample]
        if text:
            text[0] = text[0].lstrip("\ufeff")
        return sniff_delimiter(text, complete=complete)

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        offset, raw = self._sample.pop(0) if self._sample else next(self._raw)
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
        return self._at(_cell_spans("".join(self._row) + text_before, self.delimiter)[-1][0], problem, byte)

    def csv_error(self, error: csv.Error) -> KMeansError:
        """The csv module's error as ours: file, line, column and what was expected."""
        limit = csv.field_size_limit()
        if "field limit" not in str(error):
            return self.error("", f"{error}; expected CSV text")
        spans = _cell_spans("".join(self._row), self.delimiter)
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


def _cell_spans(text: str, delimiter: str) -> list:
    """(index, start, end) of each cell of one row's text, as the csv module splits it."""
    spans: list = []
    position = 0
    cell = _CELLS[delimiter]
    while True:
        match = cell.match(text, position)
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
