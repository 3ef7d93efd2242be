"""A row's cells as floats: numeric columns in one number format each, text columns kept out.

Each chosen cell is read by ``csv_formats.number_readings`` in the formats its column still
fits (``1,234.5`` or ``1.234,5``); a cell that fits neither the column's format, is not a
finite number, or is larger than MAX_MAGNITUDE is an error naming its line and column, as
is a number in a text column. While a column's cells fit both formats and some read apart
(``1.065``), both values are kept: ``Converter.finish`` settles the format from all of them
(a ';' file's is ``1.234,5``, any other's ``1,234.5``) and rewrites the rows read the other
way; a stream (``csv_table.iter_csv_chunks``) settles it at its first chunk.

Public names: Converter, Column, check_width.
"""

from __future__ import annotations

import math
from typing import Optional

from .csv_formats import COMMA, POINT, number_readings
from .csv_lines import DELIMITER_NAMES, Lines
from .errors import KMeansError
from .validation import MAX_MAGNITUDE

__all__ = ["Converter", "Column", "check_width"]

_MARKS = {POINT: "'.' as the decimal mark (1,234.5)", COMMA: "',' as the decimal mark (1.234,5)"}


def check_width(record: tuple, first: tuple, lines: Lines) -> None:
    """Raise KMeansError unless the record has as many cells as the first line."""
    line, cells = record
    width = len(first[1])
    if len(cells) != width:
        j = min(len(cells), width)
        name = f" ({lines.names[j]!r})" if lines.names and j < len(lines.names) else ""
        what = "missing" if len(cells) < width else "extra"
        raise KMeansError(f"{lines.path}: line {line} has {len(cells)} cells; expected {width} like "
                          f"line {first[0]}: column {j + 1}{name} is {what} (a "
                          f"{DELIMITER_NAMES[lines.delimiter]} too few or too many, or an unclosed quote?)")


class Column:
    """One numeric column: the number formats its cells still fit, and the cells they read apart."""

    def __init__(self, j: int, position: int):
        self.j, self.position = j, position
        self.formats = {POINT, COMMA}
        self.ruled_out: dict = {}       # format -> (line, cell) of the first cell it did not fit
        self.apart: list = []           # (row index, COMMA value) of cells read apart (1.065)
        self.marked: set = set()        # the formats some cell needed separators for
        self.assumed: Optional[tuple] = None   # (line, cell) that settled an assumed format


class Converter:
    """Turns the chosen cells of a row into a tuple of finite, not too large floats."""

    def __init__(self, lines: Lines, chosen: list, text: list, start: tuple, first: tuple,
                 option: str):
        self.lines, self.start_line, self.first, self.option = lines, start[0], first, option
        self.streaming = False      # True once a stream's first chunk is settled
        self.numeric = [Column(j, position) for position, j in enumerate(chosen)]
        self.text = [(j, start[1][j]) for j in text]    # text columns and their first cell

    def __call__(self, cells: list, line: int, index: int) -> tuple:
        """The row's floats, or KMeansError naming the line and column of a bad cell."""
        check_width((line, cells), self.first, self.lines)
        for j, first in self.text:
            if number_readings(cells[j]):
                raise KMeansError(f"{self._where(line, j)}: {_shown(cells[j])} is a number, but line "
                                  f"{self.start_line} has text ({_shown(first)}) in this column; "
                                  f"expected numbers throughout or text throughout (fix the cell, "
                                  f"or leave the column out by naming the others with {self.option})")
        return tuple([self._value(column, cells[column.j], line, index) for column in self.numeric])

    def _value(self, column: Column, cell: str, line: int, index: int) -> float:
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

    def _error(self, column: Column, cell: str, line: int, readings: dict) -> KMeansError:
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
