"""The command line: ``python -m kmeans_scratch COMMAND ...``.

Commands:
    tour       the whole tutorial: tables printed, plots and index.html written
    demo       the tutorial's first result in a few lines
    cluster    cluster the numeric columns of a CSV file (K given, or 'auto'); --save-model
    predict    label the rows of a CSV file with a model saved by cluster --save-model
    elbow      the inertia curve of a CSV file, with its knee
    quantize   repaint a PNG/PPM/PGM picture with K colours
    playground write a page that runs this package in the browser (Pyodide)

Exit status: 0 success; 2 any failure (bad input, a file problem, out of memory), told in
one line on stderr, no traceback; 130 interrupted by Ctrl-C, 128 + N stopped by signal N
(SIGTERM, SIGHUP). Outputs are written atomically (``files.atomic_write``), so a failed or
interrupted command leaves no half-written file and no temporary file behind.

Outputs: only regular files are written (never a folder, pipe or device), never an input,
and an existing file only with ``--overwrite``. ``cluster --out -``, or ``--format`` without
``--out``, writes the labels (CSV, or JSON with the centres) to standard output; the summary
then goes to stderr. ``cluster --save-model MODEL.json`` keeps the model, the columns used and
the scaler (``--scale``) in one JSON file (``persistence``); ``predict MODEL.json DATA.csv``
reads the same columns by name, scales them the same way and writes the labels as ``cluster``
does (to standard output without ``--out``).

``cluster --mini-batch`` streams the CSV file in chunks of ``--batch-size`` rows (default
1024, at least K; ``csv_table.iter_csv_chunks``) and never holds all rows: memory is bounded
by the chunk, not the file. One pass calls ``MiniBatchKMeans.partial_fit`` on each chunk
(``compute_labels=False``, the given ``--random-state``); a second pass labels each chunk
with ``predict``, writes it to ``--out`` as it goes (through a hidden temporary file renamed
at the end, as ``atomic_write`` does) and sums the whole file's inertia and each cluster's
size and means (file units) exactly. With ``--scale`` a first pass fits the scaler with
``StandardScaler.partial_fit``: three passes. It refuses, in one line, what needs every row
at once: ``--k auto``, ``--plot``, ``--save-model`` and ``--format json``.

What ``cluster`` and ``elbow`` say about the data: the delimiter found, the columns used and
those left out (always, even with ``--quiet``), the number format of columns written like
``1,065.0`` or ``1.065,5``, and a warning (on stderr) for a column that looks like a row ID
and for column spreads 100x apart without ``--scale``. ``cluster`` prints each cluster's size
and feature means in the file's units (also with ``--scale``).

Limits, checked before any work: K <= n_samples; ``cluster --k`` <= 100, ``elbow --k-max``
<= 50 and <= n_samples - 1, ``--n-init`` <= 100, the caps lifted by ``--force``. Progress for
slow work goes to stderr (one line per K, and a line every 10 s of a long fit); ``--quiet``
silences it.

Public function: main.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import shlex
import signal
import statistics
import sys
import tempfile
import threading
import time
from typing import Iterator, Sequence

from .collector import paused
from .partials import add_exact    # exact sums over the chunks of a streamed fit
from .files import atomic_stream, atomic_write, check_output

__all__ = ["main"]

K_CAP = 100           # cluster --k: beyond this, clusters of a few rows each (--force lifts it)
K_MAX_CAP = 50        # elbow --k-max: elbow fits every K up to it, ~k_max**2 / 2 centre-rows
N_INIT_CAP = 100      # --n-init: restarts beyond ~10 rarely lower the inertia
LONG_WORK = 50_000_000     # rows x K x restarts x features that warrants a heads-up
HEARTBEAT = 10.0      # seconds without a progress line before a "still working" line
BATCH_SIZE = 1024     # cluster --mini-batch: rows per chunk, scikit-learn's batch_size default
ROWS_PER_WRITE = 8192     # labelled rows made into text at a time

EPILOG = """examples:
  python -m kmeans_scratch tour --out tour-output
  python -m kmeans_scratch cluster iris.csv --k 3
  python -m kmeans_scratch cluster blobs.csv --k auto --plot clusters.svg --out labels.csv
  python -m kmeans_scratch cluster iris.csv --k 3 --out - --format json
  python -m kmeans_scratch cluster iris.csv --k 3 --scale --save-model iris-model.json
  python -m kmeans_scratch cluster big.csv --k 5 --mini-batch --out labels.csv
  python -m kmeans_scratch predict iris-model.json new-flowers.csv --out labels.csv
  python -m kmeans_scratch elbow iris.csv --k-max 8 --plot elbow.svg
  python -m kmeans_scratch quantize photo.png small.png --colors 16

exit status: 0 success, 2 failure (one line on stderr), 130 Ctrl-C
"""


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser with one sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="python -m kmeans_scratch", epilog=EPILOG,
        description="K-Means clustering in pure Python: the tutorial tour and everyday commands.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    tour = commands.add_parser("tour", help="walk through the tutorial, writing plots to --out")
    tour.add_argument("--out", default="tour-output", help="folder for plots (default tour-output)")
    tour.add_argument("--overwrite", action="store_true", help="replace the files of an earlier tour")
    commands.add_parser("demo", help="cluster the tutorial's blobs and print the result")
    cluster = commands.add_parser("cluster", help="cluster the numeric columns of a CSV file")
    _data_options(cluster)
    cluster.add_argument("--k", required=True, help=f"number of clusters (at most {K_CAP}), or 'auto'")
    cluster.add_argument("--out", help="write the rows with their cluster label here ('-': stdout)")
    cluster.add_argument("--format", choices=["csv", "json"],
                         help="labels as csv (default) or json (with centres); without --out, to stdout")
    cluster.add_argument("--plot", help="write a scatter plot (first two columns) as SVG")
    cluster.add_argument("--save-model", metavar="MODEL.json",
                         help="write the model, its columns and scaler as JSON (for predict)")
    cluster.add_argument("--mini-batch", action="store_true",
                         help="stream the file in chunks (memory bounded by the chunk, not the "
                              "file) in two passes: MiniBatchKMeans.partial_fit on each chunk, "
                              "then labelling; three with --scale (its means and spreads first). "
                              "Not with --k auto, --plot, --save-model or --format json; "
                              "--n-init is unused")
    cluster.add_argument("--batch-size", type=int, metavar="N",
                         help=f"rows per chunk with --mini-batch (default {BATCH_SIZE}, at least K)")
    predict = commands.add_parser("predict", help="label a CSV file's rows with a saved model")
    predict.add_argument("model", metavar="MODEL.json", help="a model written by cluster --save-model")
    predict.add_argument("data", help="a CSV file with the model's columns (found by name)")
    predict.add_argument("--out", help="write the rows with their cluster label here (default '-': stdout)")
    predict.add_argument("--format", choices=["csv", "json"], help="csv (default) or json (with centres)")
    predict.add_argument("--overwrite", action="store_true", help="replace an existing --out file")
    elbow = commands.add_parser("elbow", help="inertia for K = 1..k-max, with the knee")
    _data_options(elbow)
    elbow.add_argument("--k-max", type=int, default=None,
                       help=f"largest K (default 10, or n_samples - 1 if fewer; at most {K_MAX_CAP})")
    elbow.add_argument("--plot", help="write the elbow curve as SVG")
    quantize = commands.add_parser("quantize", help="repaint a PNG/PPM/PGM image with K colours")
    quantize.add_argument("input", help="a PNG, PPM or PGM file (PNG: not interlaced)")
    quantize.add_argument("output", help="where to write the quantized image: its name says the "
                                         "format (.png, or .ppm/.pgm/.pnm)")
    quantize.add_argument("--colors", type=int, required=True, help="number of colours")
    quantize.add_argument("--random-state", type=int, default=0, help="seed (default 0)")
    quantize.add_argument("--ascii", action="store_true",
                          help="write P3/P2 text instead of binary (PPM/PGM output only)")
    quantize.add_argument("--overwrite", action="store_true", help="replace an existing OUTPUT")
    playground = commands.add_parser(
        "playground", help="write a web page that runs this package in the browser (Pyodide)")
    playground.add_argument("--out", default="playground", help="folder for the site (default playground)")
    playground.add_argument("--pyodide", metavar="FOLDER",
                            help="copy Pyodide's files from FOLDER (e.g. tests/pyodide/node_modules/"
                                 "pyodide); default: the page loads them from Pyodide's CDN")
    playground.add_argument("--serve", action="store_true", help="serve the site on 127.0.0.1 until Ctrl-C")
    playground.add_argument("--port", type=int, default=0, help="port for --serve (default: any free one)")
    playground.add_argument("--overwrite", action="store_true",
                            help="replace the files of an earlier playground")
    return parser


def _data_options(command: argparse.ArgumentParser) -> None:
    """Options shared by the commands that read a CSV file."""
    command.add_argument("data", help="a CSV file, with or without a header row")
    command.add_argument("--columns", help="comma-separated column names to use (default: all numeric)")
    command.add_argument("--scale", action="store_true", help="standardise columns first")
    command.add_argument("--random-state", type=int, default=0, help="seed (default 0)")
    command.add_argument("--n-init", type=int, default=10, help=f"restarts per K (default 10, at most {N_INIT_CAP})")
    command.add_argument("--quiet", action="store_true", help="no progress on stderr")
    command.add_argument("--overwrite", action="store_true", help="replace existing output files")
    command.add_argument("--force", action="store_true", help="allow K, --k-max and --n-init above their caps")


def _as_columns(rows: list):
    """The rows as ColumnRows, a column at a time: 16 bytes a 2-D row instead of 112."""
    from array import array
    from .column_rows import ColumnRows
    from .vectors import columns
    held = ColumnRows(array("d", column) for column in columns(rows))
    rows.clear()
    return held


def _load(args, report):
    """(table, the rows to cluster, the fitted scaler or None) from the CSV on the command line.

    What was read is said on report (even with --quiet); warnings go to stderr.
    """
    from .csv_table import read_csv_table
    from .preprocessing import StandardScaler
    columns = [c.strip() for c in args.columns.split(",")] if args.columns else None
    table = read_csv_table(args.data, columns=columns, caller=args.command)
    table = table._replace(rows=_as_columns(table.rows))
    _describe(args, table, report, len(table.rows))
    for warning in _id_warnings(args, table) + _scale_warnings(args, table):
        print(f"warning: {warning}", file=sys.stderr, flush=True)
    scaler = StandardScaler().fit(table.rows) if args.scale else None
    return table, (scaler.transform(table.rows) if scaler else table.rows), scaler


_DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "'|'"}
_FORMATS = {"1,234.5": "',' groups thousands, '.' is the decimal mark",
            "1.234,5": "'.' groups thousands, ',' is the decimal mark"}


def _describe(args, table, report, n_rows: int) -> None:
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
    from .vectors import columns
    spreads = [(statistics.pstdev(column), name) for name, column in zip(table.columns, columns(table.rows))]
    spreads = [(spread, name) for spread, name in spreads if spread > 0]
    if args.scale or len(spreads) < 2 or max(spreads)[0] < 100 * min(spreads)[0]:
        return []
    (high, wide), (low, narrow) = max(spreads), min(spreads)
    return [f"the columns' spreads differ {high / low:.0f}x (standard deviation of {wide!r} "
            f"{high:.4g}, of {narrow!r} {low:.4g}), so distances are mostly {wide!r}; pass --scale "
            f"to standardise the columns first"]


# -- progress --------------------------------------------------------------------------
_last_note = [0.0]          # when the last progress line was printed (time.monotonic)


def _note(args, message: str) -> None:
    """A progress or information line on stderr, unless --quiet."""
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr, flush=True)
        _last_note[0] = time.monotonic()


def _progress(args):
    """A callback printing one line per fitted K."""
    return lambda k, model: _note(args, f"  fitted K={k}")


@contextlib.contextmanager
def _heartbeat(args, what: str) -> Iterator[None]:
    """While the body runs, a line on stderr after each HEARTBEAT seconds without progress."""
    every, stop, start = HEARTBEAT, threading.Event(), time.monotonic()
    _last_note[0] = start

    def beat() -> None:
        while not stop.wait(every / 10):
            if time.monotonic() - _last_note[0] >= every:
                _note(args, f"  {what}: still working, {time.monotonic() - start:.0f} s so far")

    thread = threading.Thread(target=beat, daemon=True)
    with contextlib.suppress(RuntimeError):     # no threads (Pyodide): no heartbeat
        if not getattr(args, "quiet", False):
            thread.start()
    try:
        yield
    finally:
        stop.set()
        if thread.is_alive():
            thread.join()


# -- checks made before any work --------------------------------------------------------
def _check_caps(args, **values: int) -> None:
    """Refuse --n-init (and the given K options) above their caps, unless --force."""
    caps = {"k": K_CAP, "k_max": K_MAX_CAP, "n_init": N_INIT_CAP}
    for name, value in dict(values, n_init=args.n_init).items():
        option = "--" + name.replace("_", "-")
        if value < 1:
            raise ValueError(f"{args.command} requires {option} >= 1; got {option}={value}")
        if value > caps[name] and not args.force:
            raise ValueError(f"{args.command} requires {option} <= {caps[name]} (pass --force to go "
                             f"beyond; it may take hours); got {option}={value}")


def _check_outputs(args, outputs: dict, inputs: Sequence[str], stdout_ok: str = "") -> None:
    """Refuse outputs that are not plain new files (or --overwrite'able ones), or clash."""
    given = {option: path for option, path in outputs.items() if path is not None}
    for option, path in given.items():
        if path == "-" and option != stdout_ok:
            raise ValueError(f"{args.command} requires a file name for {option}; got {option}='-' "
                             f"(standard output is only for cluster --out)")
        if path != "-":
            check_output(path, overwrite=args.overwrite, inputs=inputs, caller=args.command,
                         name=option, flag="--overwrite")
    files = [(option, path) for option, path in given.items() if path != "-"]
    for i, (option, path) in enumerate(files):
        for other, other_path in files[i + 1:]:
            if os.path.realpath(path) == os.path.realpath(other_path):
                raise ValueError(f"{args.command} requires {option} and {other} to be different "
                                 f"files; got {option}={path!r}, {other}={other_path!r}")


# -- the commands ----------------------------------------------------------------------
def _parse_k(args) -> int | None:
    """--k as a whole number, or None for 'auto'."""
    if args.k == "auto":
        return None
    try:
        return int(args.k)
    except ValueError:
        raise ValueError(f"cluster requires --k to be a whole number or 'auto'; got --k={args.k!r}") from None


def run_cluster(args) -> int:
    """Cluster a CSV file and report (or write) the labels."""
    k = _parse_k(args)
    _check_caps(args, **({} if k is None else {"k": k}))
    _check_mini_batch(args, k)
    _check_outputs(args, {"--out": args.out, "--plot": args.plot, "--save-model": args.save_model},
                   [args.data], stdout_ok="--out")
    out = "-" if args.out is None and args.format else args.out     # --format alone: stdout
    report = sys.stderr if out == "-" else sys.stdout     # stdout holds the labels then
    if args.mini_batch:
        assert k is not None    # _check_mini_batch refused 'auto'
        return _cluster_in_chunks(args, k, out, report)
    table, rows, scaler = _load(args, report)
    if k is None:
        k = _choose_k(args, rows, report)
    model = _fit(args, k, rows)
    profile = _profile(table, model.labels_)
    print(f"K={k}, inertia {model.inertia_:.4f}" + (" (standardised units)" if scaler else ""),
          file=report)
    print(_profile_text(profile), file=report)
    print(_explanation_text(table, model.labels_), file=report)
    if out:
        _write_labels(args, out, table, model.labels_, model, scaler, model.inertia_, report)
    if args.plot:
        _write(args, args.plot, _cluster_plot(args, table, rows, model), report)
    if args.save_model:
        from .persistence import model_file_text
        _write(args, args.save_model, model_file_text(model.to_dict(), table.columns, scaler), report)
    return 0


# -- cluster --mini-batch: the file read in chunks, never all at once ---------------------
def _check_mini_batch(args, k: int | None) -> None:
    """Refuse, before any work, what --mini-batch cannot do without holding every row."""
    if not args.mini_batch:
        if args.batch_size is not None:
            raise ValueError(f"cluster requires --mini-batch for --batch-size; got "
                             f"--batch-size={args.batch_size} without it")
        return
    refused = [("--k", "auto" if k is None else None, "choosing K compares fits on every row"),
               ("--plot", args.plot, "a plot needs every point in memory"),
               ("--save-model", args.save_model, "predict reads a KMeans model"),
               ("--format", "json" if args.format == "json" else None,
                "the JSON holds every label in one list; use csv")]
    for option, value, why in refused:
        if value is not None:
            raise ValueError(f"cluster requires no {option} {value} with --mini-batch ({why}; "
                             f"run without --mini-batch for it); got {option}={value!r}")
    if k is not None and args.batch_size is not None and args.batch_size < k:
        raise ValueError(f"cluster requires --batch-size >= K with --mini-batch (the first chunk "
                         f"seeds the K centres); got --batch-size={args.batch_size}, K={k}")


def _cluster_in_chunks(args, k: int, out: str | None, report) -> int:
    """Fit MiniBatchKMeans chunk by chunk, then label the chunks in a second pass."""
    size = max(BATCH_SIZE, k) if args.batch_size is None else args.batch_size
    passes = 3 if args.scale else 2
    scaler, first = _scale_in_chunks(args, size) if args.scale else (None, None)
    model, read = _fit_in_chunks(args, k, size, scaler, passes)
    first = first or read
    _describe(args, first, report, first.n_rows)
    profile, inertia = _label_in_chunks(args, model, scaler, size, out, first.n_rows)
    print(f"K={k}, inertia {inertia:.4f}" + (" (standardised units)" if scaler else ""),
          file=report)
    print(f"  mini-batch: {model.n_steps_} chunks of up to {size} rows, {passes} passes over "
          f"the file, --random-state {args.random_state}", file=report)
    print(_profile_text(profile), file=report)
    if out and out != "-":
        print(f"wrote {out}", file=report)
    return 0


def _chunks(args, size: int):
    """The CSV file's chunks of up to size rows (csv_table.iter_csv_chunks)."""
    from .csv_table import iter_csv_chunks
    columns = [c.strip() for c in args.columns.split(",")] if args.columns else None
    return iter_csv_chunks(args.data, columns=columns, chunk_size=size, caller=args.command)


def _same_rows(args, chunks, n_rows: int) -> None:
    """Refuse a file that changed between passes (the labels would not match the rows)."""
    if chunks.n_rows != n_rows:
        raise ValueError(f"cluster requires {args.data!r} to stay the same between passes; got "
                         f"{n_rows} rows, then {chunks.n_rows}")


def _scale_in_chunks(args, size: int) -> tuple:
    """(StandardScaler fitted chunk by chunk, the spent chunk stream): the first pass."""
    from .preprocessing import StandardScaler
    scaler = StandardScaler()
    _note(args, "pass 1 of 3: the columns' means and spreads (--scale)")
    with _chunks(args, size) as chunks, _heartbeat(args, "--scale pass"):
        for chunk in chunks:
            scaler.partial_fit(chunk)
    return scaler, chunks


def _fit_in_chunks(args, k: int, size: int, scaler, passes: int) -> tuple:
    """(MiniBatchKMeans after partial_fit on each chunk, the spent chunk stream)."""
    from .minibatch import MiniBatchKMeans
    model = MiniBatchKMeans(n_clusters=k, batch_size=size, compute_labels=False,
                            random_state=args.random_state)
    _note(args, f"pass {passes - 1} of {passes}: fitting K={k}, one step per chunk of {size} rows")
    with _chunks(args, size) as chunks, _heartbeat(args, f"fitting K={k}"):
        for chunk in chunks:
            if chunks.n_rows < k:       # the first chunk is the whole file, and too short
                raise ValueError(f"cluster requires K <= n_samples; got K={k}, "
                                 f"n_samples={chunks.n_rows}")
            model.partial_fit(scaler.transform(chunk) if scaler else chunk)
    return model, chunks


def _label_in_chunks(args, model, scaler, size: int, out: str | None, n_rows: int) -> tuple:
    """(each cluster's size and means in the file's units, inertia): the last pass, which
    writes each chunk's rows and labels to out as it goes."""
    from .vectors import weighted_inertia
    k, width = model.n_clusters, model.n_features_in_
    sizes = [0] * k
    sums: list = [[[] for _ in range(width)] for _ in range(k)]      # exact partials per column
    inertia: list = []
    with _chunks(args, size) as chunks, _streamed(args, out) as write, \
            _heartbeat(args, "labelling"):
        _note(args, f"pass {2 + bool(scaler)} of {2 + bool(scaler)}: labelling the rows")
        write(",".join(chunks.columns + ["cluster"]) + "\n")
        for chunk in chunks:
            rows = scaler.transform(chunk) if scaler else chunk
            labels = model.predict(rows)
            # = -model.score(rows): the same sum of the same terms, without a second assign
            add_exact(inertia, weighted_inertia(rows, labels, model.cluster_centers_,
                                                 [1.0] * len(rows)))
            _add_to_totals(sizes, sums, chunk, labels)
            write("".join(",".join(map(repr, row)) + f",{label}\n"
                          for row, label in zip(chunk, labels)))
        _same_rows(args, chunks, n_rows)
    profile = [{"cluster": j, "size": sizes[j],
                **{name: math.fsum(sums[j][f]) / sizes[j] for f, name in enumerate(chunks.columns)}}
               for j in range(k) if sizes[j]]
    return profile, math.fsum(inertia)


def _add_to_totals(sizes: list, sums: list, chunk: list, labels: list) -> None:
    """Add the chunk's rows to their clusters' sizes and exact column sums (in place)."""
    from .vectors import columns
    members: list = [[] for _ in sizes]
    for row, label in zip(chunk, labels):
        members[label].append(row)
    for j, rows in enumerate(members):
        sizes[j] += len(rows)
        for f, column in enumerate(columns(rows) if rows else ()):     # (a cluster the chunk missed)
            add_exact(sums[j][f], math.fsum(column))


@contextlib.contextmanager
def _streamed(args, path: str | None) -> Iterator:
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


def run_predict(args) -> int:
    """Label the rows of a CSV file with a model saved by ``cluster --save-model``."""
    out = "-" if args.out is None else args.out
    _check_outputs(args, {"--out": out}, [args.model, args.data], stdout_ok="--out")
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
    _write_labels(args, out, table, labels, model, scaler, inertia, report)
    return 0


def _read_model(args) -> tuple:
    """(KMeans, columns, scaler means or None, scales or None) from the model file."""
    from .errors import KMeansError
    from .kmeans import KMeans
    from .persistence import read_model_file
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
    from .csv_table import read_csv_table
    from .errors import KMeansError
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
    from .csv_table import read_csv_table
    try:
        table = read_csv_table(path)
    except (ValueError, TypeError, OSError):
        return []
    return table.columns + table.ignored


def _profile(table, labels: list) -> list:
    """Each cluster's size and feature means in the file's units, one dict per cluster."""
    from .profiles import cluster_profile
    return cluster_profile(table.rows, labels, table.columns)


def _explanation_text(table, labels: list) -> str:
    """What sets each cluster apart: its three most distinctive columns, in standard deviations."""
    from .explain import explain_clusters, format_explanation
    lines = format_explanation(explain_clusters(table.rows, labels, table.columns), top=3)
    return "what sets each cluster apart (mean, and distance from the overall mean):\n" + \
        "\n".join("  " + line for line in lines)


def _profile_text(profile: list) -> str:
    """The profile as an aligned table, indented under the summary line."""
    from .profiles import format_table
    return "\n".join("  " + line for line in format_table(profile, digits=4).splitlines())


def _choose_k(args, rows, report) -> int:
    """K chosen by the elbow and the silhouette, said on the report stream."""
    from .selection import choose_k
    with _heartbeat(args, "choosing K"):
        choice = choose_k(rows, k_max=min(10, len(rows) - 1), random_state=args.random_state,
                          n_init=args.n_init, progress=None if args.quiet else _progress(args))
    print(f"K chosen automatically: {choice.explanation}", file=report)
    print(f"  {choice.verdict}", file=report)
    return choice.k


def _fit(args, k: int, rows):
    """KMeans fitted with K clusters; a heads-up first if the work is large."""
    from .kmeans import KMeans
    work = len(rows) * k * args.n_init * len(rows[0]) if rows else 0
    if work >= LONG_WORK:
        _note(args, f"fitting K={k} to {len(rows)} rows, {args.n_init} restarts: this may take minutes")
    with _heartbeat(args, f"fitting K={k}"):
        return KMeans(n_clusters=k, n_init=args.n_init, random_state=args.random_state).fit(rows)


def _write(args, path: str, text: str, report) -> None:
    """Write text to path atomically (or to stdout for '-') and say so."""
    if path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    atomic_write(path, text, overwrite=args.overwrite, inputs=[args.data])
    print(f"wrote {path}", file=report)


def _write_labels(args, out: str, table, labels: list, model, scaler, inertia: float,
                  report) -> None:
    """Write the rows with their labels to out: JSON (``_labels_json``) or CSV, streamed a
    block of rows at a time (so the text of a million rows is never held at once)."""
    if args.format == "json":
        _write(args, out, _labels_json(table, labels, model, scaler, inertia), report)
        return
    with _streamed(args, out) as write:
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
               _profile(table, labels)}
    records = [profile.get(j) for j in range(len(model.cluster_centers_))]
    return json.dumps({
        "columns": table.columns, "labels": labels,
        "cluster_centers": model.cluster_centers_, "cluster_centers_units": units,
        "scaler": {"mean": scaler.mean_, "scale": scaler.scale_} if scaler else None,
        "cluster_sizes": [record["size"] if record else 0 for record in records],
        "cluster_means": [[record[name] for name in table.columns] if record else None
                          for record in records],
        "cluster_means_units": "the file's", "inertia": inertia}, indent=1) + "\n"


def _cluster_plot(args, table, rows, model) -> str:
    """The scatter plot of the first two columns, as SVG text."""
    from .plot import scatter_plot
    points = [row[:2] if len(row) > 1 else (row[0], 0.0) for row in rows]
    centres = [c[:2] if len(c) > 1 else (c[0], 0.0) for c in model.cluster_centers_]
    return scatter_plot(points, model.labels_, centres,
                        title=f"{os.path.basename(args.data)}: K={model.n_clusters}",
                        x_label=table.columns[0], y_label=(table.columns + [""])[1])


def run_elbow(args) -> int:
    """Print the inertia curve and its knee; optionally plot it."""
    from .plot import line_plot
    from .selection import find_knee, inertia_curve
    _check_caps(args, **({} if args.k_max is None else {"k_max": args.k_max}))
    _check_outputs(args, {"--plot": args.plot}, [args.data])
    _, rows, _ = _load(args, sys.stdout)
    k_max = min(10, len(rows) - 1) if args.k_max is None else args.k_max
    if not 3 <= k_max <= len(rows) - 1:
        raise ValueError(f"elbow requires 3 <= --k-max <= n_samples - 1; got --k-max={k_max}, "
                         f"n_samples={len(rows)}")
    with _heartbeat(args, "elbow"):
        curve = inertia_curve(rows, range(1, k_max + 1), random_state=args.random_state,
                              n_init=args.n_init, progress=None if args.quiet else _progress(args))
    knee = find_knee([k for k, _ in curve], [j for _, j in curve])
    for k, inertia in curve:
        print(f"K={k}: inertia {inertia:.4f}" + ("  <- knee" if k == knee else ""))
    if args.plot:
        _write(args, args.plot, line_plot([k for k, _ in curve], [j for _, j in curve],
                                          title="Elbow method", x_label="K", y_label="inertia",
                                          highlight=knee, note="knee"), sys.stdout)
    return 0


QUANTIZE_NOTE_PIXELS = 2_000_000    # from here on, quantize says what it is doing (seconds of work)
_IMAGE_SUFFIXES = {".png": "png", ".ppm": "ppm", ".pgm": "ppm", ".pnm": "ppm"}
_NETPBM_MAGIC = (b"P2", b"P3", b"P5", b"P6")


def _output_format(args) -> str:
    """'png' or 'ppm', as OUTPUT's name asks; refuse a name that asks for neither."""
    suffix = os.path.splitext(args.output)[1].lower()
    if suffix not in _IMAGE_SUFFIXES:
        raise ValueError(f"quantize requires OUTPUT ending in .png, .ppm, .pgm or .pnm; "
                         f"got OUTPUT={args.output!r}")
    if args.ascii and _IMAGE_SUFFIXES[suffix] == "png":
        raise ValueError(f"quantize requires a .ppm/.pgm OUTPUT with --ascii; got OUTPUT={args.output!r}")
    return _IMAGE_SUFFIXES[suffix]


def _read_picture(path: str):
    """The picture in a Netpbm file (by its magic number), else in a PNG file.

    Anything else (a JPEG, say) goes to read_png, whose message names it and how to convert it.
    """
    from .image import read_png, read_ppm
    with open(path, "rb") as source:
        magic = source.read(2)
    return read_ppm(path) if magic in _NETPBM_MAGIC else read_png(path)


def run_quantize(args) -> int:
    """Repaint a picture with --colors colours and report error and file sizes."""
    from .image import quantization_report, quantize, write_png, write_ppm
    start = time.perf_counter()
    _check_outputs(args, {"OUTPUT": args.output}, [args.input])
    kind = _output_format(args)
    with _heartbeat(args, f"reading {args.input}"):      # a big photo takes a while: say so
        image = _read_picture(args.input)
    pixels = image.width * image.height
    if pixels >= QUANTIZE_NOTE_PIXELS:
        _note(args, f"{args.input}: {image.width}x{image.height} ({pixels / 1e6:.1f} megapixels); "
                    f"repainting with {args.colors} colours")
    with _heartbeat(args, f"repainting with {args.colors} colours"):
        new, _ = quantize(image, args.colors, random_state=args.random_state)
        report = quantization_report(image, new)
    with _heartbeat(args, f"writing {args.output}"):
        if kind == "png":
            write_png(new, args.output, overwrite=args.overwrite)
        else:
            write_ppm(new, args.output, binary=not args.ascii, overwrite=args.overwrite)
    print(f"{args.input}: {image.width}x{image.height}, {report.distinct_before} colours -> "
          f"{report.n_colors}; mean squared error {report.mse:.2f}")
    print(f"raw {report.raw_bytes} bytes; a palette-indexed file would take {report.palette_bytes} "
          f"bytes ({report.raw_bytes / report.palette_bytes:.1f}x smaller)")
    print(f"wrote {args.output} in {time.perf_counter() - start:.2f} s")
    return 0


def run_playground(args) -> int:
    """Write the live playground's site (and serve it with --serve)."""
    from .playground import main as playground
    return playground(args.out, pyodide=args.pyodide, serve=args.serve, port=args.port,
                      overwrite=args.overwrite)


def run_demo(args) -> int:
    """Print the tutorial's first result: three blobs, KMeans with k=3."""
    from . import KMeans, make_blobs
    X, _ = make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)
    model = KMeans(n_clusters=3, n_init=10, random_state=42).fit(X)
    print(f"{model!r} on make_blobs(n_samples=300, centers=3, cluster_std=0.8, random_state=42)")
    print(f"Inertia: {model.inertia_:.2f}")
    print(f"Iterations to converge: {model.n_iter_}")
    return 0


def run_tour(args) -> int:
    """The guided tour, written to a hidden folder inside --out, then moved into place."""
    from .tour import run_tour as tour
    out = args.out
    _check_tour_folder(args)
    created = not os.path.exists(out)
    os.makedirs(out, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".tmp-tour-", dir=out)
    try:
        tour(staging, say=_relocated(staging, out))
        _move_all(args, staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created:
            with contextlib.suppress(OSError):      # only if the tour left it empty
                os.rmdir(out)
    return 0


def _check_tour_folder(args) -> None:
    """Refuse an --out that is not a folder, or holds an earlier tour, unless --overwrite."""
    out = args.out
    if out == "-" or (os.path.exists(out) and not os.path.isdir(out)):
        raise NotADirectoryError(f"tour requires --out to be a folder; got --out={out!r}")
    if not args.overwrite and os.path.lexists(os.path.join(out, "index.html")):
        raise FileExistsError(f"tour requires --overwrite to replace an earlier tour; got --out={out!r}, "
                              f"which holds index.html")


def _relocated(staging: str, out: str):
    """A print that shows paths inside staging as the paths they will have in out."""
    pairs = [(os.path.abspath(staging), os.path.abspath(out)), (staging, out)]

    def say(line: str) -> None:
        for old, new in pairs:
            line = line.replace(old, new)
        print(line)
    return say


def _move_all(args, staging: str, out: str) -> None:
    """Check every file the tour wrote may go to out, then move them all there."""
    names = sorted(os.path.relpath(os.path.join(folder, name), staging)
                   for folder, _, files in os.walk(staging) for name in files)
    targets = [check_output(os.path.join(out, name), overwrite=args.overwrite, caller="tour",
                            name="file", flag="--overwrite")
               if os.path.isdir(os.path.dirname(os.path.join(out, name))) else os.path.join(out, name)
               for name in names]
    for name, target in zip(names, targets):
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(os.path.join(staging, name), target)


# -- failures and signals ---------------------------------------------------------------
class _Stopped(BaseException):
    """Raised by the signal handler, so that every cleanup runs as for Ctrl-C."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, frame) -> None:
    raise _Stopped(signum)


@contextlib.contextmanager
def _signals_stop_cleanly() -> Iterator[None]:
    """SIGTERM and SIGHUP raise _Stopped while the body runs (unless they were ignored)."""
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None or signal.getsignal(signum) is not signal.SIG_DFL:
            continue            # nohup's ignored SIGHUP stays ignored
        try:
            previous[signum] = signal.signal(signum, _stop)
        except ValueError:      # not the main thread: signals stay as they were
            break
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _fail(message: str, status: int) -> int:
    """Print one error line on stderr; return the exit status."""
    print("error: " + " ".join(message.splitlines()), file=sys.stderr)
    return status


def _run(handler, args) -> int:
    """The handler's exit status, or a failure's, told in one line."""
    try:
        return handler(args)
    except KeyboardInterrupt:
        return _fail("interrupted; no output was left half-written", 130)
    except _Stopped as stop:
        return _fail(f"stopped by signal {stop.signum}; no output was left half-written",
                     128 + stop.signum)
    except MemoryError:
        return _fail(f"{args.command} ran out of memory; try fewer rows, a smaller K or "
                     f"fewer restarts", 2)
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):     # no second error at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return _fail("standard output was closed before everything was written", 2)
    except (ValueError, TypeError, OSError) as error:
        return _fail(str(error), 2)
    except Exception as error:      # a bug: still one line, but say so
        return _fail(f"unexpected {type(error).__name__}: {error} (please report this bug)", 2)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (0 success, 2 failure, 130 interrupted)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: a command is required (try --help)", file=sys.stderr)
        return 2
    handlers = {"tour": run_tour, "demo": run_demo, "cluster": run_cluster, "elbow": run_elbow,
                "quantize": run_quantize, "predict": run_predict, "playground": run_playground}
    # a command makes no reference cycles, so Python need not look for them (the playground's
    # server runs until stopped and keeps its collector)
    pause = contextlib.nullcontext() if args.command == "playground" else paused()
    with _signals_stop_cleanly(), pause:
        return _run(handlers[args.command], args)
