"""The command line: ``python -m kmeans_scratch COMMAND ...``.

Commands:
    tour       the whole tutorial: tables printed, plots and index.html written
    demo       the tutorial's first result in a few lines
    cluster    cluster the numeric columns of a CSV file (K given, or 'auto')
    elbow      the inertia curve of a CSV file, with its knee
    quantize   repaint a PPM/PGM picture with K colours

Errors print one line on stderr and exit with status 2; no tracebacks. Progress for slow
work goes to stderr (one line per K); ``--quiet`` silences it.

Public function: main.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Sequence

__all__ = ["main"]

EPILOG = """examples:
  python -m kmeans_scratch tour --out tour-output
  python -m kmeans_scratch cluster iris.csv --k 3
  python -m kmeans_scratch cluster blobs.csv --k auto --plot clusters.svg --out labels.csv
  python -m kmeans_scratch elbow iris.csv --k-max 8 --plot elbow.svg
  python -m kmeans_scratch quantize photo.ppm small.ppm --colors 16
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
    commands.add_parser("demo", help="cluster the tutorial's blobs and print the result")
    cluster = commands.add_parser("cluster", help="cluster the numeric columns of a CSV file")
    _data_options(cluster)
    cluster.add_argument("--k", required=True, help="number of clusters, or 'auto'")
    cluster.add_argument("--out", help="write the rows with their cluster label to this file")
    cluster.add_argument("--format", choices=["csv", "json"], default="csv", help="--out format")
    cluster.add_argument("--plot", help="write a scatter plot (first two columns) as SVG")
    cluster.add_argument("--overwrite", action="store_true", help="replace an existing --out file")
    elbow = commands.add_parser("elbow", help="inertia for K = 1..k-max, with the knee")
    _data_options(elbow)
    elbow.add_argument("--k-max", type=int, default=10, help="largest K (default 10)")
    elbow.add_argument("--plot", help="write the elbow curve as SVG")
    quantize = commands.add_parser("quantize", help="repaint a PPM/PGM image with K colours")
    quantize.add_argument("input", help="a PPM or PGM file (P2, P3, P5, P6)")
    quantize.add_argument("output", help="where to write the quantized image (PPM/PGM)")
    quantize.add_argument("--colors", type=int, required=True, help="number of colours")
    quantize.add_argument("--random-state", type=int, default=None, help="seed")
    quantize.add_argument("--ascii", action="store_true", help="write P3/P2 text instead of binary")
    quantize.add_argument("--overwrite", action="store_true", help="replace an existing OUTPUT")
    return parser


def _data_options(command: argparse.ArgumentParser) -> None:
    """Options shared by the commands that read a CSV file."""
    command.add_argument("data", help="a CSV file, with or without a header row")
    command.add_argument("--columns", help="comma-separated column names to use (default: all numeric)")
    command.add_argument("--scale", action="store_true", help="standardise columns first")
    command.add_argument("--random-state", type=int, default=0, help="seed (default 0)")
    command.add_argument("--n-init", type=int, default=10, help="restarts per K (default 10)")
    command.add_argument("--quiet", action="store_true", help="no progress on stderr")


def _load(args):
    """(table, the rows to cluster) from the CSV named on the command line."""
    from .csv_table import read_csv_table
    from .preprocessing import StandardScaler
    columns = [c.strip() for c in args.columns.split(",")] if args.columns else None
    table = read_csv_table(args.data, columns=columns)
    if table.ignored:
        _note(args, f"ignored non-numeric columns: {', '.join(table.ignored)}")
    rows = StandardScaler().fit_transform(table.rows) if args.scale else table.rows
    return table, rows


def _note(args, message: str) -> None:
    """A progress or information line on stderr, unless --quiet."""
    if not getattr(args, "quiet", False):
        print(message, file=sys.stderr)


def _progress(args):
    """A callback printing one line per fitted K."""
    return lambda k, model: _note(args, f"  K={k}: inertia {model.inertia_:.4f}")


def _guard_output(path: str, inputs: Sequence[str], overwrite: bool) -> None:
    """Refuse to write over an input, or over an existing file without --overwrite."""
    for source in inputs:
        if os.path.exists(path) and os.path.exists(source) and os.path.samefile(path, source):
            raise ValueError(f"refusing to write the output over the input file {source!r}")
    if os.path.exists(path) and not overwrite:
        raise ValueError(f"refusing to overwrite {path!r}; pass --overwrite to replace it")


def run_cluster(args) -> int:
    """Cluster a CSV file and report (or write) the labels."""
    from .kmeans import KMeans
    from .plot import save, scatter_plot
    from .selection import choose_k
    table, rows = _load(args)
    if args.k == "auto":
        choice = choose_k(rows, k_max=min(10, len(rows) - 1), random_state=args.random_state,
                          n_init=args.n_init, progress=None if args.quiet else _progress(args))
        k = choice.k
        print(f"K chosen automatically: {choice.explanation}")
    else:
        try:
            k = int(args.k)
        except ValueError:
            raise ValueError(f"--k requires a whole number or 'auto'; got {args.k!r}") from None
    model = KMeans(n_clusters=k, n_init=args.n_init, random_state=args.random_state).fit(rows)
    print(f"{len(rows)} rows, columns {', '.join(table.columns)}: K={k}, inertia {model.inertia_:.4f}")
    for j in range(k):
        print(f"  cluster {j}: {model.labels_.count(j)} rows")
    if args.out:
        _guard_output(args.out, [args.data], args.overwrite)
        _write_labels(args.out, args.format, table, model)
        print(f"wrote {args.out}")
    if args.plot:
        _guard_output(args.plot, [args.data], True)
        points = [row[:2] if len(row) > 1 else (row[0], 0.0) for row in rows]
        centres = [c[:2] if len(c) > 1 else (c[0], 0.0) for c in model.cluster_centers_]
        save(scatter_plot(points, model.labels_, centres, title=f"{os.path.basename(args.data)}: K={k}",
                          x_label=table.columns[0], y_label=(table.columns + [""])[1]), args.plot)
        print(f"wrote {args.plot}")
    return 0


def _write_labels(path: str, kind: str, table, model) -> None:
    """The rows with their labels, as CSV or as JSON (with the centres and inertia)."""
    from .files import atomic_write
    if kind == "json":
        text = json.dumps({"columns": table.columns, "labels": model.labels_,
                           "cluster_centers": model.cluster_centers_, "inertia": model.inertia_},
                          indent=1)
    else:
        lines = [",".join(table.columns + ["cluster"])]
        lines += [",".join([repr(v) for v in row] + [str(label)])
                  for row, label in zip(table.rows, model.labels_)]
        text = "\n".join(lines) + "\n"
    atomic_write(path, text, overwrite=True)


def run_elbow(args) -> int:
    """Print the inertia curve and its knee; optionally plot it."""
    from .plot import line_plot, save
    from .selection import find_knee, inertia_curve
    _, rows = _load(args)
    k_max = min(args.k_max, len(rows))
    if k_max < 3:
        raise ValueError(f"elbow requires at least 3 values of K; got k_max={k_max}")
    curve = inertia_curve(rows, range(1, k_max + 1), random_state=args.random_state,
                          n_init=args.n_init, progress=None if args.quiet else _progress(args))
    knee = find_knee([k for k, _ in curve], [j for _, j in curve])
    for k, inertia in curve:
        print(f"K={k}: inertia {inertia:.4f}" + ("  <- knee" if k == knee else ""))
    if args.plot:
        _guard_output(args.plot, [args.data], True)
        save(line_plot([k for k, _ in curve], [j for _, j in curve], title="Elbow method",
                       x_label="K", y_label="inertia", highlight=knee, note="knee"), args.plot)
        print(f"wrote {args.plot}")
    return 0


def run_quantize(args) -> int:
    """Repaint a picture with --colors colours and report error and file sizes."""
    import time
    from .image import quantization_report, quantize, read_ppm, write_ppm
    start = time.perf_counter()
    _guard_output(args.output, [args.input], args.overwrite)
    image = read_ppm(args.input)
    new, _ = quantize(image, args.colors, random_state=args.random_state)
    report = quantization_report(image, new)
    write_ppm(new, args.output, binary=not args.ascii, overwrite=args.overwrite)
    print(f"{args.input}: {image.width}x{image.height}, {report.distinct_before} colours -> "
          f"{report.n_colors}; mean squared error {report.mse:.2f}")
    print(f"raw {report.raw_bytes} bytes; a palette-indexed file would take {report.palette_bytes} "
          f"bytes ({report.raw_bytes / report.palette_bytes:.1f}x smaller)")
    print(f"wrote {args.output} in {time.perf_counter() - start:.2f} s")
    return 0


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
    """The guided tour."""
    from .tour import run_tour as tour
    tour(args.out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (0 success, 2 bad input or file problem)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    handlers = {"tour": run_tour, "demo": run_demo, "cluster": run_cluster, "elbow": run_elbow,
                "quantize": run_quantize}
    try:
        return handlers[args.command](args)
    except (ValueError, TypeError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
