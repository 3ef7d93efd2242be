"""``predict``: label a CSV file's rows with a model saved by ``cluster --save-model``.

The model file (``persistence``) holds the model, the columns it was fitted on and the
scaler; the CSV file's columns are found by name (a missing one is named, with the file's
own), scaled the same way, and labelled as ``cluster`` labels them.

Public: run_predict.
"""

from __future__ import annotations

import argparse
import sys

from .checks import check_outputs
from .outputs import write_labels

__all__ = ["run_predict"]


def run_predict(args) -> int:
    """Label the rows of a CSV file with a model saved by ``cluster --save-model``."""
    out = "-" if args.out is None else args.out
    check_outputs(args, {"--out": out}, [args.model, args.data], stdout_ok="--out")
    report = sys.stderr if out == "-" else sys.stdout
    model, columns, means, scales = _read_model(args)
    table = _read_columns(args, columns)
    rows = table.rows if means is None else \
        [[(v - m) / s for v, m, s in zip(row, means, scales)] for row in table.rows]  # StandardScaler's
    labels = model.predict(rows)
    inertia = -model.score(rows)
    print(f"{len(rows)} rows labelled with K={len(model.cluster_centers_)} clusters from "
          f"{args.model}, inertia {inertia:.4f}" + (" (standardised units)" if means else ""),
          file=report)
    scaler = None if means is None else argparse.Namespace(mean_=means, scale_=scales)
    write_labels(args, out, table, labels, model, scaler, inertia, report)
    return 0


def _read_model(args) -> tuple:
    """(KMeans, columns, scaler means or None, scales or None) from the model file."""
    from ..errors import KMeansError
    from ..kmeans import KMeans
    from ..persistence import read_model_file
    with open(args.model, encoding="utf-8") as handle:
        model_data, columns, means, scales = read_model_file(handle.read(), caller="predict")
    try:
        model = KMeans.from_dict(model_data)
    except (KMeansError, TypeError) as error:
        raise type(error)(f"{error} (in the model file {args.model!r})") from None
    if model.n_features_in_ != len(columns):
        raise KMeansError(f"predict requires one column name per model feature; got "
                          f"{len(columns)} columns, n_features_in_={model.n_features_in_} in "
                          f"{args.model!r}")
    return model, columns, means, scales


def _read_columns(args, columns: list):
    """The model's columns of the CSV file, by name; a missing one is named, with all others."""
    from ..csv_table import read_csv_table
    from ..errors import KMeansError
    try:
        return read_csv_table(args.data, columns=columns, caller="predict")
    except KMeansError as error:
        names = _column_names(args.data)
        missing = [name for name in columns if name not in names]
        if not names or not missing:    # another problem (or the file's names unknown)
            raise error from None
        raise KMeansError(f"predict requires the model's columns in {args.data!r}; got no "
                          f"{', '.join(map(repr, missing))} (the model uses {', '.join(columns)}; "
                          f"the file has {', '.join(names)})") from None


def _column_names(path: str) -> list:
    """Every column name of the CSV file (numeric or text), or [] if it cannot be read."""
    from ..csv_table import read_csv_table
    try:
        table = read_csv_table(path)
    except (ValueError, TypeError, OSError):
        return []
    return table.columns + table.ignored
