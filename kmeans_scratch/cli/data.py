"""A command's CSV file: read, said what was read, warned about, or streamed in chunks.

``load`` reads the whole file (``csv_table.read_csv_table``) into columns (``ColumnRows``: 16
bytes a 2-D row), says the delimiter found, the columns used and left out and the number
formats (``describe``, even with ``--quiet``), warns on stderr of a column that looks like a
row ID and of spreads 100x apart without ``--scale``, and fits the scaler. ``csv_chunks``
streams it instead (``cluster --mini-batch``).

Public: load, describe, csv_chunks, same_rows.
"""

from __future__ import annotations

import shlex
import statistics
import sys

__all__ = ["load", "describe", "csv_chunks", "same_rows"]


def _as_columns(rows: list):
    """The rows as ColumnRows, a column at a time: 16 bytes a 2-D row instead of 112."""
    from array import array
    from ..column_rows import ColumnRows
    from ..vectors import columns
    held = ColumnRows(array("d", column) for column in columns(rows))
    rows.clear()
    return held


def load(args, report):
    """(table, the rows to cluster, the fitted scaler or None) from the CSV on the command line.

    What was read is said on report (even with --quiet); warnings go to stderr.
    """
    from ..csv_table import read_csv_table
    from ..preprocessing import StandardScaler
    columns = [c.strip() for c in args.columns.split(",")] if args.columns else None
    table = read_csv_table(args.data, columns=columns, caller=args.command)
    table = table._replace(rows=_as_columns(table.rows))
    describe(args, table, report, len(table.rows))
    for warning in _id_warnings(args, table) + _scale_warnings(args, table):
        print(f"warning: {warning}", file=sys.stderr, flush=True)
    scaler = StandardScaler().fit(table.rows) if args.scale else None
    return table, (scaler.transform(table.rows) if scaler else table.rows), scaler


_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "'|'"}
_FORMATS = {"1,234.5": "',' groups thousands, '.' is the decimal mark",
            "1.234,5": "'.' groups thousands, ',' is the decimal mark"}


def describe(args, table, report, n_rows: int) -> None:
    """Say what was read: rows, delimiter, columns used and left out, number formats."""
    left_out = "text" if args.columns is None else "not named by --columns"
    print(f"{args.data}: {n_rows} rows, cells split at {_DELIMITERS[table.delimiter]}; "
          f"columns used: {', '.join(table.columns)}"
          + (f"; left out ({left_out}): {', '.join(table.ignored)}" if table.ignored else ""),
          file=report)
    for name, number_format, assumed in table.number_formats:
        why = (" (both readings fit every cell; a ';' file is read as 1.234,5, any other as "
               "1,234.5)") if assumed else ""
        print(f"  column {name!r} read as {number_format}: {_FORMATS[number_format]}{why}", file=report)


def _id_warnings(args, table) -> list:
    """A warning for each column (not chosen by name) of whole numbers rising row by row."""
    if args.columns is not None or len(table.rows) < 3:
        return []
    warnings = []
    for j, name in enumerate(table.columns):
        values = [row[j] for row in table.rows]
        if all(v.is_integer() for v in values) and all(a < b for a, b in zip(values, values[1:])):
            others = ",".join(c for c in table.columns if c != name)
            hint = f"--columns {shlex.quote(others)}" if others else "--columns"
            warnings.append(f"column {name!r} looks like a row ID (whole numbers rising row by row, "
                            f"{values[0]:g} to {values[-1]:g}), so K-Means would group rows by their "
                            f"place in the file; leave it out with {hint}")
    return warnings


def _scale_warnings(args, table) -> list:
    """A warning if the columns' spreads differ 100x or more and --scale was not given."""
    from ..vectors import columns
    spreads = [(statistics.pstdev(column), name) for name, column in zip(table.columns, columns(table.rows))]
    spreads = [(spread, name) for spread, name in spreads if spread > 0]
    if args.scale or len(spreads) < 2 or max(spreads)[0] < 100 * min(spreads)[0]:
        return []
    (high, wide), (low, narrow) = max(spreads), min(spreads)
    return [f"the columns' spreads differ {high / low:.0f}x (standard deviation of {wide!r} "
            f"{high:.4g}, of {narrow!r} {low:.4g}), so distances are mostly {wide!r}; pass --scale "
            f"to standardise the columns first"]


def csv_chunks(args, size: int):
    """The CSV file's chunks of up to size rows (csv_table.iter_csv_chunks)."""
    from ..csv_table import iter_csv_chunks
    columns = [c.strip() for c in args.columns.split(",")] if args.columns else None
    return iter_csv_chunks(args.data, columns=columns, chunk_size=size, caller=args.command)


def same_rows(args, chunks, n_rows: int) -> None:
    """Refuse a file that changed between passes (the labels would not match the rows)."""
    if chunks.n_rows != n_rows:
        raise ValueError(f"cluster requires {args.data!r} to stay the same between passes; got "
                         f"{n_rows} rows, then {chunks.n_rows}")
