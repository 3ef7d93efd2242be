"""How spreadsheets write CSV files: which character separates the cells, how numbers are written.

A spreadsheet saves "CSV" in the user's locale: with ``;`` between cells where the comma is
the decimal mark (``1.065,5``), with a tab, or with commas and numbers in quotes (``"1,065.0"``).
Two readings of a number are known here:

    POINT = '1,234.5'    ',' groups thousands (optional), '.' is the decimal mark
    COMMA = '1.234,5'    '.' groups thousands (optional), ',' is the decimal mark

A group of thousands is 1-3 digits (not starting with 0) then groups of exactly 3. Plain
Python floats (``12``, ``3.25``, ``1e5``, ``nan``) are POINT numbers; those without a '.' are
COMMA numbers too. Some cells fit both readings with different values (``1.065``, ``1,065``):
csv_table settles a column's reading from all its cells.

The delimiter is found by ``sniff_delimiter``: each of ``,`` ``;`` tab ``|`` that splits every
sampled row into the same number (> 1) of cells is a candidate; the one whose cells (after the
first row) are most often numbers wins, ties going to the earlier in that list. With none, the
comma (a one-column file, or a ragged one that csv_table then reports).

Public names: DELIMITERS, POINT, COMMA, sniff_delimiter, number_readings.
"""

from __future__ import annotations

import csv
import re
from typing import Sequence

__all__ = ["DELIMITERS", "POINT", "COMMA", "sniff_delimiter", "number_readings"]

DELIMITERS = (",", ";", "\t", "|")
POINT, COMMA = "1,234.5", "1.234,5"

_POINT_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d*)?")
_COMMA_GROUPED = re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d*)?")
_COMMA_DECIMAL = re.compile(r"[+-]?\d*,\d+(?:[eE][+-]?\d+)?|[+-]?\d+,")


def number_readings(cell: str) -> dict:
    """{reading: value} for each reading (POINT, COMMA) under which the cell is a number.

    >>> number_readings("1,065.0"), number_readings("1.065,5"), number_readings("12")
    ({'1,234.5': 1065.0}, {'1.234,5': 1065.5}, {'1,234.5': 12.0, '1.234,5': 12.0})
    >>> number_readings("1,065"), number_readings("Female")
    ({'1,234.5': 1065.0, '1.234,5': 1.065}, {})
    """
    text = cell.strip()
    try:
        plain = float(text)
    except ValueError:
        plain = None
    if plain is not None:
        if "." not in text:
            return {POINT: plain, COMMA: plain}
        if _COMMA_GROUPED.fullmatch(text):
            return {POINT: plain, COMMA: float(text.replace(".", ""))}
        return {POINT: plain}
    readings = {}
    if _POINT_GROUPED.fullmatch(text):
        readings[POINT] = float(text.replace(",", ""))
    if _COMMA_GROUPED.fullmatch(text) or _COMMA_DECIMAL.fullmatch(text):
        readings[COMMA] = float(text.replace(".", "").replace(",", "."))
    return readings


def sniff_delimiter(sample: Sequence[str], *, complete: bool = True) -> str:
    """The delimiter of the CSV text whose first lines are ``sample`` (see the module docstring).

    With ``complete=False`` the sample was cut short, so its last row is not counted.

    >>> sniff_delimiter(["Age;Income (k$)\\n", "19;1.065,5\\n", "21;15,0\\n"])
    ';'
    >>> sniff_delimiter(["a\\tb\\n", "1\\t2\\n"]), sniff_delimiter(["x\\n", "1\\n"])
    ('\\t', ',')
    """
    best, best_score = ",", -1.0
    for delimiter in DELIMITERS:
        rows = _rows(sample, delimiter, complete)
        widths = {len(cells) for cells in rows}
        if not rows or len(widths) != 1 or widths.pop() < 2:
            continue
        cells = [cell for cells in rows[1:] for cell in cells]
        score = sum(1 for cell in cells if number_readings(cell)) / len(cells) if cells else 0.0
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _rows(sample: Sequence[str], delimiter: str, complete: bool) -> list:
    """The non-blank rows of the sample split at delimiter ([] if the csv module refuses it)."""
    rows: list = []
    try:
        rows.extend(cells for cells in csv.reader(sample, delimiter=delimiter)
                    if any(cell.strip() for cell in cells))
    except csv.Error:
        return rows if not complete else []      # a cut sample may end inside quotes
    return rows if complete else rows[:-1]
