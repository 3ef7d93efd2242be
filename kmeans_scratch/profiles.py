"""Cluster profiles: the size and mean of every feature in each cluster, as a printable table.

This is what the tutorial does with pandas' ``groupby('cluster').mean()``:

    mean[c][f] = (1 / n_c) sum_{i in cluster c} rows[i][f]

Public functions: cluster_profile, format_table.
"""

from __future__ import annotations

from typing import Hashable, Iterable, Optional, Sequence

from .errors import KMeansError
from .metrics.contingency import distinct_labels
from .validation import check_columns, feature_names
from .vectors import mean

__all__ = ["cluster_profile", "format_table"]


def cluster_profile(rows: Iterable, labels: Sequence[Hashable],
                    columns: Optional[Sequence[str]] = None) -> list[dict]:
    """One dict per cluster (sorted by label): {'cluster', 'size', column: mean, ...}.

    ``columns`` names the features; by default a table's (a DataFrame's) column names, else
    feature_1, feature_2, ...

    >>> cluster_profile([[20, 1.0], [30, 3.0], [60, 9.0]], [0, 0, 1], ["age", "spend"])
    [{'cluster': 0, 'size': 2, 'age': 25.0, 'spend': 2.0}, {'cluster': 1, 'size': 1, 'age': 60.0, 'spend': 9.0}]

    Raises KMeansError if the numbers of rows, labels or column names disagree.
    """
    names = feature_names(rows)
    rows = check_columns(rows, caller="cluster_profile")     # (a big X costs 8 bytes a value)
    if columns is None:
        columns = names or [f"feature_{f + 1}" for f in range(len(rows[0]))]
    labels = list(labels)
    if len(labels) != len(rows) or len(columns) != len(rows[0]):
        raise KMeansError(f"cluster_profile requires one label per row and one name per column; "
                          f"got {len(rows)} rows, {len(labels)} labels, {len(columns)} names for "
                          f"{len(rows[0])} columns")
    table = []
    for cluster in distinct_labels(labels):
        members = [row for row, label in zip(rows, labels) if label == cluster]
        table.append({"cluster": cluster, "size": len(members), **dict(zip(columns, mean(members)))})
    return table


def format_table(records: Sequence[dict], *, digits: int = 1) -> str:
    """The records as an aligned text table (numbers rounded to ``digits``).

    >>> print(format_table([{'cluster': 0, 'age': 25.0}, {'cluster': 1, 'age': 60.25}]))
    cluster   age
          0  25.0
          1  60.2
    """
    if not records:
        return ""
    headers = list(records[0])
    cells = [[_cell(record[h], digits) for h in headers] for record in records]
    widths = [max(len(h), *(len(row[i]) for row in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(h.rjust(w) for h, w in zip(headers, widths))]
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


def _cell(value, digits: int) -> str:
    """A table cell: floats rounded, everything else as str."""
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)
