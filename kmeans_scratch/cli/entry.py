"""The command line's entry: the parser, one handler per command, failures in one line.

``main`` parses the arguments, runs the command's handler with the cycle collector paused
(a command makes no reference cycles) and SIGTERM/SIGHUP turned into a clean stop, and
turns any failure into one line on stderr and an exit status (``kmeans_scratch.cli``).

Public: main, build_parser.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import sys
from typing import Iterator, Sequence

from ..collector import paused
from .checks import K_CAP, K_MAX_CAP, N_INIT_CAP
from .cluster import run_cluster, run_elbow
from .mini_batch import BATCH_SIZE
from .pages import run_demo, run_playground, run_tour
from .pictures import run_quantize
from .predict import run_predict

__all__ = ["main", "build_parser"]

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
    _add_cluster(commands.add_parser("cluster", help="cluster the numeric columns of a CSV file"))
    _add_predict(commands.add_parser("predict", help="label a CSV file's rows with a saved model"))
    elbow = commands.add_parser("elbow", help="inertia for K = 1..k-max, with the knee")
    _data_options(elbow)
    elbow.add_argument("--k-max", type=int, default=None,
                       help=f"largest K (default 10, or n_samples - 1 if fewer; at most {K_MAX_CAP})")
    elbow.add_argument("--plot", help="write the elbow curve as SVG")
    _add_quantize(commands.add_parser("quantize", help="repaint a PNG/PPM/PGM image with K colours"))
    _add_playground(commands.add_parser(
        "playground", help="write a web page that runs this package in the browser (Pyodide)"))
    return parser


def _add_cluster(cluster: argparse.ArgumentParser) -> None:
    """The options of ``cluster``."""
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


def _add_predict(predict: argparse.ArgumentParser) -> None:
    """The options of ``predict``."""
    predict.add_argument("model", metavar="MODEL.json", help="a model written by cluster --save-model")
    predict.add_argument("data", help="a CSV file with the model's columns (found by name)")
    predict.add_argument("--out", help="write the rows with their cluster label here (default '-': stdout)")
    predict.add_argument("--format", choices=["csv", "json"], help="csv (default) or json (with centres)")
    predict.add_argument("--overwrite", action="store_true", help="replace an existing --out file")


def _add_quantize(quantize: argparse.ArgumentParser) -> None:
    """The options of ``quantize``."""
    quantize.add_argument("input", help="a PNG, PPM or PGM file (PNG: not interlaced)")
    quantize.add_argument("output", help="where to write the quantized image: its name says the "
                                         "format (.png, or .ppm/.pgm/.pnm)")
    quantize.add_argument("--colors", type=int, required=True, help="number of colours")
    quantize.add_argument("--random-state", type=int, default=0, help="seed (default 0)")
    quantize.add_argument("--ascii", action="store_true",
                          help="write P3/P2 text instead of binary (PPM/PGM output only)")
    quantize.add_argument("--overwrite", action="store_true", help="replace an existing OUTPUT")


def _add_playground(playground: argparse.ArgumentParser) -> None:
    """The options of ``playground``."""
    playground.add_argument("--out", default="playground", help="folder for the site (default playground)")
    playground.add_argument("--pyodide", metavar="FOLDER",
                            help="copy Pyodide's files from FOLDER (e.g. tests/pyodide/node_modules/"
                                 "pyodide); default: the page loads them from Pyodide's CDN")
    playground.add_argument("--serve", action="store_true", help="serve the site on 127.0.0.1 until Ctrl-C")
    playground.add_argument("--port", type=int, default=0, help="port for --serve (default: any free one)")
    playground.add_argument("--overwrite", action="store_true",
                            help="replace the files of an earlier playground")


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
