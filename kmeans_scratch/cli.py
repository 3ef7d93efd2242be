"""The command line: ``python -m kmeans_scratch COMMAND ...``.

Commands:
    demo       cluster the tutorial's blobs and print what K-Means found

Errors print one line on stderr and exit with status 2; no tracebacks.

Public function: main.
"""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

__all__ = ["main"]

EPILOG = """examples:
  python -m kmeans_scratch demo
"""


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser with one sub-command per job."""
    parser = argparse.ArgumentParser(
        prog="python -m kmeans_scratch",
        description="K-Means clustering in pure Python.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser("demo", help="cluster the tutorial's blobs and print the result")
    demo.add_argument("--random-state", type=int, default=42, help="seed (default 42)")
    return parser


def run_demo(args: argparse.Namespace) -> int:
    """Print the tutorial's first result: three blobs, KMeans with k=3."""
    out = sys.stdout
    from . import KMeans, make_blobs
    X, true_labels = make_blobs(n_samples=300, centers=3, cluster_std=0.8,
                                random_state=args.random_state)
    model = KMeans(n_clusters=3, n_init=10, random_state=args.random_state).fit(X)
    print(f"{model!r} on make_blobs(n_samples=300, centers=3, cluster_std=0.8)", file=out)
    print(f"Inertia: {model.inertia_:.2f}", file=out)
    print(f"Iterations to converge: {model.n_iter_}", file=out)
    for j, centre in enumerate(model.cluster_centers_):
        size = model.labels_.count(j)
        print(f"  cluster {j}: {size:3d} points, centre ({centre[0]:7.3f}, {centre[1]:7.3f})",
              file=out)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status (0 success, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    handlers = {"demo": run_demo}
    try:
        return handlers[args.command](args)
    except (ValueError, TypeError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
