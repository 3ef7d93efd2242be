"""A CSV file's rows from its bytes, with every error located by line, column and byte.

The file is read a block of bytes at a time and split into lines (``\n``, ``\r\n`` or
``\r``); each line is decoded as UTF-8 (a BOM first is skipped), and handed to the csv
module, which joins the lines of a quoted cell into one row. The delimiter is sniffed from
the first SNIFF_LINES lines or SNIFF_BYTES bytes (``csv_formats.sniff_delimiter``). What
cannot be a table of measurements is refused where it is found, in one line naming the
file, the line (a row's first line), the column and, for bytes that are not UTF-8 or a NUL
byte, the byte offset: a line (or a row spanning lines) over MAX_LINE_BYTES, a cell over the
csv module's field limit. Blank rows are skipped.

Public names: Lines, records_of, MAX_LINE_BYTES, SNIFF_LINES, SNIFF_BYTES, DELIMITER_NAMES.
"""

from __future__ import annotations

import codecs
import csv
import re
from typing import IO, Iterator, Optional

from .csv_formats import sniff_delimiter
from .errors import KMeansError

__all__ = ["Lines", "records_of", "MAX_LINE_BYTES", "SNIFF_LINES", "SNIFF_BYTES", "DELIMITER_NAMES"]

MAX_LINE_BYTES = 1 << 23   # 8 MiB: a longer line or row is not a table of measurements
SNIFF_LINES, SNIFF_BYTES = 20, 1 << 16    # the sample the delimiter is sniffed from
_CHUNK = 1 << 16
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "'|'"}
# one cell of the excel dialect: quoted (quotes doubled inside, maybe unclosed), then any
# text up to the next delimiter, as the csv module reads it when not strict
_CELLS = {d: re.compile(r'(?:"(?:[^"]|"")*"?)?[^' + re.escape(d) + ']*') for d in DELIMITER_NAMES}


def records_of(lines: Lines) -> Iterator[tuple]:
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


class Lines:
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

    def __iter__(self) -> Lines:
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
