"""What a command writes: text files and streams (atomically), the labels, the summaries.

Every file goes through ``files``: written beside its path and renamed over it only once
complete, with the user's umask, never over an input or a non-regular file, an existing one
only with ``--overwrite``. ``-`` is standard output. The labels are CSV (streamed, a block of
rows at a time) or JSON (with the centres, each cluster's size and means); the summaries are
each cluster's size and means in the file's units, and what sets each cluster apart.

Public: write_text, streamed, write_labels, profile_records, profile_text, explanation_text,
ROWS_PER_WRITE.
"""

from __future__ import annotations

import contextlib
import json
import sys
from typing import Iterator

from ..files import atomic_stream, atomic_write

__all__ = ["write_text", "streamed", "write_labels", "profile_records", "profile_text",
           "explanation_text", "ROWS_PER_WRITE"]

ROWS_PER_WRITE = 8192     # labelled rows made into text at a time


def write_text(args, path: str, text: str, report) -> None:
    """Write text to path atomically (or to stdout for '-') and say so."""
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    atomic_write(path, text, overwrite=args.overwrite, inputs=[args.data])
    print(f"wrote {path}", file=report)


@contextlib.contextmanager
def streamed(args, path: str | None) -> Iterator:
    """A write(text) function for the --out stream: nothing without path, stdout for '-',
    else ``files.atomic_stream``: written beside path, renamed over it only once all is
    written (the guarantees of every output: umask, --overwrite, no temporary file left)."""
    if path is None or path == "-":
        yield (lambda text: None) if path is None else sys.stdout.write
        sys.stdout.flush()
        return
    with atomic_stream(path, overwrite=args.overwrite, inputs=[args.data], caller=args.command,
                       name="--out", flag="--overwrite") as stream:
        yield stream.write


def write_labels(args, out: str, table, labels: list, model, scaler, inertia: float,
                 report) -> None:
    """Write the rows with their labels to out: JSON (``_labels_json``) or CSV, streamed a
    block of rows at a time (so the text of a million rows is never held at once)."""
    if args.format == "json":
        write_text(args, out, _labels_json(table, labels, model, scaler, inertia), report)
        return
    with streamed(args, out) as write:
        write(",".join(table.columns + ["cluster"]) + "\n")
        for start in range(0, len(labels), ROWS_PER_WRITE):
            end = start + ROWS_PER_WRITE
            write("".join(",".join(map(repr, row)) + f",{label}\n"
                          for row, label in zip(table.rows[start:end], labels[start:end])))
    if out != "-":
        print(f"wrote {out}", file=report)


def _labels_json(table, labels: list, model, scaler, inertia: float) -> str:
    """The rows' labels as JSON, with centres, means, units and scaler: cluster j's size and
    means are at index j (a cluster with no rows: size 0, means null)."""
    units = "standardised: (value - scaler.mean) / scaler.scale" if scaler else "the file's"
    profile = {record["cluster"]: record for record in
               profile_records(table, labels)}
    records = [profile.get(j) for j in range(len(model.cluster_centers_))]
    return json.dumps({
        "columns": table.columns, "labels": labels,
        "cluster_centers": model.cluster_centers_, "cluster_centers_units": units,
        "scaler": {"mean": scaler.mean_, "scale": scaler.scale_} if scaler else None,
        "cluster_sizes": [record["size"] if record else 0 for record in records],
        "cluster_means": [[record[name] for name in table.columns] if record else None
                          for record in records],
        "cluster_means_units": "the file's", "inertia": inertia}, indent=1) + "\n"


def profile_records(table, labels: list) -> list:
    """Each cluster's size and feature means in the file's units, one dict per cluster."""
    from ..profiles import cluster_profile
    return cluster_profile(table.rows, labels, table.columns)


def explanation_text(table, labels: list) -> str:
    """What sets each cluster apart: its three most distinctive columns, in standard deviations."""
    from ..explain import explain_clusters, format_explanation
    lines = format_explanation(explain_clusters(table.rows, labels, table.columns), top=3)
    return "what sets each cluster apart (mean, and distance from the overall mean):\n" + \
        "\n".join("  " + line for line in lines)


def profile_text(profile: list) -> str:
    """The profile as an aligned table, indented under the summary line."""
    from ..profiles import format_table
    return "\n".join("  " + line for line in format_table(profile, digits=4).splitlines())
